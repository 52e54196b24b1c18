// A .byok file comes from another HSM or an admin's script: its reader must refuse, never crash,
// and what it accepts must write back to a file that reads the same.
#include "crypto/SecureBuffer.h"
#include "crypto/byok/ByokFile.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace custos::crypto;
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));

    const bool looks = byok::looksLikeByok(bytes);
    if (auto file = byok::parseByokFile(bytes)) {
        // Everything parseByokFile accepts, format detection recognises.
        if (!looks)
            __builtin_trap();
        const QByteArray written = byok::toJson(file.value());
        auto again = byok::parseByokFile(written);
        if (!again || again->kid != file->kid || again->ciphertext != file->ciphertext ||
            again->generator != file->generator || again->schemaVersion != file->schemaVersion ||
            byok::toJson(again.value()) != written)
            __builtin_trap();
    }

    // The input as a key exchange key's SubjectPublicKeyInfo: refused unless it is RSA 2048..4096.
    if (size < 4096) {
        const SecureBuffer target(16);
        auto wrapped = byok::wrapForKek(bytes, target);
        if (wrapped && wrapped->size() < 256 + 24)
            __builtin_trap();
    }
    return 0;
}
