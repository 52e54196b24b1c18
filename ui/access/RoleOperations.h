#pragma once

#include "crypto/Outcome.h"
#include "model/authz/Permissions.h"
#include "model/domain/RoleAssignment.h"
#include "model/services/RoleService.h"
#include "ui/actions/OperationsBase.h"

#include <QCoro/QCoroTask>
#include <QDateTime>

class QWidget;

namespace custos::ui {

struct AssignmentRequest;

// Runs RoleService's changes on the service thread, each awaited by a coroutine so the window keeps
// running: custom role definitions (create, edit, delete) and assignments (assign, unassign). Asks
// through dialogs opened with open() (never exec()); reports success as a status message and
// failure in a message box ("accessErrorMessageBox") with the service's reason, e.g. a refusal for
// want of quorum approvals.
class RoleOperations : public OperationsBase
{
    Q_OBJECT
public:
    RoleOperations(model::ServiceHost& host, QWidget* dialogParent, QObject* parent = nullptr);

    void startCreateRole();                                // RoleEditDialog, then createRole
    void startEditRole(const model::RoleDefinition& role); // custom roles only
    void startDeleteRole(const model::RoleDefinition& role);
    // Loads the operators, groups and roles to choose from, then opens AssignmentDialog.
    void startAssign();
    void startUnassign(const model::RoleAssignment& assignment); // asks first

    // The operations themselves, without dialogs.
    void createRole(model::RoleDefinition role);
    void updateRole(QString name, model::RoleService::RoleUpdate update);
    void deleteRole(QString name);
    void assign(const AssignmentRequest& request);
    void unassign(QString principal, QString role, QString scope);

Q_SIGNALS:
    void roleTouched(const QString& name); // select it: created or edited
    void assignmentTouched(const QString& principal, const QString& role, const QString& scope);

private:
    QCoro::Task<> openAssignDialog();
    template <typename T>
    QCoro::Task<> finish(QCoro::Task<Outcome<T>> operation, QString failureTitle, QString successText,
                         std::function<void()> onSuccess);
};

} // namespace custos::ui
