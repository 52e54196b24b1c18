#include "Permissions.h"

#include <QRegularExpression>

namespace custos::model {

namespace {

QStringList list(std::initializer_list<const char*> items)
{
    QStringList out;
    out.reserve(int(items.size()));
    for (const char* item : items)
        out << QString::fromLatin1(item);
    return out;
}

RoleDefinition role(const char* name, const char* description, std::initializer_list<const char*> actions,
                    std::initializer_list<const char*> notActions = {})
{
    return RoleDefinition{QString::fromLatin1(name), QString::fromLatin1(description), list(actions), list(notActions),
                          true};
}

} // namespace

// ROLES.md, "Permissions": the table's rows in order, each row's permissions in order.
const QStringList& allPermissions()
{
    static const QStringList permissions = list({
        // security domain
        "securitydomain/download/action",
        "securitydomain/upload/action",
        "securitydomain/upload/read",
        "securitydomain/transferkey/read",
        // keys
        "keys/read/action",
        "keys/write/action",
        "keys/rotate/action",
        "keys/create",
        "keys/delete",
        "keys/import/action",
        "keys/export/action",
        "keys/backup/action",
        "keys/restore/action",
        "keys/encrypt/action",
        "keys/decrypt/action",
        "keys/wrap/action",
        "keys/unwrap/action",
        "keys/sign/action",
        "keys/verify/action",
        // deleted keys
        "keys/deletedKeys/read/action",
        "keys/deletedKeys/recover/action",
        "keys/deletedKeys/delete",
        // random
        "rng/action",
        // roles
        "roleAssignments/read/action",
        "roleAssignments/write/action",
        "roleAssignments/delete/action",
        "roleDefinitions/read/action",
        "roleDefinitions/write/action",
        "roleDefinitions/delete/action",
        // backup
        "backup/start/action",
        "backup/status/action",
        "restore/start/action",
        "restore/status/action",
        // vaults
        "vaults/read",
        "vaults/write",
        "vaults/delete",
        "vaults/deletedVaults/read",
        "vaults/deletedVaults/recover",
        "vaults/deletedVaults/delete",
        // certificates
        "certificates/read",
        "certificates/write",
        "certificates/delete",
        "certificates/export",
        "certificates/ca",
        "certificates/deletedCertificates/read",
        "certificates/deletedCertificates/recover",
        "certificates/deletedCertificates/delete",
        // audit
        "audit/read",
        "audit/export",
        "audit/verify",
        "audit/archive",
        "audit/forward",
        // operators
        "operators/read",
        "operators/write",
        // quorum
        "quorum/read",
        "quorum/write",
        // workspace
        "workspace/read",
        "workspace/repair",
    });
    return permissions;
}

// ROLES.md, "Built-in roles", in its order.
const QList<RoleDefinition>& builtInRoles()
{
    static const QList<RoleDefinition> roles{
        role("Administrator", "No key or certificate use, as in Managed HSM",
             {"securitydomain/*", "backup/*", "restore/start/action", "restore/status/action", "roleAssignments/*",
              "roleDefinitions/*", "vaults/read", "vaults/write", "vaults/delete", "vaults/deletedVaults/read",
              "vaults/deletedVaults/recover", "operators/*", "quorum/*", "audit/read", "audit/export", "audit/verify",
              "audit/archive", "audit/forward", "workspace/*"}),
        role("Crypto Officer", "Purge, recover, export; no other key use",
             {"roleAssignments/*", "roleDefinitions/*", "keys/deletedKeys/*", "keys/export/action",
              "vaults/deletedVaults/read", "vaults/deletedVaults/delete", "certificates/deletedCertificates/*"}),
        role("Crypto User", "All key management and use",
             {"keys/*", "rng/action", "roleAssignments/read/action", "roleDefinitions/read/action", "vaults/read"},
             {"keys/deletedKeys/*", "keys/export/action"}),
        role("Policy Administrator", "Manages role assignments and role definitions",
             {"roleAssignments/*", "roleDefinitions/*"}),
        role("Crypto Auditor", "Sees everything, uses nothing",
             {"keys/read/action", "keys/deletedKeys/read/action", "certificates/read", "vaults/read",
              "vaults/deletedVaults/read", "roleAssignments/read/action", "roleDefinitions/read/action", "audit/read",
              "audit/export", "audit/verify", "operators/read", "quorum/read", "workspace/read"}),
        role("Crypto Service Encryption User", "Reads keys and wraps and unwraps with them",
             {"keys/read/action", "keys/wrap/action", "keys/unwrap/action"}),
        role("Backup User", "Runs full and key backups",
             {"backup/start/action", "backup/status/action", "keys/backup/action"}),
        role("Restore User", "Runs full and key restores",
             {"restore/start/action", "restore/status/action", "keys/restore/action"}),
        role("Certificates Officer", "As Key Vault's Certificates Officer",
             {"certificates/*", "keys/read/action", "vaults/read"}),
        role("Certificate User", "Reads certificates", {"certificates/read", "vaults/read"}),
    };
    return roles;
}

const RoleDefinition* findBuiltInRole(const QString& name)
{
    for (const RoleDefinition& r : builtInRoles()) {
        if (r.name == name)
            return &r;
    }
    for (const RoleDefinition& r : builtInRoles()) {
        if (r.name.compare(name, Qt::CaseInsensitive) == 0)
            return &r;
    }
    return nullptr;
}

bool permissionMatches(const QString& pattern, const QString& permission)
{
    // Only a trailing "/*" is a wildcard, and it stops at a path segment: "backup/*" is not "restore/...".
    if (pattern.endsWith(QLatin1String("/*")))
        return permission.startsWith(QStringView(pattern).chopped(1));
    return pattern == permission;
}

bool roleGrants(const RoleDefinition& role, const QString& permission)
{
    auto matchesAny = [&permission](const QStringList& patterns) {
        for (const QString& pattern : patterns) {
            if (permissionMatches(pattern, permission))
                return true;
        }
        return false;
    };
    return matchesAny(role.actions) && !matchesAny(role.notActions);
}

QStringList effectivePermissions(const RoleDefinition& role)
{
    QStringList granted;
    for (const QString& permission : allPermissions()) {
        if (roleGrants(role, permission))
            granted << permission;
    }
    return granted;
}

bool isValidPermissionPattern(const QString& pattern)
{
    for (const QString& permission : allPermissions()) {
        if (permissionMatches(pattern, permission))
            return true;
    }
    return false;
}

bool isValidScope(const QString& scope)
{
    // Anchored with \A...\z: "$" would also accept a trailing newline.
    static const QRegularExpression pattern(QRegularExpression::anchoredPattern(
        QStringLiteral("/(?:vaults/[A-Za-z0-9-]{3,24}(?:/(?:keys|certificates)/[A-Za-z0-9-]{1,127})?)?")));
    return pattern.match(scope).hasMatch();
}

bool scopeCovers(const QString& grantScope, const QString& resourceScope)
{
    // Names of vaults, keys and certificates are case-insensitive (the vault store's NOCASE), so
    // scopes compare that way too.
    if (grantScope == QLatin1String("/"))
        return resourceScope.startsWith(QLatin1Char('/'));
    if (grantScope.isEmpty() || grantScope.endsWith(QLatin1Char('/')))
        return false;
    if (resourceScope.compare(grantScope, Qt::CaseInsensitive) == 0)
        return true;
    return resourceScope.size() > grantScope.size() && resourceScope.at(grantScope.size()) == QLatin1Char('/') &&
           resourceScope.startsWith(grantScope, Qt::CaseInsensitive);
}

QStringList initialOperatorRoles()
{
    return list({"Administrator", "Crypto Officer", "Crypto User", "Certificates Officer", "Crypto Auditor"});
}

} // namespace custos::model
