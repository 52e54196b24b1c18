#include "AuthorisationCache.h"

#include "model/store/Database.h"
#include "model/store/Stores.h"

#include <QSqlError>

namespace custos::model {

namespace {

// Every scope a grant may sit at to cover `scope` (scopeCovers): "/", each prefix ending before a
// "/", and the scope itself; in lower case, as the cache keys them.
template <typename F>
bool forEachCoveringScope(const QString& scope, F&& visit)
{
    if (!scope.startsWith(QLatin1Char('/')))
        return false;
    if (visit(QStringLiteral("/")))
        return true;
    const QString lower = scope.toLower();
    for (qsizetype i = 1; i < lower.size(); ++i) {
        if (lower.at(i) == QLatin1Char('/') && visit(lower.left(i)))
            return true;
    }
    return lower.size() > 1 && !lower.endsWith(QLatin1Char('/')) && visit(lower);
}

} // namespace

Outcome<void> AuthorisationCache::checkGeneration(Database& db)
{
    QSqlDatabase& connection = db.connection();
    if (m_db != &db || m_connectionName != connection.connectionName() || !m_generationQuery) {
        m_entries.clear();
        m_haveGeneration = false;
        m_db = &db;
        m_connectionName = connection.connectionName();
        m_generationQuery = std::make_unique<QSqlQuery>(connection);
        m_generationQuery->setForwardOnly(true);
        if (!m_generationQuery->prepare(QStringLiteral("SELECT value FROM authz_generation WHERE id = 1"))) {
            const QSqlError error = m_generationQuery->lastError();
            m_generationQuery.reset();
            return sqlError(QStringLiteral("cannot read the authorisation generation"), error);
        }
    }
    QSqlQuery& query = *m_generationQuery;
    if (!query.exec() || !query.next()) {
        const QSqlError error = query.lastError();
        query.finish();
        m_generationQuery.reset(); // prepared again next time
        return sqlError(QStringLiteral("cannot read the authorisation generation"), error);
    }
    const qint64 generation = query.value(0).toLongLong();
    // Ends the statement: an open one would pin this connection's read snapshot and hide other
    // processes' commits.
    query.finish();
    if (!m_haveGeneration || generation != m_generation) {
        m_entries.clear();
        m_generation = generation;
        m_haveGeneration = true;
    }
    return {};
}

Outcome<const AuthorisationCache::Entry*> AuthorisationCache::entryFor(Database& db, const QString& operatorName)
{
    if (auto checked = checkGeneration(db); !checked)
        return checked.error();
    auto found = m_entries.constFind(operatorName);
    if (found != m_entries.constEnd())
        return &found.value();

    ++m_rebuilds;
    Entry entry;
    auto op = OperatorStore(db).find(operatorName);
    if (!op)
        return op.error();
    if (op.value()) {
        entry.exists = true;
        entry.enabled = op.value()->enabled;
        auto grants = effectiveGrants(db, operatorName);
        if (!grants)
            return grants.error();
        entry.all = grants.value();
        for (const EffectiveGrant& g : entry.all)
            entry.byScope[g.scope.toLower()].append(g);
    }
    return &m_entries.insert(operatorName, std::move(entry)).value();
}

Outcome<AuthorisationCache::Decision> AuthorisationCache::decide(Database& db, const QString& operatorName,
                                                                 const QString& permission, const QString& scope,
                                                                 const QDateTime& now)
{
    auto found = entryFor(db, operatorName);
    if (!found)
        return found.error();
    const Entry& entry = *found.value();
    Decision decision;
    decision.operatorExists = entry.exists;
    decision.operatorEnabled = entry.exists && entry.enabled;
    if (!decision.operatorEnabled)
        return decision;
    if (permission.isEmpty()) {
        decision.allowed = true; // any authenticated operator (own passphrase)
        return decision;
    }
    const int index = permissionIndex(permission);
    decision.allowed = forEachCoveringScope(scope, [&](const QString& key) {
        const auto grants = entry.byScope.constFind(key);
        if (grants == entry.byScope.constEnd())
            return false;
        for (const EffectiveGrant& g : grants.value()) {
            const bool grants = index >= 0 ? g.permissions.test(size_t(index)) : g.grants(permission);
            if (grants && g.isActiveAt(now))
                return true;
        }
        return false;
    });
    return decision;
}

Outcome<std::function<bool(const QString&)>> AuthorisationCache::allowedScopes(Database& db,
                                                                               const QString& operatorName,
                                                                               const QString& permission,
                                                                               const QDateTime& now)
{
    using Filter = std::function<bool(const QString&)>;
    auto found = entryFor(db, operatorName);
    if (!found)
        return found.error();
    const Entry& entry = *found.value();
    if (!entry.exists || !entry.enabled)
        return Filter([](const QString&) { return false; });
    if (permission.isEmpty())
        return Filter([](const QString&) { return true; });
    QStringList granting;
    for (const EffectiveGrant& g : entry.all) {
        if (g.isActiveAt(now) && g.grants(permission))
            granting << g.scope;
    }
    return Filter([granting](const QString& scope) {
        for (const QString& assigned : granting) {
            if (scopeCovers(assigned, scope))
                return true;
        }
        return false;
    });
}

} // namespace custos::model
