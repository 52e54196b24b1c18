#include "CompactJwe.h"

#include "Base64Url.h"
#include "CustodianKey.h"
#include "SdJson_p.h"

#include "crypto/Random.h"
#include "crypto/ossl/OsslError.h"
#include "crypto/ossl/OsslHandles.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <array>

namespace custos::crypto::sd {

namespace {

constexpr qsizetype kIvBytes = 16;
constexpr qsizetype kTagBytes = 32;
constexpr std::size_t kKeyBytes = 64;
constexpr std::size_t kMaxPlaintext = 64 * 1024 * 1024;

using MacPtr = std::unique_ptr<EVP_MAC, ossl::Deleter<EVP_MAC_free>>;
using MacCtxPtr = std::unique_ptr<EVP_MAC_CTX, ossl::Deleter<EVP_MAC_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, ossl::Deleter<X509_free>>;

const unsigned char* bytes(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char*>(view.data());
}

Error invalid(const QString& message)
{
    return makeError(ErrorKind::Invalid, message);
}

// T = the first 32 bytes of HMAC-SHA-512(K[0..31], A || IV || C || AL) (RFC 7518 §5.2.2.1).
Outcome<std::array<unsigned char, kTagBytes>> computeTag(const SecureBuffer& key, QByteArrayView header,
                                                         QByteArrayView iv, QByteArrayView ciphertext)
{
    MacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    if (!mac)
        return ossl::opensslError("EVP_MAC_fetch(HMAC)");
    MacCtxPtr ctx(EVP_MAC_CTX_new(mac.get()));
    if (!ctx)
        return ossl::opensslError("EVP_MAC_CTX_new");
    char digest[] = "SHA512";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    const quint64 bits = quint64(header.size()) * 8;
    unsigned char al[8];
    for (int i = 0; i < 8; ++i)
        al[i] = static_cast<unsigned char>(bits >> (56 - 8 * i));
    if (EVP_MAC_init(ctx.get(), key.data(), 32, params) != 1 ||
        EVP_MAC_update(ctx.get(), bytes(header), std::size_t(header.size())) != 1 ||
        EVP_MAC_update(ctx.get(), bytes(iv), std::size_t(iv.size())) != 1 ||
        EVP_MAC_update(ctx.get(), bytes(ciphertext), std::size_t(ciphertext.size())) != 1 ||
        EVP_MAC_update(ctx.get(), al, sizeof al) != 1)
        return ossl::opensslError("HMAC-SHA-512");
    unsigned char full[64];
    std::size_t length = 0;
    if (EVP_MAC_final(ctx.get(), full, &length, sizeof full) != 1 || length != sizeof full)
        return ossl::opensslError("EVP_MAC_final");
    std::array<unsigned char, kTagBytes> tag{};
    std::copy(full, full + kTagBytes, tag.begin());
    return tag;
}

Outcome<QByteArray> rsaOaep256Encrypt(const QByteArray& certificateDer, const SecureBuffer& cek)
{
    const unsigned char* in = bytes(certificateDer);
    X509Ptr certificate(d2i_X509(nullptr, &in, long(certificateDer.size())));
    if (!certificate || in != bytes(certificateDer) + certificateDer.size()) {
        ossl::drainErrorQueue();
        return invalid(QStringLiteral("not a DER X.509 certificate: cannot encrypt to it"));
    }
    EVP_PKEY* publicKey = X509_get0_pubkey(certificate.get());
    if (!publicKey || EVP_PKEY_get_base_id(publicKey) != EVP_PKEY_RSA) {
        ossl::drainErrorQueue();
        return invalid(QStringLiteral("the certificate does not hold an RSA key: RSA-OAEP-256 needs one"));
    }
    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, publicKey, nullptr));
    if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), EVP_sha256()) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha256()) != 1)
        return ossl::opensslError("RSA-OAEP-256 setup");
    std::size_t length = 0;
    if (EVP_PKEY_encrypt(ctx.get(), nullptr, &length, cek.data(), cek.size()) != 1)
        return ossl::opensslError("EVP_PKEY_encrypt");
    QByteArray out(qsizetype(length), Qt::Uninitialized);
    if (EVP_PKEY_encrypt(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &length, cek.data(), cek.size()) != 1)
        return ossl::opensslError("EVP_PKEY_encrypt");
    out.resize(qsizetype(length));
    return out;
}

} // namespace

