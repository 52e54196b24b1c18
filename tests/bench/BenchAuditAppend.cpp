// Issue 6: durable audit events per second through the one service path (authorise, then persist
// and append the event in a savepoint of a group commit; WAL, synchronous=FULL; no caller learns
// its result before its event is durable), 8 callers at once, against a plain SQLite loop that
// inserts one row per transaction with the same pragmas on the same disk. Target >= 4.
#include "BenchRegistry.h"
#include "BenchResults.h"
#include "BenchTiming.h"
#include "BenchWorkspace.h"
#include "model/services/ServicePath.h"

#include <QCoro/QCoroTask>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <ctime>

using namespace custos;

namespace {

constexpr int kCallers = 8;
constexpr double kSeconds = 2.0;

QTextStream& out()
{
    return bench::log();
}

struct Counter
{
    long done = 0;
    bool failed = false;
    QString error;
    bool stop = false;
    int running = 0;
};

// An audited operation without token work: what remains is authorisation and the durable event.
QCoro::Task<void> caller(model::ServicePath& path, int id, Counter* counter)
{
    ++counter->running;
    long n = 0;
    while (!counter->stop) {
        model::Operation op;
        op.name = QStringLiteral("BenchAppend");
        op.resource = QStringLiteral("/bench/caller-%1").arg(id);
        op.details = {{QStringLiteral("caller"), id}, {QStringLiteral("n"), qint64(++n)}};
        model::Steps<int> steps;
        steps.persist = [](model::Database&, QJsonObject&) -> Outcome<int> { return 0; };
        auto task = path.run(op, steps);
        auto done = co_await task;
        if (!done) {
            counter->failed = true;
            counter->error = done.error().message;
            break;
        }
        ++counter->done;
    }
    --counter->running;
}

double cpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + t.tv_nsec / 1e9;
}

bench::Throughput servicePath(model::ServicePath& path, double seconds)
{
    const double cpuBefore = cpuSeconds();
    Counter counter;
    const qint64 groupsBefore = path.groupCommit().groups();
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < kCallers; ++i)
        caller(path, i, &counter);
    QEventLoop loop;
    QTimer::singleShot(int(seconds * 1000), &loop, [&] { counter.stop = true; });
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (counter.stop && counter.running == 0)
            loop.quit();
    });
    poll.start(5);
    loop.exec();
    if (counter.failed)
        out() << "service call failed: " << counter.error << Qt::endl;
    const qint64 groups = path.groupCommit().groups() - groupsBefore;
    // CPU per event tells a slow disk (fsync waits) from a slow path (the CPU the path costs).
    const double cpuPerEvent = counter.done ? (cpuSeconds() - cpuBefore) / counter.done * 1e6 : 0;
    out() << "  service path: " << counter.done << " events in " << groups << " commits ("
          << (groups ? double(counter.done) / groups : 0) << " per commit), " << qRound(cpuPerEvent)
          << " us CPU per event" << Qt::endl;
    return bench::Throughput{counter.done / (clock.elapsed() / 1000.0), counter.done, !counter.failed};
}

// One row per transaction, WAL and synchronous=FULL, a row the size of an audit event.
bench::Throughput plainInserts(const QString& file, double seconds)
{
    bench::Throughput result{0, 0, false};
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench-plain"));
        db.setDatabaseName(file);
        if (!db.open())
            return result;
        QSqlQuery q(db);
        for (const char* sql : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL",
                                "CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)"}) {
            if (!q.exec(QString::fromLatin1(sql))) {
                out() << "plain insert setup failed: " << q.lastError().text() << Qt::endl;
                return result;
            }
        }
        const QString body(400, QLatin1Char('x'));
        QSqlQuery insert(db);
        insert.prepare(QStringLiteral("INSERT INTO events (body) VALUES (?)"));
        QElapsedTimer clock;
        clock.start();
        long done = 0;
        bool ok = true;
        while (clock.elapsed() < seconds * 1000) {
            ok = db.transaction();
            insert.addBindValue(body);
            ok = ok && insert.exec() && db.commit();
            if (!ok)
                break;
            ++done;
        }
        result = bench::Throughput{done / (clock.elapsed() / 1000.0), done, ok};
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-plain"));
    return result;
}

int auditAppend()
{
    QTemporaryDir dir(QDir::currentPath() + QStringLiteral("/bench-audit-XXXXXX")); // a real disk, not tmpfs
    auto ready = bench::benchWorkspace(dir.path(), {});
    if (!ready)
        return 1;
    model::ServicePath& path = ready->services->path();
    bench::Comparison run;
    double subjectSeconds = 0, baselineSeconds = 0;
    for (int round = 0; round < 3; ++round) {
        const auto s = servicePath(path, kSeconds);
        const auto b = plainInserts(dir.filePath(QStringLiteral("plain.db")), kSeconds);
        run.subject.ok = run.subject.ok && s.ok;
        run.baseline.ok = run.baseline.ok && b.ok;
        run.subject.operations += s.operations;
        run.baseline.operations += b.operations;
        subjectSeconds += s.perSecond > 0 ? s.operations / s.perSecond : 0;
        baselineSeconds += b.perSecond > 0 ? b.operations / b.perSecond : 0;
    }
    run.subject.perSecond = subjectSeconds > 0 ? run.subject.operations / subjectSeconds : 0;
    run.baseline.perSecond = baselineSeconds > 0 ? run.baseline.operations / baselineSeconds : 0;
    bench::recordRate(
        QStringLiteral("audit append, %1 callers, WAL + synchronous=FULL: service path, group commit").arg(kCallers),
        run.subject, QStringLiteral("plain one-row transactions"), run.baseline, bench::Target::ratioAtLeast(4.0),
        QStringLiteral("events/s"));
    return run.subject.ok && run.baseline.ok ? 0 : 1;
}

} // namespace

CUSTOS_REGISTER_BENCH(audit_append, auditAppend)
