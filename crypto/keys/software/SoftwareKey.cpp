#include "SoftwareKey.h"

#include "crypto/keys/PublicKeyOperations.h"

#include "crypto/Random.h"
#include "crypto/ossl/OsslError.h"
#include "crypto/ossl/OsslHandles.h"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <limits>
#include <memory>
#include <optional>
#include <utility>

namespace custos::crypto {

namespace {
constexpr int kGcmIvSize = 12;
constexpr int kGcmTagSize = 16;

using BioPtr = std::unique_ptr<BIO, ossl::Deleter<BIO_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, ossl::Deleter<EVP_MD_CTX_free>>;
using EncoderCtxPtr = std::unique_ptr<OSSL_ENCODER_CTX, ossl::Deleter<OSSL_ENCODER_CTX_free>>;
using DecoderCtxPtr = std::unique_ptr<OSSL_DECODER_CTX, ossl::Deleter<OSSL_DECODER_CTX_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, ossl::Deleter<ECDSA_SIG_free>>;

enum class SignScheme { Pkcs1, Pss, Ecdsa };

struct SignatureAlgorithm
{
    SignScheme scheme;
    const char* digest; // OpenSSL's name
    int digestBytes;
    const char* curve; // ES*: the curve the key must be on

    // Not EVP_get_digestbyname: a name lookup on every signature shows in the benchmarks.
    const EVP_MD* md() const
    {
        return digestBytes == 32 ? EVP_sha256() : digestBytes == 48 ? EVP_sha384() : EVP_sha512();
    }
};

std::optional<SignatureAlgorithm> signatureAlgorithm(JoseAlgorithm algorithm)
{
    switch (algorithm) {
    case JoseAlgorithm::Rs256:
        return SignatureAlgorithm{SignScheme::Pkcs1, "SHA256", 32, nullptr};
    case JoseAlgorithm::Rs384:
        return SignatureAlgorithm{SignScheme::Pkcs1, "SHA384", 48, nullptr};
    case JoseAlgorithm::Rs512:
        return SignatureAlgorithm{SignScheme::Pkcs1, "SHA512", 64, nullptr};
    case JoseAlgorithm::Ps256:
        return SignatureAlgorithm{SignScheme::Pss, "SHA256", 32, nullptr};
    case JoseAlgorithm::Ps384:
        return SignatureAlgorithm{SignScheme::Pss, "SHA384", 48, nullptr};
    case JoseAlgorithm::Ps512:
        return SignatureAlgorithm{SignScheme::Pss, "SHA512", 64, nullptr};
    case JoseAlgorithm::Es256:
        return SignatureAlgorithm{SignScheme::Ecdsa, "SHA256", 32, "P-256"};
    case JoseAlgorithm::Es384:
        return SignatureAlgorithm{SignScheme::Ecdsa, "SHA384", 48, "P-384"};
    case JoseAlgorithm::Es512:
        return SignatureAlgorithm{SignScheme::Ecdsa, "SHA512", 64, "P-521"};
    default:
        return std::nullopt;
    }
}

QString curveFromGroupName(const char* group)
{
    const QByteArray name(group);
    if (name == "prime256v1" || name == "P-256" || name == "secp256r1")
        return QStringLiteral("P-256");
    if (name == "secp384r1" || name == "P-384")
        return QStringLiteral("P-384");
    if (name == "secp521r1" || name == "P-521")
        return QStringLiteral("P-521");
    return {};
}

int fieldBytesOf(const QString& curve)
{
    return curve == QLatin1String("P-256") ? 32 : curve == QLatin1String("P-384") ? 48 : 66;
}

const EVP_CIPHER* gcmCipher(std::size_t keyBytes)
{
    switch (keyBytes) {
    case 16:
        return EVP_aes_128_gcm();
    case 24:
        return EVP_aes_192_gcm();
    case 32:
        return EVP_aes_256_gcm();
    default:
        return nullptr;
    }
}

const EVP_CIPHER* wrapCipher(std::size_t keyBytes)
{
    switch (keyBytes) {
    case 16:
        return EVP_aes_128_wrap();
    case 24:
        return EVP_aes_192_wrap();
    case 32:
        return EVP_aes_256_wrap();
    default:
        return nullptr;
    }
}

const unsigned char* bytes(const QByteArray& data)
{
    return reinterpret_cast<const unsigned char*>(data.constData());
}

bool fitsInt(qsizetype size)
{
    return size >= 0 && size <= std::numeric_limits<int>::max() - 64;
}

QString kindName(KeyKind kind)
{
    switch (kind) {
    case KeyKind::Aes:
        return QStringLiteral("AES");
    case KeyKind::Rsa:
        return QStringLiteral("RSA");
    case KeyKind::Ec:
        return QStringLiteral("EC");
    }
    return {};
}

// Padding for RSA-OAEP, RSA-OAEP-256 and RSA1_5 on an encrypt or decrypt context.
Outcome<void> setRsaEncryptionPadding(EVP_PKEY_CTX* ctx, JoseAlgorithm algorithm)
{
    switch (algorithm) {
    case JoseAlgorithm::Rsa1_5:
        if (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) <= 0)
            return ossl::opensslError("EVP_PKEY_CTX_set_rsa_padding");
        return {};
    case JoseAlgorithm::RsaOaep:
    case JoseAlgorithm::RsaOaep256: {
        const char* md = algorithm == JoseAlgorithm::RsaOaep ? "SHA1" : "SHA256";
        if (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) <= 0)
            return ossl::opensslError("EVP_PKEY_CTX_set_rsa_padding");
        if (EVP_PKEY_CTX_set_rsa_oaep_md_name(ctx, md, nullptr) <= 0)
            return ossl::opensslError("EVP_PKEY_CTX_set_rsa_oaep_md_name");
        if (EVP_PKEY_CTX_set_rsa_mgf1_md_name(ctx, md, nullptr) <= 0)
            return ossl::opensslError("EVP_PKEY_CTX_set_rsa_mgf1_md_name");
        return {};
    }
    default:
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("expected an RSA encryption algorithm: RSA-OAEP, RSA-OAEP-256 or RSA1_5"));
    }
}

