// The table audit_checkpoints (AuditCheckpoint.h).
#include "AuditCheckpoint.h"

#include "model/store/Database.h"

#include <QSqlError>
#include <QSqlQuery>

namespace custos::model {

namespace {

const QString kColumns = QStringLiteral("seq, head, time, kind, archive_sha256, key_fingerprint, signature");

AuditCheckpoint readRow(const QSqlQuery& query)
{
    AuditCheckpoint c;
    c.seq = query.value(0).toLongLong();
    c.head = query.value(1).toString();
    c.time = query.value(2).toLongLong();
    c.kind = query.value(3).toString();
    c.archiveSha256 = query.value(4).toString();
    c.keyFingerprint = query.value(5).toString();
    c.signature = query.value(6).toByteArray();
    return c;
}

Outcome<QList<AuditCheckpoint>> select(Database& db, const QString& where, const QVariantList& values)
{
    QSqlQuery query(db.connection());
    query.setForwardOnly(true);
    if (!query.prepare(QStringLiteral("SELECT %1 FROM audit_checkpoints %2").arg(kColumns, where)))
        return sqlError(QStringLiteral("cannot read audit checkpoints"), query.lastError());
    for (const QVariant& value : values)
        query.addBindValue(value);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read audit checkpoints"), query.lastError());
    QList<AuditCheckpoint> out;
    while (query.next())
        out << readRow(query);
    return out;
}

Outcome<std::optional<AuditCheckpoint>> one(Outcome<QList<AuditCheckpoint>> rows)
{
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return std::optional<AuditCheckpoint>();
    return std::optional<AuditCheckpoint>(rows->first());
}

} // namespace

Outcome<void> AuditCheckpointStore::insert(const AuditCheckpoint& c)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("INSERT INTO audit_checkpoints(%1) VALUES(?, ?, ?, ?, ?, ?, ?)").arg(kColumns));
    query.addBindValue(c.seq);
    query.addBindValue(c.head);
    query.addBindValue(c.time);
    query.addBindValue(c.kind);
    query.addBindValue(c.archiveSha256.isNull() ? QStringLiteral("") : c.archiveSha256);
    query.addBindValue(c.keyFingerprint);
    query.addBindValue(c.signature);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot write the audit checkpoint"), query.lastError());
    return {};
}

Outcome<QList<AuditCheckpoint>> AuditCheckpointStore::list(qint64 fromSeq, qint64 toSeq)
{
    if (toSeq < 0)
        return select(m_db, QStringLiteral("WHERE seq >= ? ORDER BY seq, id"), {fromSeq});
    return select(m_db, QStringLiteral("WHERE seq >= ? AND seq <= ? ORDER BY seq, id"), {fromSeq, toSeq});
}

Outcome<std::optional<AuditCheckpoint>> AuditCheckpointStore::newest()
{
    return one(select(m_db, QStringLiteral("ORDER BY seq DESC, id DESC LIMIT 1"), {}));
}

Outcome<std::optional<AuditCheckpoint>> AuditCheckpointStore::newestAtOrBefore(qint64 seq)
{
    return one(select(m_db, QStringLiteral("WHERE seq <= ? ORDER BY seq DESC, id DESC LIMIT 1"), {seq}));
}

Outcome<std::optional<AuditCheckpoint>> AuditCheckpointStore::oldestAtOrAfter(qint64 seq)
{
    return one(select(m_db, QStringLiteral("WHERE seq >= ? ORDER BY seq, id LIMIT 1"), {seq}));
}

} // namespace custos::model
