// Certificates arrive from files admins import, from external CAs (merge) and from chains: every
// reader of crypto/x509 starts with inspectCertificate.
#include "crypto/x509/CertificateInfo.h"
#include "crypto/x509/DistinguishedName.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray der(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    auto info = custos::crypto::x509::inspectCertificate(der);
    if (info) {
        // A certificate that was read has a key it certifies, when OpenSSL can read that key.
        auto certified = custos::crypto::x509::certifiesPublicKey(der, info->subjectPublicKeyDer);
        if (certified && !certified.value())
            __builtin_trap();
        if (info->sha256Fingerprint.size() != 32 || info->sha1Fingerprint.size() != 20)
            __builtin_trap();
    }
    (void)custos::crypto::x509::distinguishedNameText(der);
    return 0;
}