// JOSE's PS*: MGF1 with the signature's hash, salt as long as the hash.
Outcome<void> setPss(EVP_PKEY_CTX* ctx, const SignatureAlgorithm& alg)
{
    if (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) <= 0)
        return ossl::opensslError("EVP_PKEY_CTX_set_rsa_padding");
    if (EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, RSA_PSS_SALTLEN_DIGEST) <= 0)
        return ossl::opensslError("EVP_PKEY_CTX_set_rsa_pss_saltlen");
    if (EVP_PKEY_CTX_set_rsa_mgf1_md_name(ctx, alg.digest, nullptr) <= 0)
        return ossl::opensslError("EVP_PKEY_CTX_set_rsa_mgf1_md_name");
    return {};
}
} // namespace

SoftwareKey::SoftwareKey(SoftwareKey&& other) noexcept
    : m_kind(other.m_kind), m_pkey(std::exchange(other.m_pkey, nullptr)), m_secret(std::move(other.m_secret)),
      m_curve(std::move(other.m_curve))
{
}

SoftwareKey& SoftwareKey::operator=(SoftwareKey&& other) noexcept
{
    if (this != &other) {
        EVP_PKEY_free(m_pkey);
        m_kind = other.m_kind;
        m_pkey = std::exchange(other.m_pkey, nullptr);
        m_secret = std::move(other.m_secret);
        m_curve = std::move(other.m_curve);
    }
    return *this;
}

SoftwareKey::~SoftwareKey()
{
    EVP_PKEY_free(m_pkey); // OpenSSL clears private key material when it frees it
}

Outcome<SoftwareKey> SoftwareKey::generateRsa(int bits)
{
    if (bits != 2048 && bits != 3072 && bits != 4096)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("unsupported RSA size %1: expected 2048, 3072 or 4096").arg(bits));
    EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(bits));
    if (!pkey)
        return ossl::opensslError("EVP_PKEY_Q_keygen(RSA)");
    SoftwareKey key;
    key.m_kind = KeyKind::Rsa;
    key.m_pkey = pkey;
    return key;
}

