// `cert import`: certificate files (PEM, DER, PKCS#7 in DER or PEM) come from the operator.
#include "crypto/x509/CertificateFiles.h"

#include <QByteArray>

#include <openssl/x509.h>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace custos::crypto::x509;
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    auto read = readCertificateFile(bytes);
    if (!read)
        return 0;
    // Every certificate handed out parses, and a bundle of them reads back as the same number.
    if (read->certificatesDer.isEmpty())
        __builtin_trap();
    for (const QByteArray& der : read->certificatesDer) {
        const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
        X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
        if (!cert)
            __builtin_trap();
        X509_free(cert);
    }
    auto bundle = writePkcs7Bundle(read->certificatesDer);
    if (!bundle)
        return 0; // a certificate OpenSSL reads but cannot re-encode: refused, not a crash
    auto again = readCertificateFile(bundle.value());
    if (!again || again->format != CertificateFileFormat::Pkcs7Der ||
        again->certificatesDer.size() != read->certificatesDer.size())
        __builtin_trap();
    return 0;
}
