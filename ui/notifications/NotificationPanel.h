#pragma once

#include <QFrame>

class QLabel;
class QListView;
class QPushButton;

namespace custos::ui {

class NotificationModel;

// The list behind the notification badge: a popup with one line per notification; Enter, a click
// or a double click on one hands its row on (activated) and closes the popup, Escape closes it.
class NotificationPanel : public QFrame
{
    Q_OBJECT
public:
    NotificationPanel(NotificationModel& model, QWidget* parent);

    QListView* listView() const { return m_list; }
    // Shows the panel above (or below) `anchor`, focused on the first notification.
    void popup(QWidget* anchor);

Q_SIGNALS:
    void activated(int row);

private:
    void update();
    void activate(const QModelIndex& index);

    NotificationModel& m_model;
    QLabel* m_title = nullptr;
    QLabel* m_empty = nullptr;
    QLabel* m_errors = nullptr;
    QListView* m_list = nullptr;
    QPushButton* m_refresh = nullptr;
};

} // namespace custos::ui
