// Issue 5: an authorisation decision (ServicePath::authorise for an allowed operation) with 10,000
// role assignments in the workspace: target under 20 µs median, from a cache that notices any
// change (AuthorisationCache.h). Baseline in the same run: the uncached decision, as it was read
// from SQL at every operation (the operator row, their assignments, the roles' permissions).
#include "BenchRegistry.h"
#include "BenchResults.h"
#include "BenchWorkspace.h"
#include "model/authz/Permissions.h"
#include "model/services/ServicePath.h"
#include "model/services/Services.h"
#include "model/session/Session.h"
#include "model/store/Stores.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <vector>

using namespace custos;

namespace {

constexpr int kAssignments = 10000;
constexpr int kOwn = 1000; // of them the benchmarking operator's, one per key scope
constexpr int kSamples = 20000;

QTextStream& out()
{
    return bench::log();
}

QString keyScope(int i)
{
    return QStringLiteral("/vaults/v%1/keys/k%1").arg(i, 4, 10, QLatin1Char('0'));
}

bool seed(model::Database& db)
{
    model::Transaction tx(db);
    if (!tx.begin())
        return false;
    model::RoleAssignmentStore store(db);
    for (int i = 0; i < kAssignments; ++i) {
        model::RoleAssignment a;
        const bool own = i < kOwn;
        a.principal = own ? QStringLiteral("bencher") : QStringLiteral("other-%1").arg(i % 500);
        a.role = own ? QStringLiteral("Crypto Service Encryption User") : QStringLiteral("Crypto User");
        a.scope = keyScope(i);
        if (!store.insert(a))
            return false;
    }
    return bool(tx.commit());
}

// The decision as ServicePath made it before the cache: every call reads SQL.
bool uncachedDecision(model::Database& db, const QString& operatorName, const QString& permission, const QString& scope,
                      const QDateTime& now)
{
    auto op = model::OperatorStore(db).find(operatorName);
    if (!op || !op.value() || !op.value()->enabled)
        return false;
    auto assignments = model::RoleAssignmentStore(db).list(operatorName);
    if (!assignments)
        return false;
    for (const model::RoleAssignment& a : assignments.value()) {
        const model::RoleDefinition* role = model::findBuiltInRole(a.role);
        if (a.isActiveAt(now) && role && model::roleGrants(*role, permission) && model::scopeCovers(a.scope, scope))
            return true;
    }
    return false;
}

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
    return values[values.size() / 2];
}

int authorisation()
{
    QTemporaryDir dir;
    auto ready = bench::benchWorkspace(dir.path(), {});
    if (!ready)
        return 1;
    model::Services& services = *ready->services;
    if (auto added = test::addOperatorWithRoles(services, QStringLiteral("bencher"), {}); !added) {
        out() << "operator creation failed: " << added.error().message << Qt::endl;
        return 1;
    }
    model::Database& db = ready->workspace->database();
    if (!seed(db)) {
        out() << "seeding failed" << Qt::endl;
        return 1;
    }
    if (!test::switchOperator(services, QStringLiteral("bencher"))) {
        out() << "login as bencher failed" << Qt::endl;
        return 1;
    }
    model::ServicePath& path = services.path();
    model::Operation op;
    op.name = QStringLiteral("KeyUnwrap");
    op.permission = QStringLiteral("keys/unwrap/action");
    op.scope = keyScope(kOwn - 1);
    if (auto allowed = path.authorise(op); !allowed) {
        out() << "the benchmarked operation is not allowed: " << allowed.error().message << Qt::endl;
        return 1;
    }
    if (!uncachedDecision(db, QStringLiteral("bencher"), op.permission, op.scope, path.now())) {
        out() << "the baseline decision disagrees" << Qt::endl;
        return 1;
    }

    std::vector<double> cached, uncached, afterChange;
    cached.reserve(kSamples);
    uncached.reserve(kSamples / 10);
    QElapsedTimer clock;
    // Alternating rounds, so that load on the shared machine hits both alike.
    for (int round = 0; round < 10; ++round) {
        for (int i = 0; i < kSamples / 10; ++i) {
            clock.start();
            const bool ok = bool(path.authorise(op));
            cached.push_back(clock.nsecsElapsed() / 1000.0);
            if (!ok)
                return 1;
        }
        for (int i = 0; i < kSamples / 100; ++i) {
            clock.start();
            const bool ok = uncachedDecision(db, QStringLiteral("bencher"), op.permission, op.scope, path.now());
            uncached.push_back(clock.nsecsElapsed() / 1000.0);
            if (!ok)
                return 1;
        }
        // The first decision after a change rebuilds the operator's entry.
        model::RoleAssignment touch;
        touch.principal = QStringLiteral("other-x");
        touch.role = QStringLiteral("Crypto User");
        touch.scope = QStringLiteral("/vaults/round%1").arg(round);
        if (!model::RoleAssignmentStore(db).insert(touch))
            return 1;
        clock.start();
        const bool ok = bool(path.authorise(op));
        afterChange.push_back(clock.nsecsElapsed() / 1000.0);
        if (!ok)
            return 1;
    }
    const double subject = median(cached), baseline = median(uncached);
    const QString setting = QStringLiteral("%1 role assignments, %2 the operator's")
                                .arg(bench::formatNumber(kAssignments), bench::formatNumber(kOwn));
    bench::recordTime(QStringLiteral("authorisation decision, %1: cached, median").arg(setting), subject,
                      QStringLiteral("uncached SQL decision"), baseline, bench::Target::below(20),
                      QStringLiteral("µs"));
    bench::recordTime(QStringLiteral("authorisation decision, %1: first after a change (rebuild), median").arg(setting),
                      median(afterChange), QStringLiteral("uncached SQL decision"), baseline, bench::Target::none(),
                      QStringLiteral("µs"));
    return 0;
}

} // namespace

CUSTOS_REGISTER_BENCH(authorisation, authorisation)
