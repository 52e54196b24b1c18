#include "ExpiryStatusStyle.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace custos::ui {

using model::ExpiryStatus;

QColor expiryStatusColor(ExpiryStatus status)
{
    switch (status) {
    case ExpiryStatus::Expired:
        return QColor(0xc0, 0x1c, 0x28);
    case ExpiryStatus::Critical:
        return QColor(0xe6, 0x61, 0x00);
    case ExpiryStatus::Warning:
        return QColor(0xc6, 0x9b, 0x00);
    case ExpiryStatus::Fine:
        return QColor(0x26, 0xa2, 0x69);
    case ExpiryStatus::Revoked:
        return QColor(0x61, 0x35, 0x83);
    case ExpiryStatus::Pending:
    case ExpiryStatus::Never:
        return QColor(0x5e, 0x5c, 0x64);
    }
    return Qt::gray;
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
    for (const int size : {16, 24, 32}) {
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
        auto icon = m_icons.find(status.toInt());
        if (icon == m_icons.end())
            icon = m_icons.insert(status.toInt(), expiryStatusIcon(static_cast<ExpiryStatus>(status.toInt())));
        return *icon;
    }
    return QIdentityProxyModel::data(index, role);
}

} // namespace custos::ui
