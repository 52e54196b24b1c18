#pragma once

#include "Permissions.h"
#include "crypto/Outcome.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <bitset>

namespace custos::model {

class Database;

// A set of allPermissions(), one bit each (index: permissionIndex).
using PermissionSet = std::bitset<128>;
int permissionIndex(const QString& permission); // -1 when not one of allPermissions()
PermissionSet permissionSetOf(const RoleDefinition& role);
QStringList permissionNames(const PermissionSet& set); // in allPermissions() order

// One assignment as it counts for an operator: held directly or through a group.
struct EffectiveGrant
{
    QString assignmentId;
    QString principal; // the assignment's principal: the operator or the group
    QString group;     // the group it comes through; empty when direct
    QString role;
    QString scope;
    QDateTime expires; // invalid: never
    PermissionSet permissions;
    RoleDefinition definition; // for permissions outside allPermissions() ("keys/*" patterns)

    bool isActiveAt(const QDateTime& now) const { return !expires.isValid() || now < expires; }
    bool grants(const QString& permission) const;
};

// Every assignment that counts for `principal`: an operator's own and its groups', or a group's
// own. Expired ones included (callers decide at their time); an unknown role grants nothing.
Outcome<QList<EffectiveGrant>> effectiveGrants(Database& db, const QString& principal);

} // namespace custos::model