Outcome<SoftwareKey> SoftwareKey::generateEc(const QString& curve)
{
    if (curve != QLatin1String("P-256") && curve != QLatin1String("P-384") && curve != QLatin1String("P-521"))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("unsupported EC curve \"%1\": expected P-256, P-384 or P-521").arg(curve));
    const QByteArray name = curve.toLatin1();
    EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", name.constData());
    if (!pkey)
        return ossl::opensslError("EVP_PKEY_Q_keygen(EC)");
    SoftwareKey key;
    key.m_kind = KeyKind::Ec;
    key.m_pkey = pkey;
    key.m_curve = curve;
    return key;
}

Outcome<SoftwareKey> SoftwareKey::generateAes(int bits)
{
    if (bits != 128 && bits != 192 && bits != 256)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("unsupported AES size %1: expected 128, 192 or 256").arg(bits));
    SoftwareKey key;
    key.m_kind = KeyKind::Aes;
    key.m_secret = randomSecret(static_cast<std::size_t>(bits / 8));
    return key;
}

Outcome<SoftwareKey> SoftwareKey::fromPrivateDer(KeyKind kind, const SecureBuffer& der)
{
    SoftwareKey key;
    key.m_kind = kind;
    if (kind == KeyKind::Aes) {
        if (der.size() != 16 && der.size() != 24 && der.size() != 32)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("an AES key has 16, 24 or 32 bytes, not %1").arg(der.size()));
        key.m_secret = der.clone();
        return key;
    }
    EVP_PKEY* pkey = nullptr;
    DecoderCtxPtr ctx(OSSL_DECODER_CTX_new_for_pkey(&pkey, "DER", "PrivateKeyInfo", kind == KeyKind::Rsa ? "RSA" : "EC",
                                                    OSSL_KEYMGMT_SELECT_KEYPAIR, nullptr, nullptr));
    if (!ctx)
        return ossl::opensslError("OSSL_DECODER_CTX_new_for_pkey");
    const unsigned char* data = der.data();
    std::size_t length = der.size();
    if (OSSL_DECODER_from_data(ctx.get(), &data, &length) != 1 || !pkey) {
        EVP_PKEY_free(pkey);
        return ossl::opensslError("OSSL_DECODER_from_data(PKCS#8)", ErrorKind::Invalid);
    }
    key.m_pkey = pkey;
    key.m_curve = key.curveOfKey();
    if (length != 0)
        return makeError(ErrorKind::Invalid, QStringLiteral("trailing bytes after the PKCS#8 private key"));
    if (kind == KeyKind::Ec && key.curve().isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("unsupported EC curve: expected P-256, P-384 or P-521"));
    return key;
}

int SoftwareKey::bits() const
{
    if (m_kind == KeyKind::Aes)
        return static_cast<int>(m_secret.size() * 8);
    return m_pkey ? EVP_PKEY_get_bits(m_pkey) : 0;
}

QString SoftwareKey::curve() const
{
    return m_curve;
}

QString SoftwareKey::curveOfKey() const
{
    if (m_kind != KeyKind::Ec || !m_pkey)
        return {};
    char group[64] = {};
    std::size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(m_pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &length) != 1) {
        ERR_clear_error();
        return {};
    }
    return curveFromGroupName(group);
}

Outcome<void> SoftwareKey::expect(KeyKind kind, const char* operation) const
{
    if (m_kind != kind)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("%1 needs an %2 key, not %3")
                             .arg(QString::fromLatin1(operation), kindName(kind), kindName(m_kind)));
    if (kind != KeyKind::Aes && !m_pkey)
        return makeError(ErrorKind::Invalid, QStringLiteral("empty key"));
    return {};
}

Outcome<SecureBuffer> SoftwareKey::toPrivateDer() const
{
    if (m_kind == KeyKind::Aes)
        return m_secret.clone();
    if (!m_pkey)
        return makeError(ErrorKind::Invalid, QStringLiteral("empty key"));
    // A secure-heap memory BIO: the encoding never sits in ordinary memory.
    BioPtr bio(BIO_new(BIO_s_secmem()));
    if (!bio)
        return ossl::opensslError("BIO_new(BIO_s_secmem)");
    EncoderCtxPtr ctx(
        OSSL_ENCODER_CTX_new_for_pkey(m_pkey, OSSL_KEYMGMT_SELECT_KEYPAIR, "DER", "PrivateKeyInfo", nullptr));
    if (!ctx || OSSL_ENCODER_CTX_get_num_encoders(ctx.get()) == 0)
        return ossl::opensslError("OSSL_ENCODER_CTX_new_for_pkey(PKCS#8 DER)");
    if (OSSL_ENCODER_to_bio(ctx.get(), bio.get()) != 1)
        return ossl::opensslError("OSSL_ENCODER_to_bio");
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    if (length <= 0 || !data)
        return makeError(ErrorKind::Failed, QStringLiteral("PKCS#8 encoding produced no data"));
    return SecureBuffer(data, static_cast<std::size_t>(length));
}