Outcome<CompactJwe> CompactJwe::parse(QByteArrayView text)
{
    QList<QByteArrayView> segments;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '.') {
            segments.append(text.sliced(start, i - start));
            start = i + 1;
            if (segments.size() > 5)
                break;
        }
    }
    if (segments.size() != 5)
        return invalid(
            QStringLiteral("not a compact JWE: expected 5 dot-separated segments, found %1")
                .arg(segments.size() > 5 ? QStringLiteral("more than 5") : QString::number(segments.size())));
    CompactJwe jwe;
    if (segments[0].isEmpty())
        return invalid(QStringLiteral("the JWE's protected header is empty"));
    auto header = base64UrlDecode(segments[0], "the JWE's protected header");
    if (!header)
        return header.error();
    auto encryptedKey = base64UrlDecode(segments[1], "the JWE's encrypted key");
    if (!encryptedKey)
        return encryptedKey.error();
    auto iv = base64UrlDecode(segments[2], "the JWE's iv");
    if (!iv)
        return iv.error();
    auto ciphertext = base64UrlDecode(segments[3], "the JWE's ciphertext");
    if (!ciphertext)
        return ciphertext.error();
    auto tag = base64UrlDecode(segments[4], "the JWE's tag");
    if (!tag)
        return tag.error();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(header.value(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return invalid(QStringLiteral("the JWE's protected header is not a JSON object"));
    const QJsonObject object = document.object();
    if (!object.value(QLatin1String("alg")).isString())
        return invalid(QStringLiteral("the JWE's protected header has no string \"alg\""));
    if (!object.value(QLatin1String("enc")).isString())
        return invalid(QStringLiteral("the JWE's protected header has no string \"enc\""));
    jwe.headerSegment = segments[0].toByteArray();
    jwe.alg = object.value(QLatin1String("alg")).toString();
    jwe.enc = object.value(QLatin1String("enc")).toString();
    jwe.kid = object.value(QLatin1String("kid")).toString();
    jwe.encryptedKey = encryptedKey.take();
    jwe.iv = iv.take();
    jwe.ciphertext = ciphertext.take();
    jwe.tag = tag.take();
    return jwe;
}

QByteArray jweHeaderSegment(const QString& alg, const QString& kid)
{
    const QByteArray json =
        "{\"alg\":" + detail::jsonString(alg) + ",\"enc\":\"A256CBC-HS512\",\"kid\":" + detail::jsonString(kid) + '}';
    return base64UrlEncode(json);
}

Outcome<QByteArray> sealA256CbcHs512(const SecureBuffer& key, QByteArrayView headerSegment, QByteArrayView encryptedKey,
                                     const SecureBuffer& plaintext)
{
    if (key.size() != kKeyBytes)
        return invalid(QStringLiteral("A256CBC-HS512 needs a 64-byte key, not %1 bytes").arg(key.size()));
    if (plaintext.size() > kMaxPlaintext)
        return invalid(QStringLiteral("the JWE plaintext is too large (%1 bytes)").arg(plaintext.size()));
    const QByteArray iv = randomBytes(kIvBytes);
    ossl::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx || EVP_EncryptInit_ex2(ctx.get(), EVP_aes_256_cbc(), key.data() + 32, bytes(iv), nullptr) != 1)
        return ossl::opensslError("EVP_EncryptInit_ex2(AES-256-CBC)");
    QByteArray ciphertext(qsizetype(plaintext.size()) + 16, Qt::Uninitialized);
    auto* out = reinterpret_cast<unsigned char*>(ciphertext.data());
    int length = 0;
    int final = 0;
    if (EVP_EncryptUpdate(ctx.get(), out, &length, plaintext.data(), int(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), out + length, &final) != 1)
        return ossl::opensslError("AES-256-CBC encryption");
    ciphertext.resize(length + final);
    auto tag = computeTag(key, headerSegment, iv, ciphertext);
    if (!tag)
        return tag.error();
    const QByteArrayView tagView(reinterpret_cast<const char*>(tag->data()), kTagBytes);
    QByteArray jwe = headerSegment.toByteArray();
    jwe += '.' + base64UrlEncode(encryptedKey) + '.' + base64UrlEncode(iv) + '.' + base64UrlEncode(ciphertext) + '.' +
           base64UrlEncode(tagView);
    return jwe;
}

