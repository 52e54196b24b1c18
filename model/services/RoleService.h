#pragma once

#include "OperationContext.h"
#include "crypto/Outcome.h"
#include "model/authz/Permissions.h"
#include "model/domain/RoleAssignment.h"

#include <QCoro/QCoroTask>
#include <QObject>

#include <optional>

namespace custos::model {

class ServicePath;

// Role definitions (read: roleDefinitions/read/action) and assignments to operators and operator
// groups (read:
// roleAssignments/read/action; assign: roleAssignments/write/action; unassign:
// roleAssignments/delete/action). Rules that hold whatever the assignments (ROLES.md): no
// self-assignment; the last enabled Administrator stays; Administrator is never time-bound.
class RoleService : public QObject
{
    Q_OBJECT
public:
    explicit RoleService(ServicePath& path, QObject* parent = nullptr);

    // Built-in roles first (ROLES.md's order), then custom ones by name.
    Outcome<QList<RoleDefinition>> listRoles();
    Outcome<RoleDefinition> showRole(const QString& name);
    // Custom role definitions (roleDefinitions/write/action; delete: roleDefinitions/delete/action).
    // Built-in roles are read-only; a role is deleted only while nobody holds it.
    QCoro::Task<Outcome<RoleDefinition>> createRole(RoleDefinition role, OperationContext context = {});
    // Replaces the fields that are set.
    struct RoleUpdate
    {
        std::optional<QStringList> actions;
        std::optional<QStringList> notActions;
        std::optional<QString> description;
    };
    QCoro::Task<Outcome<RoleDefinition>> updateRole(QString name, RoleUpdate update, OperationContext context = {});
    QCoro::Task<Outcome<void>> deleteRole(QString name, OperationContext context = {});
    QCoro::Task<Outcome<RoleAssignment>> assign(QString principal, QString role, QString scope, QDateTime expires = {},
                                                OperationContext context = {});
    QCoro::Task<Outcome<void>> unassign(QString principal, QString role, QString scope, OperationContext context = {});
    Outcome<QList<RoleAssignment>> assignments(const QString& principal = {}, const QString& scope = {});

Q_SIGNALS:
    void assignmentsChanged();
    void rolesChanged();

private:
    ServicePath& m_path;
};

} // namespace custos::model
