#include "EffectiveGrants.h"

#include "model/store/AccessStores.h"
#include "model/store/Stores.h"

#include <QHash>

namespace custos::model {

int permissionIndex(const QString& permission)
{
    static const QHash<QString, int> indexes = [] {
        QHash<QString, int> map;
        const QStringList& all = allPermissions();
        Q_ASSERT(all.size() <= int(PermissionSet().size()));
        for (int i = 0; i < all.size(); ++i)
            map.insert(all.at(i), i);
        return map;
    }();
    return indexes.value(permission, -1);
}

PermissionSet permissionSetOf(const RoleDefinition& role)
{
    PermissionSet set;
    const QStringList& all = allPermissions();
    for (int i = 0; i < all.size(); ++i) {
        if (roleGrants(role, all.at(i)))
            set.set(size_t(i));
    }
    return set;
}

QStringList permissionNames(const PermissionSet& set)
{
    QStringList names;
    const QStringList& all = allPermissions();
    for (int i = 0; i < all.size(); ++i) {
        if (set.test(size_t(i)))
            names << all.at(i);
    }
    return names;
}

bool EffectiveGrant::grants(const QString& permission) const
{
    const int index = permissionIndex(permission);
    return index >= 0 ? permissions.test(size_t(index)) : roleGrants(definition, permission);
}

Outcome<QList<EffectiveGrant>> effectiveGrants(Database& db, const QString& principal)
{
    QStringList principals{principal};
    QHash<QString, QString> groupOf; // principal -> group it stands for
    auto groups = OperatorGroupStore(db).groupsOf(principal);
    if (!groups)
        return groups.error();
    for (const QString& group : groups.value()) {
        principals << group;
        groupOf.insert(group, group);
    }
    QHash<QString, std::optional<RoleDefinition>> roles; // resolved once per call
    QHash<QString, PermissionSet> sets;
    QList<EffectiveGrant> grants;
    RoleAssignmentStore assignments(db);
    for (const QString& p : principals) {
        auto listed = assignments.list(p);
        if (!listed)
            return listed.error();
        for (const RoleAssignment& a : listed.value()) {
            if (!roles.contains(a.role)) {
                auto found = findRoleDefinition(db, a.role);
                if (!found)
                    return found.error();
                roles.insert(a.role, found.value());
                sets.insert(a.role, found.value() ? permissionSetOf(*found.value()) : PermissionSet());
            }
            const std::optional<RoleDefinition>& role = roles.value(a.role);
            EffectiveGrant grant;
            grant.assignmentId = a.id;
            grant.principal = a.principal;
            grant.group = groupOf.value(p);
            grant.role = a.role;
            grant.scope = a.scope;
            grant.expires = a.expires;
            if (role) {
                grant.permissions = sets.value(a.role);
                grant.definition = *role;
            } else {
                grant.definition = RoleDefinition{a.role, {}, {}, {}, false}; // unknown: grants nothing
            }
            grants << grant;
        }
    }
    return grants;
}

} // namespace custos::model
