#pragma once

#include "model/services/DueNotifications.h"

#include <QObject>

class QTimer;
class QToolButton;
class QWidget;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

class NotificationModel;
class NotificationPanel;

// In-app notifications (issue 9): keys whose lifetime actions are due, certificates to renew or
// expiring, custodian certificates expiring within 30 days. A badge (a tool button with the count
// as text, hidden when nothing is due) opens the panel; activating a notification hands it on.
// Reloads after login, on changes of keys and certificates, on refresh() and every hour.
class NotificationCenter : public QObject
{
    Q_OBJECT
public:
    // `window` parents the badge and the panel (the main window: its lock hides the panel).
    NotificationCenter(model::ServiceHost& host, QWidget* window);

    QToolButton* badge() const { return m_badge; }
    NotificationPanel* panel() const { return m_panel; }
    NotificationModel* model() const { return m_model; }
    int count() const;
    void refresh();
    void showPanel();
    void setRefreshInterval(int milliseconds); // default one hour

Q_SIGNALS:
    void activated(const custos::model::DueNotification& notification);

private:
    void updateBadge();

    NotificationModel* m_model = nullptr;
    NotificationPanel* m_panel = nullptr;
    QToolButton* m_badge = nullptr;
    QTimer* m_timer = nullptr;
};

} // namespace custos::ui
