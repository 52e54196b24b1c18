#include "AuditExportWriter.h"

#include "AuditCheckpoint.h"
#include "AuditEncoding.h"

#include <QIODevice>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace custos::model {

namespace {

QByteArray line(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

QJsonObject eventLine(const AuditEvent& event)
{
    QJsonObject object = AuditLog::toJson(event);
    object.insert(QStringLiteral("encoding"), event.encoding);
    return object;
}

} // namespace

Outcome<qint64> writeVerifiableExport(Database& db, const AuditFilter& filter, QIODevice& out)
{
    auto matching = AuditLog(db).list(filter);
    if (!matching)
        return matching.error();
    QJsonObject header{{QStringLiteral("custosAuditExport"), 1}, {QStringLiteral("events"), matching->size()}};
    if (out.write(line(header)) < 0)
        return makeError(ErrorKind::Failed, out.errorString());
    if (matching->isEmpty())
        return qint64(0);

    const qint64 firstMatch = matching->first().seq;
    const qint64 lastMatch = matching->last().seq;
    AuditCheckpointStore checkpoints(db);
    auto before = checkpoints.newestAtOrBefore(firstMatch - 1);
    if (!before)
        return before.error();
    auto after = checkpoints.oldestAtOrAfter(lastMatch);
    if (!after)
        return after.error();

    QSqlQuery bounds(db.connection());
    if (!bounds.exec(QStringLiteral("SELECT min(seq), max(seq) FROM audit_events")) || !bounds.next())
        return sqlError(QStringLiteral("cannot read the audit trail"), bounds.lastError());
    const qint64 firstLive = bounds.value(0).toLongLong();
    const qint64 lastLive = bounds.value(1).toLongLong();
    // Start after a signed checkpoint, or where the live trail starts (event 1, or an archive's
    // link checkpoint, which exists at firstLive - 1).
    qint64 from = firstLive;
    if (before.value() && before.value()->seq + 1 >= firstLive)
        from = before.value()->seq + 1;
    const qint64 to = after.value() ? after.value()->seq : lastLive;

    auto inRange = checkpoints.list(from - 1, to);
    if (!inRange)
        return inRange.error();
    for (const AuditCheckpoint& c : inRange.value())
        if (c.seq == from - 1 && out.write(line({{QStringLiteral("checkpoint"), c.toJson()}})) < 0)
            return makeError(ErrorKind::Failed, out.errorString());

    QHash<qint64, qsizetype> full;
    for (qsizetype i = 0; i < matching->size(); ++i)
        full.insert(matching->at(i).seq, i);

    QSqlQuery rows(db.connection());
    rows.setForwardOnly(true);
    rows.prepare(QStringLiteral("SELECT seq, encoding, time, operator, approvers, operation, resource, result, reason, "
                                "justification, correlation_id, workstation, os_user, version, details, hash "
                                "FROM audit_events WHERE seq >= ? AND seq <= ? ORDER BY seq"));
    rows.addBindValue(from);
    rows.addBindValue(to);
    if (!rows.exec())
        return sqlError(QStringLiteral("cannot read the audit trail"), rows.lastError());
    AuditHasher hasher;
    qsizetype nextCheckpoint = 0;
    const QList<AuditCheckpoint>& cps = inRange.value();
    while (rows.next()) {
        const qint64 seq = rows.value(0).toLongLong();
        QByteArray bytes;
        if (auto hit = full.constFind(seq); hit != full.constEnd()) {
            bytes = line(eventLine(matching->at(*hit)));
        } else {
            const int encoding = rows.value(1).toInt();
            QJsonObject stub{{QStringLiteral("stub"), true},
                             {QStringLiteral("seq"), QJsonValue(seq)},
                             {QStringLiteral("encoding"), encoding}};
            if (encoding == kAuditEncodingV2) {
                std::array<QByteArray, AuditRecordView::FieldCount> storage;
                AuditRecordView view;
                view.seq = seq;
                view.time = rows.value(2).toLongLong();
                for (int i = 0; i < AuditRecordView::FieldCount; ++i) {
                    storage[i] = rows.value(3 + i).toString().toUtf8();
                    view.fields[i] = storage[i];
                }
                char contentHash[64];
                hasher.contentHash(view, contentHash);
                stub.insert(QStringLiteral("contentHash"), QString::fromLatin1(contentHash, 64));
            } else {
                stub.insert(QStringLiteral("hash"), rows.value(15).toString());
            }
            bytes = line(stub);
        }
        if (out.write(bytes) < 0)
            return makeError(ErrorKind::Failed, out.errorString());
        while (nextCheckpoint < cps.size() && cps[nextCheckpoint].seq <= seq) {
            const AuditCheckpoint& c = cps[nextCheckpoint++];
            if (c.seq >= from && out.write(line({{QStringLiteral("checkpoint"), c.toJson()}})) < 0)
                return makeError(ErrorKind::Failed, out.errorString());
        }
    }
    return qint64(matching->size());
}

} // namespace custos::model
