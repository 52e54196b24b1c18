#include "NotificationPanel.h"

#include "NotificationModel.h"

#include <QApplication>
#include <QFont>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QScreen>
#include <QVBoxLayout>

namespace custos::ui {

NotificationPanel::NotificationPanel(NotificationModel& model, QWidget* parent)
    : QFrame(parent, Qt::Popup), m_model(model)
{
    setObjectName(QStringLiteral("notificationPanel"));
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(tr("Notifications"));
    setAccessibleDescription(tr("Due key actions, certificates to renew and expiring custodian certificates"));
    resize(520, 320);

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("notificationTitleLabel"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_list = new QListView(this);
    m_list->setObjectName(QStringLiteral("notificationListView"));
    m_list->setModel(&m_model);
    m_list->setWordWrap(true);
    m_list->setUniformItemSizes(false);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setAccessibleName(tr("Notifications"));
    m_list->setAccessibleDescription(tr("Enter or a click opens the key, certificate or security domain named"));
    m_title->setBuddy(m_list);
    m_empty = new QLabel(tr("Nothing is due: no key to rotate, no certificate to renew, no custodian certificate "
                            "expiring within 30 days."),
                         this);
    m_empty->setObjectName(QStringLiteral("notificationEmptyLabel"));
    m_empty->setWordWrap(true);
    m_errors = new QLabel(this);
    m_errors->setObjectName(QStringLiteral("notificationErrorLabel"));
    m_errors->setWordWrap(true);
    m_refresh = new QPushButton(tr("&Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("notificationRefreshButton"));
    m_refresh->setToolTip(tr("Read the due actions and expiry dates again"));
    auto* close = new QPushButton(tr("Close"), this);
    close->setObjectName(QStringLiteral("notificationCloseButton"));
    close->setToolTip(tr("Close the notifications (Escape)"));

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_refresh);
    buttons->addWidget(close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_empty);
    layout->addWidget(m_errors);
    layout->addLayout(buttons);

    connect(m_refresh, &QPushButton::clicked, &m_model, &NotificationModel::reload);
    connect(close, &QPushButton::clicked, this, &QWidget::hide);
    connect(m_list, &QListView::activated, this, &NotificationPanel::activate);
    connect(m_list, &QListView::clicked, this, &NotificationPanel::activate);
    connect(&m_model, &NotificationModel::loaded, this, &NotificationPanel::update);
    connect(&m_model, &QAbstractItemModel::modelReset, this, &NotificationPanel::update);
    update();
}

void NotificationPanel::update()
{
    const int count = m_model.rowCount();
    m_title->setText(tr("%n notification(s)", nullptr, count));
    m_list->setVisible(count > 0);
    m_empty->setVisible(count == 0 && !m_model.isLoading());
    const QStringList errors = m_model.loadErrors();
    m_errors->setText(errors.isEmpty() ? QString()
                                       : tr("Could not read everything: %1").arg(errors.join(QStringLiteral("; "))));
    m_errors->setVisible(!errors.isEmpty());
    if (count > 0 && isVisible() && !m_list->currentIndex().isValid())
        m_list->setCurrentIndex(m_model.index(0, 0));
}

void NotificationPanel::popup(QWidget* anchor)
{
    update();
    QPoint at = anchor ? anchor->mapToGlobal(QPoint(anchor->width() - width(), -height())) : pos();
    if (const QScreen* screen = anchor ? anchor->screen() : nullptr) {
        const QRect available = screen->availableGeometry();
        if (at.y() < available.top())
            at.setY(anchor->mapToGlobal(QPoint(0, anchor->height())).y());
        at.setX(qBound(available.left(), at.x(), qMax(available.left(), available.right() - width())));
    }
    move(at);
    show();
    raise();
    activateWindow();
    if (m_model.rowCount() > 0) {
        m_list->setFocus();
        if (!m_list->currentIndex().isValid())
            m_list->setCurrentIndex(m_model.index(0, 0));
    } else {
        m_refresh->setFocus();
    }
}

void NotificationPanel::activate(const QModelIndex& index)
{
    if (!index.isValid() || !isVisible())
        return; // a click's activated() after its clicked(): handled once
    hide();
    Q_EMIT activated(index.row());
}

} // namespace custos::ui
