#include "RoleDefinitionModel.h"

#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QPointer>

namespace custos::model {

namespace {
const QString kReadPermission = QStringLiteral("roleDefinitions/read/action");
}

RoleDefinitionModel::RoleDefinitionModel(ServiceHost& host, QObject* parent) : QAbstractTableModel(parent), m_host(host)
{
    connect(&m_host, &ServiceHost::accessChanged, this, &RoleDefinitionModel::reload);
    reload();
}

void RoleDefinitionModel::reload()
{
    const quint64 generation = ++m_generation;
    if (!m_host.isLoggedIn()) {
        m_loading = false;
        apply({}, {});
        return;
    }
    // Checked here first: a denied call would be audited at every reload.
    if (!m_host.access().isAllowed(kReadPermission, QStringLiteral("/"))) {
        m_loading = false;
        apply({}, tr("You lack the permission %1 at %2").arg(kReadPermission, QStringLiteral("/")));
        return;
    }
    m_loading = true;
    fetch(generation);
}

QCoro::Task<> RoleDefinitionModel::fetch(quint64 generation)
{
    QPointer<RoleDefinitionModel> guard(this);
    auto task = m_host.call([](Services& services) { return services.roles().listRoles(); });
    Outcome<QList<RoleDefinition>> loaded = co_await task;
    if (!guard || generation != m_generation)
        co_return;
    m_loading = false;
    if (loaded)
        apply(loaded.take(), {});
    else
        apply({}, loaded.error().message);
}

void RoleDefinitionModel::apply(QList<RoleDefinition> roles, QString error)
{
    beginResetModel();
    m_roles = std::move(roles);
    m_loadError = std::move(error);
    endResetModel();
    Q_EMIT loaded();
}

std::optional<RoleDefinition> RoleDefinitionModel::role(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_roles.size())
        return std::nullopt;
    return m_roles.at(index.row());
}

QModelIndex RoleDefinitionModel::indexOf(const QString& name) const
{
    for (int row = 0; row < m_roles.size(); ++row) {
        if (m_roles.at(row).name.compare(name, Qt::CaseInsensitive) == 0)
            return index(row, NameColumn);
    }
    return {};
}

QStringList RoleDefinitionModel::definitionNames() const
{
    QStringList names;
    for (const RoleDefinition& role : m_roles)
        names << role.name;
    return names;
}

int RoleDefinitionModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_roles.size());
}

int RoleDefinitionModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RoleDefinitionModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RoleDefinition& definition = m_roles.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return definition.name;
        case KindColumn:
            return definition.builtIn ? tr("Built-in (read-only)") : tr("Custom");
        case DescriptionColumn:
            return definition.description;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == DescriptionColumn || index.column() == NameColumn)
            return definition.description;
        return {};
    case RoleNameRole:
        return definition.name;
    case IsBuiltInRole:
        return definition.builtIn;
    default:
        return {};
    }
}

Qt::ItemFlags RoleDefinitionModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant RoleDefinitionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Role");
    case KindColumn:
        return tr("Kind");
    case DescriptionColumn:
        return tr("Description");
    default:
        return {};
    }
}

} // namespace custos::model
