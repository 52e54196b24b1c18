#include "AuditEncoding.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace custos::model {

namespace {

const QByteArray kContentPrefix = QByteArrayLiteral("custos-audit-v2\n");
const QByteArray kChainPrefix = QByteArrayLiteral("custos-audit-chain-v2\n");

// Decimal digits of `value` (>= 0 here; a negative one is written with its sign) without allocating.
QByteArrayView decimal(qint64 value, char (&buffer)[24])
{
    char* end = buffer + sizeof(buffer);
    char* p = end;
    const bool negative = value < 0;
    quint64 v = negative ? quint64(0) - quint64(value) : quint64(value);
    do {
        *--p = char('0' + v % 10);
        v /= 10;
    } while (v);
    if (negative)
        *--p = '-';
    return QByteArrayView(p, end - p);
}

// Writes "<decimal length>:<bytes>\n" at `p`; returns the end.
char* putField(char* p, QByteArrayView bytes)
{
    char digits[24];
    const QByteArrayView length = decimal(bytes.size(), digits);
    p = std::copy(length.begin(), length.end(), p);
    *p++ = ':';
    p = std::copy(bytes.begin(), bytes.end(), p);
    *p++ = '\n';
    return p;
}

// One pass with one size computation: the verifier encodes a million records into the same buffer,
// and QByteArray's append costs more than the copy.
void encodeContent(QByteArray& out, const AuditRecordView& record)
{
    char seqDigits[24], timeDigits[24];
    const QByteArrayView seq = decimal(record.seq, seqDigits);
    const QByteArrayView time = decimal(record.time, timeDigits);
    qsizetype size = kContentPrefix.size() + 2 * (24 + 2);
    for (const QByteArrayView& field : record.fields)
        size += field.size() + 24 + 2;
    if (out.size() < size)
        out.resize(size);
    char* begin = out.data();
    char* p = std::copy(kContentPrefix.begin(), kContentPrefix.end(), begin);
    p = putField(p, seq);
    p = putField(p, time);
    for (const QByteArrayView& field : record.fields)
        p = putField(p, field);
    out.truncate(p - begin);
}

AuditRecordView viewOf(const AuditEvent& event, const AuditEventText& text, std::array<QByteArray, 12>& storage)
{
    AuditRecordView view;
    view.seq = event.seq;
    view.time = event.time.toMSecsSinceEpoch();
    storage = {event.operatorName.toUtf8(),
               text.approvers,
               event.operation.toUtf8(),
               event.resource.toUtf8(),
               auditResultName(event.result).toUtf8(),
               event.reason.toUtf8(),
               event.justification.toUtf8(),
               event.correlationId.toUtf8(),
               event.workstation.toUtf8(),
               event.osUser.toUtf8(),
               event.version.toUtf8(),
               text.details};
    for (int i = 0; i < AuditRecordView::FieldCount; ++i)
        view.fields[i] = storage[i];
    return view;
}

} // namespace

void AuditHasher::contentHash(const AuditRecordView& record, char out[64])
{
    encodeContent(m_buffer, record);
    m_sha.update(m_buffer);
    unsigned char digest[32];
    m_sha.finish(digest);
    crypto::toHex(digest, 32, out);
}

void AuditHasher::chainHash(QByteArrayView prevHash, QByteArrayView contentHashHex, char out[64])
{
    m_sha.update(kChainPrefix);
    m_sha.update(prevHash);
    m_sha.update("\n", 1);
    m_sha.update(contentHashHex);
    unsigned char digest[32];
    m_sha.finish(digest);
    crypto::toHex(digest, 32, out);
}

QByteArray AuditHasher::canonicalBytes(const AuditRecordView& record, QByteArrayView prevHash,
                                       QByteArrayView contentHashHex)
{
    QByteArray out;
    encodeContent(out, record);
    out += kChainPrefix;
    out += prevHash;
    out += '\n';
    out += contentHashHex;
    return out;
}

AuditEventText auditEventText(const AuditEvent& event)
{
    return {QJsonDocument(QJsonArray::fromStringList(event.approvers)).toJson(QJsonDocument::Compact),
            QJsonDocument(event.details).toJson(QJsonDocument::Compact)};
}

QString auditContentHash(const AuditEvent& event)
{
    if (event.encoding != kAuditEncodingV2)
        return {};
    const AuditEventText text = auditEventText(event);
    std::array<QByteArray, 12> storage;
    const AuditRecordView view = viewOf(event, text, storage);
    AuditHasher hasher;
    char out[64];
    hasher.contentHash(view, out);
    return QString::fromLatin1(out, 64);
}

QString auditHashV2(const AuditEvent& event, const AuditEventText& text)
{
    std::array<QByteArray, 12> storage;
    const AuditRecordView view = viewOf(event, text, storage);
    thread_local AuditHasher hasher; // one SHA-256 context per thread, not one per event
    char content[64], hash[64];
    hasher.contentHash(view, content);
    hasher.chainHash(event.prevHash.toLatin1(), QByteArrayView(content, 64), hash);
    return QString::fromLatin1(hash, 64);
}

QString auditChainHash(const QString& prevHash, const QString& contentHash)
{
    AuditHasher hasher;
    char out[64];
    hasher.chainHash(prevHash.toLatin1(), contentHash.toLatin1(), out);
    return QString::fromLatin1(out, 64);
}

QByteArray auditCanonicalV1(const AuditEvent& event)
{
    QJsonObject object;
    object.insert(QStringLiteral("seq"), QJsonValue(event.seq));
    object.insert(QStringLiteral("time"), QJsonValue(event.time.toMSecsSinceEpoch()));
    object.insert(QStringLiteral("operator"), event.operatorName);
    object.insert(QStringLiteral("approvers"), QJsonArray::fromStringList(event.approvers));
    object.insert(QStringLiteral("operation"), event.operation);
    object.insert(QStringLiteral("resource"), event.resource);
    object.insert(QStringLiteral("result"), auditResultName(event.result));
    object.insert(QStringLiteral("reason"), event.reason);
    object.insert(QStringLiteral("justification"), event.justification);
    object.insert(QStringLiteral("correlationId"), event.correlationId);
    object.insert(QStringLiteral("workstation"), event.workstation);
    object.insert(QStringLiteral("osUser"), event.osUser);
    object.insert(QStringLiteral("version"), event.version);
    object.insert(QStringLiteral("details"), event.details);
    object.insert(QStringLiteral("prevHash"), event.prevHash);
    return QByteArrayLiteral("custos-audit-v1\n") + QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString auditEventHash(const AuditEvent& event)
{
    if (event.encoding == kAuditEncodingV1)
        return QString::fromLatin1(
            QCryptographicHash::hash(auditCanonicalV1(event), QCryptographicHash::Sha256).toHex());
    if (event.encoding == kAuditEncodingV2)
        return auditChainHash(event.prevHash, auditContentHash(event));
    return {};
}

} // namespace custos::model
