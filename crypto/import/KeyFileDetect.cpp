// What a key file is, by content and without a password: the wizard asks for one only when needed.
#include "Jwk.h"
#include "KeyFile_p.h"

#include "crypto/byok/ByokFile.h"
#include "crypto/x509/FileStart_p.h"

#include <QStringList>

namespace custos::crypto::import {

using namespace detail;

namespace {

QByteArray trimmedStart(const QByteArray& bytes)
{
    qsizetype i = 0;
    while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n'))
        ++i;
    return bytes.mid(i, 1);
}

Outcome<KeyFileDetection> detectPem(const QByteArray& bytes)
{
    auto blocks = splitPem(bytes);
    if (!blocks)
        return blocks.error();
    if (blocks->isEmpty())
        return invalid(QStringLiteral("the file holds no complete PEM block"));
    KeyFileDetection detection;
    detection.family = KeyFileFormat::Pem;
    QStringList kinds;
    for (const PemBlock& block : blocks.value()) {
        if (block.type == "EC PARAMETERS")
            continue;
        const QString kind = pemBlockDescription(block);
        if (!kinds.contains(kind))
            kinds << kind;
        if (block.type == "ENCRYPTED PRIVATE KEY" || block.procTypeEncrypted)
            detection.needsPassword = true;
    }
    detection.description = QStringLiteral("PEM: %1").arg(kinds.join(QStringLiteral(", ")));
    return detection;
}

} // namespace

bool detail::looksLikeJson(const QByteArray& bytes)
{
    return trimmedStart(bytes) == "{";
}

Outcome<KeyFileDetection> detectKeyFile(const QByteArray& bytes)
{
    if (bytes.size() > kMaxKeyFileBytes)
        return invalid(QStringLiteral("the file has %1 bytes: key files are at most %2 bytes (16 MiB)")
                           .arg(bytes.size())
                           .arg(kMaxKeyFileBytes));
    KeyFileDetection detection;
    if (looksLikeJson(bytes)) {
        if (byok::looksLikeByok(bytes)) {
            detection.family = KeyFileFormat::Byok;
            detection.description = QStringLiteral("BYOK transfer file (.byok)");
            return detection;
        }
        auto jwk = describeJwk(bytes);
        if (!jwk)
            return jwk.error();
        detection.family = KeyFileFormat::Jwk;
        detection.description = jwk.value();
        return detection;
    }
    if (looksLikePem(bytes))
        return detectPem(bytes);
    const DerKind der = identifyDer(bytes);
    if (der == DerKind::Pkcs12) {
        detection.family = KeyFileFormat::Pkcs12;
        detection.description = QStringLiteral("PKCS#12");
        detection.needsPassword = true;
        return detection;
    }
    if (der != DerKind::None) {
        detection.family = KeyFileFormat::Der;
        detection.description = QStringLiteral("DER: %1").arg(derKindName(der));
        detection.needsPassword = der == DerKind::EncryptedPrivateKeyInfo;
        return detection;
    }
    bool hex = false;
    if (looksLikeRawKey(bytes, &hex)) {
        detection.family = KeyFileFormat::Raw;
        detection.description = hex ? QStringLiteral("raw AES key (hex)") : QStringLiteral("raw AES key (binary)");
        return detection;
    }
    return invalid(QStringLiteral("not a key file: expected PEM, DER, PKCS#12, JWK, a raw 16/24/32-byte key (binary "
                                  "or hex) or a .byok file (%1)")
                       .arg(x509::files::describeFileStart(bytes)));
}

} // namespace custos::crypto::import