Outcome<SecureBuffer> openA256CbcHs512(const SecureBuffer& key, const CompactJwe& jwe)
{
    if (jwe.enc != QLatin1String("A256CBC-HS512"))
        return invalid(QStringLiteral("the JWE's enc is \"%1\": expected \"A256CBC-HS512\"").arg(jwe.enc.left(40)));
    if (key.size() != kKeyBytes)
        return invalid(QStringLiteral("A256CBC-HS512 needs a 64-byte key, not %1 bytes").arg(key.size()));
    if (jwe.tag.size() != kTagBytes)
        return invalid(QStringLiteral("the JWE's tag is %1 bytes: expected 32").arg(jwe.tag.size()));
    if (jwe.iv.size() != kIvBytes)
        return invalid(QStringLiteral("the JWE's iv is %1 bytes: expected 16").arg(jwe.iv.size()));
    if (jwe.ciphertext.isEmpty() || jwe.ciphertext.size() % 16 != 0)
        return invalid(QStringLiteral("the JWE's ciphertext is %1 bytes: expected a non-zero multiple of 16")
                           .arg(jwe.ciphertext.size()));
    auto tag = computeTag(key, jwe.headerSegment, jwe.iv, jwe.ciphertext);
    if (!tag)
        return tag.error();
    if (CRYPTO_memcmp(tag->data(), jwe.tag.constData(), kTagBytes) != 0)
        return makeError(ErrorKind::Failed, QStringLiteral("the JWE's MAC does not verify"));
    ossl::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx || EVP_DecryptInit_ex2(ctx.get(), EVP_aes_256_cbc(), key.data() + 32, bytes(jwe.iv), nullptr) != 1)
        return ossl::opensslError("EVP_DecryptInit_ex2(AES-256-CBC)");
    SecureBuffer plaintext(std::size_t(jwe.ciphertext.size()));
    int length = 0;
    int final = 0;
    if (EVP_DecryptUpdate(ctx.get(), plaintext.data(), &length, bytes(jwe.ciphertext), int(jwe.ciphertext.size())) !=
            1 ||
        EVP_DecryptFinal_ex(ctx.get(), plaintext.data() + length, &final) != 1) {
        // Only reachable with the right MAC key: the sender padded badly.
        ossl::drainErrorQueue();
        return makeError(ErrorKind::Failed, QStringLiteral("the JWE's plaintext padding is malformed"));
    }
    plaintext.resize(std::size_t(length + final));
    return plaintext;
}

Outcome<QByteArray> encryptDirJwe(const SecureBuffer& key, const QString& kid, const SecureBuffer& plaintext)
{
    return sealA256CbcHs512(key, jweHeaderSegment(QStringLiteral("dir"), kid), {}, plaintext);
}

Outcome<SecureBuffer> decryptDirJwe(const SecureBuffer& key, const CompactJwe& jwe)
{
    if (jwe.alg != QLatin1String("dir"))
        return invalid(QStringLiteral("the JWE's alg is \"%1\": expected \"dir\"").arg(jwe.alg.left(40)));
    if (!jwe.encryptedKey.isEmpty())
        return invalid(QStringLiteral("the \"dir\" JWE carries an encrypted key: expected an empty second segment"));
    return openA256CbcHs512(key, jwe);
}

Outcome<QByteArray> encryptRsaOaep256Jwe(const QByteArray& certificateDer, const SecureBuffer& plaintext)
{
    SecureBuffer cek = randomSecret(kKeyBytes);
    auto encryptedKey = rsaOaep256Encrypt(certificateDer, cek);
    if (!encryptedKey)
        return encryptedKey.error();
    return sealA256CbcHs512(cek, jweHeaderSegment(QStringLiteral("RSA-OAEP-256"), QStringLiteral("not used")),
                            encryptedKey.value(), plaintext);
}

Outcome<SecureBuffer> decryptRsaJwe(CustodianKey& key, const CompactJwe& jwe)
{
    OaepHash hash = OaepHash::Sha256;
    if (jwe.alg == QLatin1String("RSA-OAEP"))
        hash = OaepHash::Sha1;
    else if (jwe.alg != QLatin1String("RSA-OAEP-256"))
        return invalid(QStringLiteral("the JWE's alg is \"%1\": expected \"RSA-OAEP-256\" (or \"RSA-OAEP\")")
                           .arg(jwe.alg.left(40)));
    // The cheap checks first, so a malformed JWE never costs a card operation.
    if (jwe.enc != QLatin1String("A256CBC-HS512"))
        return invalid(QStringLiteral("the JWE's enc is \"%1\": expected \"A256CBC-HS512\"").arg(jwe.enc.left(40)));
    if (jwe.tag.size() != kTagBytes)
        return invalid(QStringLiteral("the JWE's tag is %1 bytes: expected 32").arg(jwe.tag.size()));
    if (jwe.encryptedKey.isEmpty())
        return invalid(QStringLiteral("the JWE has no encrypted key"));
    auto cek = key.decryptOaep(jwe.encryptedKey, hash);
    if (!cek)
        return cek.error();
    if (cek->size() != kKeyBytes) {
        cek->clear();
        return makeError(ErrorKind::Failed,
                         QStringLiteral("the JWE's content key is not 64 bytes: not an A256CBC-HS512 key"));
    }
    auto plaintext = openA256CbcHs512(cek.value(), jwe);
    cek->clear();
    return plaintext;
}

} // namespace custos::crypto::sd
