#include "OperatorListModel.h"

#include "KeyListModel.h"
#include "model/services/AccessGroupService.h"
#include "model/services/OperatorService.h"
#include "model/services/RoleService.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QPointer>

namespace custos::model {

namespace {

QCoro::Task<> relay(ServiceHost& host, QPointer<QObject> receiver, ServiceSignal signal, std::function<void()> slot)
{
    ServiceHost* context = &host;
    // Runs on the host's (GUI) thread: the QPointer is only read there.
    auto onSignal = [receiver, slot] {
        if (receiver)
            slot();
    };
    auto task = host.call([context, signal, onSignal](Services& services) {
        switch (signal) {
        case ServiceSignal::OperatorsChanged:
            return QObject::connect(&services.operators(), &OperatorService::operatorsChanged, context, onSignal);
        case ServiceSignal::GroupsChanged:
            return QObject::connect(&services.groups(), &AccessGroupService::groupsChanged, context, onSignal);
        case ServiceSignal::AssignmentsChanged:
            return QObject::connect(&services.roles(), &RoleService::assignmentsChanged, context, onSignal);
        }
        return QMetaObject::Connection();
    });
    Outcome<QMetaObject::Connection> connected = co_await task;
    if (!connected)
        co_return; // no workspace open: nothing to follow
    const QMetaObject::Connection connection = connected.value();
    if (!receiver) {
        QObject::disconnect(connection);
        co_return;
    }
    QObject::connect(receiver.data(), &QObject::destroyed, context, [connection] { QObject::disconnect(connection); });
}

} // namespace

void relayServiceSignal(ServiceHost& host, QObject* receiver, ServiceSignal signal, std::function<void()> slot)
{
    relay(host, QPointer<QObject>(receiver), signal, std::move(slot));
}

OperatorRow OperatorRow::of(const Operator& op)
{
    return OperatorRow{op.name,      op.displayName,          op.enabled,  op.lockedUntil,
                       op.lastLogin, op.lastLoginWorkstation, op.hasCard()};
}

OperatorListModel::OperatorListModel(ServiceHost& host, QObject* parent) : QAbstractTableModel(parent), m_host(host)
{
    relayServiceSignal(m_host, this, ServiceSignal::OperatorsChanged, [this] { reload(); });
    // A group or assignment change does not touch the list, but a login (lastLogin) shows as one.
    connect(&m_host, &ServiceHost::sessionChanged, this, &OperatorListModel::reload);
    reload();
}

void OperatorListModel::reload()
{
    const quint64 generation = ++m_generation;
    m_loading = true;
    fetch(generation);
}

QCoro::Task<> OperatorListModel::fetch(quint64 generation)
{
    QPointer<OperatorListModel> guard(this);
    auto task = m_host.call([](Services& services) -> Outcome<QList<OperatorRow>> {
        auto operators = services.operators().list();
        if (!operators)
            return operators.error();
        QList<OperatorRow> rows;
        for (const Operator& op : operators.value())
            rows << OperatorRow::of(op);
        return rows;
    });
    Outcome<QList<OperatorRow>> loaded = co_await task;
    if (!guard || generation != m_generation)
        co_return;
    m_loading = false;
    if (loaded)
        apply(loaded.take(), {});
    else
        apply({}, loaded.error().message);
}

void OperatorListModel::apply(QList<OperatorRow> operators, QString error)
{
    beginResetModel();
    m_operators = std::move(operators);
    m_loadError = std::move(error);
    endResetModel();
    Q_EMIT loaded();
}

std::optional<OperatorRow> OperatorListModel::operatorAt(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_operators.size())
        return std::nullopt;
    return m_operators.at(index.row());
}

QModelIndex OperatorListModel::indexOf(const QString& name) const
{
    for (int row = 0; row < m_operators.size(); ++row) {
        if (m_operators.at(row).name == name)
            return index(row, NameColumn);
    }
    return {};
}

QStringList OperatorListModel::names() const
{
    QStringList names;
    for (const OperatorRow& op : m_operators)
        names << op.name;
    return names;
}

int OperatorListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_operators.size());
}

int OperatorListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OperatorListModel::displayText(const OperatorRow& op, int column) const
{
    switch (column) {
    case NameColumn:
        return op.name;
    case DisplayNameColumn:
        return op.displayName;
    case EnabledColumn:
        return op.enabled ? tr("Yes") : tr("No");
    case LockedUntilColumn:
        return op.isLockedAt(QDateTime::currentDateTimeUtc()) ? keyTimeText(op.lockedUntil) : QString();
    case LastLoginColumn:
        return op.lastLogin.isValid() ? keyTimeText(op.lastLogin) : tr("never");
    case CardColumn:
        return op.hasCard ? tr("Yes") : tr("No");
    default:
        return {};
    }
}

QVariant OperatorListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OperatorRow& op = m_operators.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(op, index.column());
    case Qt::ToolTipRole:
        if (index.column() == LastLoginColumn && op.lastLogin.isValid() && !op.lastLoginWorkstation.isEmpty())
            return tr("From %1").arg(op.lastLoginWorkstation);
        return {};
    case OperatorNameRole:
        return op.name;
    case IsEnabledRole:
        return op.enabled;
    case IsLockedRole:
        return op.isLockedAt(QDateTime::currentDateTimeUtc());
    case HasCardRole:
        return op.hasCard;
    default:
        return {};
    }
}

Qt::ItemFlags OperatorListModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant OperatorListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case DisplayNameColumn:
        return tr("Display name");
    case EnabledColumn:
        return tr("Enabled");
    case LockedUntilColumn:
        return tr("Locked until");
    case LastLoginColumn:
        return tr("Last login");
    case CardColumn:
        return tr("Card enrolled");
    default:
        return {};
    }
}

} // namespace custos::model
