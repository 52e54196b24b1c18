#include "Aead.h"

#include "Random.h"
#include "ossl/OsslError.h"
#include "ossl/OsslHandles.h"

#include <openssl/err.h>

#include <limits>

namespace custos::crypto {

namespace {
constexpr int kKeySize = 32;
constexpr int kIvSize = 12;
constexpr int kTagSize = 16;

Error authenticationFailed()
{
    // Whatever OpenSSL queued says nothing more useful than this; don't leak it into later calls.
    ERR_clear_error();
    return makeError(ErrorKind::Failed, QStringLiteral("authentication failed"));
}

bool fitsInt(qsizetype size)
{
    return size >= 0 && size <= std::numeric_limits<int>::max() - kTagSize - kIvSize;
}
} // namespace

Outcome<QByteArray> sealAes256Gcm(const SecureBuffer& key, const SecureBuffer& plaintext, const QByteArray& aad)
{
    if (key.size() != kKeySize)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("AES-256-GCM needs a 32-byte key, got %1 bytes").arg(key.size()));
    if (!fitsInt(static_cast<qsizetype>(plaintext.size())) || !fitsInt(aad.size()))
        return makeError(ErrorKind::Invalid, QStringLiteral("AES-256-GCM input is too large"));

    ossl::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
        return ossl::opensslError("EVP_CIPHER_CTX_new");

    const QByteArray iv = randomBytes(kIvSize);
    QByteArray sealed(kIvSize + static_cast<qsizetype>(plaintext.size()) + kTagSize, Qt::Uninitialized);
    std::copy(iv.begin(), iv.end(), sealed.begin());
    auto* out = reinterpret_cast<unsigned char*>(sealed.data()) + kIvSize;

    // GCM's default IV length is 12 bytes, so no EVP_CTRL_GCM_SET_IVLEN is needed.
    if (EVP_EncryptInit_ex2(ctx.get(), EVP_aes_256_gcm(), key.data(),
                            reinterpret_cast<const unsigned char*>(iv.constData()), nullptr) != 1)
        return ossl::opensslError("EVP_EncryptInit_ex2");
    int length = 0;
    if (!aad.isEmpty() &&
        EVP_EncryptUpdate(ctx.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(aad.constData()),
                          static_cast<int>(aad.size())) != 1)
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
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, kTagSize, out + written) != 1)
        return ossl::opensslError("EVP_CIPHER_CTX_ctrl(EVP_CTRL_AEAD_GET_TAG)");
    return sealed;
}

Outcome<SecureBuffer> openAes256Gcm(const SecureBuffer& key, const QByteArray& sealed, const QByteArray& aad)
{
    if (key.size() != kKeySize)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("AES-256-GCM needs a 32-byte key, got %1 bytes").arg(key.size()));
    // Too short to hold an IV and a tag: as unauthenticated as a wrong tag.
    if (sealed.size() < kIvSize + kTagSize)
        return authenticationFailed();
    if (!fitsInt(sealed.size()) || !fitsInt(aad.size()))
        return makeError(ErrorKind::Invalid, QStringLiteral("AES-256-GCM input is too large"));

    const auto* in = reinterpret_cast<const unsigned char*>(sealed.constData());
    const int ciphertextSize = static_cast<int>(sealed.size()) - kIvSize - kTagSize;
    const unsigned char* ciphertext = in + kIvSize;
    // The API takes a non-const pointer for the expected tag but only reads it.
    auto* tag = const_cast<unsigned char*>(ciphertext + ciphertextSize);

    ossl::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
        return ossl::opensslError("EVP_CIPHER_CTX_new");
    if (EVP_DecryptInit_ex2(ctx.get(), EVP_aes_256_gcm(), key.data(), in, nullptr) != 1)
        return ossl::opensslError("EVP_DecryptInit_ex2");
    int length = 0;
    if (!aad.isEmpty() &&
        EVP_DecryptUpdate(ctx.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(aad.constData()),
                          static_cast<int>(aad.size())) != 1)
        return ossl::opensslError("EVP_DecryptUpdate(aad)");

    // Plaintext goes straight to secure memory; it is wiped if the tag turns out wrong.
    SecureBuffer plaintext(static_cast<std::size_t>(ciphertextSize));
    int written = 0;
    if (ciphertextSize > 0) {
        if (EVP_DecryptUpdate(ctx.get(), plaintext.data(), &length, ciphertext, ciphertextSize) != 1)
            return ossl::opensslError("EVP_DecryptUpdate");
        written = length;
    }
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, kTagSize, tag) != 1)
        return ossl::opensslError("EVP_CIPHER_CTX_ctrl(EVP_CTRL_AEAD_SET_TAG)");
    unsigned char finalBlock[16];
    if (EVP_DecryptFinal_ex(ctx.get(), finalBlock, &length) != 1)
        return authenticationFailed();
    if (written != ciphertextSize)
        return makeError(ErrorKind::Failed, QStringLiteral("AES-256-GCM produced an unexpected length"));
    return plaintext;
}

} // namespace custos::crypto
