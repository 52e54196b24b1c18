// CKM_RSA_AES_KEY_WRAP in software: `byok wrap` (the generator) and its reverse for tests. An
// ephemeral AES-256 key is encrypted with RSA-OAEP (SHA-1, MGF1-SHA-1) and wraps the target with
// RFC 5649; the ephemeral key lives in secure memory only.

#include "ByokFile.h"

#include "crypto/KeyWrap.h"
#include "crypto/Random.h"
#include "crypto/ossl/OsslHandles.h"

#include <openssl/rsa.h>
#include <openssl/x509.h>

namespace custos::crypto::byok {

namespace {

constexpr std::size_t kEphemeralKeyBytes = 32;

Outcome<int> kekBits(const EVP_PKEY* key)
{
    if (!EVP_PKEY_is_a(key, "RSA"))
        return makeError(ErrorKind::Invalid, QStringLiteral("the key exchange key is a %1 key: expected RSA")
                                                 .arg(QString::fromLatin1(EVP_PKEY_get0_type_name(key))));
    const int bits = EVP_PKEY_get_bits(key);
    if (bits != 2048 && bits != 3072 && bits != 4096)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("the key exchange key is RSA %1 bits: expected 2048, 3072 or 4096").arg(bits));
    return bits;
}

// RSA-OAEP with SHA-1 and MGF1-SHA-1, the parameters of CKM_RSA_AES_KEY_WRAP in Azure's BYOK.
bool setOaepSha1(EVP_PKEY_CTX* ctx)
{
    return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) == 1 &&
           EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha1()) == 1 && EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha1()) == 1;
}

} // namespace

Outcome<QByteArray> wrapForKek(const QByteArray& kekPublicKeyDer, const SecureBuffer& target)
{
    if (target.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("nothing to wrap: the target key is empty"));
    const auto* p = reinterpret_cast<const unsigned char*>(kekPublicKeyDer.constData());
    ossl::PkeyPtr kek(d2i_PUBKEY(nullptr, &p, static_cast<long>(kekPublicKeyDer.size())));
    if (!kek || p != reinterpret_cast<const unsigned char*>(kekPublicKeyDer.constData()) + kekPublicKeyDer.size())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("the key exchange key is not a SubjectPublicKeyInfo (expected an RSA "
                                        "public key)"));
    if (auto bits = kekBits(kek.get()); !bits)
        return bits.error();

    const SecureBuffer ephemeral = randomSecret(kEphemeralKeyBytes);
    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, kek.get(), nullptr));
    std::size_t encryptedSize = 0;
    if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) != 1 || !setOaepSha1(ctx.get()) ||
        EVP_PKEY_encrypt(ctx.get(), nullptr, &encryptedSize, ephemeral.data(), ephemeral.size()) != 1)
        return makeError(ErrorKind::Failed, QStringLiteral("RSA-OAEP encryption of the ephemeral key failed"));
    QByteArray out(static_cast<qsizetype>(encryptedSize), Qt::Uninitialized);
    if (EVP_PKEY_encrypt(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &encryptedSize, ephemeral.data(),
                         ephemeral.size()) != 1)
        return makeError(ErrorKind::Failed, QStringLiteral("RSA-OAEP encryption of the ephemeral key failed"));
    out.truncate(static_cast<qsizetype>(encryptedSize));

    auto wrapped = wrapAesKeyWrapPad(ephemeral, target);
    if (!wrapped)
        return wrapped.error();
    return out + wrapped.value();
}

Outcome<SecureBuffer> unwrapWithKek(const SecureBuffer& kekPrivateKeyPkcs8Der, const QByteArray& ciphertext)
{
    const unsigned char* p = kekPrivateKeyPkcs8Der.data();
    ossl::PkeyPtr kek(d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(kekPrivateKeyPkcs8Der.size())));
    if (!kek)
        return makeError(ErrorKind::Invalid, QStringLiteral("the key exchange key's private key is malformed"));
    auto bits = kekBits(kek.get());
    if (!bits)
        return bits.error();
    const qsizetype modulusBytes = bits.value() / 8;
    if (ciphertext.size() < modulusBytes + 16)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("the ciphertext is %1 bytes: expected %2 for the RSA-OAEP block and at "
                                        "least 16 for the wrapped key")
                             .arg(ciphertext.size())
                             .arg(modulusBytes));

    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, kek.get(), nullptr));
    const auto* block = reinterpret_cast<const unsigned char*>(ciphertext.constData());
    std::size_t size = 0;
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) != 1 || !setOaepSha1(ctx.get()) ||
        EVP_PKEY_decrypt(ctx.get(), nullptr, &size, block, static_cast<std::size_t>(modulusBytes)) != 1)
        return makeError(ErrorKind::Failed, QStringLiteral("RSA-OAEP decryption failed"));
    SecureBuffer ephemeral(size);
    if (EVP_PKEY_decrypt(ctx.get(), ephemeral.data(), &size, block, static_cast<std::size_t>(modulusBytes)) != 1)
        return makeError(ErrorKind::Failed,
                         QStringLiteral("RSA-OAEP decryption failed: the ciphertext was not made for this key"));
    ephemeral.resize(size);
    if (ephemeral.size() != kEphemeralKeyBytes)
        return makeError(ErrorKind::Failed,
                         QStringLiteral("the ephemeral key is %1 bytes: expected 32 (AES-256)").arg(ephemeral.size()));
    return unwrapAesKeyWrapPad(ephemeral, ciphertext.mid(modulusBytes));
}

} // namespace custos::crypto::byok