Outcome<QByteArray> SoftwareKey::publicKeyDer() const
{
    if (m_kind == KeyKind::Aes)
        return makeError(ErrorKind::Invalid, QStringLiteral("an AES key has no public part"));
    if (!m_pkey)
        return makeError(ErrorKind::Invalid, QStringLiteral("empty key"));
    unsigned char* der = nullptr;
    const int length = i2d_PUBKEY(m_pkey, &der);
    if (length <= 0)
        return ossl::opensslError("i2d_PUBKEY");
    QByteArray result(reinterpret_cast<const char*>(der), length);
    OPENSSL_free(der);
    return result;
}

Outcome<QByteArray> SoftwareKey::sign(JoseAlgorithm algorithm, const QByteArray& data) const
{
    const auto alg = signatureAlgorithm(algorithm);
    if (!alg)
        return makeError(ErrorKind::Invalid, QStringLiteral("expected a signature algorithm: RS*, PS* or ES*"));
    if (auto ok = expect(alg->scheme == SignScheme::Ecdsa ? KeyKind::Ec : KeyKind::Rsa, "this signature algorithm");
        !ok)
        return ok.error();
    // Hashing here and signing the digest gives the same signature as EVP_DigestSign, with one path.
    unsigned char digest[EVP_MAX_MD_SIZE];
    std::size_t digestLength = 0;
    if (EVP_Q_digest(nullptr, alg->digest, nullptr, data.constData(), static_cast<std::size_t>(data.size()), digest,
                     &digestLength) != 1)
        return ossl::opensslError("EVP_Q_digest");
    return signDigest(algorithm, QByteArray(reinterpret_cast<const char*>(digest), alg->digestBytes));
}

Outcome<QByteArray> SoftwareKey::signDigest(JoseAlgorithm algorithm, const QByteArray& digest) const
{
    const auto alg = signatureAlgorithm(algorithm);
    if (!alg)
        return makeError(ErrorKind::Invalid, QStringLiteral("expected a signature algorithm: RS*, PS* or ES*"));
    if (auto ok = expect(alg->scheme == SignScheme::Ecdsa ? KeyKind::Ec : KeyKind::Rsa, "this signature algorithm");
        !ok)
        return ok.error();
    if (digest.size() != alg->digestBytes)
        return makeError(ErrorKind::Invalid, QStringLiteral("a %1 digest has %2 bytes, not %3")
                                                 .arg(QString::fromLatin1(alg->digest))
                                                 .arg(alg->digestBytes)
                                                 .arg(digest.size()));
    const QString keyCurve = curve();
    if (alg->curve && keyCurve != QLatin1String(alg->curve))
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("this algorithm needs a %1 key, not %2").arg(QString::fromLatin1(alg->curve), keyCurve));

    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, m_pkey, nullptr));
    if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1)
        return ossl::opensslError("EVP_PKEY_sign_init");
    // ECDSA signs the digest as given (its length is checked above); naming the digest costs
    // OpenSSL 3 a parameter translation per signature, a few percent of a P-256 signature.
    if (alg->scheme != SignScheme::Ecdsa && EVP_PKEY_CTX_set_signature_md(ctx.get(), alg->md()) <= 0)
        return ossl::opensslError("EVP_PKEY_CTX_set_signature_md");
    if (alg->scheme == SignScheme::Pss) {
        if (auto ok = setPss(ctx.get(), *alg); !ok)
            return ok.error();
    } else if (alg->scheme == SignScheme::Pkcs1 && EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) <= 0) {
        return ossl::opensslError("EVP_PKEY_CTX_set_rsa_padding");
    }
    // The key's maximum signature size, not a sizing call to EVP_PKEY_sign: for ECDSA that call
    // encodes a dummy signature, on every signature.
    std::size_t length = static_cast<std::size_t>(EVP_PKEY_get_size(m_pkey));
    QByteArray signature(static_cast<qsizetype>(length), Qt::Uninitialized);
    if (EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, bytes(digest),
                      static_cast<std::size_t>(digest.size())) != 1)
        return ossl::opensslError("EVP_PKEY_sign");
    signature.truncate(static_cast<qsizetype>(length));
    if (alg->scheme == SignScheme::Ecdsa)
        return ecdsaDerToRaw(signature, fieldBytesOf(keyCurve));
    return signature;
}

