#include "ExpiryStatusStyle.h"

#include "ui/theme/StatusColours.h"
#include "ui/theme/Theme.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace custos::ui {

using model::ExpiryStatus;

QColor expiryStatusColor(ExpiryStatus status, bool dark)
{
    switch (status) {
    case ExpiryStatus::Expired:
        return statusToneColour(StatusTone::Danger, dark);
    case ExpiryStatus::Critical:
        return statusToneColour(StatusTone::Urgent, dark);
    case ExpiryStatus::Warning:
        return statusToneColour(StatusTone::Caution, dark);
    case ExpiryStatus::Fine:
        return statusToneColour(StatusTone::Good, dark);
    case ExpiryStatus::Revoked:
        return statusToneColour(StatusTone::Revoked, dark);
    case ExpiryStatus::Pending:
    case ExpiryStatus::Never:
        return statusToneColour(StatusTone::Neutral, dark);
    }
    return statusToneColour(StatusTone::Neutral, dark);
}

QColor expiryStatusColor(ExpiryStatus status)
{
    return expiryStatusColor(status, isDarkTheme());
}

void paintExpiryStatusMark(QPainter& painter, const QRectF& rect, ExpiryStatus status)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor color = expiryStatusColor(status);
    const QRectF r = rect.adjusted(1, 1, -1, -1);
    painter.setPen(QPen(color.darker(140), 1));
    painter.setBrush(color);
    switch (status) {
    case ExpiryStatus::Expired:
        painter.drawRect(r);
        break;
    case ExpiryStatus::Critical: {
        QPainterPath path;
        path.moveTo(r.center().x(), r.top());
        path.lineTo(r.bottomRight());
        path.lineTo(r.bottomLeft());
        path.closeSubpath();
        painter.drawPath(path);
        break;
    }
    case ExpiryStatus::Warning: {
        QPainterPath path;
        path.moveTo(r.center().x(), r.top());
        path.lineTo(r.right(), r.center().y());
        path.lineTo(r.center().x(), r.bottom());
        path.lineTo(r.left(), r.center().y());
        path.closeSubpath();
        painter.drawPath(path);
        break;
    }
    case ExpiryStatus::Fine:
        painter.drawEllipse(r);
        break;
    case ExpiryStatus::Revoked:
        painter.setPen(QPen(color, qMax<qreal>(2.0, r.width() / 5)));
        painter.drawLine(r.topLeft(), r.bottomRight());
        painter.drawLine(r.topRight(), r.bottomLeft());
        break;
    case ExpiryStatus::Pending:
    case ExpiryStatus::Never:
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(color, qMax<qreal>(1.5, r.width() / 6)));
        painter.drawEllipse(r.adjusted(1, 1, -1, -1));
        break;
    }
    painter.restore();
}

QIcon expiryStatusIcon(ExpiryStatus status)
{
    QIcon icon;
    // Up to 64 px: at a device pixel ratio of 2 a 16 px icon is drawn from the 32 px one, crisp.
    for (const int size : {16, 24, 32, 48, 64}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        const qreal inset = size / 8.0;
        paintExpiryStatusMark(painter, QRectF(inset, inset, size - 2 * inset, size - 2 * inset), status);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

ExpiryStatusIconProxyModel::ExpiryStatusIconProxyModel(int column, int statusRole, QObject* parent)
    : QIdentityProxyModel(parent), m_column(column), m_statusRole(statusRole)
{
}

QVariant ExpiryStatusIconProxyModel::data(const QModelIndex& index, int role) const
{
    if (role == Qt::DecorationRole && index.column() == m_column) {
        const QVariant status = QIdentityProxyModel::data(index, m_statusRole);
        if (!status.isValid())
            return {};
        // Keyed by the theme as well: the colours differ in a dark one.
        const int key = status.toInt() * 2 + (isDarkTheme() ? 1 : 0);
        auto icon = m_icons.find(key);
        if (icon == m_icons.end())
            icon = m_icons.insert(key, expiryStatusIcon(static_cast<ExpiryStatus>(status.toInt())));
        return *icon;
    }
    return QIdentityProxyModel::data(index, role);
}

} // namespace custos::ui
