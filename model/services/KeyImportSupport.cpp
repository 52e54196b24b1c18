#include "KeyImportSupport_p.h"

#include "crypto/Digest.h"
#include "crypto/keys/JoseAlgorithm.h"
#include "crypto/x509/CertificateInfo.h"
#include "model/store/Stores.h"

namespace custos::model::importsupport {

using crypto::KeyKind;
using crypto::KeyOperation;
using crypto::import::ImportedKey;

namespace {

QStringList names(const QList<KeyOperation>& operations)
{
    QStringList out;
    for (KeyOperation op : operations)
        out << crypto::keyOperationName(op);
    return out;
}

// What an imported key may do at most: a public-only key verifies, encrypts and wraps; import (a
// KEK) and export are never taken from a file (exportable adds export).
QList<KeyOperation> possibleOperations(KeyKind kind, bool publicOnly)
{
    QList<KeyOperation> possible;
    for (KeyOperation op : crypto::supportedOperations(kind)) {
        if (op == KeyOperation::Import || op == KeyOperation::Export)
            continue;
        if (publicOnly && op != KeyOperation::Verify && op != KeyOperation::Encrypt && op != KeyOperation::WrapKey)
            continue;
        possible << op;
    }
    return possible;
}

QString sizeRefusal(const ImportedKey& key)
{
    switch (key.kind) {
    case KeyKind::Rsa:
        if (key.bits != 2048 && key.bits != 3072 && key.bits != 4096)
            return QStringLiteral("RSA %1: expected 2048, 3072 or 4096 bits").arg(key.bits);
        break;
    case KeyKind::Ec:
        if (key.curve != QLatin1String("P-256") && key.curve != QLatin1String("P-384") &&
            key.curve != QLatin1String("P-521"))
            return QStringLiteral("EC curve '%1': expected P-256, P-384 or P-521").arg(key.curve);
        break;
    case KeyKind::Aes:
        if (key.bits != 128 && key.bits != 192 && key.bits != 256)
            return QStringLiteral("AES %1 bits: expected 128, 192 or 256").arg(key.bits);
        break;
    }
    return {};
}

} // namespace

Outcome<ReadSource> readSource(const KeyImportSource& source)
{
    ReadSource read;
    if (source.contents) {
        read.contents = *source.contents; // ImportedKey copies clone the private key into secure memory
        return read;
    }
    const QString name = source.fileName.isEmpty() ? QStringLiteral("the source") : source.fileName;
    if (source.bytes.size() > crypto::import::kMaxKeyFileBytes)
        return makeError(ErrorKind::Invalid, QStringLiteral("%1: %2 bytes is more than the %3 MiB a key file may have")
                                                 .arg(name)
                                                 .arg(source.bytes.size())
                                                 .arg(crypto::import::kMaxKeyFileBytes / (1024 * 1024)));
    const bool byokHint = source.format == crypto::import::KeyFileFormat::Byok;
    if (byokHint ||
        (source.format == crypto::import::KeyFileFormat::Auto && crypto::byok::looksLikeByok(source.bytes))) {
        auto byok = crypto::byok::parseByokFile(source.bytes);
        if (!byok)
            return makeError(byok.error().kind, QStringLiteral("%1: %2").arg(name, byok.error().message));
        read.isByok = true;
        read.byok = byok.take();
        read.contents.format = kByokFormat;
        return read;
    }
    auto contents = crypto::import::readKeyFile(source.bytes, source.password.get(), source.format, source.fileName);
    if (!contents)
        return makeError(contents.error().kind, QStringLiteral("%1: %2").arg(name, contents.error().message));
    read.contents = contents.take();
    if (read.contents.keys.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("%1 holds no key").arg(name));
    return read;
}

QStringList defaultKeyOps(KeyKind kind, bool publicOnly)
{
    return names(possibleOperations(kind, publicOnly));
}

Outcome<QStringList> checkKeyOps(const QStringList& ops, KeyKind kind, bool publicOnly, const QString& what)
{
    const QList<KeyOperation> possible = possibleOperations(kind, publicOnly);
    const QString expected = names(possible).join(QStringLiteral(", "));
    const QString type = keyTypeName(kind);
    QStringList out;
    for (const QString& name : ops) {
        const auto op = crypto::parseKeyOperation(name);
        if (!op)
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("%1: unknown key operation '%2': expected one of %3").arg(what, name, expected));
        if (*op == KeyOperation::Export)
            continue; // export comes with exportable (software keys only), checked there
        if (!possible.contains(*op))
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("%1: key operation '%2' is not possible with %3 %4 key: expected one of %5")
                                 .arg(what, name, publicOnly ? QStringLiteral("a public-only") : QStringLiteral("an"),
                                      type, expected));
        const QString canonical = crypto::keyOperationName(*op);
        if (!out.contains(canonical))
            out << canonical;
    }
    return out;
}