Outcome<bool> SoftwareKey::verify(JoseAlgorithm algorithm, const QByteArray& data, const QByteArray& signature) const
{
    const auto alg = signatureAlgorithm(algorithm);
    if (!alg)
        return makeError(ErrorKind::Invalid, QStringLiteral("expected a signature algorithm: RS*, PS* or ES*"));
    if (auto ok = expect(alg->scheme == SignScheme::Ecdsa ? KeyKind::Ec : KeyKind::Rsa, "this signature algorithm");
        !ok)
        return ok.error();
    // The public half does the work: one verify for HSM and software keys (PublicKeyOperations).
    auto spki = publicKeyDer();
    if (!spki)
        return spki.error();
    return crypto::verify(algorithm, spki.value(), data, false, signature);
}

Outcome<QByteArray> SoftwareKey::encrypt(JoseAlgorithm algorithm, const SecureBuffer& plaintext) const
{
    if (auto ok = expect(KeyKind::Rsa, "RSA encryption"); !ok)
        return ok.error();
    auto spki = publicKeyDer();
    if (!spki)
        return spki.error();
    return crypto::encrypt(algorithm, spki.value(), plaintext);
}

Outcome<SecureBuffer> SoftwareKey::decrypt(JoseAlgorithm algorithm, const QByteArray& ciphertext) const
{
    if (auto ok = expect(KeyKind::Rsa, "RSA decryption"); !ok)
        return ok.error();
    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, m_pkey, nullptr));
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) != 1)
        return ossl::opensslError("EVP_PKEY_decrypt_init");
    if (auto ok = setRsaEncryptionPadding(ctx.get(), algorithm); !ok)
        return ok.error();
    std::size_t length = 0;
    if (EVP_PKEY_decrypt(ctx.get(), nullptr, &length, bytes(ciphertext), static_cast<std::size_t>(ciphertext.size())) !=
        1)
        return ossl::opensslError("EVP_PKEY_decrypt");
    SecureBuffer plaintext(length);
    if (EVP_PKEY_decrypt(ctx.get(), plaintext.data(), &length, bytes(ciphertext),
                         static_cast<std::size_t>(ciphertext.size())) != 1) {
        // No detail: padding oracles live in distinguishable errors.
        ERR_clear_error();
        return makeError(ErrorKind::Failed, QStringLiteral("decryption failed"));
    }
    plaintext.resize(length);
    return plaintext;
}

