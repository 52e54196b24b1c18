#include "NotificationCenter.h"

#include "NotificationModel.h"
#include "NotificationPanel.h"

#include <QStyle>
#include <QTimer>
#include <QToolButton>

namespace custos::ui {

namespace {
constexpr int kHourMs = 60 * 60 * 1000;
}

NotificationCenter::NotificationCenter(model::ServiceHost& host, QWidget* window) : QObject(window)
{
    setObjectName(QStringLiteral("notificationCenter"));
    m_model = new NotificationModel(host, this);
    m_panel = new NotificationPanel(*m_model, window);
    m_panel->hide();

    m_badge = new QToolButton(window);
    m_badge->setObjectName(QStringLiteral("notificationBadgeButton"));
    m_badge->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_badge->setAutoRaise(true);
    m_badge->setIcon(window->style()->standardIcon(QStyle::SP_MessageBoxInformation));
    m_badge->setVisible(false);
    connect(m_badge, &QToolButton::clicked, this, &NotificationCenter::showPanel);

    // Due times pass without any change signal: read again every hour.
    m_timer = new QTimer(this);
    m_timer->setInterval(kHourMs);
    connect(m_timer, &QTimer::timeout, m_model, &NotificationModel::reload);
    m_timer->start();

    connect(m_model, &NotificationModel::loaded, this, &NotificationCenter::updateBadge);
    connect(m_panel, &NotificationPanel::activated, this, [this](int row) {
        if (row >= 0 && row < m_model->items().size())
            Q_EMIT activated(m_model->items().at(row));
    });
    updateBadge();
    m_model->reload();
}

int NotificationCenter::count() const
{
    return m_model->rowCount();
}

void NotificationCenter::refresh()
{
    m_model->reload();
}

void NotificationCenter::showPanel()
{
    m_panel->popup(m_badge);
}

void NotificationCenter::setRefreshInterval(int milliseconds)
{
    m_timer->start(milliseconds);
}

void NotificationCenter::updateBadge()
{
    const int n = count();
    // The count as text (never colour alone), and in the accessible name for screen readers.
    const QString text = tr("%n notification(s)", nullptr, n);
    m_badge->setText(text);
    m_badge->setAccessibleName(text);
    m_badge->setToolTip(tr("Keys to rotate, certificates to renew and expiring custodian certificates: click to "
                           "see them"));
    m_badge->setAccessibleDescription(m_badge->toolTip());
    m_badge->setVisible(n > 0);
}

} // namespace custos::ui
