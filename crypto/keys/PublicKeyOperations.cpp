#include "PublicKeyOperations.h"

#include "crypto/ossl/OsslError.h"
#include "crypto/ossl/OsslHandles.h"

#include <cstring>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

namespace custos::crypto {

namespace {
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, ossl::Deleter<ECDSA_SIG_free>>;

QString digestTitle(DigestKind digest)
{
    switch (digest) {
    case DigestKind::Sha1:
        return QStringLiteral("SHA-1");
    case DigestKind::Sha256:
        return QStringLiteral("SHA-256");
    case DigestKind::Sha384:
        return QStringLiteral("SHA-384");
    case DigestKind::Sha512:
        return QStringLiteral("SHA-512");
    case DigestKind::None:
        break;
    }
    return QStringLiteral("no");
}

Outcome<ossl::PkeyPtr> parsePublicKey(const QByteArray& der)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    ossl::PkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
    if (!key)
        return ossl::opensslError("d2i_PUBKEY", ErrorKind::Invalid);
    if (p != reinterpret_cast<const unsigned char*>(der.constData()) + der.size())
        return makeError(ErrorKind::Invalid, QStringLiteral("trailing bytes after the SubjectPublicKeyInfo"));
    return key;
}

Outcome<void> checkKeyType(JoseAlgorithm algorithm, EVP_PKEY* key)
{
    const KeyKind need = requiredKeyKind(algorithm);
    const bool ok =
        (need == KeyKind::Rsa && EVP_PKEY_is_a(key, "RSA")) || (need == KeyKind::Ec && EVP_PKEY_is_a(key, "EC"));
    if (!ok)
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("algorithm %1 needs an %2 public key").arg(joseAlgorithmName(algorithm), keyKindName(need)));
    return {};
}

Outcome<void> setRsaPadding(EVP_PKEY_CTX* ctx, JoseAlgorithm algorithm)
{
    switch (algorithm) {
    case JoseAlgorithm::RsaOaep:
    case JoseAlgorithm::RsaOaep256: {
        const EVP_MD* md = algorithm == JoseAlgorithm::RsaOaep ? EVP_sha1() : EVP_sha256();
        if (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) <= 0 ||
            EVP_PKEY_CTX_set_rsa_oaep_md(ctx, md) <= 0 || EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) <= 0)
            return ossl::opensslError("EVP_PKEY_CTX_set_rsa_oaep_md");
        return {};
    }
    case JoseAlgorithm::Rsa1_5:
        if (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) <= 0)
            return ossl::opensslError("EVP_PKEY_CTX_set_rsa_padding");
        return {};
    default:
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("algorithm %1 cannot encrypt").arg(joseAlgorithmName(algorithm)));
    }
}
} // namespace

Outcome<QByteArray> digestData(DigestKind digest, const QByteArray& data)
{
    const EVP_MD* md = EVP_get_digestbyname(digestName(digest));
    if (!md)
        return makeError(ErrorKind::Invalid, QStringLiteral("no digest"));
    QByteArray out(EVP_MD_get_size(md), Qt::Uninitialized);
    unsigned int size = 0;
    if (EVP_Digest(data.constData(), static_cast<std::size_t>(data.size()),
                   reinterpret_cast<unsigned char*>(out.data()), &size, md, nullptr) != 1)
        return ossl::opensslError("EVP_Digest");
    out.resize(static_cast<qsizetype>(size));
    return out;
}

Outcome<QByteArray> signatureDigest(JoseAlgorithm algorithm, const QByteArray& input, bool isDigest)
{
    if (!isSignatureAlgorithm(algorithm))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("algorithm %1 cannot sign").arg(joseAlgorithmName(algorithm)));
    const DigestKind digest = digestOf(algorithm);
    if (!isDigest)
        return digestData(digest, input);
    const int expected = digestLength(digest);
    if (input.size() != expected)
        return makeError(ErrorKind::Invalid, QStringLiteral("%1 needs a %2-byte %3 digest, got %4 bytes")
                                                 .arg(joseAlgorithmName(algorithm))
                                                 .arg(expected)
                                                 .arg(digestTitle(digest))
                                                 .arg(input.size()));
    return input;
}

