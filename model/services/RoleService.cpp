#include "RoleService.h"

#include "AdministratorRule.h"
#include "QuorumRules.h"
#include "ServicePath.h"
#include "crypto/Random.h"
#include "model/session/Session.h"
#include "model/store/AccessStores.h"
#include "model/store/Stores.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace custos::model {

namespace {
Operation assignmentOperation(const QString& name, const QString& permission, const QString& principal,
                              const QString& role, const QString& scope, const OperationContext& context)
{
    Operation op;
    op.name = name;
    op.permission = permission;
    op.scope = isValidScope(scope) ? scope : QStringLiteral("/");
    op.resource = scope;
    op.details = {
        {QStringLiteral("principal"), principal}, {QStringLiteral("role"), role}, {QStringLiteral("scope"), scope}};
    op.context = context;
    return op;
}

Error invalidScope(const QString& scope)
{
    return makeError(ErrorKind::Invalid,
                     QStringLiteral("invalid scope '%1': expected /, /vaults/V, /vaults/V/keys/K or "
                                    "/vaults/V/certificates/C")
                         .arg(scope));
}

// What a principal name stands for: an operator, a group (canonical name), or nothing.
struct Principal
{
    bool isGroup = false;
    QString name;
    QStringList members; // a group's
};

Outcome<Principal> resolvePrincipal(Database& db, const QString& principal)
{
    auto op = OperatorStore(db).find(principal);
    if (!op)
        return op.error();
    if (op.value())
        return Principal{false, op.value()->name, {}};
    auto group = OperatorGroupStore(db).find(principal);
    if (!group)
        return group.error();
    if (group.value())
        return Principal{true, group.value()->name, group.value()->members};
    return makeError(ErrorKind::NotFound,
                     QStringLiteral("principal '%1' not found: expected an operator or an operator group (see "
                                    "`operator list` and `operator group list`)")
                         .arg(principal));
}

// The role's canonical name; an unknown role is Invalid.
Outcome<RoleDefinition> resolveRole(Database& db, const QString& role)
{
    auto found = findRoleDefinition(db, role);
    if (!found)
        return found.error();
    if (!found.value())
        return makeError(ErrorKind::Invalid, QStringLiteral("unknown role '%1' (see `role list`)").arg(role));
    return *found.value();
}

struct AssignmentInput
{
    Principal principal;
    RoleDefinition role;
};

Outcome<AssignmentInput> checkAssignmentInput(Database& db, const QString& principal, const QString& role,
                                              const QString& scope)
{
    auto resolvedRole = resolveRole(db, role);
    if (!resolvedRole)
        return resolvedRole.error();
    if (!isValidScope(scope))
        return invalidScope(scope);
    auto resolvedPrincipal = resolvePrincipal(db, principal);
    if (!resolvedPrincipal)
        return resolvedPrincipal.error();
    return AssignmentInput{resolvedPrincipal.value(), resolvedRole.value()};
}

// Custom role names: letters, digits, spaces, '.', '_' and '-', 1 to 64 characters.
Outcome<void> checkRoleName(const QString& name)
{
    static const QRegularExpression pattern(
        QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}")));
    if (!pattern.match(name).hasMatch() || name.endsWith(QLatin1Char(' ')))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid role name '%1': expected 1 to 64 letters, digits, spaces, '.', "
                                        "'_' or '-', starting with a letter or digit")
                             .arg(name));
    if (const RoleDefinition* builtIn = findBuiltInRole(name))
        return makeError(ErrorKind::Denied, QStringLiteral("refused: '%1' is a built-in role, and built-in roles are "
                                                           "read-only")
                                                .arg(builtIn->name));
    return {};
}

Outcome<void> checkPatterns(const QStringList& patterns, const QString& option)
{
    for (const QString& pattern : patterns) {
        if (!isValidPermissionPattern(pattern))
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("unknown permission '%1' in %2: expected a permission of ROLES.md (e.g. "
                                            "keys/sign/action) or a group wildcard (e.g. keys/*)")
                                 .arg(pattern, option));
    }
    return {};
}

Outcome<void> checkDefinition(const RoleDefinition& role)
{
    if (role.actions.isEmpty())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("role '%1' needs at least one permission (--permissions)").arg(role.name));
    if (auto checked = checkPatterns(role.actions, QStringLiteral("--permissions")); !checked)
        return checked;
    if (auto checked = checkPatterns(role.notActions, QStringLiteral("--not-permissions")); !checked)
        return checked;
    if (effectivePermissions(role).isEmpty())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("role '%1' would grant no permission: --not-permissions removes all of "
                                        "--permissions")
                             .arg(role.name));
    return {};
}

