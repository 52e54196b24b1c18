#include "AssignmentsView.h"

#include "AssignmentFilterModel.h"
#include "RoleOperations.h"
#include "model/itemmodels/RoleAssignmentModel.h"
#include "model/session/ServiceHost.h"
#include "ui/widgets/InlineMessage.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace custos::ui {

using model::RoleAssignmentModel;

namespace {
const QString kWrite = QStringLiteral("roleAssignments/write/action");
const QString kDelete = QStringLiteral("roleAssignments/delete/action");
const QString kRoot = QStringLiteral("/");
} // namespace

AssignmentsView::AssignmentsView(model::ServiceHost& host, RoleOperations& operations, QWidget* parent)
    : QWidget(parent), m_host(host), m_operations(operations)
{
    setObjectName(QStringLiteral("assignmentsView"));
    m_model = new RoleAssignmentModel(host, this);
    m_filter = new AssignmentFilterModel(this);
    m_filter->setSourceModel(m_model);

    m_principalFilter = new QLineEdit(this);
    m_principalFilter->setObjectName(QStringLiteral("principalFilterLineEdit"));
    m_principalFilter->setPlaceholderText(tr("any principal"));
    m_principalFilter->setClearButtonEnabled(true);
    m_scopeFilter = new QLineEdit(this);
    m_scopeFilter->setObjectName(QStringLiteral("scopeFilterLineEdit"));
    m_scopeFilter->setPlaceholderText(tr("any scope, e.g. /vaults/payments"));
    m_scopeFilter->setClearButtonEnabled(true);
    auto* principalLabel = new QLabel(tr("&Principal:"), this);
    principalLabel->setBuddy(m_principalFilter);
    auto* scopeLabel = new QLabel(tr("S&cope:"), this);
    scopeLabel->setBuddy(m_scopeFilter);
    m_addButton = new QPushButton(tr("&Add…"), this);
    m_addButton->setObjectName(QStringLiteral("addAssignmentPushButton"));
    m_removeButton = new QPushButton(tr("&Remove…"), this);
    m_removeButton->setObjectName(QStringLiteral("removeAssignmentPushButton"));
    auto* top = new QHBoxLayout;
    top->addWidget(principalLabel);
    top->addWidget(m_principalFilter, 1);
    top->addWidget(scopeLabel);
    top->addWidget(m_scopeFilter, 2);
    top->addSpacing(12);
    top->addWidget(m_addButton);
    top->addWidget(m_removeButton);
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("assignmentsMessageLabel"));

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("assignmentTableView"));
    m_table->setAccessibleName(tr("Role assignments"));
    m_table->setAccessibleDescription(tr("Who holds which role at which scope"));
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RoleAssignmentModel::PrincipalColumn, Qt::AscendingOrder);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_message);
    layout->addWidget(m_table, 1);

    connect(m_principalFilter, &QLineEdit::textChanged, m_filter, &AssignmentFilterModel::setPrincipalFilter);
    connect(m_scopeFilter, &QLineEdit::textChanged, m_filter, &AssignmentFilterModel::setScopeFilter);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AssignmentsView::updateEnabled);
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        const auto selected = selectedAssignment();
        m_selectedBeforeReset = selected ? selected->id : QString();
    });
    connect(m_model, &RoleAssignmentModel::loaded, this, [this] {
        for (int column = 0; column < RoleAssignmentModel::StatusColumn; ++column)
            m_table->resizeColumnToContents(column);
        // Keep the same assignment selected across a reload.
        for (int row = 0; !m_selectedBeforeReset.isEmpty() && row < m_filter->rowCount(); ++row) {
            const QModelIndex index = m_filter->index(row, 0);
            if (index.data(RoleAssignmentModel::AssignmentIdRole).toString() == m_selectedBeforeReset) {
                m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                                      QItemSelectionModel::Rows);
                break;
            }
        }
        updateEnabled();
    });
    connect(m_addButton, &QPushButton::clicked, &m_operations, &RoleOperations::startAssign);
    connect(m_removeButton, &QPushButton::clicked, this, [this] {
        if (const auto selected = selectedAssignment())
            m_operations.startUnassign(*selected);
    });
    connect(&m_operations, &RoleOperations::busyChanged, this, &AssignmentsView::updateEnabled);
    connect(&m_host, &model::ServiceHost::accessChanged, this, &AssignmentsView::updateEnabled);
    updateEnabled();
}

bool AssignmentsView::selectAssignment(const QString& principal, const QString& role, const QString& scope)
{
    const QModelIndex index = m_filter->mapFromSource(m_model->indexOf(principal, role, scope));
    if (!index.isValid())
        return false;
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

std::optional<model::RoleAssignment> AssignmentsView::selectedAssignment() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return m_model->assignment(m_filter->mapToSource(rows.first()));
}

void AssignmentsView::updateEnabled()
{
    const bool busy = m_operations.isBusy();
    const std::optional<model::RoleAssignment> selected = selectedAssignment();
    const bool mayAdd = m_host.access().isAllowed(kWrite, kRoot);
    const QString scope = selected ? selected->scope : kRoot;
    const bool mayRemove = m_host.access().isAllowed(kDelete, scope);
    m_addButton->setEnabled(mayAdd && !busy);
    m_addButton->setToolTip(mayAdd ? tr("Assign a role to an operator or group")
                                   : tr("You lack the permission %1 at %2").arg(kWrite, kRoot));
    m_removeButton->setEnabled(selected && mayRemove && !busy);
    m_removeButton->setToolTip(selected && !mayRemove ? tr("You lack the permission %1 at %2").arg(kDelete, scope)
                                                      : QString());
    if (!m_model->loadError().isEmpty())
        m_message->showError(m_model->loadError());
    else
        m_message->clearMessage();
}

} // namespace custos::ui