Outcome<QByteArray> ecdsaRawToDer(const QByteArray& raw)
{
    if (raw.isEmpty() || raw.size() % 2 != 0)
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("a raw ECDSA signature needs an even, non-zero length, got %1 bytes").arg(raw.size()));
    const int half = static_cast<int>(raw.size() / 2);
    const auto* bytes = reinterpret_cast<const unsigned char*>(raw.constData());
    ossl::BigNumPtr r(BN_bin2bn(bytes, half, nullptr));
    ossl::BigNumPtr s(BN_bin2bn(bytes + half, half, nullptr));
    EcdsaSigPtr sig(ECDSA_SIG_new());
    if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1)
        return ossl::opensslError("ECDSA_SIG_set0");
    r.release(); // owned by sig now
    s.release();
    const int size = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (size <= 0)
        return ossl::opensslError("i2d_ECDSA_SIG");
    QByteArray der(size, Qt::Uninitialized);
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    if (i2d_ECDSA_SIG(sig.get(), &out) != size)
        return ossl::opensslError("i2d_ECDSA_SIG");
    return der;
}

namespace {
enum class DerRead { Ok, Malformed, TooLarge };

// One DER INTEGER (X.690 8.3: short-form length, minimal, non-negative, as ECDSA's r and s are)
// at `p`, right-aligned into the `width` bytes at `out`. `consumed` gets its encoded size. By hand
// rather than d2i_ECDSA_SIG: this runs on every software ECDSA signature, and OpenSSL's decoder
// and two BIGNUMs cost a tenth of a P-256 signature. tests/fuzz/fuzz_ecdsa_signature covers it.
DerRead readDerUnsigned(const unsigned char* p, std::size_t available, unsigned char* out, int width,
                        std::size_t* consumed)
{
    if (available < 3 || p[0] != 0x02)
        return DerRead::Malformed;
    const std::size_t length = p[1];
    if (length == 0 || length >= 0x80 || length > available - 2)
        return DerRead::Malformed;
    const unsigned char* value = p + 2;
    if (value[0] & 0x80)
        return DerRead::Malformed; // negative
    std::size_t skip = 0;
    if (value[0] == 0 && length > 1) {
        if (!(value[1] & 0x80))
            return DerRead::Malformed; // a leading zero that was not needed
        skip = 1;
    }
    const std::size_t digits = length - skip;
    if (digits > static_cast<std::size_t>(width))
        return DerRead::TooLarge;
    std::memset(out, 0, static_cast<std::size_t>(width) - digits);
    std::memcpy(out + (static_cast<std::size_t>(width) - digits), value + skip, digits);
    *consumed = 2 + length;
    return DerRead::Ok;
}
} // namespace

Outcome<QByteArray> ecdsaDerToRaw(const QByteArray& der, int fieldBytes)
{
    if (fieldBytes <= 0)
        return makeError(ErrorKind::Invalid, QStringLiteral("an ECDSA field size must be positive"));
    const auto malformed = [] {
        return makeError(ErrorKind::Invalid, QStringLiteral("malformed DER ECDSA signature"));
    };
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    const std::size_t size = static_cast<std::size_t>(der.size());
    // SEQUENCE { INTEGER r, INTEGER s }, definite length (short form, or 0x81 nn for P-521).
    if (size < 2 || p[0] != 0x30)
        return malformed();
    std::size_t header = 2;
    std::size_t length = p[1];
    if (p[1] == 0x81) {
        if (size < 3 || p[2] < 0x80)
            return malformed();
        header = 3;
        length = p[2];
    } else if (p[1] >= 0x80) {
        return malformed();
    }
    if (header + length != size)
        return malformed();
    QByteArray raw(2 * fieldBytes, Qt::Uninitialized);
    auto* out = reinterpret_cast<unsigned char*>(raw.data());
    std::size_t at = header;
    for (int half = 0; half < 2; ++half) {
        std::size_t consumed = 0;
        switch (readDerUnsigned(p + at, size - at, out + half * fieldBytes, fieldBytes, &consumed)) {
        case DerRead::Malformed:
            return malformed();
        case DerRead::TooLarge:
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("ECDSA signature values do not fit %1 bytes").arg(fieldBytes));
        case DerRead::Ok:
            break;
        }
        at += consumed;
    }
    if (at != size)
        return malformed();
    return raw;
}

