#pragma once

#include "crypto/Outcome.h"
#include "model/authz/EffectiveGrants.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace custos::model {

class Services;

// What the logged-in operator may do, as a copy the GUI thread can ask without a database round
// trip: the operator's role assignments (direct and through groups, custom roles included), read once on the service
// thread (ServiceHost) after a login and again when assignments change. Enables actions only; every operation is still
// authorised (and a denial audited) by ServicePath on the service thread.
class AccessSnapshot
{
public:
    // On the service thread (reads the database). Empty when nobody is logged in.
    static Outcome<AccessSnapshot> capture(Services& services);

    QString operatorName() const { return m_operatorName; }
    bool isLoggedIn() const { return !m_operatorName.isEmpty(); }
    // As ServicePath::isAllowed: an active assignment whose role grants `permission` at a scope
    // covering `scope`; an empty permission needs only a login.
    bool isAllowed(const QString& permission, const QString& scope,
                   const QDateTime& at = QDateTime::currentDateTimeUtc()) const;

private:
    QString m_operatorName;
    QList<EffectiveGrant> m_grants;
};

} // namespace custos::model
