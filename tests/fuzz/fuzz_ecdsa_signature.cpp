// `key verify --signature-format der` and raw JOSE signatures: both come from files the operator
// hands in, and both pass through the ECDSA encoding converters.
#include "crypto/keys/PublicKeyOperations.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    for (int fieldBytes : {32, 48, 66}) {
        auto raw = custos::crypto::ecdsaDerToRaw(input, fieldBytes);
        if (raw) {
            if (raw->size() != 2 * fieldBytes)
                __builtin_trap();
            // DER -> raw -> DER -> raw is stable.
            auto der = custos::crypto::ecdsaRawToDer(raw.value());
            if (!der)
                __builtin_trap();
            auto again = custos::crypto::ecdsaDerToRaw(der.value(), fieldBytes);
            if (!again || again.value() != raw.value())
                __builtin_trap();
        }
    }
    (void)custos::crypto::ecdsaRawToDer(input);
    return 0;
}
