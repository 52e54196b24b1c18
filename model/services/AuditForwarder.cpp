#include "AuditForwarder.h"

#include "ServicePath.h"
#include "model/audit/AuditFormats.h"
#include "model/audit/AuditLog.h"
#include "model/audit/SyslogTransport.h"
#include "model/store/Database.h"
#include "model/store/Stores.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QtConcurrent/QtConcurrentRun>

namespace custos::model {

namespace {

struct BatchBounds
{
    qint64 lastSeq = 0; // 0: nothing pending
    qint64 lastTime = 0;
};

Outcome<qint64> headSeq(Database& db)
{
    QSqlQuery query(db.connection());
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM audit_events")) || !query.next())
        return sqlError(QStringLiteral("cannot read the audit trail"), query.lastError());
    return query.value(0).toLongLong();
}

// The next `size` events after `after`, oldest first, up to `through`. AuditFilter's limit keeps
// the newest events, so the batch is bounded by the newest time among its seqs and trimmed to its
// seq range here (time need not grow with seq: a clock step back only widens the read).
Outcome<QList<AuditEvent>> readBatch(Database& db, qint64 after, qint64 through, int size)
{
    QSqlQuery query(db.connection());
    query.prepare(QStringLiteral("SELECT MAX(seq), MAX(time) FROM (SELECT seq, time FROM audit_events"
                                 " WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?)"));
    query.addBindValue(after);
    query.addBindValue(through);
    query.addBindValue(size);
    if (!query.exec() || !query.next())
        return sqlError(QStringLiteral("cannot read the audit trail"), query.lastError());
    if (query.value(0).isNull())
        return QList<AuditEvent>{};
    const BatchBounds bounds{query.value(0).toLongLong(), query.value(1).toLongLong()};

    AuditFilter filter;
    filter.afterSeq = after;
    filter.until = QDateTime::fromMSecsSinceEpoch(bounds.lastTime, Qt::UTC);
    auto events = AuditLog(db).list(filter);
    if (!events)
        return events.error();
    QList<AuditEvent> batch;
    batch.reserve(size);
    for (AuditEvent& event : events.value()) {
        if (event.seq <= bounds.lastSeq)
            batch << std::move(event);
    }
    return batch;
}

} // namespace

AuditForwarder::AuditForwarder(ServicePath& path) : m_path(path) {}

QString AuditForwarder::cursorKey(const QString& normalisedUrl)
{
    return QStringLiteral("audit.forward.") + normalisedUrl;
}

QCoro::Task<Outcome<AuditForwardResult>> AuditForwarder::forward(QString url, OperationContext context)
{
    Operation op;
    op.name = QStringLiteral("AuditForward");
    op.permission = QStringLiteral("audit/forward");
    op.context = context;
    op.details = {{QStringLiteral("target"), url}};
    // Nothing leaves the workstation before the permission is established.
    if (auto allowed = m_path.authorise(op); !allowed)
        co_return allowed.error();

    const auto parsed = SyslogTarget::parse(url);
    if (!parsed)
        co_return m_path.recordFailure(op, parsed.error());
    const SyslogTarget target = parsed.value();
    AuditForwardResult result;
    result.target = target.url();
    op.details.insert(QStringLiteral("target"), result.target);
    const QString key = cursorKey(result.target);

    auto resolving = QtConcurrent::run([target] { return SyslogTransport::resolve(target); });
    const Outcome<SyslogAddress> address = co_await resolving;
    if (!address)
        co_return m_path.recordFailure(op, address.error());

    Database& db = m_path.database();
    const auto stored = SettingsStore(db).get(key);
    if (!stored)
        co_return m_path.recordFailure(op, stored.error());
    qint64 cursor = stored.value() ? stored.value()->toLongLong() : 0;
    const auto head = headSeq(db);
    if (!head)
        co_return m_path.recordFailure(op, head.error());

    const QString procId = QString::number(QCoreApplication::applicationPid());
    auto noteProgress = [&op, &result] {
        op.details.insert(QStringLiteral("firstSeq"), result.firstSeq);
        op.details.insert(QStringLiteral("lastSeq"), result.lastSeq);
        op.details.insert(QStringLiteral("count"), result.count);
    };
    while (cursor < head.value()) {
        const auto batch = readBatch(db, cursor, head.value(), m_batchSize);
        if (!batch) {
            noteProgress();
            co_return m_path.recordFailure(op, batch.error());
        }
        if (batch->isEmpty())
            break;
        QList<QByteArray> messages;
        messages.reserve(batch->size());
        for (const AuditEvent& event : batch.value())
            messages << AuditFormats::syslogMessage(event, procId);

        const SyslogAddress to = address.value();
        const std::chrono::milliseconds timeout = m_timeout;
        auto sending = QtConcurrent::run(
            [target, to, messages, timeout] { return SyslogTransport::send(target, to, messages, timeout); });
        const Outcome<void> sent = co_await sending;
        if (!sent) {
            noteProgress();
            co_return m_path.recordFailure(op, sent.error());
        }

        // Durable before the next batch goes out: a restart resumes right after this one.
        const qint64 last = batch->last().seq;
        auto advance = [&db, key, last]() -> Outcome<void> {
            return SettingsStore(db).set(key, QString::number(last));
        };
        auto advancing = m_path.groupCommit().commit(advance);
        const Outcome<void> advanced = co_await advancing;
        if (!advanced) {
            noteProgress();
            co_return m_path.recordFailure(
                op, makeError(ErrorKind::Failed, QStringLiteral("events up to %1 were sent but the forwarding cursor "
                                                                "could not be saved (they will be sent again): %2")
                                                     .arg(last)
                                                     .arg(advanced.error().message)));
        }
        if (result.firstSeq == 0)
            result.firstSeq = batch->first().seq;
        result.lastSeq = last;
        result.count += batch->size();
        cursor = last;
    }

    noteProgress();
    Steps<AuditForwardResult> steps;
    steps.persist = [result](Database&, QJsonObject&) -> Outcome<AuditForwardResult> { return result; };
    auto recording = m_path.run(op, steps);
    Outcome<AuditForwardResult> recorded = co_await recording;
    co_return recorded;
}

} // namespace custos::model
