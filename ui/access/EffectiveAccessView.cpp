#include "EffectiveAccessView.h"

#include "model/authz/Permissions.h"
#include "model/itemmodels/EffectiveAccessHolderModel.h"
#include "model/itemmodels/EffectiveAccessModel.h"
#include "model/itemmodels/OperatorListModel.h"
#include "model/services/AccessGroupService.h"
#include "model/services/KeyService.h"
#include "model/services/OperatorService.h"
#include "model/services/RoleService.h"
#include "model/services/Services.h"
#include "model/services/VaultService.h"
#include "model/session/ServiceHost.h"
#include "ui/widgets/InlineMessage.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QStackedWidget>
#include <QStringListModel>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

#include <set>

namespace custos::ui {

namespace {

// The permissions people ask about a key most, first in the filter.
const QStringList kCommonPermissions = {QStringLiteral("keys/sign/action"), QStringLiteral("keys/decrypt/action"),
                                        QStringLiteral("keys/delete")};

struct Principals
{
    QStringList operators;
    QStringList groups;
};

// Everyone the operator may see: operators and groups (operators/read), and whoever holds an
// assignment (roleAssignments/read, which an access review needs anyway). What cannot be read is
// left out.
Principals listPrincipals(model::Services& services)
{
    std::set<QString> operators;
    std::set<QString> groups;
    if (auto listed = services.operators().list()) {
        for (const model::Operator& op : listed.value())
            operators.insert(op.name);
    }
    if (auto listed = services.groups().list()) {
        for (const model::OperatorGroup& group : listed.value())
            groups.insert(group.name);
    }
    if (auto assignments = services.roles().assignments()) {
        for (const model::RoleAssignment& a : assignments.value()) {
            if (!groups.count(a.principal))
                operators.insert(a.principal);
        }
    }
    Principals principals;
    principals.operators = QStringList(operators.begin(), operators.end());
    principals.groups = QStringList(groups.begin(), groups.end());
    return principals;
}

// "/", each vault, each key the operator may read.
QStringList listScopes(model::Services& services)
{
    QStringList scopes{QStringLiteral("/")};
    auto vaults = services.vaults().list();
    if (!vaults)
        return scopes;
    for (const model::Vault& vault : vaults.value()) {
        const QString vaultScope = QStringLiteral("/vaults/") + vault.name;
        scopes << vaultScope;
        auto keys = services.keys().list(vault.name);
        if (!keys)
            continue;
        for (const model::KeyRecord& key : keys.value())
            scopes << vaultScope + QStringLiteral("/keys/") + key.name;
    }
    return scopes;
}

} // namespace

EffectiveAccessView::EffectiveAccessView(model::ServiceHost& host, QWidget* parent) : QWidget(parent), m_host(host)
{
    setObjectName(QStringLiteral("effectiveAccessView"));
    m_principalModel = new model::EffectiveAccessModel(m_host, this);
    m_holderModel = new model::EffectiveAccessHolderModel(m_host, this);
    m_resourceModel = new QStringListModel(this);

    m_byPrincipalRadio = new QRadioButton(tr("By &principal"), this);
    m_byPrincipalRadio->setObjectName(QStringLiteral("byPrincipalRadioButton"));
    m_byPrincipalRadio->setToolTip(tr("What an operator or a group can do where"));
    m_byResourceRadio = new QRadioButton(tr("By &resource"), this);
    m_byResourceRadio->setObjectName(QStringLiteral("byResourceRadioButton"));
    m_byResourceRadio->setToolTip(tr("Who holds a permission on a vault or a key, and through which assignment"));
    auto* modes = new QButtonGroup(this);
    modes->addButton(m_byPrincipalRadio);
    modes->addButton(m_byResourceRadio);
    m_byPrincipalRadio->setChecked(true);
    auto* modeRow = new QHBoxLayout;
    modeRow->addWidget(m_byPrincipalRadio);
    modeRow->addWidget(m_byResourceRadio);
    modeRow->addStretch();

    // By principal.
    auto* principalPage = new QWidget(this);
    m_principalCombo = new QComboBox(principalPage);
    m_principalCombo->setObjectName(QStringLiteral("principalComboBox"));
    m_principalCombo->setMinimumContentsLength(24);
    m_principalView = new QTreeView(principalPage);
    m_principalView->setObjectName(QStringLiteral("principalAccessTreeView"));
    m_principalView->setAccessibleName(tr("Effective access"));
    m_principalView->setAccessibleDescription(
        tr("What the chosen principal may do, by scope, and through which assignment"));
    m_principalView->setModel(m_principalModel);
    m_principalView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_principalView->setUniformRowHeights(true);
    auto* principalForm = new QFormLayout;
    auto* principalLabel = new QLabel(tr("Operator or &group:"), principalPage);
    principalLabel->setBuddy(m_principalCombo);
    principalForm->addRow(principalLabel, m_principalCombo);
    auto* principalLayout = new QVBoxLayout(principalPage);
    principalLayout->setContentsMargins(0, 0, 0, 0);
    principalLayout->addLayout(principalForm);
    principalLayout->addWidget(m_principalView, 1);

    // By resource.
    auto* resourcePage = new QWidget(this);
    m_resourceEdit = new QLineEdit(resourcePage);
    m_resourceEdit->setObjectName(QStringLiteral("resourceLineEdit"));
    m_resourceEdit->setPlaceholderText(tr("/vaults/V/keys/K, /vaults/V or /"));
    auto* completer = new QCompleter(m_resourceModel, m_resourceEdit);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_resourceEdit->setCompleter(completer);
    m_permissionCombo = new QComboBox(resourcePage);
    m_permissionCombo->setObjectName(QStringLiteral("permissionComboBox"));
    for (const QString& permission : kCommonPermissions)
        m_permissionCombo->addItem(permission, permission);
    m_permissionCombo->insertSeparator(m_permissionCombo->count());
    for (const QString& permission : model::allPermissions()) {
        if (!kCommonPermissions.contains(permission))
            m_permissionCombo->addItem(permission, permission);
    }
    m_whoButton = new QPushButton(tr("&Show holders"), resourcePage);
    m_whoButton->setObjectName(QStringLiteral("showHoldersPushButton"));
    m_holderView = new QTableView(resourcePage);
    m_holderView->setObjectName(QStringLiteral("holdersTableView"));
    m_holderView->setAccessibleName(tr("Permission holders"));
    m_holderView->setAccessibleDescription(
        tr("Who holds the chosen permission at the chosen scope, and through which assignment"));
    m_holderView->setModel(m_holderModel);
    m_holderView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_holderView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_holderView->verticalHeader()->hide();
    m_holderView->horizontalHeader()->setStretchLastSection(true);
    auto* resourceForm = new QFormLayout;
    auto* resourceLabel = new QLabel(tr("Reso&urce:"), resourcePage);
    resourceLabel->setBuddy(m_resourceEdit);
    resourceForm->addRow(resourceLabel, m_resourceEdit);
    auto* permissionRow = new QHBoxLayout;
    permissionRow->addWidget(m_permissionCombo, 1);
    permissionRow->addWidget(m_whoButton);
    auto* permissionLabel = new QLabel(tr("P&ermission:"), resourcePage);
    permissionLabel->setBuddy(m_permissionCombo);
    resourceForm->addRow(permissionLabel, permissionRow);
    auto* resourceLayout = new QVBoxLayout(resourcePage);
    resourceLayout->setContentsMargins(0, 0, 0, 0);
    resourceLayout->addLayout(resourceForm);
    resourceLayout->addWidget(m_holderView, 1);

    m_pages = new QStackedWidget(this);
    m_pages->addWidget(principalPage);
    m_pages->addWidget(resourcePage);

    m_messageLabel = new InlineMessage(this);
    m_messageLabel->setObjectName(QStringLiteral("effectiveAccessMessageLabel"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(modeRow);
    layout->addWidget(m_pages, 1);
    layout->addWidget(m_messageLabel);

    connect(m_byResourceRadio, &QRadioButton::toggled, this, &EffectiveAccessView::setByResource);
    connect(m_principalCombo, &QComboBox::currentIndexChanged, this, &EffectiveAccessView::onPrincipalPicked);
    connect(m_whoButton, &QPushButton::clicked, this, &EffectiveAccessView::askWho);
    connect(m_resourceEdit, &QLineEdit::returnPressed, this, &EffectiveAccessView::askWho);
    connect(m_permissionCombo, &QComboBox::activated, this, [this] {
        if (!m_resourceEdit->text().trimmed().isEmpty())
            askWho();
    });
    connect(m_principalModel, &model::EffectiveAccessModel::loaded, this, [this] {
        m_principalView->expandAll();
        m_principalView->resizeColumnToContents(model::EffectiveAccessModel::NameColumn);
        showModelError(m_principalModel->loadError());
    });
    connect(m_holderModel, &model::EffectiveAccessHolderModel::loaded, this, [this] {
        m_holderView->resizeColumnsToContents();
        if (!m_holderModel->loadError().isEmpty())
            showModelError(m_holderModel->loadError());
        else if (m_holderModel->rowCount() == 0)
            m_messageLabel->showHint(
                tr("Nobody holds %1 at %2.").arg(m_holderModel->permission(), m_holderModel->scope()));
        else
            m_messageLabel->clearMessage();
    });

    // The lists to pick from follow the workspace.
    for (auto signal : {model::ServiceSignal::OperatorsChanged, model::ServiceSignal::GroupsChanged,
                        model::ServiceSignal::AssignmentsChanged})
        model::relayServiceSignal(m_host, this, signal, [this] { reloadPrincipals(); });
    connect(&m_host, &model::ServiceHost::vaultsChanged, this, &EffectiveAccessView::reloadResources);
    connect(&m_host, &model::ServiceHost::keysChanged, this, &EffectiveAccessView::reloadResources);
    connect(&m_host, &model::ServiceHost::sessionChanged, this, [this] {
        reloadPrincipals();
        reloadResources();
    });

    setTabOrder(m_byPrincipalRadio, m_byResourceRadio);
    setTabOrder(m_byResourceRadio, m_principalCombo);
    setTabOrder(m_principalCombo, m_principalView);
    setTabOrder(m_principalView, m_resourceEdit);
    setTabOrder(m_resourceEdit, m_permissionCombo);
    setTabOrder(m_permissionCombo, m_whoButton);
    setTabOrder(m_whoButton, m_holderView);
    reloadPrincipals();
    reloadResources();
}

void EffectiveAccessView::setByResource(bool byResource)
{
    m_pages->setCurrentIndex(byResource ? 1 : 0);
    m_messageLabel->clearMessage();
    if (byResource)
        m_resourceEdit->setFocus();
    else
        m_principalCombo->setFocus();
}

void EffectiveAccessView::showPrincipal(const QString& principal)
{
    m_byPrincipalRadio->setChecked(true);
    const int index = m_principalCombo->findData(principal);
    if (index >= 0)
        m_principalCombo->setCurrentIndex(index);
    else
        m_principalModel->setPrincipal(principal);
}

void EffectiveAccessView::showResource(const QString& scope, const QString& permission)
{
    m_byResourceRadio->setChecked(true);
    m_resourceEdit->setText(scope);
    const int index = m_permissionCombo->findData(permission);
    if (index >= 0)
        m_permissionCombo->setCurrentIndex(index);
    askWho();
}

void EffectiveAccessView::onPrincipalPicked()
{
    m_messageLabel->clearMessage();
    m_principalModel->setPrincipal(m_principalCombo->currentData().toString());
}

void EffectiveAccessView::askWho()
{
    const QString scope = m_resourceEdit->text().trimmed();
    const QString permission = m_permissionCombo->currentData().toString();
    if (!model::isValidScope(scope)) {
        m_holderModel->setQuery({}, {});
        m_messageLabel->showError(
            tr("Invalid resource '%1': expected /, /vaults/V, /vaults/V/keys/K or /vaults/V/certificates/C.")
                .arg(scope));
        return;
    }
    m_messageLabel->clearMessage();
    if (scope == m_holderModel->scope() && permission == m_holderModel->permission())
        m_holderModel->reload(); // asked again: the answer may have changed
    else
        m_holderModel->setQuery(scope, permission);
}

void EffectiveAccessView::showModelError(const QString& error)
{
    if (error.isEmpty())
        m_messageLabel->clearMessage();
    else
        m_messageLabel->showError(error);
}

void EffectiveAccessView::reloadPrincipals()
{
    fetchPrincipals(++m_principalGeneration);
}

QCoro::Task<> EffectiveAccessView::fetchPrincipals(quint64 generation)
{
    QPointer<EffectiveAccessView> guard(this);
    auto task = m_host.call([](model::Services& services) { return listPrincipals(services); });
    Outcome<Principals> loaded = co_await task;
    if (!guard || generation != m_principalGeneration || !loaded)
        co_return;
    const QString current = m_principalCombo->currentData().toString();
    int index = -1;
    {
        const QSignalBlocker blocker(m_principalCombo);
        m_principalCombo->clear();
        m_principalCombo->addItem(tr("(choose an operator or a group)"), QString());
        for (const QString& name : loaded->operators)
            m_principalCombo->addItem(name, name);
        for (const QString& name : loaded->groups) {
            m_principalCombo->addItem(tr("%1 (group)").arg(name), name);
            m_principalCombo->setItemData(m_principalCombo->count() - 1, tr("Operator group %1").arg(name),
                                          Qt::ToolTipRole);
        }
        index = m_principalCombo->findData(current);
        m_principalCombo->setCurrentIndex(index >= 0 ? index : 0);
    }
    // The one picked has gone (a deleted operator): show nothing rather than a stale answer.
    if (!current.isEmpty() && index < 0)
        m_principalModel->setPrincipal({});
}

void EffectiveAccessView::reloadResources()
{
    fetchResources(++m_resourceGeneration);
}

QCoro::Task<> EffectiveAccessView::fetchResources(quint64 generation)
{
    QPointer<EffectiveAccessView> guard(this);
    auto task = m_host.call([](model::Services& services) { return listScopes(services); });
    Outcome<QStringList> loaded = co_await task;
    if (!guard || generation != m_resourceGeneration || !loaded)
        co_return;
    m_resourceModel->setStringList(loaded.value());
}

} // namespace custos::ui