Outcome<bool> verify(JoseAlgorithm algorithm, const QByteArray& spkiDer, const QByteArray& input, bool isDigest,
                     const QByteArray& signature)
{
    auto digest = signatureDigest(algorithm, input, isDigest);
    if (!digest)
        return digest.error();
    auto key = parsePublicKey(spkiDer);
    if (!key)
        return key.error();
    if (auto type = checkKeyType(algorithm, key->get()); !type)
        return type.error();

    QByteArray encoded = signature;
    if (requiredKeyKind(algorithm) == KeyKind::Ec) {
        // JOSE fixes the size: r and s each as long as the field (P-521: 66 bytes).
        const int fieldBytes = (EVP_PKEY_get_bits(key->get()) + 7) / 8;
        if (signature.size() != 2 * fieldBytes)
            return false;
        auto der = ecdsaRawToDer(signature);
        if (!der)
            return false; // not a signature of this shape
        encoded = der.take();
    }
    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key->get(), nullptr));
    if (!ctx || EVP_PKEY_verify_init(ctx.get()) <= 0)
        return ossl::opensslError("EVP_PKEY_verify_init");
    const EVP_MD* md = EVP_get_digestbyname(digestName(digestOf(algorithm)));
    if (EVP_PKEY_CTX_set_signature_md(ctx.get(), md) <= 0)
        return ossl::opensslError("EVP_PKEY_CTX_set_signature_md");
    if (requiredKeyKind(algorithm) == KeyKind::Rsa) {
        const bool pss =
            algorithm == JoseAlgorithm::Ps256 || algorithm == JoseAlgorithm::Ps384 || algorithm == JoseAlgorithm::Ps512;
        if (EVP_PKEY_CTX_set_rsa_padding(ctx.get(), pss ? RSA_PKCS1_PSS_PADDING : RSA_PKCS1_PADDING) <= 0)
            return ossl::opensslError("EVP_PKEY_CTX_set_rsa_padding");
        if (pss && (EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), md) <= 0 ||
                    EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), RSA_PSS_SALTLEN_DIGEST) <= 0))
            return ossl::opensslError("EVP_PKEY_CTX_set_rsa_pss_saltlen");
    }
    const int rc = EVP_PKEY_verify(ctx.get(), reinterpret_cast<const unsigned char*>(encoded.constData()),
                                   static_cast<std::size_t>(encoded.size()),
                                   reinterpret_cast<const unsigned char*>(digest->constData()),
                                   static_cast<std::size_t>(digest->size()));
    ossl::drainErrorQueue(); // a mismatch leaves entries; it is an answer, not an error
    return rc == 1;
}

Outcome<QByteArray> encrypt(JoseAlgorithm algorithm, const QByteArray& spkiDer, const SecureBuffer& plaintext)
{
    auto key = parsePublicKey(spkiDer);
    if (!key)
        return key.error();
    if (auto type = checkKeyType(algorithm, key->get()); !type)
        return type.error();
    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key->get(), nullptr));
    if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) <= 0)
        return ossl::opensslError("EVP_PKEY_encrypt_init");
    if (auto padding = setRsaPadding(ctx.get(), algorithm); !padding)
        return padding.error();
    std::size_t size = 0;
    if (EVP_PKEY_encrypt(ctx.get(), nullptr, &size, plaintext.data(), plaintext.size()) <= 0)
        return ossl::opensslError("EVP_PKEY_encrypt", ErrorKind::Invalid);
    QByteArray out(static_cast<qsizetype>(size), Qt::Uninitialized);
    if (EVP_PKEY_encrypt(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &size, plaintext.data(),
                         plaintext.size()) <= 0)
        return ossl::opensslError("EVP_PKEY_encrypt", ErrorKind::Invalid);
    out.resize(static_cast<qsizetype>(size));
    return out;
}

} // namespace custos::crypto
