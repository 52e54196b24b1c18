#include "Digest.h"

#include <QtGlobal>

#include <openssl/evp.h>

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

} // namespace custos::crypto
