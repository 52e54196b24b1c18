#pragma once

#include "crypto/Outcome.h"

#include <QCoro/QCoroTask>
#include <QFuture>
#include <QList>
#include <QObject>
#include <QPromise>

#include <functional>
#include <memory>

namespace custos::model {

class Database;

// Group commit for the one service path (audit issue: a single writer, one savepoint per
// operation, no result before its event is durable). Operations that reach their commit while
// the database thread is busy are collected; the next flush runs each one's work in a SAVEPOINT
// of one IMMEDIATE transaction and commits once, so N operations cost one fsync instead of N. A
// failing operation rolls back to its savepoint only. Every caller learns its outcome after the
// COMMIT: if the COMMIT fails, every operation of the group fails, and nothing of it was changed.
// Lives on the database thread; flushes run from its event loop.
class GroupCommit : public QObject
{
    Q_OBJECT
public:
    explicit GroupCommit(Database& db, QObject* parent = nullptr);
    ~GroupCommit() override; // flushes what is pending: no caller waits forever

    // Async. `work` runs inside the savepoint, on this thread, during the next flush.
    QCoro::Task<Outcome<void>> commit(std::function<Outcome<void>()> work);

    int lastGroupSize() const { return m_lastGroupSize; } // for tests and benchmarks
    qint64 groups() const { return m_groups; }

private:
    struct Job
    {
        std::function<Outcome<void>()> work;
        std::shared_ptr<QPromise<Outcome<void>>> promise;
    };
    void flush();

    Database& m_db;
    QList<Job> m_pending;
    bool m_flushScheduled = false;
    int m_lastGroupSize = 0;
    qint64 m_groups = 0;
};

} // namespace custos::model
