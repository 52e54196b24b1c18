#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace custos::model {

// ROLES.md, held once as data: every permission, every built-in role. Nothing else in the code
// names a role's permissions; authorisation, the README matrix and the tests derive from this.

const QStringList& allPermissions(); // every concrete permission in ROLES.md's table, in its order

struct RoleDefinition
{
    QString name;
    QString description;
    QStringList actions;    // concrete permissions or "group/*" wildcards
    QStringList notActions; // subtracted from actions
    bool builtIn = true;
};

const QList<RoleDefinition>& builtInRoles();                // ROLES.md's order
const RoleDefinition* findBuiltInRole(const QString& name); // exact or case-insensitive name

// "keys/*" matches "keys/sign/action" and "keys/deletedKeys/read/action"; a concrete pattern
// matches only itself.
bool permissionMatches(const QString& pattern, const QString& permission);
bool roleGrants(const RoleDefinition& role, const QString& permission);
QStringList effectivePermissions(const RoleDefinition& role); // concrete, in allPermissions() order
// A pattern a role may hold: it matches at least one permission of allPermissions().
bool isValidPermissionPattern(const QString& pattern);

// Scopes: "/", "/vaults/V", "/vaults/V/keys/K", "/vaults/V/certificates/C".
bool isValidScope(const QString& scope);
// A grant at `grantScope` applies to `resourceScope` when it is the same or an ancestor path:
// "/" covers everything, "/vaults/a" covers "/vaults/a/keys/k" but not "/vaults/ab".
bool scopeCovers(const QString& grantScope, const QString& resourceScope);

// The roles `init` gives the first operator at "/" (ROLES.md).
QStringList initialOperatorRoles();

} // namespace custos::model
