// Security-domain material comes from outside: the SD file (Azure's or an old backup), a restore
// blob, the JWEs inside them and the new HSM's exchange key. Their readers must refuse, never crash.
#include "crypto/SecureBuffer.h"
#include "crypto/sd/CompactJwe.h"
#include "crypto/sd/RestoreBlob.h"
#include "crypto/sd/SecurityDomainFile.h"
#include "crypto/sd/Shamir.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace custos::crypto;
    using namespace custos::crypto::sd;
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));

    if (auto file = SecurityDomainFile::parse(bytes)) {
        // What we write from what we read reads back the same.
        const QByteArray written = file->toJson();
        auto again = SecurityDomainFile::parse(written);
        if (!again || again->toJson() != written || again->required != file->required)
            __builtin_trap();
        const SecurityDomainSummary summary = summarise(file.value());
        if (summary.custodians != file->custodianCount() || summary.items.size() != file->items.size())
            __builtin_trap();
    }

    if (auto blob = RestoreBlob::parse(bytes)) {
        const QByteArray written = blob->toJson();
        auto again = RestoreBlob::parse(written);
        if (!again || again->toJson() != written)
            __builtin_trap();
    }

    if (auto jwe = CompactJwe::parse(bytes)) {
        // A fixed key: the MAC refuses (or the shape is refused) without touching the plaintext.
        const SecureBuffer key(64);
        auto opened = openA256CbcHs512(key, jwe.value());
        (void)opened;
    }

    (void)readExchangeCertificate(bytes);

    // The input as two shares.
    if (size >= 4) {
        const std::size_t half = (size / 2) & ~std::size_t(1);
        const SecureBuffer first(data, half);
        const SecureBuffer second(data + half, half);
        (void)shamirShareX(first);
        auto combined = shamirCombine({&first, &second});
        if (combined && combined->size() != half / 2)
            __builtin_trap();
    }
    return 0;
}
