#include "KeyWrap.h"

#include <openssl/evp.h>

#include <memory>

namespace custos::crypto {

namespace {

const EVP_CIPHER* wrapCipher(std::size_t kekBytes)
{
    switch (kekBytes) {
    case 16:
        return EVP_aes_128_wrap_pad();
    case 24:
        return EVP_aes_192_wrap_pad();
    case 32:
        return EVP_aes_256_wrap_pad();
    default:
        return nullptr;
    }
}

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

// One pass of the wrap cipher over `in` into `out` (sized by the caller); the bytes written.
Outcome<int> run(const SecureBuffer& kek, bool encrypt, const unsigned char* in, int inLength, unsigned char* out)
{
    const EVP_CIPHER* cipher = wrapCipher(kek.size());
    if (!cipher)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("a key-wrapping key is 16, 24 or 32 bytes, not %1").arg(kek.size()));
    CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!ctx)
        return makeError(ErrorKind::Failed, QStringLiteral("out of memory"));
    EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
    int written = 0;
    int last = 0;
    if (EVP_CipherInit_ex(ctx.get(), cipher, nullptr, kek.data(), nullptr, encrypt ? 1 : 0) != 1 ||
        EVP_CipherUpdate(ctx.get(), out, &written, in, inLength) != 1 ||
        EVP_CipherFinal_ex(ctx.get(), out + written, &last) != 1)
        return makeError(ErrorKind::Failed, encrypt ? QStringLiteral("AES key wrap failed")
                                                    : QStringLiteral("the wrapped key does not unwrap"));
    return written + last;
}

} // namespace

Outcome<SecureBuffer> unwrapAesKeyWrapPad(const SecureBuffer& kek, const QByteArray& wrapped)
{
    if (wrapped.size() < 16 || wrapped.size() % 8 != 0)
        return makeError(ErrorKind::Failed, QStringLiteral("the wrapped key does not unwrap"));
    SecureBuffer key(static_cast<std::size_t>(wrapped.size()));
    auto n = run(kek, false, reinterpret_cast<const unsigned char*>(wrapped.constData()),
                 static_cast<int>(wrapped.size()), key.data());
    if (!n)
        return n.error();
    key.resize(static_cast<std::size_t>(n.value()));
    return key;
}

Outcome<QByteArray> wrapAesKeyWrapPad(const SecureBuffer& kek, const SecureBuffer& key)
{
    if (key.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("nothing to wrap"));
    QByteArray out(static_cast<qsizetype>(key.size() + 16), Qt::Uninitialized);
    auto n = run(kek, true, key.data(), static_cast<int>(key.size()), reinterpret_cast<unsigned char*>(out.data()));
    if (!n)
        return n.error();
    out.truncate(n.value());
    return out;
}

} // namespace custos::crypto
