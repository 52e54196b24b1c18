#include "OperatorsView.h"

#include "OperatorDialogs.h"
#include "OperatorOperations.h"
#include "model/itemmodels/OperatorGroupModel.h"
#include "model/itemmodels/OperatorListModel.h"
#include "model/services/OperatorService.h"
#include "model/session/ServiceHost.h"
#include "ui/widgets/InlineMessage.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace custos::ui {

namespace {

const QString kWritePermission = QStringLiteral("operators/write");

QPushButton* makeButton(QWidget* parent, const QString& text, const char* objectName)
{
    auto* button = new QPushButton(text, parent);
    button->setObjectName(QLatin1String(objectName));
    return button;
}

} // namespace

OperatorsView::OperatorsView(model::ServiceHost& host, QWidget* parent) : QWidget(parent), m_host(host)
{
    setObjectName(QStringLiteral("operatorsView"));
    m_operatorModel = new model::OperatorListModel(m_host, this);
    m_groupModel = new model::OperatorGroupModel(m_host, this);
    m_operations = new OperatorOperations(m_host, this, this);

    // Operators.
    auto* operatorsTitle = new QLabel(tr("<b>Operators</b>"), this);
    m_operatorView = new QTableView(this);
    m_operatorView->setObjectName(QStringLiteral("operatorsTableView"));
    m_operatorView->setAccessibleName(tr("Operators"));
    m_operatorView->setAccessibleDescription(tr("Operators of this workspace with their state and last login"));
    m_operatorView->setModel(m_operatorModel);
    m_operatorView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_operatorView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_operatorView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_operatorView->verticalHeader()->hide();
    m_operatorView->horizontalHeader()->setStretchLastSection(true);
    operatorsTitle->setBuddy(m_operatorView);
    m_addButton = makeButton(this, tr("&Add…"), "addOperatorPushButton");
    m_disableButton = makeButton(this, tr("D&isable"), "disableOperatorPushButton");
    m_enableButton = makeButton(this, tr("&Enable"), "enableOperatorPushButton");
    m_enableButton->setToolTip(tr("Enables the operator and lifts a lockout."));
    m_resetButton = makeButton(this, tr("&Reset passphrase…"), "resetPassphrasePushButton");
    m_deleteButton = makeButton(this, tr("De&lete…"), "deleteOperatorPushButton");
    auto* operatorButtons = new QHBoxLayout;
    for (QPushButton* button : {m_addButton, m_disableButton, m_enableButton, m_resetButton, m_deleteButton})
        operatorButtons->addWidget(button);
    operatorButtons->addStretch();
    auto* operatorsPane = new QWidget(this);
    auto* operatorsLayout = new QVBoxLayout(operatorsPane);
    operatorsLayout->setContentsMargins(0, 0, 0, 0);
    operatorsLayout->addWidget(operatorsTitle);
    operatorsLayout->addLayout(operatorButtons);
    operatorsLayout->addWidget(m_operatorView, 1);

    // Groups.
    auto* groupsTitle = new QLabel(tr("<b>Groups</b>"), this);
    m_groupView = new QTreeView(this);
    m_groupView->setObjectName(QStringLiteral("groupsTreeView"));
    m_groupView->setAccessibleName(tr("Groups"));
    m_groupView->setAccessibleDescription(tr("Operator groups and their members"));
    m_groupView->setModel(m_groupModel);
    m_groupView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_groupView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    groupsTitle->setBuddy(m_groupView);
    m_addGroupButton = makeButton(this, tr("Add &group…"), "addGroupPushButton");
    m_addMemberButton = makeButton(this, tr("Add &member…"), "addMemberPushButton");
    m_removeMemberButton = makeButton(this, tr("Remo&ve member"), "removeMemberPushButton");
    auto* groupButtons = new QHBoxLayout;
    for (QPushButton* button : {m_addGroupButton, m_addMemberButton, m_removeMemberButton})
        groupButtons->addWidget(button);
    groupButtons->addStretch();
    auto* groupsPane = new QWidget(this);
    auto* groupsLayout = new QVBoxLayout(groupsPane);
    groupsLayout->setContentsMargins(0, 0, 0, 0);
    groupsLayout->addWidget(groupsTitle);
    groupsLayout->addLayout(groupButtons);
    groupsLayout->addWidget(m_groupView, 1);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(operatorsPane);
    splitter->addWidget(groupsPane);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    m_permissionLabel = new QLabel(this);
    m_permissionLabel->setObjectName(QStringLiteral("permissionLabel"));
    m_permissionLabel->setWordWrap(true);
    m_messageLabel = new InlineMessage(this);
    m_messageLabel->setObjectName(QStringLiteral("operatorsMessageLabel"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_permissionLabel);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_messageLabel);

    connect(m_addButton, &QPushButton::clicked, this, &OperatorsView::addOperator);
    connect(m_disableButton, &QPushButton::clicked, this, [this] { setSelectedEnabled(false); });
    connect(m_enableButton, &QPushButton::clicked, this, [this] { setSelectedEnabled(true); });
    connect(m_resetButton, &QPushButton::clicked, this, &OperatorsView::resetPassphrase);
    connect(m_deleteButton, &QPushButton::clicked, this, &OperatorsView::deleteOperator);
    connect(m_addGroupButton, &QPushButton::clicked, this, &OperatorsView::addGroup);
    connect(m_addMemberButton, &QPushButton::clicked, this, &OperatorsView::addMember);
    connect(m_removeMemberButton, &QPushButton::clicked, this, &OperatorsView::removeMember);

    connect(m_operatorView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &OperatorsView::updateActions);
    connect(m_groupView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &OperatorsView::updateActions);
    // A reload keeps the selection by name.
    connect(m_operatorModel, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        const auto selected = selectedOperator();
        m_operatorBeforeReset = selected ? selected->name : QString();
    });
    connect(m_operatorModel, &QAbstractItemModel::modelReset, this, [this] {
        if (!m_operatorBeforeReset.isEmpty())
            selectOperator(m_operatorBeforeReset);
        updateActions();
    });
    connect(m_groupModel, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        m_groupBeforeReset = selectedGroup();
        m_memberBeforeReset = selectedMember();
    });
    connect(m_groupModel, &QAbstractItemModel::modelReset, this, [this] {
        m_groupView->expandAll();
        const bool memberKept = !m_memberBeforeReset.isEmpty() && selectMember(m_groupBeforeReset, m_memberBeforeReset);
        if (!memberKept && !m_groupBeforeReset.isEmpty())
            selectGroup(m_groupBeforeReset);
        updateActions();
    });
    connect(m_operatorModel, &model::OperatorListModel::loaded, this, &OperatorsView::showLoadErrors);
    connect(m_groupModel, &model::OperatorGroupModel::loaded, this, &OperatorsView::showLoadErrors);
    connect(&m_host, &model::ServiceHost::accessChanged, this, &OperatorsView::updateActions);
    connect(m_operations, &OperationsBase::busyChanged, this, &OperatorsView::updateActions);
    connect(m_operations, &OperationsBase::failed, this, [this](const QString& title, const QString& message) {
        m_showingLoadError = false;
        m_messageLabel->showError(title + QStringLiteral(": ") + message);
    });
    connect(m_operations, &OperationsBase::succeeded, this, [this](const QString& text) {
        m_showingLoadError = false;
        m_messageLabel->showHint(text);
    });

    setTabOrder(m_addButton, m_disableButton);
    setTabOrder(m_disableButton, m_enableButton);
    setTabOrder(m_enableButton, m_resetButton);
    setTabOrder(m_resetButton, m_deleteButton);
    setTabOrder(m_deleteButton, m_operatorView);
    setTabOrder(m_operatorView, m_addGroupButton);
    setTabOrder(m_addGroupButton, m_addMemberButton);
    setTabOrder(m_addMemberButton, m_removeMemberButton);
    setTabOrder(m_removeMemberButton, m_groupView);
    updateActions();
}

