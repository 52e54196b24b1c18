// The JWK / JWK Set reader alone (crypto/import/Jwk.h): JSON from the operator, members decoded
// into secure memory, EC points checked against their curves.
#include "crypto/import/Jwk.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace custos::crypto;
    using namespace custos::crypto::import;
    const QByteArray json(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    auto described = describeJwk(json);
    auto read = readJwk(json);
    if (!read)
        return 0;
    // What reads was described, and every key is whole: a public key for RSA and EC, 16/24/32 bytes for oct.
    if (!described || read->keys.isEmpty())
        __builtin_trap();
    for (const ImportedKey& key : read->keys) {
        if (key.kind == KeyKind::Aes ? key.privateKey.size() * 8 != std::size_t(key.bits) : key.publicKeyDer.isEmpty())
            __builtin_trap();
        if (!key.label.startsWith(QStringLiteral("JWK")))
            __builtin_trap();
    }
    return 0;
}
