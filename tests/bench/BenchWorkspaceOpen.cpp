// Issue 10: opening a workspace with 10,000 keys, 10,000 certificates, 10,000 role assignments,
// 1,000 vaults and 1,000,000 audit events (BenchBigWorkspace.h: seeded with SQL, consistent: the
// keys are usable, the audit chain verifies) as the GUI does: ServiceHost::open (the database,
// its migrations check and the services) then login (KDF, token, session). Baselines in the same
// run: the same on a workspace with nothing seeded; and, for the open alone, a raw SQLite open of
// the same file that counts the rows of its main tables (no schema check, no services). The
// files are in the OS page cache (just written): a cold start after a reboot reads them from disk
// first. The test workspace's KDF costs 1 MiB; a real one's (64 MiB or more) adds its own time.
#include "BenchBigWorkspace.h"
#include "BenchRegistry.h"
#include "BenchResults.h"
#include "BenchWorkspace.h"
#include "model/session/ServiceHost.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <algorithm>

using namespace custos;

namespace {

constexpr int kRounds = 5;

struct OpenTimes
{
    double openMs = -1;
    double loginMs = -1;
};

OpenTimes openAndLogin(const QString& directory)
{
    OpenTimes times;
    model::ServiceHost host;
    QElapsedTimer clock;
    clock.start();
    auto opened = test::await(host.open(directory));
    if (!opened) {
        bench::log() << "open failed: " << opened.error().message << Qt::endl;
        return times;
    }
    times.openMs = clock.nsecsElapsed() / 1e6;
    clock.restart();
    auto login = test::await(host.login(QStringLiteral("admin"), test::secret(test::kTestPassphrase), false));
    if (!login) {
        bench::log() << "login failed: " << login.error().message << Qt::endl;
        return OpenTimes{};
    }
    times.loginMs = clock.nsecsElapsed() / 1e6;
    return times; // the host logs out and closes, untimed
}

// The raw baseline: open the file with SQLite and count the rows of the tables the workspace holds.
double rawOpenAndCount(const QString& directory, QString* counts)
{
    QElapsedTimer clock;
    clock.start();
    double ms = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench-raw-open"));
        db.setDatabaseName(QDir(directory).filePath(QLatin1String(model::kDatabaseFileName)));
        if (db.open()) {
            QSqlQuery q(db);
            QStringList found;
            bool ok = true;
            for (const char* table : {"vaults", "keys", "key_versions", "certificates", "certificate_versions",
                                      "role_assignments", "audit_events"}) {
                ok = ok && q.exec(QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table))) && q.next();
                if (ok)
                    found << QStringLiteral("%1 %2").arg(QLatin1String(table)).arg(q.value(0).toLongLong());
            }
            q.finish();
            if (ok) {
                ms = clock.nsecsElapsed() / 1e6;
                *counts = found.join(QStringLiteral(", "));
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-raw-open"));
    return ms;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? -1 : values.at(values.size() / 2);
}

int workspaceOpen()
{
    const bench::SizedWorkspace* big = bench::bigWorkspace();
    const bench::SizedWorkspace* empty = bench::emptyWorkspace();
    if (!big || !empty) {
        bench::recordFailure(QStringLiteral("workspace open"), QStringLiteral("the workspaces could not be made"));
        return 1;
    }
    openAndLogin(big->directory); // warm-up: plugins, the module, the page cache
    openAndLogin(empty->directory);
    QList<double> bigOpen, bigTotal, emptyOpen, emptyTotal, raw;
    QString counts;
    for (int round = 0; round < kRounds; ++round) {
        const OpenTimes b = openAndLogin(big->directory);
        const OpenTimes e = openAndLogin(empty->directory);
        const double r = rawOpenAndCount(big->directory, &counts);
        if (b.loginMs < 0 || e.loginMs < 0 || r < 0) {
            bench::recordFailure(QStringLiteral("workspace open"), QStringLiteral("an open failed (see the log)"));
            return 1;
        }
        bigOpen << b.openMs;
        bigTotal << b.openMs + b.loginMs;
        emptyOpen << e.openMs;
        emptyTotal << e.openMs + e.loginMs;
        raw << r;
    }
    bench::log() << "  raw count: " << counts << Qt::endl;
    const QString what = QStringLiteral("(%1)").arg(big->description);
    bench::recordTime(QStringLiteral("workspace open + login (ServiceHost) %1, median of %2").arg(what).arg(kRounds),
                      median(bigTotal), QStringLiteral("the same, nothing seeded"), median(emptyTotal));
    bench::recordTime(QStringLiteral("workspace open only (ServiceHost::open) %1, median of %2").arg(what).arg(kRounds),
                      median(bigOpen), QStringLiteral("raw SQLite open + count(*) of 7 tables"), median(raw));
    bench::recordTime(
        QStringLiteral("workspace open only (ServiceHost::open), nothing seeded, median of %1").arg(kRounds),
        median(emptyOpen), QString(), 0);
    return 0;
}

} // namespace

CUSTOS_REGISTER_BENCH(workspace_open, workspaceOpen)
