#include "RoleOperations.h"

#include "AssignmentDialog.h"
#include "RoleEditDialog.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QMessageBox>
#include <QPointer>
#include <QPushButton>

#include <exception>

namespace custos::ui {

RoleOperations::RoleOperations(model::ServiceHost& host, QWidget* dialogParent, QObject* parent)
    : OperationsBase(host, dialogParent, QStringLiteral("accessErrorMessageBox"), parent)
{
}

void RoleOperations::startCreateRole()
{
    auto* dialog = new RoleEditDialog(m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { createRole(dialog->role()); });
    dialog->open();
}

void RoleOperations::startEditRole(const model::RoleDefinition& role)
{
    if (role.builtIn)
        return; // read-only; the actions are disabled for them
    auto* dialog = new RoleEditDialog(role, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString name = role.name;
    connect(dialog, &QDialog::accepted, this, [this, dialog, name] {
        const model::RoleDefinition edited = dialog->role();
        model::RoleService::RoleUpdate update;
        update.actions = edited.actions;
        update.notActions = edited.notActions;
        update.description = edited.description;
        updateRole(name, update);
    });
    dialog->open();
}

void RoleOperations::startDeleteRole(const model::RoleDefinition& role)
{
    if (role.builtIn)
        return;
    auto* box = new QMessageBox(QMessageBox::Question, tr("Delete Role"), tr("Delete the role '%1'?").arg(role.name),
                                QMessageBox::Yes | QMessageBox::Cancel, m_dialogParent);
    box->setObjectName(QStringLiteral("confirmDeleteRoleMessageBox"));
    box->setInformativeText(tr("A role is deleted only while nobody holds it."));
    box->button(QMessageBox::Yes)->setText(tr("&Delete"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QString name = role.name;
    connect(box, &QMessageBox::finished, this, [this, box, name] {
        if (box->clickedButton() == box->button(QMessageBox::Yes))
            deleteRole(name);
    });
    box->open();
}

void RoleOperations::startAssign()
{
    openAssignDialog();
}

namespace {

// What the assignment dialog offers, read on the service thread; each list only when the operator
// may read it (a denied read would be audited), else the principal is typed in.
struct AssignChoices
{
    QList<AssignablePrincipal> principals;
    QStringList roles;
};

} // namespace

QCoro::Task<> RoleOperations::openAssignDialog()
{
    QPointer<RoleOperations> guard(this);
    const bool readOperators = m_host.access().isAllowed(QStringLiteral("operators/read"), QStringLiteral("/"));
    const bool readRoles =
        m_host.access().isAllowed(QStringLiteral("roleDefinitions/read/action"), QStringLiteral("/"));
    begin();
    auto task = m_host.call([readOperators, readRoles](model::Services& s) -> Outcome<AssignChoices> {
        AssignChoices choices;
        if (readOperators) {
            auto operators = s.operators().list();
            if (!operators)
                return operators.error();
            for (const model::Operator& op : operators.value()) {
                if (op.enabled)
                    choices.principals << AssignablePrincipal{op.name, false};
            }
            auto groups = s.groups().list();
            if (!groups)
                return groups.error();
            for (const model::OperatorGroup& group : groups.value())
                choices.principals << AssignablePrincipal{group.name, true};
        }
        if (readRoles) {
            auto roles = s.roles().listRoles();
            if (!roles)
                return roles.error();
            for (const model::RoleDefinition& role : roles.value())
                choices.roles << role.name;
        } else {
            for (const model::RoleDefinition& role : model::builtInRoles())
                choices.roles << role.name;
        }
        return choices;
    });
    Outcome<AssignChoices> choices = co_await task;
    if (!guard)
        co_return;
    end();
    if (!choices) {
        showError(tr("Could not read the operators, groups and roles"), choices.error().message);
        co_return;
    }
    auto* dialog = new AssignmentDialog(choices->principals, choices->roles, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { assign(dialog->request()); });
    dialog->open();
}

void RoleOperations::startUnassign(const model::RoleAssignment& assignment)
{
    auto* box = new QMessageBox(
        QMessageBox::Question, tr("Remove Assignment"),
        tr("Remove the role '%1' from '%2' at %3?").arg(assignment.role, assignment.principal, assignment.scope),
        QMessageBox::Yes | QMessageBox::Cancel, m_dialogParent);
    box->setObjectName(QStringLiteral("confirmUnassignMessageBox"));
    box->setInformativeText(tr("What the role grants there stops at once."));
    box->button(QMessageBox::Yes)->setText(tr("&Remove"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QString principal = assignment.principal;
    const QString role = assignment.role;
    const QString scope = assignment.scope;
    connect(box, &QMessageBox::finished, this, [this, box, principal, role, scope] {
        if (box->clickedButton() == box->button(QMessageBox::Yes))
            unassign(principal, role, scope);
    });
    box->open();
}

void RoleOperations::createRole(model::RoleDefinition role)
{
    const QString name = role.name;
    finish(withApprovals<model::RoleDefinition>([this, role](model::OperationContext context) {
               return m_host.call([role, context](model::Services& s) { return s.roles().createRole(role, context); });
           }),
           tr("Could not create the role '%1'").arg(name), tr("Role '%1' created").arg(name),
           [this, name] { Q_EMIT roleTouched(name); });
}

void RoleOperations::updateRole(QString name, model::RoleService::RoleUpdate update)
{
    finish(withApprovals<model::RoleDefinition>([this, name, update](model::OperationContext context) {
               return m_host.call(
                   [name, update, context](model::Services& s) { return s.roles().updateRole(name, update, context); });
           }),
           tr("Could not update the role '%1'").arg(name), tr("Role '%1' updated").arg(name),
           [this, name] { Q_EMIT roleTouched(name); });
}

void RoleOperations::deleteRole(QString name)
{
    finish(withApprovals<void>([this, name](model::OperationContext context) {
               return m_host.call([name, context](model::Services& s) { return s.roles().deleteRole(name, context); });
           }),
           tr("Could not delete the role '%1'").arg(name), tr("Role '%1' deleted").arg(name), {});
}

void RoleOperations::assign(const AssignmentRequest& request)
{
    const AssignmentRequest r = request;
    finish(withApprovals<model::RoleAssignment>([this, r](model::OperationContext context) {
               return m_host.call([r, context](model::Services& s) {
                   return s.roles().assign(r.principal, r.role, r.scope, r.expires, context);
               });
           }),
           tr("Could not assign '%1' to '%2' at %3").arg(r.role, r.principal, r.scope),
           tr("'%1' assigned to '%2' at %3").arg(r.role, r.principal, r.scope),
           [this, r] { Q_EMIT assignmentTouched(r.principal, r.role, r.scope); });
}

void RoleOperations::unassign(QString principal, QString role, QString scope)
{
    finish(withApprovals<void>([this, principal, role, scope](model::OperationContext context) {
               return m_host.call([principal, role, scope, context](model::Services& s) {
                   return s.roles().unassign(principal, role, scope, context);
               });
           }),
           tr("Could not remove '%1' from '%2' at %3").arg(role, principal, scope),
           tr("'%1' removed from '%2' at %3").arg(role, principal, scope), {});
}

template <typename T>
QCoro::Task<> RoleOperations::finish(QCoro::Task<Outcome<T>> operation, QString failureTitle, QString successText,
                                     std::function<void()> onSuccess)
{
    QPointer<RoleOperations> guard(this);
    begin();
    Outcome<T> result;
    try {
        result = co_await operation;
    } catch (const std::exception& e) {
        result = makeError(ErrorKind::Failed, QString::fromLocal8Bit(e.what()));
    } catch (...) {
        result = makeError(ErrorKind::Failed, QStringLiteral("unexpected error"));
    }
    if (!guard)
        co_return;
    end();
    if (!result) {
        // A refusal for want of quorum approvals lands here too, with the service's reason.
        if (result.isCancelled())
            Q_EMIT statusMessage(tr("Cancelled"));
        else
            showError(failureTitle, result.error().message);
        co_return;
    }
    Q_EMIT statusMessage(successText);
    Q_EMIT succeeded(successText);
    if (onSuccess)
        onSuccess();
}

} // namespace custos::ui
