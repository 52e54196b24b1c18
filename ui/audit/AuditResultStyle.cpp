#include "AuditResultStyle.h"

#include "model/itemmodels/AuditEventModel.h"

#include <QPainter>
#include <QPixmap>

namespace custos::ui {

QColor auditResultColour(model::AuditResult result)
{
    switch (result) {
    case model::AuditResult::Success:
        return QColor(0x4c, 0x9a, 0x5a);
    case model::AuditResult::Denied:
        return QColor(0xc6, 0x28, 0x28);
    case model::AuditResult::Failed:
        return QColor(0xe0, 0x9a, 0x1c);
    }
    return {};
}

QString AuditResultStyle::text(model::AuditResult result)
{
    return model::AuditEventModel::resultText(result);
}

QIcon AuditResultStyle::icon(model::AuditResult result)
{
    // Drawn once: a filled circle (Success), a cross (Denied) or a triangle (Failed), so shape
    // tells them apart too.
    static QIcon icons[3];
    QIcon& icon = icons[int(result)];
    if (!icon.isNull())
        return icon;
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(auditResultColour(result));
    switch (result) {
    case model::AuditResult::Success:
        p.drawEllipse(QRectF(2, 2, 12, 12));
        break;
    case model::AuditResult::Denied:
        p.drawRect(QRectF(2, 2, 12, 12));
        p.setPen(QPen(Qt::white, 2));
        p.drawLine(QPointF(5, 5), QPointF(11, 11));
        p.drawLine(QPointF(11, 5), QPointF(5, 11));
        break;
    case model::AuditResult::Failed:
        p.drawPolygon(QPolygonF({QPointF(8, 1), QPointF(15, 14), QPointF(1, 14)}));
        break;
    }
    p.end();
    icon = QIcon(pixmap);
    return icon;
}

void AuditResultDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QVariant result = index.data(model::AuditEventModel::ResultRole);
    if (!result.isValid())
        return;
    option->icon = AuditResultStyle::icon(model::AuditResult(result.toInt()));
    option->features |= QStyleOptionViewItem::HasDecoration;
    option->decorationSize = QSize(16, 16);
}

} // namespace custos::ui
