#pragma once

#include "OperationContext.h"
#include "crypto/Outcome.h"
#include "model/authz/Permissions.h"
#include "model/domain/RoleAssignment.h"

#include <QCoro/QCoroTask>
#include <QObject>

namespace custos::model {

class ServicePath;

// Role definitions (read: roleDefinitions/read/action) and assignments (read:
// roleAssignments/read/action; assign: roleAssignments/write/action; unassign:
// roleAssignments/delete/action). Rules that hold whatever the assignments (ROLES.md): no
// self-assignment; the last enabled Administrator stays; Administrator is never time-bound.
class RoleService : public QObject
{
    Q_OBJECT
public:
    explicit RoleService(ServicePath& path, QObject* parent = nullptr);

    Outcome<QList<RoleDefinition>> listRoles();
    Outcome<RoleDefinition> showRole(const QString& name);
    QCoro::Task<Outcome<RoleAssignment>> assign(QString principal, QString role, QString scope,
                                                QDateTime expires = {}, OperationContext context = {});
    QCoro::Task<Outcome<void>> unassign(QString principal, QString role, QString scope, OperationContext context = {});
    Outcome<QList<RoleAssignment>> assignments(const QString& principal = {}, const QString& scope = {});

Q_SIGNALS:
    void assignmentsChanged();

private:
    ServicePath& m_path;
};

} // namespace custos::model