Outcome<QByteArray> SoftwareKey::encryptGcm(const SecureBuffer& plaintext, const QByteArray& aad) const
{
    if (auto ok = expect(KeyKind::Aes, "AES-GCM"); !ok)
        return ok.error();
    if (!fitsInt(static_cast<qsizetype>(plaintext.size())) || !fitsInt(aad.size()))
        return makeError(ErrorKind::Invalid, QStringLiteral("AES-GCM input is too large"));
    ossl::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
        return ossl::opensslError("EVP_CIPHER_CTX_new");
    const QByteArray iv = randomBytes(kGcmIvSize);
    QByteArray sealed = iv;
    sealed.resize(kGcmIvSize + static_cast<qsizetype>(plaintext.size()) + kGcmTagSize);
    auto* out = reinterpret_cast<unsigned char*>(sealed.data()) + kGcmIvSize;
    if (EVP_EncryptInit_ex2(ctx.get(), gcmCipher(m_secret.size()), m_secret.data(), bytes(iv), nullptr) != 1)
        return ossl::opensslError("EVP_EncryptInit_ex2");
    int length = 0;
    if (!aad.isEmpty() && EVP_EncryptUpdate(ctx.get(), nullptr, &length, bytes(aad), static_cast<int>(aad.size())) != 1)
        return ossl::opensslError("EVP_EncryptUpdate(aad)");
    int written = 0;
    if (!plaintext.isEmpty()) {
        if (EVP_EncryptUpdate(ctx.get(), out, &length, plaintext.data(), static_cast<int>(plaintext.size())) != 1)
            return ossl::opensslError("EVP_EncryptUpdate");
        written = length;
    }
    if (EVP_EncryptFinal_ex(ctx.get(), out + written, &length) != 1)
        return ossl::opensslError("EVP_EncryptFinal_ex");
    written += length;
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, kGcmTagSize, out + written) != 1)
        return ossl::opensslError("EVP_CIPHER_CTX_ctrl(EVP_CTRL_AEAD_GET_TAG)");
    return sealed;
}

Outcome<SecureBuffer> SoftwareKey::decryptGcm(const QByteArray& sealed, const QByteArray& aad) const
{
    if (auto ok = expect(KeyKind::Aes, "AES-GCM"); !ok)
        return ok.error();
    const auto failed = [] {
        ERR_clear_error();
        return makeError(ErrorKind::Failed, QStringLiteral("authentication failed"));
    };
    if (sealed.size() < kGcmIvSize + kGcmTagSize)
        return failed();
    if (!fitsInt(sealed.size()) || !fitsInt(aad.size()))
        return makeError(ErrorKind::Invalid, QStringLiteral("AES-GCM input is too large"));
    const int ciphertextLength = static_cast<int>(sealed.size()) - kGcmIvSize - kGcmTagSize;
    const unsigned char* in = bytes(sealed);
    ossl::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
        return ossl::opensslError("EVP_CIPHER_CTX_new");
    if (EVP_DecryptInit_ex2(ctx.get(), gcmCipher(m_secret.size()), m_secret.data(), in, nullptr) != 1)
        return ossl::opensslError("EVP_DecryptInit_ex2");
    int length = 0;
    if (!aad.isEmpty() && EVP_DecryptUpdate(ctx.get(), nullptr, &length, bytes(aad), static_cast<int>(aad.size())) != 1)
        return ossl::opensslError("EVP_DecryptUpdate(aad)");
    SecureBuffer plaintext(static_cast<std::size_t>(ciphertextLength));
    int written = 0;
    if (ciphertextLength > 0) {
        if (EVP_DecryptUpdate(ctx.get(), plaintext.data(), &length, in + kGcmIvSize, ciphertextLength) != 1)
            return failed();
        written = length;
    }
    // The ctrl takes a non-const pointer but only reads the expected tag.
    QByteArray tag = sealed.right(kGcmTagSize);
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, kGcmTagSize, tag.data()) != 1)
        return ossl::opensslError("EVP_CIPHER_CTX_ctrl(EVP_CTRL_AEAD_SET_TAG)");
    if (EVP_DecryptFinal_ex(ctx.get(), plaintext.data() + written, &length) != 1)
        return failed();
    plaintext.resize(static_cast<std::size_t>(written + length));
    return plaintext;
}

Outcome<QByteArray> SoftwareKey::wrapKey(const SecureBuffer& keyToWrap) const
{
    if (auto ok = expect(KeyKind::Aes, "AES key wrap"); !ok)
        return ok.error();
    if (keyToWrap.size() < 16 || keyToWrap.size() % 8 != 0 || keyToWrap.size() > 4096)
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("AES key wrap takes a multiple of 8 bytes, at least 16, not %1").arg(keyToWrap.size()));
    ossl::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
        return ossl::opensslError("EVP_CIPHER_CTX_new");
    EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
    if (EVP_EncryptInit_ex2(ctx.get(), wrapCipher(m_secret.size()), m_secret.data(), nullptr, nullptr) != 1)
        return ossl::opensslError("EVP_EncryptInit_ex2(AES key wrap)");
    QByteArray wrapped(static_cast<qsizetype>(keyToWrap.size()) + 8, Qt::Uninitialized);
    auto* out = reinterpret_cast<unsigned char*>(wrapped.data());
    int length = 0;
    if (EVP_EncryptUpdate(ctx.get(), out, &length, keyToWrap.data(), static_cast<int>(keyToWrap.size())) != 1)
        return ossl::opensslError("EVP_EncryptUpdate(AES key wrap)");
    int written = length;
    if (EVP_EncryptFinal_ex(ctx.get(), out + written, &length) != 1)
        return ossl::opensslError("EVP_EncryptFinal_ex(AES key wrap)");
    written += length;
    wrapped.truncate(written);
    return wrapped;
}

