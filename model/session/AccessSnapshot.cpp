#include "AccessSnapshot.h"

#include "Session.h"
#include "model/authz/EffectiveGrants.h"
#include "model/authz/Permissions.h"
#include "model/services/Services.h"

namespace custos::model {

Outcome<AccessSnapshot> AccessSnapshot::capture(Services& services)
{
    AccessSnapshot snapshot;
    if (!services.session().isLoggedIn())
        return snapshot;
    snapshot.m_operatorName = services.session().operatorName();
    // Direct and through groups, custom roles included: what ServicePath counts.
    auto grants = effectiveGrants(services.workspace().database(), snapshot.m_operatorName);
    if (!grants)
        return grants.error();
    snapshot.m_grants = grants.take();
    return snapshot;
}

bool AccessSnapshot::isAllowed(const QString& permission, const QString& scope, const QDateTime& at) const
{
    if (!isLoggedIn())
        return false;
    if (permission.isEmpty())
        return true;
    for (const EffectiveGrant& grant : m_grants) {
        if (grant.isActiveAt(at) && grant.grants(permission) && scopeCovers(grant.scope, scope))
            return true;
    }
    return false;
}

} // namespace custos::model
