// CSRs are brought to a Custos CA from outside, as PEM or DER.
#include "crypto/x509/CertificateRequest.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    auto info = custos::crypto::x509::inspectCertificateRequest(bytes);
    if (info && !bytes.contains("-----BEGIN ")) {
        // DER that was read reads the same as PEM.
        auto again =
            custos::crypto::x509::inspectCertificateRequest(custos::crypto::x509::certificateRequestPem(bytes));
        if (!again || again->subjectDer != info->subjectDer || again->subjectAltNames != info->subjectAltNames)
            __builtin_trap();
    }
    return 0;
}