bool OperatorsView::selectOperator(const QString& name)
{
    const QModelIndex index = m_operatorModel->indexOf(name);
    if (!index.isValid())
        return false;
    m_operatorView->selectionModel()->setCurrentIndex(index,
                                                      QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    return true;
}

bool OperatorsView::selectGroup(const QString& name)
{
    const QModelIndex index = m_groupModel->indexOfGroup(name);
    if (!index.isValid())
        return false;
    m_groupView->selectionModel()->setCurrentIndex(index,
                                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    return true;
}

bool OperatorsView::selectMember(const QString& group, const QString& member)
{
    const QModelIndex index = m_groupModel->indexOfMember(group, member);
    if (!index.isValid())
        return false;
    m_groupView->selectionModel()->setCurrentIndex(index,
                                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    return true;
}

std::optional<model::OperatorRow> OperatorsView::selectedOperator() const
{
    const QModelIndexList rows = m_operatorView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return m_operatorModel->operatorAt(rows.first());
}

QString OperatorsView::selectedGroup() const
{
    const QModelIndexList rows = m_groupView->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(model::OperatorGroupModel::GroupNameRole).toString();
}

QString OperatorsView::selectedMember() const
{
    const QModelIndexList rows = m_groupView->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(model::OperatorGroupModel::MemberNameRole).toString();
}

void OperatorsView::updateActions()
{
    const bool canWrite = m_host.access().isAllowed(kWritePermission, QStringLiteral("/"));
    const bool idle = !m_operations->isBusy();
    const auto op = selectedOperator();
    const bool locked = op && op->isLockedAt(QDateTime::currentDateTimeUtc());
    const QString group = selectedGroup();
    const bool ready = canWrite && idle;
    m_addButton->setEnabled(ready);
    m_disableButton->setEnabled(ready && op && op->enabled);
    m_enableButton->setEnabled(ready && op && (!op->enabled || locked));
    m_resetButton->setEnabled(ready && op.has_value());
    m_deleteButton->setEnabled(ready && op.has_value());
    m_addGroupButton->setEnabled(ready);
    m_addMemberButton->setEnabled(ready && !group.isEmpty());
    m_removeMemberButton->setEnabled(ready && !selectedMember().isEmpty());
    const QString reason = canWrite ? QString() : tr("Changing operators and groups needs %1.").arg(kWritePermission);
    for (QPushButton* button : {m_addButton, m_disableButton, m_resetButton, m_deleteButton, m_addGroupButton,
                                m_addMemberButton, m_removeMemberButton})
        button->setToolTip(reason);
    m_enableButton->setToolTip(canWrite ? tr("Enables the operator and lifts a lockout.") : reason);
    m_permissionLabel->setText(reason);
    m_permissionLabel->setVisible(!reason.isEmpty());
}

void OperatorsView::showLoadErrors()
{
    QStringList errors;
    if (!m_operatorModel->loadError().isEmpty())
        errors << tr("Operators could not be listed: %1").arg(m_operatorModel->loadError());
    if (!m_groupModel->loadError().isEmpty())
        errors << tr("Groups could not be listed: %1").arg(m_groupModel->loadError());
    if (!errors.isEmpty())
        m_messageLabel->showError(errors.join(QLatin1Char('\n')));
    else if (m_showingLoadError)
        m_messageLabel->clearMessage();
    m_showingLoadError = !errors.isEmpty();
}

void OperatorsView::addOperator()
{
    auto* dialog = new OperatorAddDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QString name = dialog->operatorName();
        m_operations->addOperator(name, dialog->displayName(), dialog->takePassphrase());
    });
    dialog->open();
}

void OperatorsView::setSelectedEnabled(bool enabled)
{
    const auto op = selectedOperator();
    if (op)
        m_operations->setEnabled(op->name, enabled);
}

void OperatorsView::resetPassphrase()
{
    const auto op = selectedOperator();
    if (!op)
        return;
    auto* dialog = new OperatorPassphraseDialog(op->name, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { m_operations->resetPassphrase(dialog->operatorName(), dialog->takePassphrase()); });
    dialog->open();
}

void OperatorsView::deleteOperator()
{
    const auto op = selectedOperator();
    if (!op)
        return;
    const QString name = op->name;
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Delete Operator"),
                                tr("Delete operator '%1'? Their role assignments and group memberships go with "
                                   "them; this cannot be undone.")
                                    .arg(name),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("operatorDeleteMessageBox"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::accepted, this, [this, name] { m_operations->removeOperator(name); });
    box->open();
}

void OperatorsView::addGroup()
{
    auto* dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("groupNameInputDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Add Group"));
    dialog->setLabelText(tr("Group &name (letters, digits, '.', '_', '-'):"));
    dialog->setOkButtonText(tr("&Add"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString& text) {
        const QString name = text.trimmed();
        if (!model::OperatorService::isValidName(name)) {
            m_messageLabel->showError(
                tr("Invalid group name '%1': use 1-64 letters, digits, '.', '_' or '-'.").arg(name));
            return;
        }
        m_operations->addGroup(name);
    });
    dialog->open();
}

void OperatorsView::addMember()
{
    const QString group = selectedGroup();
    if (group.isEmpty())
        return;
    const auto existing = m_groupModel->group(group);
    QStringList candidates;
    for (const QString& name : m_operatorModel->names()) {
        if (!existing || !existing->members.contains(name))
            candidates << name;
    }
    if (candidates.isEmpty()) {
        m_messageLabel->showHint(tr("Every operator is a member of '%1' already.").arg(group));
        return;
    }
    auto* dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("memberInputDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Add Member to '%1'").arg(group));
    dialog->setLabelText(tr("&Operator:"));
    dialog->setComboBoxItems(candidates);
    dialog->setComboBoxEditable(false);
    dialog->setOkButtonText(tr("&Add"));
    connect(dialog, &QInputDialog::textValueSelected, this,
            [this, group](const QString& name) { m_operations->setMember(group, name, false); });
    dialog->open();
}

void OperatorsView::removeMember()
{
    const QString group = selectedGroup();
    const QString member = selectedMember();
    if (!group.isEmpty() && !member.isEmpty())
        m_operations->setMember(group, member, true);
}

} // namespace custos::ui
