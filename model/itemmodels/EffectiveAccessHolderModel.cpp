#include "EffectiveAccessHolderModel.h"

#include "EffectiveAccessModel.h"
#include "KeyListModel.h"
#include "OperatorListModel.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QPointer>

namespace custos::model {

EffectiveAccessHolderModel::EffectiveAccessHolderModel(ServiceHost& host, QObject* parent)
    : QAbstractTableModel(parent), m_host(host)
{
    for (ServiceSignal signal :
         {ServiceSignal::AssignmentsChanged, ServiceSignal::GroupsChanged, ServiceSignal::OperatorsChanged})
        relayServiceSignal(m_host, this, signal, [this] { reload(); });
}

void EffectiveAccessHolderModel::setQuery(const QString& scope, const QString& permission)
{
    if (scope == m_scope && permission == m_permission)
        return;
    m_scope = scope;
    m_permission = permission;
    beginResetModel();
    m_holders.clear();
    m_loadError.clear();
    endResetModel();
    reload();
}

void EffectiveAccessHolderModel::reload()
{
    const quint64 generation = ++m_generation;
    if (m_scope.isEmpty() || m_permission.isEmpty()) {
        m_loading = false;
        apply({}, {});
        return;
    }
    m_loading = true;
    fetch(generation, m_scope, m_permission);
}

QCoro::Task<> EffectiveAccessHolderModel::fetch(quint64 generation, QString scope, QString permission)
{
    QPointer<EffectiveAccessHolderModel> guard(this);
    auto task =
        m_host.call([scope, permission](Services& services) { return services.access().who(scope, permission); });
    Outcome<QList<AccessHolder>> loaded = co_await task;
    if (!guard || generation != m_generation)
        co_return;
    m_loading = false;
    if (loaded)
        apply(loaded.take(), {});
    else
        apply({}, loaded.error().message);
}

void EffectiveAccessHolderModel::apply(QList<AccessHolder> holders, QString error)
{
    beginResetModel();
    m_holders = std::move(holders);
    m_loadError = std::move(error);
    endResetModel();
    Q_EMIT loaded();
}

QModelIndex EffectiveAccessHolderModel::indexOf(const QString& operatorName, const QString& role,
                                                const QString& group) const
{
    for (int row = 0; row < m_holders.size(); ++row) {
        const AccessHolder& h = m_holders.at(row);
        if (h.operatorName == operatorName && h.role == role && (group.isEmpty() || h.group == group))
            return index(row, OperatorColumn);
    }
    return {};
}

int EffectiveAccessHolderModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_holders.size());
}

int EffectiveAccessHolderModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EffectiveAccessHolderModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AccessHolder& h = m_holders.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case OperatorColumn:
            return h.operatorName;
        case EnabledColumn:
            return h.enabled ? tr("Yes") : tr("No");
        case RoleColumn:
            return h.role;
        case ThroughColumn:
            return throughText(h.group);
        case ScopeColumn:
            return h.assignmentScope;
        case ExpiresColumn:
            return h.expires.isValid() ? keyTimeText(h.expires) : tr("never");
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return tr("Assignment %1").arg(h.assignmentId);
    case OperatorNameRole:
        return h.operatorName;
    case GroupRole:
        return h.group;
    case RoleNameRole:
        return h.role;
    case AssignmentIdRole:
        return h.assignmentId;
    default:
        return {};
    }
}

Qt::ItemFlags EffectiveAccessHolderModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant EffectiveAccessHolderModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case OperatorColumn:
        return tr("Operator");
    case EnabledColumn:
        return tr("Enabled");
    case RoleColumn:
        return tr("Role");
    case ThroughColumn:
        return tr("Through");
    case ScopeColumn:
        return tr("Assignment scope");
    case ExpiresColumn:
        return tr("Expires");
    default:
        return {};
    }
}

} // namespace custos::model
