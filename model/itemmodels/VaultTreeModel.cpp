#include "VaultTreeModel.h"

#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QPointer>

namespace custos::model {

namespace {

// internalId 0 marks a group row; a vault row stores its group's row + 1.
constexpr quintptr kGroupId = 0;
constexpr int kActiveGroupRow = 0;
constexpr int kDeletedGroupRow = 1;
constexpr int kGroupCount = 2;

bool isGroup(const QModelIndex& index)
{
    return index.internalId() == kGroupId;
}

} // namespace

VaultTreeModel::VaultTreeModel(ServiceHost& host, QObject* parent) : QAbstractItemModel(parent), m_host(host)
{
    connect(&m_host, &ServiceHost::vaultsChanged, this, &VaultTreeModel::reload);
    reload();
}

void VaultTreeModel::reload()
{
    m_loading = true;
    fetch(++m_generation);
}

QCoro::Task<> VaultTreeModel::fetch(quint64 generation)
{
    using Lists = std::pair<QList<Vault>, QList<Vault>>;
    QPointer<VaultTreeModel> guard(this);
    // A list the operator may not read shows as empty.
    auto task = m_host.call([](Services& services) {
        auto active = services.vaults().list();
        auto deleted = services.vaults().listDeleted();
        return Lists{active ? active.take() : QList<Vault>{}, deleted ? deleted.take() : QList<Vault>{}};
    });
    Outcome<Lists> result = co_await task;
    if (!guard || generation != m_generation)
        co_return;
    m_loading = false;
    beginResetModel();
    m_active = result ? result->first : QList<Vault>{};
    m_deleted = result ? result->second : QList<Vault>{};
    endResetModel();
    Q_EMIT loaded();
}

std::optional<Vault> VaultTreeModel::vault(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this || isGroup(index))
        return std::nullopt;
    const QList<Vault>* list = groupList(int(index.internalId()) - 1);
    if (!list || index.row() >= list->size())
        return std::nullopt;
    return list->at(index.row());
}

QModelIndex VaultTreeModel::indexOf(const QString& vaultName) const
{
    for (int group = 0; group < kGroupCount; ++group) {
        const QList<Vault>& list = *groupList(group);
        for (int row = 0; row < list.size(); ++row) {
            if (list.at(row).name == vaultName)
                return createIndex(row, NameColumn, quintptr(group + 1));
        }
    }
    return {};
}

QModelIndex VaultTreeModel::groupIndex(NodeKind group) const
{
    if (group == NodeKind::ActiveGroup)
        return createIndex(kActiveGroupRow, NameColumn, kGroupId);
    if (group == NodeKind::DeletedGroup)
        return createIndex(kDeletedGroupRow, NameColumn, kGroupId);
    return {};
}

QModelIndex VaultTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, kGroupId);
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex VaultTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || isGroup(child))
        return {};
    return createIndex(int(child.internalId()) - 1, NameColumn, kGroupId);
}

int VaultTreeModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return kGroupCount;
    if (parent.column() != NameColumn || !isGroup(parent))
        return 0;
    const QList<Vault>* list = groupList(parent.row());
    return list ? int(list->size()) : 0;
}

int VaultTreeModel::columnCount(const QModelIndex& /*parent*/) const
{
    return ColumnCount;
}

QVariant VaultTreeModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (isGroup(index)) {
        const bool deletedGroup = index.row() == kDeletedGroupRow;
        switch (role) {
        case Qt::DisplayRole:
            if (index.column() != NameColumn)
                return {};
            return deletedGroup ? tr("Deleted vaults") : tr("Vaults");
        case NodeKindRole:
            return QVariant::fromValue(deletedGroup ? NodeKind::DeletedGroup : NodeKind::ActiveGroup);
        case IsDeletedRole:
            return deletedGroup;
        default:
            return {};
        }
    }
    const std::optional<Vault> v = vault(index);
    if (!v)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == NameColumn)
            return v->name;
        return v->protection == Protection::Hsm ? tr("HSM") : tr("Software");
    case Qt::ToolTipRole:
        if (v->isDeleted())
            return tr("Deleted vault %1, purged on %2")
                .arg(v->name, v->scheduledPurge.toUTC().toString(QStringLiteral("yyyy-MM-dd")));
        return v->resourceId();
    case NodeKindRole:
        return QVariant::fromValue(v->isDeleted() ? NodeKind::DeletedVault : NodeKind::ActiveVault);
    case VaultNameRole:
        return v->name;
    case IsDeletedRole:
        return v->isDeleted();
    default:
        return {};
    }
}

Qt::ItemFlags VaultTreeModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    if (isGroup(index))
        return Qt::ItemIsEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant VaultTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case ProtectionColumn:
        return tr("Protection");
    default:
        return {};
    }
}

const QList<Vault>* VaultTreeModel::groupList(int group) const
{
    if (group == kActiveGroupRow)
        return &m_active;
    if (group == kDeletedGroupRow)
        return &m_deleted;
    return nullptr;
}

} // namespace custos::model
