#include "AuditResultStyle.h"

#include "model/itemmodels/AuditEventModel.h"
#include "ui/theme/StatusColours.h"
#include "ui/theme/Theme.h"

#include <QPainter>
#include <QPixmap>

namespace custos::ui {

QColor auditResultColour(model::AuditResult result, bool dark)
{
    switch (result) {
    case model::AuditResult::Success:
        return statusToneColour(StatusTone::Good, dark);
    case model::AuditResult::Denied:
        return statusToneColour(StatusTone::Danger, dark);
    case model::AuditResult::Failed:
        return statusToneColour(StatusTone::Failed, dark);
    }
    return {};
}

QColor auditResultColour(model::AuditResult result)
{
    return auditResultColour(result, isDarkTheme());
}

QString AuditResultStyle::text(model::AuditResult result)
{
    return model::AuditEventModel::resultText(result);
}

QIcon AuditResultStyle::icon(model::AuditResult result)
{
    // Drawn once: a filled circle (Success), a cross (Denied) or a triangle (Failed), so shape
    // tells them apart too.
    static QIcon icons[2][3]; // light, dark
    const bool dark = isDarkTheme();
    QIcon& icon = icons[dark ? 1 : 0][int(result)];
    if (!icon.isNull())
        return icon;
    // At 1x, 2x and 3x (high-DPI screens pick the sharp one); drawn on a 16 px grid.
    for (const int scale : {1, 2, 3}) {
        QPixmap pixmap(16 * scale, 16 * scale);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(scale, scale);
        p.setPen(Qt::NoPen);
        p.setBrush(auditResultColour(result, dark));
        switch (result) {
        case model::AuditResult::Success:
            p.drawEllipse(QRectF(2, 2, 12, 12));
            break;
        case model::AuditResult::Denied:
            p.drawRect(QRectF(2, 2, 12, 12));
            // The cross in the opposite of the (light in a dark theme) square.
            p.setPen(QPen(dark ? Qt::black : Qt::white, 2));
            p.drawLine(QPointF(5, 5), QPointF(11, 11));
            p.drawLine(QPointF(11, 5), QPointF(5, 11));
            break;
        case model::AuditResult::Failed:
            p.drawPolygon(QPolygonF({QPointF(8, 1), QPointF(15, 14), QPointF(1, 14)}));
            break;
        }
        p.end();
        icon.addPixmap(pixmap);
    }
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
