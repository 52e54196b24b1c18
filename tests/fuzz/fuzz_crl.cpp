// CRLs are read back from files (a CA's own, or an external CA's), as PEM or DER.
#include "crypto/x509/RevocationList.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    auto info = custos::crypto::x509::inspectRevocationList(bytes);
    if (info && !bytes.contains("-----BEGIN ")) {
        // DER that was read reads the same as PEM.
        auto again = custos::crypto::x509::inspectRevocationList(custos::crypto::x509::revocationListPem(bytes));
        if (!again || again->revoked.size() != info->revoked.size() || again->crlNumber != info->crlNumber)
            __builtin_trap();
    }
    (void)custos::crypto::x509::verifyRevocationList(bytes, bytes);
    return 0;
}
