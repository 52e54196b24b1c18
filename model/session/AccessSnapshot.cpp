#include "AccessSnapshot.h"

#include "Session.h"
#include "model/authz/Permissions.h"
#include "model/services/Services.h"
#include "model/store/Stores.h"

namespace custos::model {

Outcome<AccessSnapshot> AccessSnapshot::capture(Services& services)
{
    AccessSnapshot snapshot;
    if (!services.session().isLoggedIn())
        return snapshot;
    snapshot.m_operatorName = services.session().operatorName();
    auto assignments = RoleAssignmentStore(services.workspace().database()).list(snapshot.m_operatorName);
    if (!assignments)
        return assignments.error();
    for (const RoleAssignment& a : assignments.value())
        snapshot.m_grants.append(Grant{a.role, a.scope, a.expires});
    return snapshot;
}

bool AccessSnapshot::isAllowed(const QString& permission, const QString& scope, const QDateTime& at) const
{
    if (!isLoggedIn())
        return false;
    if (permission.isEmpty())
        return true;
    for (const Grant& grant : m_grants) {
        if (grant.expires.isValid() && at >= grant.expires)
            continue;
        const RoleDefinition* role = findBuiltInRole(grant.role);
        if (role && roleGrants(*role, permission) && scopeCovers(grant.scope, scope))
            return true;
    }
    return false;
}

} // namespace custos::model
