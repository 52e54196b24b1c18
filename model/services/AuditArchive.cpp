// `audit archive`: the only way events leave the database.
#include "AuditService.h"

#include "ServicePath.h"
#include "crypto/Digest.h"
#include "crypto/pkcs11/Token.h"
#include "model/audit/AuditCheckpoints.h"
#include "model/session/Workspace.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>

namespace custos::model {

namespace {

QByteArray line(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

Outcome<void> exec(Database& db, const QString& sql)
{
    QSqlQuery query(db.connection());
    if (!query.exec(sql))
        return sqlError(QStringLiteral("cannot archive the audit events"), query.lastError());
    return {};
}

// The archive file: the events firstLive..last in full and the checkpoints among them, the live
// trail's start checkpoint when it is not event 1, and a fresh "archive-seal" checkpoint of the last
// event. Verifies with verifyAuditFile.
Outcome<QByteArray> archiveBytes(Database& db, crypto::Token& token, qint64 firstLive, qint64 last,
                                 const QString& lastHash)
{
    AuditFilter filter;
    filter.afterSeq = firstLive - 1;
    auto events = AuditLog(db).list(filter);
    if (!events)
        return events.error();
    QByteArray out = line({{QStringLiteral("custosAuditArchive"), 1},
                           {QStringLiteral("firstSeq"), QJsonValue(firstLive)},
                           {QStringLiteral("lastSeq"), QJsonValue(last)}});
    auto checkpoints = AuditCheckpointStore(db).list(firstLive - 1, last);
    if (!checkpoints)
        return checkpoints.error();
    for (const AuditCheckpoint& c : checkpoints.value())
        if (c.seq == firstLive - 1)
            out += line({{QStringLiteral("checkpoint"), c.toJson()}});
    qsizetype next = 0;
    const QList<AuditCheckpoint>& cps = checkpoints.value();
    for (const AuditEvent& e : events.value()) {
        if (e.seq > last)
            break;
        QJsonObject object = AuditLog::toJson(e);
        out += line(object);
        while (next < cps.size() && cps[next].seq <= e.seq) {
            if (cps[next].seq >= firstLive)
                out += line({{QStringLiteral("checkpoint"), cps[next].toJson()}});
            ++next;
        }
    }
    // The seal is signed but not stored: the link checkpoint below is the database's record.
    auto seal = AuditCheckpoints::sign(db, token, last, lastHash, QStringLiteral("archive-seal"), {}, false);
    if (!seal)
        return seal.error();
    out += line({{QStringLiteral("checkpoint"), seal->toJson()}});
    return out;
}

} // namespace

QCoro::Task<Outcome<AuditArchiveResult>> AuditService::archive(QDateTime before, QString path, OperationContext context)
{
    Operation op;
    op.name = QStringLiteral("AuditArchive");
    op.permission = QStringLiteral("audit/archive");
    op.protectedAs = QStringLiteral("audit-archive");
    op.context = context;
    op.details = {{QStringLiteral("before"), before.toUTC().toString(Qt::ISODateWithMs)},
                  {QStringLiteral("file"), path}};
    auto written = std::make_shared<bool>(false);
    Workspace* workspace = &m_path.workspace();
    Steps<AuditArchiveResult> steps;
    steps.precheck = [before](Database& db) -> Outcome<void> {
        QSqlQuery query(db.connection());
        query.prepare(QStringLiteral("SELECT count(*) FROM audit_events WHERE time < ?"));
        query.addBindValue(before.toMSecsSinceEpoch());
        if (!query.exec() || !query.next())
            return sqlError(QStringLiteral("cannot read the audit trail"), query.lastError());
        if (query.value(0).toLongLong() == 0)
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("no audit events before %1 to archive").arg(before.toUTC().toString(Qt::ISODate)));
        return {};
    };
    steps.persist = [before, path, written, workspace](Database& db,
                                                       QJsonObject& details) -> Outcome<AuditArchiveResult> {
        crypto::Token* token = workspace->token();
        if (!token)
            return makeError(ErrorKind::Failed, QStringLiteral("the token is not open: log in first"));
        QSqlQuery range(db.connection());
        range.prepare(QStringLiteral("SELECT min(seq), max(seq) FROM audit_events WHERE time < ?"));
        range.addBindValue(before.toMSecsSinceEpoch());
        if (!range.exec() || !range.next() || range.value(1).isNull())
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("no audit events before %1 to archive").arg(before.toUTC().toString(Qt::ISODate)));
        const qint64 firstLive = range.value(0).toLongLong();
        qint64 last = range.value(1).toLongLong();
        // Events are in time order, but clocks are not: archive a prefix of the chain only.
        QSqlQuery head(db.connection());
        head.prepare(QStringLiteral("SELECT hash FROM audit_events WHERE seq = ?"));
        head.addBindValue(last);
        if (!head.exec() || !head.next())
            return sqlError(QStringLiteral("cannot read the audit trail"), head.lastError());
        const QString lastHash = head.value(0).toString();

        auto bytes = archiveBytes(db, *token, firstLive, last, lastHash);
        if (!bytes)
            return bytes.error();
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes.value()) != bytes->size() || !file.commit())
            return makeError(ErrorKind::Failed, QStringLiteral("cannot write '%1': %2").arg(path, file.errorString()));
        *written = true;
        const QString sha = QString::fromLatin1(crypto::sha256(bytes.value()).toHex());

        auto link = AuditCheckpoints::sign(db, *token, last, lastHash, QStringLiteral("archive"), sha);
        if (!link)
            return link.error();
        // The one delete of the trail: the trigger that forbids it is lifted inside this savepoint.
        for (const QString& sql : {QStringLiteral("DROP TRIGGER audit_events_no_delete"),
                                   QStringLiteral("DELETE FROM audit_events WHERE seq <= %1").arg(last),
                                   QStringLiteral("CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events"
                                                  " BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END")}) {
            if (auto done = exec(db, sql); !done)
                return done.error();
        }
        AuditArchiveResult result{last - firstLive + 1, last, sha};
        details.insert(QStringLiteral("events"), result.events);
        details.insert(QStringLiteral("firstSeq"), firstLive);
        details.insert(QStringLiteral("lastSeq"), last);
        details.insert(QStringLiteral("sha256"), sha);
        return result;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (!result && *written)
        QFile::remove(path); // archived only if the events left the database with their event
    co_return result;
}

} // namespace custos::model