void describeDefinition(const RoleDefinition& role, QJsonObject& details)
{
    details.insert(QStringLiteral("role"), role.name);
    details.insert(QStringLiteral("actions"), QJsonArray::fromStringList(role.actions));
    details.insert(QStringLiteral("notActions"), QJsonArray::fromStringList(role.notActions));
    details.insert(QStringLiteral("description"), role.description);
}

QStringList trimmed(const QStringList& list)
{
    QStringList out;
    for (const QString& item : list) {
        if (!item.trimmed().isEmpty())
            out << item.trimmed();
    }
    out.removeDuplicates();
    return out;
}

Operation definitionOperation(const QString& name, const QString& permission, const QString& role,
                              const OperationContext& context)
{
    Operation op;
    op.name = name;
    op.permission = permission;
    op.scope = QStringLiteral("/");
    op.resource = QStringLiteral("/roleDefinitions/") + role;
    op.details = {{QStringLiteral("role"), role}};
    op.context = context;
    op.protectedAs = QStringLiteral("role-definitions");
    return op;
}
} // namespace

RoleService::RoleService(ServicePath& path, QObject* parent) : QObject(parent), m_path(path) {}

Outcome<QList<RoleDefinition>> RoleService::listRoles()
{
    Operation op;
    op.name = QStringLiteral("RoleDefinitionList");
    op.permission = QStringLiteral("roleDefinitions/read/action");
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    auto custom = RoleDefinitionStore(m_path.database()).list();
    if (!custom)
        return custom.error();
    QList<RoleDefinition> roles = builtInRoles();
    roles << custom.value();
    return roles;
}

Outcome<RoleDefinition> RoleService::showRole(const QString& name)
{
    Operation op;
    op.name = QStringLiteral("RoleDefinitionShow");
    op.permission = QStringLiteral("roleDefinitions/read/action");
    op.details = {{QStringLiteral("role"), name}};
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    auto role = findRoleDefinition(m_path.database(), name);
    if (!role)
        return role.error();
    if (!role.value())
        return makeError(ErrorKind::NotFound, QStringLiteral("role '%1' not found (see `role list`)").arg(name));
    return *role.value();
}

