#pragma once

#include "model/authz/Permissions.h"
#include "model/domain/Operator.h"
#include "model/domain/RoleAssignment.h"
#include "model/domain/Vault.h"
#include "model/session/Workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace custos::app {

// --json shapes, in Key Vault's vocabulary (CLI.md). Times are NumericDate (integer seconds since
// the epoch, UTC), as Key Vault's REST API writes `created`, `updated` and `exp`; absent when unset.
//
//   vault       {name, id: "/vaults/V", protection: "hsm"|"software", retentionDays, purgeProtection,
//                tags: {k: v}, attributes: {created, updated, recoveryLevel, recoverableDays},
//                deletedDate?, scheduledPurgeDate?}           (the last two only for a deleted vault,
//                                                              named like Key Vault's deleted objects)
//   operator    {name, id: "/operators/N", displayName, attributes: {enabled, created, updated},
//                failedAttempts, lockedUntil?}               (never anything derived from a passphrase)
//   role        {name, id: "/roleDefinitions/R", roleName, description, roleType: "AKVBuiltInRole"|"CustomRole",
//                permissions: [{dataActions, notDataActions}], assignableScopes: ["/"]}
//                (as `az keyvault role definition list`; `role show` adds effectiveDataActions)
//   assignment  {name: ID, id: "/roleAssignments/ID", principalName, roleDefinitionName,
//                roleDefinitionId: "/roleDefinitions/R", scope, createdBy, attributes: {created, exp?}}
//                (as `az keyvault role assignment list`; exp: the assignment's expiry)
//   status      {name, directory, tokenLabel, modulePath, embeddedToken, schemaVersion, kdfMemoryMiB,
//                testWorkspace, attributes: {created}, operators, vaults, deletedVaults, auditEvents}
//   lists       {"value": [ ... ]}
class JsonFormat
{
public:
    static QJsonValue numericDate(const QDateTime& time); // null when invalid
    static QJsonObject vault(const model::Vault& vault);
    static QJsonObject operatorObject(const model::Operator& op);
    static QJsonObject role(const model::RoleDefinition& role, bool withEffective = false);
    static QJsonObject assignment(const model::RoleAssignment& assignment);
    static QJsonObject status(const model::WorkspaceStatus& status);
    static QJsonObject list(const QJsonArray& values) { return QJsonObject{{QStringLiteral("value"), values}}; }
};

} // namespace custos::app
