#include "ExpiryTimeline.h"

#include "ExpiryStatusStyle.h"

#include <QHash>
#include <QPaintEvent>
#include <QPainter>

#include <algorithm>

namespace custos::ui {

namespace {
constexpr int kMark = 10;    // the side of a mark, in pixels
constexpr int kMaxStack = 5; // marks stacked on one day before "+N"
constexpr int kAxisMargin = 24;
} // namespace

ExpiryTimeline::ExpiryTimeline(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("expiryTimelineWidget"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(tr("Expiry timeline of the next 90 days"));
}

void ExpiryTimeline::setItems(const QList<model::ExpiryItem>& items, const QDateTime& now)
{
    m_today = now.toUTC().date();
    m_marks.clear();
    for (const model::ExpiryItem& item : items) {
        if (!item.expires.isValid() || item.status == model::ExpiryStatus::Revoked)
            continue;
        const qint64 day = std::max<qint64>(0, m_today.daysTo(item.expires.toUTC().date()));
        if (day > kDays)
            continue;
        m_marks << Mark{int(day), item.status};
    }
    // The most urgent drawn last, on top.
    std::sort(m_marks.begin(), m_marks.end(),
              [](const Mark& a, const Mark& b) { return int(a.status) > int(b.status); });
    update();
}

QSize ExpiryTimeline::sizeHint() const
{
    return {600, minimumSizeHint().height()};
}

QSize ExpiryTimeline::minimumSizeHint() const
{
    return {300, kMaxStack * (kMark + 2) + 3 * fontMetrics().height() + 8};
}

void ExpiryTimeline::paintEvent(QPaintEvent* event)
{
    Q_UNUSED(event);
    QPainter painter(this);
    const QFontMetrics metrics = fontMetrics();
    const int left = kAxisMargin;
    const int right = width() - kAxisMargin;
    const int axisY = height() - 2 * metrics.height();
    const auto xOf = [&](int day) { return left + (right - left) * day / kDays; };

    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawLine(left, axisY, right, axisY);
    for (int day = 0; day <= kDays; day += 30) {
        const int x = xOf(day);
        painter.drawLine(x, axisY, x, axisY + 4);
        const QString label = day == 0 ? tr("today") : m_today.addDays(day).toString(QStringLiteral("yyyy-MM-dd"));
        const int w = metrics.horizontalAdvance(label);
        painter.drawText(std::clamp(x - w / 2, 0, width() - w), axisY + 4 + metrics.ascent(), label);
    }
    // Today: a dashed line across the marks.
    painter.save();
    painter.setPen(QPen(palette().color(QPalette::Highlight), 2, Qt::DashLine));
    painter.drawLine(xOf(0), 2, xOf(0), axisY);
    painter.restore();

    QHash<int, int> stacked; // day → marks drawn there
    QHash<int, int> hidden;
    for (const Mark& mark : m_marks) {
        int& level = stacked[mark.day];
        if (level >= kMaxStack) {
            ++hidden[mark.day];
            continue;
        }
        const int y = axisY - (level + 1) * (kMark + 2);
        paintExpiryStatusMark(painter, QRectF(xOf(mark.day) - kMark / 2.0, y, kMark, kMark), mark.status);
        ++level;
    }
    painter.setPen(palette().color(QPalette::WindowText));
    for (auto it = hidden.constBegin(); it != hidden.constEnd(); ++it)
        painter.drawText(xOf(it.key()) + kMark / 2 + 1, axisY - kMaxStack * (kMark + 2) + metrics.ascent(),
                         QStringLiteral("+%1").arg(it.value()));
}

} // namespace custos::ui
