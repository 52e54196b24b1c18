#include "AccessService.h"

#include "BroadScopeFindings_p.h"
#include "ServicePath.h"
#include "model/store/AccessStores.h"
#include "model/store/Stores.h"

#include <QHash>
#include <QMap>

namespace custos::model {

namespace {

Outcome<void> authoriseRead(ServicePath& path, const QString& name, const QString& scope, const QJsonObject& details)
{
    Operation op;
    op.name = name;
    op.permission = QStringLiteral("roleAssignments/read/action");
    op.scope = scope;
    op.details = details;
    return path.authorise(op);
}

// Every assignment with its role resolved, and every group's members.
struct AssignmentView
{
    QList<RoleAssignment> assignments;
    QHash<QString, RoleDefinition> roles; // by name; unknown roles absent
    QHash<QString, QStringList> members;  // group (lower case) -> members
    QHash<QString, QString> groupNames;   // lower case -> canonical
    QHash<QString, bool> operators;       // name -> enabled
};

Outcome<AssignmentView> snapshot(Database& db)
{
    AssignmentView s;
    auto assignments = RoleAssignmentStore(db).list();
    if (!assignments)
        return assignments.error();
    s.assignments = assignments.value();
    auto groups = OperatorGroupStore(db).list();
    if (!groups)
        return groups.error();
    for (const OperatorGroup& g : groups.value()) {
        s.members.insert(g.name.toLower(), g.members);
        s.groupNames.insert(g.name.toLower(), g.name);
    }
    auto operators = OperatorStore(db).list();
    if (!operators)
        return operators.error();
    for (const Operator& op : operators.value())
        s.operators.insert(op.name, op.enabled);
    for (const RoleAssignment& a : s.assignments) {
        if (s.roles.contains(a.role))
            continue;
        auto role = findRoleDefinition(db, a.role);
        if (!role)
            return role.error();
        if (role.value())
            s.roles.insert(a.role, *role.value());
    }
    return s;
}

bool isCryptoRole(const QString& role)
{
    return role == QLatin1String("Crypto Officer") || role == QLatin1String("Crypto User") ||
           role == QLatin1String("Crypto Service Encryption User");
}

} // namespace

AccessService::AccessService(ServicePath& path, QObject* parent) : QObject(parent), m_path(path) {}

Outcome<QList<AccessHolder>> AccessService::who(const QString& scope, const QString& permission)
{
    if (!isValidScope(scope))
        return makeError(ErrorKind::Invalid, QStringLiteral("invalid scope '%1': expected /, /vaults/V, "
                                                            "/vaults/V/keys/K or /vaults/V/certificates/C")
                                                 .arg(scope));
    if (permissionIndex(permission) < 0)
        return makeError(ErrorKind::Invalid, QStringLiteral("unknown permission '%1': expected a permission of "
                                                            "ROLES.md, e.g. keys/sign/action")
                                                 .arg(permission));
    if (auto allowed =
            authoriseRead(m_path, QStringLiteral("AccessWho"), scope, {{QStringLiteral("permission"), permission}});
        !allowed)
        return allowed.error();
    auto s = snapshot(m_path.database());
    if (!s)
        return s.error();
    const QDateTime now = m_path.now();
    QList<AccessHolder> holders;
    for (const RoleAssignment& a : s->assignments) {
        const auto role = s->roles.constFind(a.role);
        if (role == s->roles.constEnd() || !a.isActiveAt(now) || !roleGrants(*role, permission) ||
            !scopeCovers(a.scope, scope))
            continue;
        AccessHolder holder{{}, true, {}, a.role, a.scope, a.id, a.expires};
        if (s->operators.contains(a.principal)) {
            holder.operatorName = a.principal;
            holder.enabled = s->operators.value(a.principal);
            holders << holder;
        } else if (s->members.contains(a.principal.toLower())) {
            holder.group = s->groupNames.value(a.principal.toLower());
            for (const QString& member : s->members.value(a.principal.toLower())) {
                holder.operatorName = member;
                holder.enabled = s->operators.value(member, false);
                holders << holder;
            }
        }
    }
    std::stable_sort(holders.begin(), holders.end(),
                     [](const AccessHolder& a, const AccessHolder& b) { return a.operatorName < b.operatorName; });
    return holders;
}

Outcome<QList<ScopeAccess>> AccessService::what(const QString& principal)
{
    if (auto allowed = authoriseRead(m_path, QStringLiteral("AccessWhat"), QStringLiteral("/"),
                                     {{QStringLiteral("principal"), principal}});
        !allowed)
        return allowed.error();
    Database& db = m_path.database();
    auto op = OperatorStore(db).find(principal);
    if (!op)
        return op.error();
    QString name = principal;
    if (op.value()) {
        name = op.value()->name;
    } else {
        auto group = OperatorGroupStore(db).find(principal);
        if (!group)
            return group.error();
        if (!group.value())
            return makeError(ErrorKind::NotFound, QStringLiteral("principal '%1' not found: expected an operator or "
                                                                 "an operator group")
                                                      .arg(principal));
        name = group.value()->name;
    }
    auto grants = effectiveGrants(db, name);
    if (!grants)
        return grants.error();
    const QDateTime now = m_path.now();
    QMap<QString, ScopeAccess> byScope; // ordered by scope
    QMap<QString, PermissionSet> sets;
    for (const EffectiveGrant& g : grants.value()) {
        if (!g.isActiveAt(now))
            continue;
        ScopeAccess& access = byScope[g.scope];
        access.scope = g.scope;
        access.via << g;
        sets[g.scope] |= g.permissions;
    }
    QList<ScopeAccess> result;
    for (auto it = byScope.begin(); it != byScope.end(); ++it) {
        it->permissions = permissionNames(sets.value(it.key()));
        result << it.value();
    }
    return result;
}

Outcome<QList<SodFinding>> AccessService::sodReport(int expiringWithinDays)
{
    if (auto allowed = authoriseRead(m_path, QStringLiteral("RoleSodReport"), QStringLiteral("/"), {}); !allowed)
        return allowed.error();
    auto s = snapshot(m_path.database());
    if (!s)
        return s.error();
    const QDateTime now = m_path.now();

    // Roles per principal: operators through their groups too; groups on their own.
    struct Held
    {
        bool isGroup = false;
        QMap<QString, QString> roles; // role -> "direct" or "group G" (the first found)
    };
    QMap<QString, Held> held;
    for (const RoleAssignment& a : s->assignments) {
        if (!a.isActiveAt(now))
            continue;
        if (s->operators.contains(a.principal)) {
            Held& h = held[a.principal];
            if (!h.roles.contains(a.role) || h.roles.value(a.role) != QLatin1String("direct"))
                h.roles.insert(a.role, QStringLiteral("direct"));
        } else if (s->members.contains(a.principal.toLower())) {
            const QString group = s->groupNames.value(a.principal.toLower());
            Held& g = held[group];
            g.isGroup = true;
            g.roles.insert(a.role, QStringLiteral("direct"));
            for (const QString& member : s->members.value(a.principal.toLower())) {
                Held& h = held[member];
                if (!h.roles.contains(a.role))
                    h.roles.insert(a.role, QStringLiteral("group ") + group);
            }
        }
    }
    QList<SodFinding> findings;
    auto conflict = [&](const QString& principal, const Held& h, const QString& first, const QString& second) {
        SodFinding f;
        f.principal = principal;
        f.isGroup = h.isGroup;
        f.roles = {first, second};
        f.through = {h.roles.value(first), h.roles.value(second)};
        f.text = QStringLiteral("%1 '%2' holds %3 (%4) and %5 (%6)")
                     .arg(h.isGroup ? QStringLiteral("group") : QStringLiteral("operator"), principal, first,
                          f.through.at(0), second, f.through.at(1));
        findings << f;
    };
    const QString admin = QStringLiteral("Administrator"), officer = QStringLiteral("Crypto Officer"),
                  user = QStringLiteral("Crypto User"), policy = QStringLiteral("Policy Administrator");
    for (auto it = held.cbegin(); it != held.cend(); ++it) {
        const Held& h = it.value();
        if (h.roles.contains(admin) && h.roles.contains(user))
            conflict(it.key(), h, admin, user);
        if (h.roles.contains(officer) && h.roles.contains(user))
            conflict(it.key(), h, officer, user);
        if (h.roles.contains(policy)) {
            for (auto role = h.roles.cbegin(); role != h.roles.cend(); ++role) {
                if (isCryptoRole(role.key()))
                    conflict(it.key(), h, policy, role.key());
            }
        }
    }
    const QDateTime horizon = now.addDays(expiringWithinDays);
    for (const RoleAssignment& a : s->assignments) {
        if (!a.expires.isValid() || !a.isActiveAt(now) || a.expires > horizon)
            continue;
        SodFinding f;
        f.kind = SodFinding::Kind::Expiring;
        f.principal = a.principal;
        f.isGroup = !s->operators.contains(a.principal);
        f.roles = {a.role};
        f.scope = a.scope;
        f.expires = a.expires;
        f.assignmentId = a.id;
        f.text = QStringLiteral("%1 at %2 for '%3' expires %4")
                     .arg(a.role, a.scope, a.principal,
                          a.expires.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")));
        findings << f;
    }
    auto broad = broadScopeFindings(m_path.database(), now);
    if (!broad)
        return broad.error();
    findings << broad.value();
    return findings;
}

} // namespace custos::model
