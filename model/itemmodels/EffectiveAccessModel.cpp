#include "EffectiveAccessModel.h"

#include "KeyListModel.h"
#include "OperatorListModel.h"
#include "model/services/AccessService.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QCoreApplication>
#include <QPointer>

namespace custos::model {

namespace {
// internalId: 0 for a scope row; for a permission row, its scope's row + 1.
constexpr quintptr kScopeRow = 0;
} // namespace

QString throughText(const QString& group)
{
    if (group.isEmpty())
        return QCoreApplication::translate("custos::model::EffectiveAccessModel", "direct");
    return QCoreApplication::translate("custos::model::EffectiveAccessModel", "group %1").arg(group);
}

EffectiveAccessModel::EffectiveAccessModel(ServiceHost& host, QObject* parent)
    : QAbstractItemModel(parent), m_host(host)
{
    for (ServiceSignal signal :
         {ServiceSignal::AssignmentsChanged, ServiceSignal::GroupsChanged, ServiceSignal::OperatorsChanged})
        relayServiceSignal(m_host, this, signal, [this] { reload(); });
}

QList<EffectiveAccessModel::ScopeRow> EffectiveAccessModel::rowsOf(const QList<ScopeAccess>& access)
{
    QList<ScopeRow> rows;
    for (const ScopeAccess& scope : access) {
        ScopeRow row;
        row.scope = scope.scope;
        for (const EffectiveGrant& grant : scope.via)
            row.via << Via{grant.assignmentId, grant.role, grant.group, grant.expires};
        for (const QString& permission : scope.permissions) {
            PermissionRow p{permission, {}};
            for (const EffectiveGrant& grant : scope.via) {
                if (grant.grants(permission))
                    p.via << Via{grant.assignmentId, grant.role, grant.group, grant.expires};
            }
            row.permissions << p;
        }
        rows << row;
    }
    return rows;
}

void EffectiveAccessModel::setPrincipal(const QString& principal)
{
    if (principal == m_principal)
        return;
    m_principal = principal;
    beginResetModel();
    m_rows.clear();
    m_loadError.clear();
    endResetModel();
    reload();
}

void EffectiveAccessModel::reload()
{
    const quint64 generation = ++m_generation;
    if (m_principal.isEmpty()) {
        m_loading = false;
        apply({}, {});
        return;
    }
    m_loading = true;
    fetch(generation, m_principal);
}

QCoro::Task<> EffectiveAccessModel::fetch(quint64 generation, QString principal)
{
    QPointer<EffectiveAccessModel> guard(this);
    auto task = m_host.call([principal](Services& services) -> Outcome<QList<ScopeRow>> {
        auto access = services.access().what(principal);
        if (!access)
            return access.error();
        return rowsOf(access.value());
    });
    Outcome<QList<ScopeRow>> loaded = co_await task;
    if (!guard || generation != m_generation)
        co_return;
    m_loading = false;
    if (loaded)
        apply(loaded.take(), {});
    else
        apply({}, loaded.error().message);
}

void EffectiveAccessModel::apply(QList<ScopeRow> rows, QString error)
{
    beginResetModel();
    m_rows = std::move(rows);
    m_loadError = std::move(error);
    endResetModel();
    Q_EMIT loaded();
}

QModelIndex EffectiveAccessModel::indexOfScope(const QString& scope) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).scope == scope)
            return index(row, NameColumn);
    }
    return {};
}

QModelIndex EffectiveAccessModel::indexOfPermission(const QString& scope, const QString& permission) const
{
    const QModelIndex parent = indexOfScope(scope);
    if (!parent.isValid())
        return {};
    const QList<PermissionRow>& permissions = m_rows.at(parent.row()).permissions;
    for (int row = 0; row < permissions.size(); ++row) {
        if (permissions.at(row).permission == permission)
            return index(row, NameColumn, parent);
    }
    return {};
}

QModelIndex EffectiveAccessModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < m_rows.size() ? createIndex(row, column, kScopeRow) : QModelIndex();
    if (parent.internalId() != kScopeRow || parent.row() >= m_rows.size())
        return {};
    if (row >= m_rows.at(parent.row()).permissions.size())
        return {};
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex EffectiveAccessModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == kScopeRow)
        return {};
    return createIndex(int(child.internalId() - 1), NameColumn, kScopeRow);
}

int EffectiveAccessModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return int(m_rows.size());
    if (parent.column() != NameColumn || parent.internalId() != kScopeRow || parent.row() >= m_rows.size())
        return 0;
    return int(m_rows.at(parent.row()).permissions.size());
}

int EffectiveAccessModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant EffectiveAccessModel::viaData(const QList<Via>& via, int column, int role) const
{
    QStringList values;
    for (const Via& v : via) {
        switch (role) {
        case RolesRole:
            values << v.role;
            break;
        case ThroughRole:
            values << v.group;
            break;
        case AssignmentIdsRole:
            values << v.assignmentId;
            break;
        default: // Qt::DisplayRole
            if (column == RoleColumn)
                values << v.role;
            else if (column == ThroughColumn)
                values << throughText(v.group);
            else if (column == ExpiresColumn)
                values << (v.expires.isValid() ? keyTimeText(v.expires) : tr("never"));
        }
    }
    if (role == Qt::DisplayRole)
        return values.join(QStringLiteral("; "));
    return values;
}

QVariant EffectiveAccessModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const bool isScope = index.internalId() == kScopeRow;
    const ScopeRow& scope = m_rows.at(isScope ? index.row() : int(index.internalId() - 1));
    const QList<Via>& via = isScope ? scope.via : scope.permissions.at(index.row()).via;
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == NameColumn)
            return isScope ? scope.scope : scope.permissions.at(index.row()).permission;
        return viaData(via, index.column(), role);
    case Qt::ToolTipRole:
        if (isScope && index.column() == NameColumn)
            return tr("%n permission(s) at %1 and below", nullptr, int(scope.permissions.size())).arg(scope.scope);
        return {};
    case ScopeRole:
        return scope.scope;
    case PermissionRole:
        return isScope ? QVariant() : QVariant(scope.permissions.at(index.row()).permission);
    case RolesRole:
    case ThroughRole:
    case AssignmentIdsRole:
        return viaData(via, index.column(), role);
    case IsScopeRole:
        return isScope;
    default:
        return {};
    }
}

Qt::ItemFlags EffectiveAccessModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.internalId() != kScopeRow)
        flags |= Qt::ItemNeverHasChildren;
    return flags;
}

QVariant EffectiveAccessModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Scope / permission");
    case RoleColumn:
        return tr("Role");
    case ThroughColumn:
        return tr("Through");
    case ExpiresColumn:
        return tr("Expires");
    default:
        return {};
    }
}

} // namespace custos::model
