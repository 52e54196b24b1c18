#pragma once

#include "model/services/DueNotifications.h"

#include <QAbstractListModel>
#include <QCoro/QCoroTask>
#include <QTimer>

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

// The notifications' rows (model::collectDueNotifications on the service thread), one line of text
// each. Reloads, coalesced, when keys, certificates, vaults, the session or the lock change; empty
// while nobody is logged in. A load a newer one overtook is dropped.
class NotificationModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { KindRole = Qt::UserRole + 1, ResourceRole, WhenRole };

    explicit NotificationModel(model::ServiceHost& host, QObject* parent = nullptr);

    void reload();
    bool isLoading() const { return m_loading; }
    QStringList loadErrors() const { return m_errors; }
    const QList<model::DueNotification>& items() const { return m_items; }
    const model::DueNotification* item(const QModelIndex& index) const;
    // The row's sentence: "Key payments/signing: rotate: 90 days after creation (…)".
    static QString text(const model::DueNotification& item);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

Q_SIGNALS:
    void loaded();

private:
    void scheduleReload();
    QCoro::Task<> fetch(quint64 generation);

    model::ServiceHost& m_host;
    QTimer m_coalesce; // one reload for a burst of change signals
    quint64 m_generation = 0;
    bool m_loading = false;
    QStringList m_errors;
    QList<model::DueNotification> m_items;
};

} // namespace custos::ui
