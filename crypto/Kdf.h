#pragma once

#include "Outcome.h"
#include "SecureBuffer.h"

#include <QByteArray>
#include <QString>

namespace custos::crypto {

// scrypt parameters, stored per operator so a workspace can raise its cost later.
struct KdfParams
{
    quint64 n = 65536; // CPU/memory cost, a power of two
    quint32 r = 8;
    quint32 p = 1;

    // The largest power-of-two N whose memory (128 * r * N bytes) fits in memoryMiB (1..4096).
    static KdfParams forMemoryMiB(int memoryMiB);
    int memoryMiB() const; // 128 * r * n / MiB, rounded down
    QString encode() const;                            // "scrypt:n=65536,r=8,p=1"
    static Outcome<KdfParams> decode(const QString& text); // Invalid on anything else
};

// scrypt through OpenSSL's EVP_KDF. The output is secret and lives in secure memory.
Outcome<SecureBuffer> deriveKey(const SecureBuffer& passphrase, const QByteArray& salt, const KdfParams& params,
                                std::size_t outputLength);

} // namespace custos::crypto
