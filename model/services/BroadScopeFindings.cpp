#include "BroadScopeFindings_p.h"

#include "model/audit/AuditLog.h"
#include "model/authz/Permissions.h"
#include "model/store/AccessStores.h"
#include "model/store/Stores.h"

#include <QSet>

namespace custos::model {

namespace {
// A role whose use is narrowed by vault: it grants some key or certificate permission.
bool usesKeysOrCertificates(const RoleDefinition& role)
{
    for (const QString& permission : effectivePermissions(role)) {
        if (permission.startsWith(QLatin1String("keys/")) || permission.startsWith(QLatin1String("certificates/")))
            return true;
    }
    return false;
}

// Key and certificate events name their vault: /vaults/V/keys/K, /vaults/V/certificates/C.
QString vaultOf(const AuditEvent& event)
{
    const bool keyOrCertificate = event.operation.startsWith(QLatin1String("Key")) ||
                                  event.operation.startsWith(QLatin1String("Certificate")) ||
                                  event.operation.startsWith(QLatin1String("Ca"));
    if (!keyOrCertificate || !event.resource.startsWith(QLatin1String("/vaults/")))
        return {};
    const QStringList parts = event.resource.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    return parts.size() >= 2 ? QStringLiteral("/vaults/") + parts.at(1) : QString();
}
} // namespace

Outcome<QList<SodFinding>> broadScopeFindings(Database& db, const QDateTime& now)
{
    auto assignments = RoleAssignmentStore(db).list({}, QStringLiteral("/"));
    if (!assignments)
        return assignments.error();
    auto vaults = VaultStore(db).list(false);
    if (!vaults)
        return vaults.error();
    auto groups = OperatorGroupStore(db).list();
    if (!groups)
        return groups.error();

    QHash<QString, QSet<QString>> usedByOperator; // read once per operator
    auto usedBy = [&](const QString& name) -> Outcome<QSet<QString>> {
        if (auto it = usedByOperator.constFind(name); it != usedByOperator.cend())
            return it.value();
        AuditFilter filter;
        filter.principal = name;
        filter.result = AuditResult::Success;
        filter.since = now.addDays(-kBroadScopeDays);
        auto events = AuditLog(db).list(filter);
        if (!events)
            return events.error();
        QSet<QString> used;
        for (const AuditEvent& event : events.value()) {
            if (const QString vault = vaultOf(event); !vault.isEmpty())
                used.insert(vault);
        }
        usedByOperator.insert(name, used);
        return used;
    };

    QList<SodFinding> findings;
    for (const RoleAssignment& a : assignments.value()) {
        if (!a.isActiveAt(now))
            continue;
        auto role = findRoleDefinition(db, a.role);
        if (!role)
            return role.error();
        if (!role.value() || !usesKeysOrCertificates(*role.value()))
            continue;
        QStringList holders{a.principal};
        bool isGroup = false;
        for (const OperatorGroup& group : groups.value()) {
            if (group.name.compare(a.principal, Qt::CaseInsensitive) == 0) {
                holders = group.members;
                isGroup = true;
            }
        }
        QSet<QString> used;
        for (const QString& holder : holders) {
            auto usedHere = usedBy(holder);
            if (!usedHere)
                return usedHere.error();
            used.unite(usedHere.value());
        }
        if (used.isEmpty() || used.size() >= vaults->size())
            continue;
        QStringList scopes(used.cbegin(), used.cend());
        scopes.sort();
        SodFinding f;
        f.kind = SodFinding::Kind::BroadScope;
        f.principal = a.principal;
        f.isGroup = isGroup;
        f.roles = {a.role};
        f.scope = a.scope;
        f.assignmentId = a.id;
        f.usedScopes = scopes;
        f.text = QStringLiteral("%1 '%2' holds %3 at / but used it only in %4 in the last %5 days: assign it there")
                     .arg(isGroup ? QStringLiteral("group") : QStringLiteral("operator"), a.principal, a.role,
                          scopes.join(QStringLiteral(", ")))
                     .arg(kBroadScopeDays);
        findings << f;
    }
    return findings;
}

} // namespace custos::model
