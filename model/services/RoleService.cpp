#include "RoleService.h"

#include "AdministratorRule.h"
#include "ServicePath.h"
#include "crypto/Random.h"
#include "model/session/Session.h"
#include "model/store/Stores.h"

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

Outcome<void> checkAssignmentInput(Database& db, const QString& principal, const QString& role, const QString& scope)
{
    if (!findBuiltInRole(role))
        return makeError(ErrorKind::Invalid, QStringLiteral("unknown role '%1' (see `role list`)").arg(role));
    if (!isValidScope(scope))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid scope '%1': expected /, /vaults/V, /vaults/V/keys/K or "
                                        "/vaults/V/certificates/C")
                             .arg(scope));
    auto found = OperatorStore(db).find(principal);
    if (!found)
        return found.error();
    if (!found.value())
        return makeError(ErrorKind::NotFound, QStringLiteral("operator '%1' not found").arg(principal));
    return {};
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
    return builtInRoles();
}

Outcome<RoleDefinition> RoleService::showRole(const QString& name)
{
    Operation op;
    op.name = QStringLiteral("RoleDefinitionShow");
    op.permission = QStringLiteral("roleDefinitions/read/action");
    op.details = {{QStringLiteral("role"), name}};
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    const RoleDefinition* role = findBuiltInRole(name);
    if (!role)
        return makeError(ErrorKind::NotFound, QStringLiteral("role '%1' not found (see `role list`)").arg(name));
    return *role;
}

QCoro::Task<Outcome<RoleAssignment>> RoleService::assign(QString principal, QString role, QString scope,
                                                         QDateTime expires, OperationContext context)
{
    Operation op = assignmentOperation(QStringLiteral("RoleAssignmentCreate"),
                                       QStringLiteral("roleAssignments/write/action"), principal, role, scope, context);
    if (expires.isValid())
        op.details.insert(QStringLiteral("expires"), expires.toUTC().toString(Qt::ISODate));
    const QString caller = m_path.session().operatorName();
    const QDateTime now = m_path.now();
    Steps<RoleAssignment> steps;
    steps.precheck = [principal, role, scope, expires, caller, now](Database& db) -> Outcome<void> {
        if (auto input = checkAssignmentInput(db, principal, role, scope); !input)
            return input;
        // Rules that hold whatever the assignments (ROLES.md).
        if (principal == caller)
            return makeError(ErrorKind::Denied, QStringLiteral("refused: nobody assigns a role to themselves"));
        if (findBuiltInRole(role)->name == kAdministratorRole && expires.isValid())
            return makeError(ErrorKind::Invalid, QStringLiteral("Administrator assignments cannot be time-bound"));
        if (expires.isValid() && expires <= now)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("the expiry %1 is in the past").arg(expires.toUTC().toString(Qt::ISODate)));
        return {};
    };
    steps.persist = [principal, role, scope, expires, caller, now](Database& db,
                                                                   QJsonObject& details) -> Outcome<RoleAssignment> {
        RoleAssignmentStore store(db);
        const QString canonicalRole = findBuiltInRole(role)->name;
        auto existing = store.find(principal, canonicalRole, scope);
        if (!existing)
            return existing.error();
        if (existing.value())
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("'%1' already holds %2 at %3").arg(principal, canonicalRole, scope));
        RoleAssignment a;
        a.id = crypto::randomId();
        a.principal = principal;
        a.role = canonicalRole;
        a.scope = scope;
        a.created = now;
        a.createdBy = caller;
        a.expires = expires;
        details.insert(QStringLiteral("assignmentId"), a.id);
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
        if (auto input = checkAssignmentInput(db, principal, role, scope); !input)
            return input;
        RoleAssignmentStore store(db);
        const QString canonicalRole = findBuiltInRole(role)->name;
        auto existing = store.find(principal, canonicalRole, scope);
        if (!existing)
            return existing.error();
        if (!existing.value())
            return makeError(ErrorKind::NotFound,
                             QStringLiteral("'%1' does not hold %2 at %3").arg(principal, canonicalRole, scope));
        if (canonicalRole == kAdministratorRole && scope == QLatin1String("/")) {
            if (auto rule = checkNotLastAdministrator(db, principal, now, QStringLiteral("unassigned")); !rule)
                return rule;
        }
        details.insert(QStringLiteral("assignmentId"), existing.value()->id);
        return store.remove(existing.value()->id);
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
        return makeError(ErrorKind::Invalid, QStringLiteral("invalid scope '%1'").arg(scope));
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    return RoleAssignmentStore(m_path.database()).list(principal, scope);
}

} // namespace custos::model
