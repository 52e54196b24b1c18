#include "OperatorGroupModel.h"

#include "OperatorListModel.h"
#include "model/services/AccessGroupService.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QPointer>

namespace custos::model {

namespace {
// internalId: 0 for a group row; for a member row, its group's row + 1.
constexpr quintptr kGroupRow = 0;
} // namespace

OperatorGroupModel::OperatorGroupModel(ServiceHost& host, QObject* parent) : QAbstractItemModel(parent), m_host(host)
{
    relayServiceSignal(m_host, this, ServiceSignal::GroupsChanged, [this] { reload(); });
    relayServiceSignal(m_host, this, ServiceSignal::OperatorsChanged, [this] { reload(); });
    reload();
}

void OperatorGroupModel::reload()
{
    const quint64 generation = ++m_generation;
    m_loading = true;
    fetch(generation);
}

QCoro::Task<> OperatorGroupModel::fetch(quint64 generation)
{
    QPointer<OperatorGroupModel> guard(this);
    auto task = m_host.call([](Services& services) { return services.groups().list(); });
    Outcome<QList<OperatorGroup>> loaded = co_await task;
    if (!guard || generation != m_generation)
        co_return;
    m_loading = false;
    if (loaded)
        apply(loaded.take(), {});
    else
        apply({}, loaded.error().message);
}

void OperatorGroupModel::apply(QList<OperatorGroup> groups, QString error)
{
    beginResetModel();
    m_groups = std::move(groups);
    m_loadError = std::move(error);
    endResetModel();
    Q_EMIT loaded();
}

QModelIndex OperatorGroupModel::indexOfGroup(const QString& name) const
{
    for (int row = 0; row < m_groups.size(); ++row) {
        if (m_groups.at(row).name.compare(name, Qt::CaseInsensitive) == 0)
            return index(row, NameColumn);
    }
    return {};
}

QModelIndex OperatorGroupModel::indexOfMember(const QString& group, const QString& member) const
{
    const QModelIndex parent = indexOfGroup(group);
    if (!parent.isValid())
        return {};
    const int row = int(m_groups.at(parent.row()).members.indexOf(member));
    return row < 0 ? QModelIndex() : index(row, NameColumn, parent);
}

std::optional<OperatorGroup> OperatorGroupModel::group(const QString& name) const
{
    const QModelIndex found = indexOfGroup(name);
    if (!found.isValid())
        return std::nullopt;
    return m_groups.at(found.row());
}

QStringList OperatorGroupModel::groupNames() const
{
    QStringList names;
    for (const OperatorGroup& g : m_groups)
        names << g.name;
    return names;
}

QModelIndex OperatorGroupModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < m_groups.size() ? createIndex(row, column, kGroupRow) : QModelIndex();
    if (parent.internalId() != kGroupRow || parent.row() >= m_groups.size())
        return {};
    if (row >= m_groups.at(parent.row()).members.size())
        return {};
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex OperatorGroupModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == kGroupRow)
        return {};
    return createIndex(int(child.internalId() - 1), NameColumn, kGroupRow);
}

int OperatorGroupModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.column() != NameColumn || parent.internalId() != kGroupRow || parent.row() >= m_groups.size())
        return 0;
    return int(m_groups.at(parent.row()).members.size());
}

int OperatorGroupModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant OperatorGroupModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const bool isGroup = index.internalId() == kGroupRow;
    const OperatorGroup& g = m_groups.at(isGroup ? index.row() : int(index.internalId() - 1));
    switch (role) {
    case Qt::DisplayRole:
        if (!isGroup)
            return index.column() == NameColumn ? QVariant(g.members.at(index.row())) : QVariant();
        if (index.column() == NameColumn)
            return g.name;
        return g.createdBy;
    case Qt::ToolTipRole:
        if (isGroup && index.column() == NameColumn)
            return tr("%n member(s)", nullptr, int(g.members.size()));
        return {};
    case GroupNameRole:
        return g.name;
    case MemberNameRole:
        return isGroup ? QVariant() : QVariant(g.members.at(index.row()));
    case IsGroupRole:
        return isGroup;
    default:
        return {};
    }
}

Qt::ItemFlags OperatorGroupModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.internalId() != kGroupRow)
        flags |= Qt::ItemNeverHasChildren;
    return flags;
}

QVariant OperatorGroupModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Group / member");
    case CreatedByColumn:
        return tr("Created by");
    default:
        return {};
    }
}

} // namespace custos::model
