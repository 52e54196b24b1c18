// SHA256_Init/Update/Final are deprecated in OpenSSL 3 in favour of EVP, but EVP's provider
// dispatch costs more than hashing a 300-byte audit record: the verifier's stream uses them.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "Digest.h"

#include <QtGlobal>

#include <openssl/evp.h>
#include <openssl/sha.h>

namespace custos::crypto {

QByteArray sha256(QByteArrayView data)
{
    QByteArray out(32, Qt::Uninitialized);
    unsigned int length = 0;
    // EVP_Digest with the built-in SHA-256 only fails on allocation failure.
    if (EVP_Digest(data.data(), static_cast<std::size_t>(data.size()), reinterpret_cast<unsigned char*>(out.data()),
                   &length, EVP_sha256(), nullptr) != 1 ||
        length != 32)
        qFatal("EVP_Digest(SHA-256) failed");
    return out;
}

struct Sha256Stream::Context
{
    SHA256_CTX ctx;
};

Sha256Stream::Sha256Stream() : m_context(std::make_unique<Context>())
{
    SHA256_Init(&m_context->ctx);
}

Sha256Stream::~Sha256Stream()
{
    OPENSSL_cleanse(&m_context->ctx, sizeof(m_context->ctx));
}

void Sha256Stream::update(QByteArrayView data)
{
    update(data.data(), data.size());
}

void Sha256Stream::update(const char* data, qsizetype size)
{
    if (size > 0)
        SHA256_Update(&m_context->ctx, data, static_cast<std::size_t>(size));
}

void Sha256Stream::finish(unsigned char out[32])
{
    SHA256_Final(out, &m_context->ctx);
    SHA256_Init(&m_context->ctx);
}

void toHex(const unsigned char* bytes, int size, char* out)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    for (int i = 0; i < size; ++i) {
        out[2 * i] = kDigits[bytes[i] >> 4];
        out[2 * i + 1] = kDigits[bytes[i] & 0x0f];
    }
}

} // namespace custos::crypto
