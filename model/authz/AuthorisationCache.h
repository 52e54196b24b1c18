#pragma once

#include "EffectiveGrants.h"

#include <QDateTime>
#include <QHash>
#include <QSqlQuery>
#include <QString>

#include <functional>
#include <memory>

namespace custos::model {

class Database;

// The authorisation decisions of one database connection, in memory: per operator, whether they
// exist and are enabled and their effective grants (own and through groups) indexed by scope.
// Before each decision it reads the generation the schema's triggers renew on any change to
// operators, assignments, role definitions or groups, by this connection or another process, and
// rebuilds when it moved. Expiry is kept per grant and evaluated at decision time, so an
// assignment that expires stops counting at the very next decision.
class AuthorisationCache
{
public:
    struct Decision
    {
        bool operatorExists = false;
        bool operatorEnabled = false;
        bool allowed = false;
    };

    Outcome<Decision> decide(Database& db, const QString& operatorName, const QString& permission, const QString& scope,
                             const QDateTime& now);
    // The scopes where the permission holds, for one call (a list filter).
    Outcome<std::function<bool(const QString& scope)>> allowedScopes(Database& db, const QString& operatorName,
                                                                     const QString& permission, const QDateTime& now);
    quint64 rebuilds() const { return m_rebuilds; } // for tests and the benchmark

private:
    struct Entry
    {
        bool exists = false;
        bool enabled = false;
        QHash<QString, QList<EffectiveGrant>> byScope; // key: scope in lower case
        QList<EffectiveGrant> all;
    };
    Outcome<const Entry*> entryFor(Database& db, const QString& operatorName);
    Outcome<void> checkGeneration(Database& db);

    Database* m_db = nullptr;
    QString m_connectionName;
    std::unique_ptr<QSqlQuery> m_generationQuery; // prepared once per connection
    qint64 m_generation = 0;
    bool m_haveGeneration = false;
    QHash<QString, Entry> m_entries;
    quint64 m_rebuilds = 0;
};

} // namespace custos::model