QString refusalOf(const ImportedKey& key)
{
    if (QString size = sizeRefusal(key); !size.isEmpty())
        return size;
    if (!key.keyOps.isEmpty()) {
        auto ops = checkKeyOps(key.keyOps, key.kind, key.isPublicOnly(), QStringLiteral("JWK key_ops"));
        if (!ops)
            return ops.error().message;
    }
    return {};
}

QString shapeText(KeyKind kind, int bits, const QString& curve)
{
    if (kind == KeyKind::Ec)
        return QStringLiteral("EC %1").arg(curve);
    return QStringLiteral("%1 %2").arg(keyTypeName(kind)).arg(bits);
}

KeyImportCandidate describe(const ImportedKey& key, int index, const QStringList& fileWarnings)
{
    KeyImportCandidate c;
    c.index = index;
    c.label = key.label;
    c.kind = key.kind;
    c.size = key.kind == KeyKind::Ec ? 0 : key.bits;
    c.curve = key.curve;
    c.publicOnly = key.isPublicOnly();
    if (!key.publicKeyDer.isEmpty())
        c.fingerprint = QString::fromLatin1(crypto::sha256(key.publicKeyDer).toHex());
    c.warnings = fileWarnings;
    if (key.kind == KeyKind::Rsa && key.bits < 2048) {
        const QString weak = QStringLiteral("RSA %1 bits is below 2048").arg(key.bits);
        if (!c.warnings.contains(weak))
            c.warnings << weak;
    }
    if (!key.certificateDer.isEmpty()) {
        c.certificateDer = key.certificateDer;
        if (auto info = crypto::x509::inspectCertificate(key.certificateDer)) {
            c.certificateSubject = info->subject;
            c.certificateIssuer = info->issuer;
            c.certificateNotAfter = info->notAfter;
            if (info->signatureAlgorithm.contains(QLatin1String("sha1"), Qt::CaseInsensitive)) {
                const QString sha1 = QStringLiteral("the certificate is signed with SHA-1");
                if (!c.warnings.contains(sha1))
                    c.warnings << sha1;
            }
        }
    }
    for (const QByteArray& der : key.chainDer) {
        auto info = crypto::x509::inspectCertificate(der);
        c.chainSubjects << (info ? info->subject : QStringLiteral("(unreadable certificate)"));
    }
    c.refusal = refusalOf(key);
    if (!key.keyOps.isEmpty() && c.refusal.isEmpty()) {
        auto ops = checkKeyOps(key.keyOps, key.kind, c.publicOnly, QStringLiteral("JWK key_ops"));
        c.keyOps = ops ? ops.value() : QStringList();
    }
    if (c.keyOps.isEmpty())
        c.keyOps = defaultKeyOps(key.kind, c.publicOnly);
    return c;
}

Outcome<QList<KeyImportDuplicate>> findDuplicates(Database& db, const QByteArray& publicKeyDer,
                                                  const std::function<bool(const QString&)>& mayRead)
{
    QList<KeyImportDuplicate> duplicates;
    auto found = KeyStore(db).findByPublicKey(publicKeyDer);
    if (!found)
        return found.error();
    for (const KeyVersionMatch& match : found.value()) {
        if (!mayRead(KeyRecord::keyResourceId(match.vault, match.name)))
            continue;
        duplicates << KeyImportDuplicate{match.vault, match.name, match.versionId, match.deleted};
    }
    return duplicates;
}

} // namespace custos::model::importsupport