Outcome<SecureBuffer> SoftwareKey::unwrapKey(const QByteArray& wrapped) const
{
    if (auto ok = expect(KeyKind::Aes, "AES key unwrap"); !ok)
        return ok.error();
    if (wrapped.size() < 24 || wrapped.size() % 8 != 0 || wrapped.size() > 4104)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("an AES-wrapped key is a multiple of 8 bytes, at least 24"));
    ossl::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
        return ossl::opensslError("EVP_CIPHER_CTX_new");
    EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
    if (EVP_DecryptInit_ex2(ctx.get(), wrapCipher(m_secret.size()), m_secret.data(), nullptr, nullptr) != 1)
        return ossl::opensslError("EVP_DecryptInit_ex2(AES key wrap)");
    SecureBuffer key(static_cast<std::size_t>(wrapped.size()));
    int length = 0;
    if (EVP_DecryptUpdate(ctx.get(), key.data(), &length, bytes(wrapped), static_cast<int>(wrapped.size())) != 1 ||
        length <= 0) {
        ERR_clear_error();
        return makeError(ErrorKind::Failed, QStringLiteral("AES key unwrap failed: integrity check"));
    }
    int written = length;
    if (EVP_DecryptFinal_ex(ctx.get(), key.data() + written, &length) != 1) {
        ERR_clear_error();
        return makeError(ErrorKind::Failed, QStringLiteral("AES key unwrap failed: integrity check"));
    }
    written += length;
    key.resize(static_cast<std::size_t>(written));
    return key;
}

Outcome<QByteArray> SoftwareKey::exportEncryptedPkcs8(const SecureBuffer& password) const
{
    if (m_kind == KeyKind::Aes)
        return makeError(ErrorKind::Invalid, QStringLiteral("an AES key has no PKCS#8 form"));
    if (!m_pkey)
        return makeError(ErrorKind::Invalid, QStringLiteral("empty key"));
    if (password.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("an encrypted export needs a non-empty password"));
    EncoderCtxPtr ctx(
        OSSL_ENCODER_CTX_new_for_pkey(m_pkey, OSSL_KEYMGMT_SELECT_KEYPAIR, "PEM", "PrivateKeyInfo", nullptr));
    if (!ctx || OSSL_ENCODER_CTX_get_num_encoders(ctx.get()) == 0)
        return ossl::opensslError("OSSL_ENCODER_CTX_new_for_pkey(PKCS#8 PEM)");
    // PBES2: AES-256-CBC, and OpenSSL 3's default PRF for it, PBKDF2 with HMAC-SHA256.
    if (OSSL_ENCODER_CTX_set_cipher(ctx.get(), "AES-256-CBC", nullptr) != 1)
        return ossl::opensslError("OSSL_ENCODER_CTX_set_cipher");
    if (OSSL_ENCODER_CTX_set_passphrase(ctx.get(), password.data(), password.size()) != 1)
        return ossl::opensslError("OSSL_ENCODER_CTX_set_passphrase");
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio)
        return ossl::opensslError("BIO_new");
    if (OSSL_ENCODER_to_bio(ctx.get(), bio.get()) != 1)
        return ossl::opensslError("OSSL_ENCODER_to_bio");
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    if (length <= 0 || !data)
        return makeError(ErrorKind::Failed, QStringLiteral("PKCS#8 encoding produced no data"));
    QByteArray pem(data, static_cast<qsizetype>(length));
    if (!pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
        return makeError(ErrorKind::Failed, QStringLiteral("the PKCS#8 export is not encrypted"));
    return pem;
}

} // namespace custos::crypto
