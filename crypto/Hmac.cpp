#include "Hmac.h"

#include <openssl/evp.h>

namespace custos::crypto {

QByteArray hmacSha256(const SecureBuffer& key, QByteArrayView data)
{
    QByteArray mac(32, Qt::Uninitialized);
    size_t length = 0;
    char digestName[] = "SHA256";
    if (!EVP_Q_mac(nullptr, "HMAC", nullptr, digestName, nullptr, key.data(), key.size(),
                   reinterpret_cast<const unsigned char*>(data.data()), static_cast<size_t>(data.size()),
                   reinterpret_cast<unsigned char*>(mac.data()), static_cast<size_t>(mac.size()), &length) ||
        length != 32)
        return {};
    return mac;
}

} // namespace custos::crypto
