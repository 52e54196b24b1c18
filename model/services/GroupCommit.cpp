#include "GroupCommit.h"

#include "model/store/Database.h"

#include <QCoro/QCoroFuture>
#include <QSqlError>
#include <QSqlQuery>

namespace custos::model {

GroupCommit::GroupCommit(Database& db, QObject* parent) : QObject(parent), m_db(db) {}

GroupCommit::~GroupCommit()
{
    if (!m_pending.isEmpty())
        flush();
}

QCoro::Task<Outcome<void>> GroupCommit::commit(std::function<Outcome<void>()> work)
{
    auto promise = std::make_shared<QPromise<Outcome<void>>>();
    promise->start();
    QFuture<Outcome<void>> done = promise->future();
    m_pending.append(Job{std::move(work), std::move(promise)});
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        // Queued: operations whose engine results are already waiting in the event queue reach
        // their commit before this flush runs, and join the group.
        QMetaObject::invokeMethod(this, &GroupCommit::flush, Qt::QueuedConnection);
    }
    // The promise is always finished with a value, never cancelled (QCoro 0.8 cannot await that).
    Outcome<void> outcome = co_await done;
    co_return outcome;
}

void GroupCommit::flush()
{
    m_flushScheduled = false;
    const QList<Job> jobs = std::exchange(m_pending, {});
    if (jobs.isEmpty())
        return;
    m_lastGroupSize = int(jobs.size());
    ++m_groups;
    QList<Outcome<void>> outcomes;
    outcomes.reserve(jobs.size());
    Transaction tx(m_db);
    const Outcome<void> begun = tx.begin();
    for (const Job& job : jobs) {
        if (!begun) {
            outcomes << begun.error();
            continue;
        }
        auto savepoint = m_db.cachedQuery("savepoint", QStringLiteral("SAVEPOINT operation"));
        if (!savepoint || !savepoint.value()->exec()) {
            outcomes << (savepoint ? sqlError(QStringLiteral("cannot begin the operation's savepoint"),
                                              savepoint.value()->lastError())
                                   : savepoint.error());
            continue;
        }
        Outcome<void> outcome = job.work();
        if (!outcome)
            QSqlQuery(m_db.connection()).exec(QStringLiteral("ROLLBACK TO operation"));
        if (auto release = m_db.cachedQuery("release", QStringLiteral("RELEASE operation")); release)
            release.value()->exec();
        else
            QSqlQuery(m_db.connection()).exec(QStringLiteral("RELEASE operation"));
        outcomes << outcome;
    }
    if (begun) {
        if (auto committed = tx.commit(); !committed) {
            for (Outcome<void>& outcome : outcomes) {
                if (outcome)
                    outcome = makeError(ErrorKind::Failed,
                                        QStringLiteral("the change could not be committed, nothing was changed: ") +
                                            committed.error().message);
            }
        }
    }
    for (qsizetype i = 0; i < jobs.size(); ++i) {
        jobs[i].promise->addResult(outcomes[i]);
        jobs[i].promise->finish();
    }
}

} // namespace custos::model
