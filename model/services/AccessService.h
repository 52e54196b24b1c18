#pragma once

#include "crypto/Outcome.h"
#include "model/authz/EffectiveGrants.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

namespace custos::model {

class ServicePath;

// One operator holding a permission somewhere, and the assignment it comes through.
struct AccessHolder
{
    QString operatorName;
    bool enabled = true;
    QString group; // the group the assignment is made to; empty when direct
    QString role;
    QString assignmentScope;
    QString assignmentId;
    QDateTime expires; // invalid: never
};

// What a principal can do at one scope (and below it), with the assignments that grant it.
struct ScopeAccess
{
    QString scope;
    QStringList permissions; // allPermissions() order
    QList<EffectiveGrant> via;
};

// One finding of the separation-of-duties report.
struct SodFinding
{
    // BroadScope: a key or certificate role held at "/" while the audit trail shows it used in
    // fewer vaults than there are (usedScopes), over the last kBroadScopeDays days.
    enum class Kind { ConflictingRoles, Expiring, BroadScope };
    Kind kind = Kind::ConflictingRoles;
    QString principal; // an operator or a group
    bool isGroup = false;
    QStringList roles;      // the conflicting pair, or the expiring assignment's role
    QStringList through;    // for a conflict: "direct" or "group G" per role, in `roles` order
    QString scope;          // an expiring assignment's
    QDateTime expires;      // an expiring assignment's
    QString assignmentId;   // an expiring assignment's
    QStringList usedScopes; // BroadScope: the vaults the audit trail shows it used in
    QString text;           // one line saying it
};

inline constexpr int kBroadScopeDays = 90;

// Read services over the assignments (roleAssignments/read/action): who holds a permission at a
// scope, what a principal can do where, and the separation-of-duties report. Active assignments
// only; operators count their groups' assignments.
class AccessService : public QObject
{
    Q_OBJECT
public:
    explicit AccessService(ServicePath& path, QObject* parent = nullptr);

    // Operators holding `permission` at `scope` (granted there or above), one row per assignment.
    Outcome<QList<AccessHolder>> who(const QString& scope, const QString& permission);
    // An operator's or a group's effective permissions, per assignment scope.
    Outcome<QList<ScopeAccess>> what(const QString& principal);
    // Administrator + Crypto User, Crypto Officer + Crypto User, Policy Administrator + a crypto
    // role, held by one principal directly or through groups; assignments expiring within
    // `expiringWithinDays` days.
    Outcome<QList<SodFinding>> sodReport(int expiringWithinDays = 7);

private:
    ServicePath& m_path;
};

} // namespace custos::model
