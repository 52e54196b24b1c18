#include "AssignmentFilterModel.h"

#include "model/authz/Permissions.h"
#include "model/itemmodels/RoleAssignmentModel.h"

#include <QApplication>
#include <QStyle>

namespace custos::ui {

using model::RoleAssignmentModel;

AssignmentFilterModel::AssignmentFilterModel(QObject* parent) : QSortFilterProxyModel(parent)
{
    m_expiredIcon = QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void AssignmentFilterModel::setPrincipalFilter(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_principal)
        return;
    m_principal = trimmed;
    invalidateFilter();
}

void AssignmentFilterModel::setScopeFilter(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_scope)
        return;
    m_scope = trimmed;
    invalidateFilter();
}

bool AssignmentFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_principal.isEmpty() &&
        !index.data(RoleAssignmentModel::PrincipalRole).toString().contains(m_principal, Qt::CaseInsensitive))
        return false;
    if (m_scope.isEmpty())
        return true;
    const QString scope = index.data(RoleAssignmentModel::ScopeRole).toString();
    if (model::isValidScope(m_scope))
        return model::scopeCovers(scope, m_scope) || model::scopeCovers(m_scope, scope);
    return scope.contains(m_scope, Qt::CaseInsensitive);
}

QVariant AssignmentFilterModel::data(const QModelIndex& index, int role) const
{
    if (role == Qt::DecorationRole && index.column() == RoleAssignmentModel::StatusColumn &&
        index.data(RoleAssignmentModel::IsExpiredRole).toBool())
        return m_expiredIcon;
    return QSortFilterProxyModel::data(index, role);
}

} // namespace custos::ui