QCoro::Task<Outcome<RoleDefinition>> RoleService::createRole(RoleDefinition role, OperationContext context)
{
    role.name = role.name.trimmed();
    role.actions = trimmed(role.actions);
    role.notActions = trimmed(role.notActions);
    role.builtIn = false;
    Operation op = definitionOperation(QStringLiteral("RoleDefinitionCreate"),
                                       QStringLiteral("roleDefinitions/write/action"), role.name, context);
    describeDefinition(role, op.details);
    const QString caller = m_path.session().operatorName();
    Steps<RoleDefinition> steps;
    steps.precheck = [role](Database& db) -> Outcome<void> {
        if (auto named = checkRoleName(role.name); !named)
            return named;
        if (auto checked = checkDefinition(role); !checked)
            return checked;
        auto existing = RoleDefinitionStore(db).find(role.name);
        if (!existing)
            return existing.error();
        if (existing.value())
            return makeError(
                ErrorKind::Conflict,
                QStringLiteral("role '%1' already exists (see `role update`)").arg(existing.value()->name));
        return {};
    };
    steps.persist = [role, caller](Database& db, QJsonObject&) -> Outcome<RoleDefinition> {
        if (auto inserted = RoleDefinitionStore(db).insert(role, caller); !inserted)
            return inserted.error();
        return role;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (result)
        Q_EMIT rolesChanged();
    co_return result;
}

QCoro::Task<Outcome<RoleDefinition>> RoleService::updateRole(QString name, RoleUpdate update, OperationContext context)
{
    Operation op = definitionOperation(QStringLiteral("RoleDefinitionUpdate"),
                                       QStringLiteral("roleDefinitions/write/action"), name, context);
    if (update.actions)
        op.details.insert(QStringLiteral("actions"), QJsonArray::fromStringList(trimmed(*update.actions)));
    if (update.notActions)
        op.details.insert(QStringLiteral("notActions"), QJsonArray::fromStringList(trimmed(*update.notActions)));
    if (update.description)
        op.details.insert(QStringLiteral("description"), *update.description);
    // The updated definition, from the precheck to persist.
    auto updated = std::make_shared<RoleDefinition>();
    Steps<RoleDefinition> steps;
    steps.precheck = [name, update, updated](Database& db) -> Outcome<void> {
        if (const RoleDefinition* builtIn = findBuiltInRole(name))
            return makeError(ErrorKind::Denied,
                             QStringLiteral("refused: '%1' is a built-in role, and built-in roles are read-only")
                                 .arg(builtIn->name));
        auto existing = RoleDefinitionStore(db).find(name);
        if (!existing)
            return existing.error();
        if (!existing.value())
            return makeError(ErrorKind::NotFound, QStringLiteral("role '%1' not found (see `role list`)").arg(name));
        if (!update.actions && !update.notActions && !update.description)
            return makeError(ErrorKind::Invalid, QStringLiteral("nothing to update: expected --permissions, "
                                                                "--not-permissions or --description"));
        RoleDefinition role = *existing.value();
        if (update.actions)
            role.actions = trimmed(*update.actions);
        if (update.notActions)
            role.notActions = trimmed(*update.notActions);
        if (update.description)
            role.description = *update.description;
        if (auto checked = checkDefinition(role); !checked)
            return checked;
        *updated = role;
        return {};
    };
    steps.persist = [updated](Database& db, QJsonObject& details) -> Outcome<RoleDefinition> {
        if (auto written = RoleDefinitionStore(db).update(*updated); !written)
            return written.error();
        describeDefinition(*updated, details);
        return *updated;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (result)
        Q_EMIT rolesChanged();
    co_return result;
}

QCoro::Task<Outcome<void>> RoleService::deleteRole(QString name, OperationContext context)
{
    Operation op = definitionOperation(QStringLiteral("RoleDefinitionDelete"),
                                       QStringLiteral("roleDefinitions/delete/action"), name, context);
    Steps<void> steps;
    steps.precheck = [name](Database&) -> Outcome<void> {
        if (const RoleDefinition* builtIn = findBuiltInRole(name))
            return makeError(ErrorKind::Denied,
                             QStringLiteral("refused: '%1' is a built-in role, and built-in roles are read-only")
                                 .arg(builtIn->name));
        return {};
    };
    steps.persist = [name](Database& db, QJsonObject&) -> Outcome<void> {
        auto existing = RoleDefinitionStore(db).find(name);
        if (!existing)
            return existing.error();
        if (!existing.value())
            return makeError(ErrorKind::NotFound, QStringLiteral("role '%1' not found (see `role list`)").arg(name));
        auto all = RoleAssignmentStore(db).list();
        if (!all)
            return all.error();
        QStringList holders;
        for (const RoleAssignment& a : all.value()) {
            if (a.role.compare(existing.value()->name, Qt::CaseInsensitive) == 0)
                holders << QStringLiteral("%1 at %2").arg(a.principal, a.scope);
        }
        if (!holders.isEmpty())
            return makeError(
                ErrorKind::Conflict,
                QStringLiteral("refused: role '%1' is still assigned (%2); unassign it first")
                    .arg(existing.value()->name, holders.mid(0, 5).join(QStringLiteral(", ")) +
                                                     (holders.size() > 5 ? QStringLiteral(", ...") : QString())));
        return RoleDefinitionStore(db).remove(existing.value()->name);
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (result)
        Q_EMIT rolesChanged();
    co_return result;
}

QCoro::Task<Outcome<RoleAssignment>> RoleService::assign(QString principal, QString role, QString scope,
                                                         QDateTime expires, OperationContext context)
{
    Operation op = assignmentOperation(QStringLiteral("RoleAssignmentCreate"),
                                       QStringLiteral("roleAssignments/write/action"), principal, role, scope, context);
    if (expires.isValid())
        op.details.insert(QStringLiteral("expires"), expires.toUTC().toString(Qt::ISODate));
    if (role.compare(kAdministratorRole, Qt::CaseInsensitive) == 0)
        op.protectedAs = QStringLiteral("assign-administrator");
    const QString caller = m_path.session().operatorName();
    const QDateTime now = m_path.now();
    Steps<RoleAssignment> steps;
    steps.precheck = [principal, role, scope, expires, caller, now](Database& db) -> Outcome<void> {
        auto input = checkAssignmentInput(db, principal, role, scope);
        if (!input)
            return input.error();
        // Rules that hold whatever the assignments (ROLES.md).
        if (!input->principal.isGroup && input->principal.name == caller)
            return makeError(ErrorKind::Denied, QStringLiteral("refused: nobody assigns a role to themselves"));
        if (input->principal.isGroup && input->principal.members.contains(caller))
            return makeError(ErrorKind::Denied,
                             QStringLiteral("refused: nobody assigns a role to a group they belong to ('%1' is a "
                                            "member of '%2')")
                                 .arg(caller, input->principal.name));
        if (input->role.name == kAdministratorRole && expires.isValid())
            return makeError(ErrorKind::Invalid, QStringLiteral("Administrator assignments cannot be time-bound"));
        if (expires.isValid() && expires <= now)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("the expiry %1 is in the past").arg(expires.toUTC().toString(Qt::ISODate)));
        return {};
    };
    steps.persist = [principal, role, scope, expires, caller, now](Database& db,
                                                                   QJsonObject& details) -> Outcome<RoleAssignment> {
        auto input = checkAssignmentInput(db, principal, role, scope);
        if (!input)
            return input.error();
        RoleAssignmentStore store(db);
        const QString canonicalRole = input->role.name;
        const QString canonicalPrincipal = input->principal.name;
        auto existing = store.find(canonicalPrincipal, canonicalRole, scope);
        if (!existing)
            return existing.error();
        if (existing.value())
            return makeError(
                ErrorKind::Conflict,
                QStringLiteral("'%1' already holds %2 at %3").arg(canonicalPrincipal, canonicalRole, scope));
        RoleAssignment a;
        a.id = crypto::randomId();
        a.principal = canonicalPrincipal;
        a.role = canonicalRole;
        a.scope = scope;
        a.created = now;
        a.createdBy = caller;
        a.expires = expires;
        details.insert(QStringLiteral("assignmentId"), a.id);
        if (input->principal.isGroup)
            details.insert(QStringLiteral("principalType"), QStringLiteral("group"));
        return store.insert(a);
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (result)
        Q_EMIT assignmentsChanged();
    co_return result;
}

QCoro::Task<Outcome<void>> RoleService::unassign(QString principal, QString role, QString scope,
                                                 OperationContext context)
{
    Operation op =
        assignmentOperation(QStringLiteral("RoleAssignmentDelete"), QStringLiteral("roleAssignments/delete/action"),
                            principal, role, scope, context);
    const QDateTime now = m_path.now();
    Steps<void> steps;
    steps.persist = [principal, role, scope, now](Database& db, QJsonObject& details) -> Outcome<void> {
        auto input = checkAssignmentInput(db, principal, role, scope);
        if (!input)
            return input.error();
        RoleAssignmentStore store(db);
        const QString canonicalRole = input->role.name;
        const QString canonicalPrincipal = input->principal.name;
        auto existing = store.find(canonicalPrincipal, canonicalRole, scope);
        if (!existing)
            return existing.error();
        if (!existing.value())
            return makeError(
                ErrorKind::NotFound,
                QStringLiteral("'%1' does not hold %2 at %3").arg(canonicalPrincipal, canonicalRole, scope));
        if (canonicalRole == kAdministratorRole && scope == QLatin1String("/")) {
            AdministratorChange change;
            change.removedAssignmentId = existing.value()->id;
            const QString refusal =
                input->principal.isGroup
                    ? QStringLiteral("refused: unassigning Administrator from group '%1' would leave no enabled "
                                     "operator holding Administrator; assign Administrator to another operator first")
                          .arg(canonicalPrincipal)
                    : QStringLiteral("refused: '%1' is the last enabled operator holding Administrator and cannot be "
                                     "unassigned; assign Administrator to another operator first")
                          .arg(canonicalPrincipal);
            if (auto rule = checkAdministratorsRemain(db, now, change, refusal); !rule)
                return rule;
        }
        details.insert(QStringLiteral("assignmentId"), existing.value()->id);
        if (auto removed = store.remove(existing.value()->id); !removed)
            return removed;
        return checkQuorumRemains(
            db, now,
            QStringLiteral("refused: unassigning %1 from '%2' at %3").arg(canonicalRole, canonicalPrincipal, scope));
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (result)
        Q_EMIT assignmentsChanged();
    co_return result;
}

Outcome<QList<RoleAssignment>> RoleService::assignments(const QString& principal, const QString& scope)
{
    Operation op;
    op.name = QStringLiteral("RoleAssignmentList");
    op.permission = QStringLiteral("roleAssignments/read/action");
    op.scope = isValidScope(scope) ? scope : QStringLiteral("/");
    if (!scope.isEmpty() && !isValidScope(scope))
        return invalidScope(scope);
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    return RoleAssignmentStore(m_path.database()).list(principal, scope);
}

} // namespace custos::model
