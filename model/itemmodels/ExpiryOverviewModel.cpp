#include "ExpiryOverviewModel.h"

#include "KeyListModel.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QPointer>

#include <limits>

namespace custos::model {

ExpiryOverviewModel::ExpiryOverviewModel(ServiceHost& host, QObject* parent)
    : QAbstractTableModel(parent), m_host(host), m_now(QDateTime::currentDateTimeUtc())
{
    connect(&m_host, &ServiceHost::certificatesChanged, this, &ExpiryOverviewModel::reload);
    connect(&m_host, &ServiceHost::keysChanged, this, &ExpiryOverviewModel::reload);
    connect(&m_host, &ServiceHost::vaultsChanged, this, &ExpiryOverviewModel::reload);
    connect(&m_host, &ServiceHost::sessionChanged, this, &ExpiryOverviewModel::reload);
}

void ExpiryOverviewModel::reload()
{
    const quint64 generation = ++m_generation;
    if (!m_host.isLoggedIn()) {
        m_loading = false;
        apply({}, {}, QDateTime::currentDateTimeUtc());
        return;
    }
    m_loading = true;
    fetch(generation);
}

QCoro::Task<> ExpiryOverviewModel::fetch(quint64 generation)
{
    QPointer<ExpiryOverviewModel> guard(this);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto task = m_host.call([now](Services& services) { return collectExpiryItems(services, now); });
    Outcome<QList<ExpiryItem>> loaded = co_await task;
    if (!guard || generation != m_generation)
        co_return;
    m_loading = false;
    if (loaded)
        apply(loaded.take(), {}, now);
    else
        apply({}, loaded.error().message, now);
}

void ExpiryOverviewModel::apply(QList<ExpiryItem> items, QString error, QDateTime now)
{
    beginResetModel();
    m_items = std::move(items);
    m_loadError = std::move(error);
    m_now = std::move(now);
    endResetModel();
    Q_EMIT loaded();
}

int ExpiryOverviewModel::dueSoonCount() const
{
    int count = 0;
    for (const ExpiryItem& item : m_items) {
        if (item.status == ExpiryStatus::Expired || item.status == ExpiryStatus::Critical ||
            item.status == ExpiryStatus::Warning)
            ++count;
    }
    return count;
}

int ExpiryOverviewModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int ExpiryOverviewModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ExpiryOverviewModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ExpiryItem& item = m_items.at(index.row());
    if (role == Qt::DisplayRole || role == SortRole) {
        const bool sort = role == SortRole;
        switch (index.column()) {
        case WhatColumn:
            return expiryKindText(item.kind);
        case VaultColumn:
            return item.vault;
        case NameColumn:
            return item.name;
        case ExpiresColumn:
            if (sort)
                return item.expires;
            return item.expires.isValid() ? keyTimeText(item.expires) : tr("pending");
        case DaysLeftColumn:
            if (!item.expires.isValid())
                return sort ? QVariant(std::numeric_limits<qint64>::max()) : QVariant(QString());
            return daysLeft(item.expires, m_now);
        case StatusColumn:
            return sort ? QVariant(int(item.status)) : QVariant(expiryStatusText(item.status));
        default:
            return {};
        }
    }
    switch (role) {
    case Qt::TextAlignmentRole:
        if (index.column() == DaysLeftColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case StatusRole:
        return int(item.status);
    case ExpiresRole:
        return item.expires;
    default:
        return {};
    }
}

Qt::ItemFlags ExpiryOverviewModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant ExpiryOverviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case WhatColumn:
        return tr("What");
    case VaultColumn:
        return tr("Vault");
    case NameColumn:
        return tr("Name");
    case ExpiresColumn:
        return tr("Expires");
    case DaysLeftColumn:
        return tr("Days Left");
    case StatusColumn:
        return tr("Status");
    default:
        return {};
    }
}

} // namespace custos::model
