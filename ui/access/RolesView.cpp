#include "RolesView.h"

#include "RoleOperations.h"
#include "model/itemmodels/RoleDefinitionModel.h"
#include "model/session/ServiceHost.h"
#include "ui/widgets/InlineMessage.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace custos::ui {

namespace {
const QString kWrite = QStringLiteral("roleDefinitions/write/action");
const QString kDelete = QStringLiteral("roleDefinitions/delete/action");
const QString kRoot = QStringLiteral("/");
} // namespace

RolesView::RolesView(model::ServiceHost& host, RoleOperations& operations, QWidget* parent)
    : QWidget(parent), m_host(host), m_operations(operations)
{
    setObjectName(QStringLiteral("rolesView"));
    m_model = new model::RoleDefinitionModel(host, this);

    m_newButton = new QPushButton(tr("&New Role…"), this);
    m_newButton->setObjectName(QStringLiteral("newRolePushButton"));
    m_editButton = new QPushButton(tr("&Edit…"), this);
    m_editButton->setObjectName(QStringLiteral("editRolePushButton"));
    m_deleteButton = new QPushButton(tr("&Delete…"), this);
    m_deleteButton->setObjectName(QStringLiteral("deleteRolePushButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_newButton);
    buttons->addWidget(m_editButton);
    buttons->addWidget(m_deleteButton);
    buttons->addStretch(1);
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("rolesMessageLabel"));

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("roleTableView"));
    m_table->setAccessibleName(tr("Roles"));
    m_table->setAccessibleDescription(
        tr("Built-in and custom role definitions; the selected role's permissions are listed beside"));
    m_table->setModel(m_model);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);

    auto* detail = new QWidget(this);
    m_titleLabel = new QLabel(detail);
    m_titleLabel->setObjectName(QStringLiteral("roleTitleLabel"));
    QFont bold = m_titleLabel->font();
    bold.setBold(true);
    m_titleLabel->setFont(bold);
    m_descriptionLabel = new QLabel(detail);
    m_descriptionLabel->setObjectName(QStringLiteral("roleDescriptionLabel"));
    m_descriptionLabel->setWordWrap(true);
    m_summaryLabel = new QLabel(detail);
    m_summaryLabel->setObjectName(QStringLiteral("roleSummaryLabel"));
    m_permissionsList = new QListWidget(detail);
    m_permissionsList->setObjectName(QStringLiteral("rolePermissionsListWidget"));
    m_permissionsList->setAccessibleName(tr("Permissions"));
    m_permissionsList->setAccessibleDescription(tr("What the selected role allows"));
    m_notPermissionsList = new QListWidget(detail);
    m_notPermissionsList->setObjectName(QStringLiteral("roleNotPermissionsListWidget"));
    m_notPermissionsList->setAccessibleName(tr("Excluded permissions"));
    m_notPermissionsList->setAccessibleDescription(tr("What the selected role excludes from its permissions"));
    auto* permissionsLabel = new QLabel(tr("&Permissions:"), detail);
    permissionsLabel->setBuddy(m_permissionsList);
    auto* notPermissionsLabel = new QLabel(tr("N&ot permissions:"), detail);
    notPermissionsLabel->setBuddy(m_notPermissionsList);
    auto* detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_titleLabel);
    detailLayout->addWidget(m_descriptionLabel);
    detailLayout->addWidget(m_summaryLabel);
    detailLayout->addWidget(permissionsLabel);
    detailLayout->addWidget(m_permissionsList, 3);
    detailLayout->addWidget(notPermissionsLabel);
    detailLayout->addWidget(m_notPermissionsList, 1);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RolesView::onSelectionChanged);
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        const auto role = selectedRole();
        m_selectedBeforeReset = role ? role->name : QString();
    });
    connect(m_model, &model::RoleDefinitionModel::loaded, this, [this] {
        m_table->resizeColumnToContents(model::RoleDefinitionModel::NameColumn);
        m_table->resizeColumnToContents(model::RoleDefinitionModel::KindColumn);
        if (!m_pendingSelection.isEmpty() && selectRole(m_pendingSelection))
            m_pendingSelection.clear();
        else if (m_selectedBeforeReset.isEmpty() || !selectRole(m_selectedBeforeReset))
            onSelectionChanged();
    });
    connect(m_newButton, &QPushButton::clicked, &m_operations, &RoleOperations::startCreateRole);
    connect(m_editButton, &QPushButton::clicked, this, [this] {
        if (const auto role = selectedRole())
            m_operations.startEditRole(*role);
    });
    connect(m_deleteButton, &QPushButton::clicked, this, [this] {
        if (const auto role = selectedRole())
            m_operations.startDeleteRole(*role);
    });
    connect(m_table, &QTableView::doubleClicked, m_editButton, &QPushButton::click);
    connect(&m_operations, &RoleOperations::roleTouched, this,
            [this](const QString& name) { m_pendingSelection = selectRole(name) ? QString() : name; });
    connect(&m_operations, &RoleOperations::busyChanged, this, &RolesView::updateEnabled);
    connect(&m_host, &model::ServiceHost::accessChanged, this, &RolesView::updateEnabled);
    onSelectionChanged();
}

