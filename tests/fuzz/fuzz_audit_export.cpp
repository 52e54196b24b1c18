// `audit verify --file F --key K` reads export and archive files from anywhere, and the key as PEM
// or DER: both parsers get arbitrary bytes. The key of the seed corpus is fixed below so checkpoint
// signatures in the seeds are actually checked.
#include "crypto/keys/PublicKeyExport.h"
#include "model/audit/AuditVerifier.h"

#include <QBuffer>
#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    (void)custos::crypto::publicKeyDerFromPemOrDer(bytes);
    // The P-256 key of tests/data/fuzz/audit_export's seeds (SubjectPublicKeyInfo DER, base64).
    static const QByteArray key = QByteArray::fromBase64(
        "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEq41nGvgyhsl/G9H/MN5cqP6Gx6u6dDzf8uwH7vXwmGZYm1yD/VJQh/AXGpnqa8eAn5zrl473E7"
        "n/Cr4cdjcbWw==");
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    auto summary = custos::model::verifyAuditExport(buffer, QStringLiteral("fuzz"), key);
    if (summary && summary->verification.ok && summary->events + summary->stubs > 0 &&
        summary->lastSeq < summary->firstSeq)
        __builtin_trap(); // a verified file runs forward
    return 0;
}
