#include "AuditCheckpoint.h"

#include <QJsonValue>

namespace custos::model {

QByteArray AuditCheckpoint::signedText() const
{
    return QStringLiteral("custos-audit-checkpoint-v1\nseq=%1\nhead=%2\ntime=%3\nkind=%4\narchive=%5\n")
        .arg(seq)
        .arg(head)
        .arg(time)
        .arg(kind, archiveSha256)
        .toUtf8();
}

QJsonObject AuditCheckpoint::toJson() const
{
    return QJsonObject{{QStringLiteral("seq"), QJsonValue(seq)},
                       {QStringLiteral("head"), head},
                       {QStringLiteral("time"), QJsonValue(time)},
                       {QStringLiteral("kind"), kind},
                       {QStringLiteral("archiveSha256"), archiveSha256},
                       {QStringLiteral("keyFingerprint"), keyFingerprint},
                       {QStringLiteral("signature"), QString::fromLatin1(signature.toBase64())}};
}

std::optional<AuditCheckpoint> AuditCheckpoint::fromJson(const QJsonObject& object)
{
    AuditCheckpoint c;
    const QJsonValue seq = object.value(QStringLiteral("seq"));
    const QJsonValue time = object.value(QStringLiteral("time"));
    if (!seq.isDouble() || !time.isDouble() || !object.value(QStringLiteral("head")).isString() ||
        !object.value(QStringLiteral("kind")).isString() || !object.value(QStringLiteral("signature")).isString())
        return std::nullopt;
    c.seq = seq.toInteger();
    c.time = time.toInteger();
    c.head = object.value(QStringLiteral("head")).toString();
    c.kind = object.value(QStringLiteral("kind")).toString();
    c.archiveSha256 = object.value(QStringLiteral("archiveSha256")).toString();
    c.keyFingerprint = object.value(QStringLiteral("keyFingerprint")).toString();
    c.signature = QByteArray::fromBase64(object.value(QStringLiteral("signature")).toString().toLatin1());
    return c;
}

QByteArray AuditAnchor::encode() const
{
    return QByteArrayLiteral("custos-audit-anchor-v1 ") + QByteArray::number(seq) + ' ' + head.toLatin1();
}

std::optional<AuditAnchor> AuditAnchor::decode(const QByteArray& bytes)
{
    const QList<QByteArray> parts = bytes.split(' ');
    if (parts.size() != 3 || parts[0] != "custos-audit-anchor-v1")
        return std::nullopt;
    bool ok = false;
    AuditAnchor anchor;
    anchor.seq = parts[1].toLongLong(&ok);
    anchor.head = QString::fromLatin1(parts[2]);
    if (!ok || anchor.seq < 1 || anchor.head.size() != 64)
        return std::nullopt;
    return anchor;
}

} // namespace custos::model