bool RolesView::selectRole(const QString& name)
{
    const QModelIndex index = m_model->indexOf(name);
    if (!index.isValid())
        return false;
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

std::optional<model::RoleDefinition> RolesView::selectedRole() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return m_model->role(rows.first());
}

void RolesView::onSelectionChanged()
{
    showDetail(selectedRole());
    updateEnabled();
}

void RolesView::showDetail(const std::optional<model::RoleDefinition>& role)
{
    m_permissionsList->clear();
    m_notPermissionsList->clear();
    if (!role) {
        m_titleLabel->setText(tr("No role selected"));
        m_descriptionLabel->clear();
        m_summaryLabel->clear();
        return;
    }
    m_titleLabel->setText(role->builtIn ? tr("%1 (built-in, read-only)").arg(role->name) : role->name);
    m_descriptionLabel->setText(role->description);
    const QStringList effective = model::effectivePermissions(*role);
    m_summaryLabel->setText(
        tr("Grants %1 of %2 permissions.").arg(effective.size()).arg(model::allPermissions().size()));
    // Each pattern as written, with what it expands to in its tooltip.
    for (const QString& pattern : role->actions) {
        auto* item = new QListWidgetItem(pattern, m_permissionsList);
        QStringList matched;
        for (const QString& permission : model::allPermissions()) {
            if (model::permissionMatches(pattern, permission))
                matched << permission;
        }
        item->setToolTip(matched.join(QLatin1Char('\n')));
    }
    m_notPermissionsList->addItems(role->notActions);
    if (role->notActions.isEmpty()) {
        auto* none = new QListWidgetItem(tr("(none)"), m_notPermissionsList);
        none->setFlags(Qt::NoItemFlags);
    }
}

void RolesView::updateEnabled()
{
    const bool busy = m_operations.isBusy();
    const std::optional<model::RoleDefinition> role = selectedRole();
    const bool custom = role && !role->builtIn;
    const bool mayWrite = m_host.access().isAllowed(kWrite, kRoot);
    const bool mayDelete = m_host.access().isAllowed(kDelete, kRoot);
    const QString lackWrite = tr("You lack the permission %1 at %2").arg(kWrite, kRoot);
    const QString lackDelete = tr("You lack the permission %1 at %2").arg(kDelete, kRoot);
    const QString readOnly = tr("Built-in roles are read-only");

    m_newButton->setEnabled(mayWrite && !busy);
    m_newButton->setToolTip(mayWrite ? tr("Define a custom role") : lackWrite);
    m_editButton->setEnabled(mayWrite && custom && !busy);
    m_editButton->setToolTip(!mayWrite ? lackWrite : (role && role->builtIn ? readOnly : QString()));
    m_deleteButton->setEnabled(mayDelete && custom && !busy);
    m_deleteButton->setToolTip(!mayDelete ? lackDelete : (role && role->builtIn ? readOnly : QString()));

    if (!m_model->loadError().isEmpty())
        m_message->showError(m_model->loadError());
    else if (!mayWrite)
        m_message->showHint(tr("Creating and editing roles needs the permission %1 at %2.").arg(kWrite, kRoot));
    else
        m_message->clearMessage();
}

} // namespace custos::ui
