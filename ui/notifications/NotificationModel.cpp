#include "NotificationModel.h"

#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QIcon>
#include <QLocale>
#include <QPointer>

namespace custos::ui {

using Kind = model::DueNotification::Kind;

NotificationModel::NotificationModel(model::ServiceHost& host, QObject* parent)
    : QAbstractListModel(parent), m_host(host)
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(200);
    connect(&m_coalesce, &QTimer::timeout, this, &NotificationModel::reload);
    connect(&m_host, &model::ServiceHost::keysChanged, this, &NotificationModel::scheduleReload);
    connect(&m_host, &model::ServiceHost::certificatesChanged, this, &NotificationModel::scheduleReload);
    connect(&m_host, &model::ServiceHost::vaultsChanged, this, &NotificationModel::scheduleReload);
    connect(&m_host, &model::ServiceHost::sessionChanged, this, &NotificationModel::scheduleReload);
    connect(&m_host, &model::ServiceHost::lockChanged, this, &NotificationModel::scheduleReload);
}

void NotificationModel::scheduleReload()
{
    m_coalesce.start();
}

void NotificationModel::reload()
{
    m_coalesce.stop();
    const quint64 generation = ++m_generation;
    if (!m_host.isLoggedIn()) {
        m_loading = false;
        beginResetModel();
        m_items.clear();
        m_errors.clear();
        endResetModel();
        Q_EMIT loaded();
        return;
    }
    m_loading = true;
    fetch(generation);
}

QCoro::Task<> NotificationModel::fetch(quint64 generation)
{
    QPointer<NotificationModel> guard(this);
    auto task = m_host.call([](model::Services& services) { return model::collectDueNotifications(services); });
    Outcome<model::DueNotifications> result = co_await task;
    if (!guard || generation != m_generation)
        co_return;
    m_loading = false;
    beginResetModel();
    if (result) {
        m_items = result->items;
        m_errors = result->errors;
    } else {
        m_items.clear();
        m_errors = QStringList{result.error().message};
    }
    endResetModel();
    Q_EMIT loaded();
}

const model::DueNotification* NotificationModel::item(const QModelIndex& index) const
{
    if (!index.isValid() || index.parent().isValid() || index.row() >= m_items.size())
        return nullptr;
    return &m_items.at(index.row());
}

QString NotificationModel::text(const model::DueNotification& item)
{
    const QString date = QLocale().toString(item.when.toLocalTime().date(), QLocale::ShortFormat);
    const QString path = QStringLiteral("%1/%2").arg(item.vault, item.name);
    switch (item.kind) {
    case Kind::KeyAction:
        return tr("Key %1: %2").arg(path, item.detail);
    case Kind::KeyExpiry:
        return tr("Key %1 expires on %2 (%3)").arg(path, date, item.detail);
    case Kind::CertificateAction:
        return tr("Certificate %1: %2").arg(path, item.detail);
    case Kind::CertificateExpiry:
        return tr("Certificate %1 expires on %2 (%3)").arg(path, date, item.detail);
    case Kind::CustodianExpiry:
        return tr("Custodian certificate of %1 expires on %2 (%3)").arg(item.name, date, item.detail);
    }
    return {};
}

int NotificationModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant NotificationModel::data(const QModelIndex& index, int role) const
{
    const model::DueNotification* notification = item(index);
    if (!notification)
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return text(*notification);
    case Qt::ToolTipRole:
    case Qt::AccessibleDescriptionRole:
        return notification->kind == Kind::CustodianExpiry
                   ? tr("Opens the security domain's status: download it to a new custodian set in time")
                   : tr("Selects %1/%2 in the main window").arg(notification->vault, notification->name);
    case Qt::DecorationRole:
        switch (notification->kind) {
        case Kind::KeyAction:
        case Kind::KeyExpiry:
            return QIcon(QStringLiteral(":/icons/key.svg"));
        case Kind::CertificateAction:
        case Kind::CertificateExpiry:
            return QIcon(QStringLiteral(":/icons/certificate.svg"));
        case Kind::CustodianExpiry:
            return QIcon(QStringLiteral(":/icons/operator.svg"));
        }
        return {};
    case KindRole:
        return int(notification->kind);
    case ResourceRole:
        return notification->resource;
    case WhenRole:
        return notification->when;
    default:
        return {};
    }
}

Qt::ItemFlags NotificationModel::flags(const QModelIndex& index) const
{
    return item(index) ? Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren : Qt::NoItemFlags;
}

} // namespace custos::ui
