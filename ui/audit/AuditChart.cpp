#include "AuditChart.h"

#include "AuditResultStyle.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace custos::ui {

namespace {

constexpr int kLegendHeight = 20;
constexpr int kAxisHeight = 16;
constexpr int kMargin = 6;
constexpr int kLeftAxisWidth = 44;
constexpr int kMarkerHeight = 10;

} // namespace

AuditChart::AuditChart(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("auditChart"));
    setAccessibleName(tr("Events over time"));
    setFocusPolicy(Qt::StrongFocus); // arrow keys move between bars; their counts go to the tooltip
    setMouseTracking(true);
}

void AuditChart::setBins(const QList<model::AuditHistogramBin>& bins, model::AuditBucket bucket)
{
    m_bins = bins;
    m_bucket = bucket;
    m_message.clear();
    m_current = -1;
    updateSpikes();
    updateDescription();
    update();
}

void AuditChart::setMessage(const QString& text)
{
    m_message = text;
    update();
}

void AuditChart::updateSpikes()
{
    // A spike: more denials than three times the median of the buckets that have any, and at least
    // five. Robust against one large bucket lifting the mean.
    m_spikes = QList<bool>(m_bins.size(), false);
    QList<qint64> denied;
    for (const auto& bin : m_bins) {
        if (bin.denied > 0)
            denied << bin.denied;
    }
    if (denied.isEmpty())
        return;
    std::sort(denied.begin(), denied.end());
    const qint64 median = denied.at(denied.size() / 2);
    for (int i = 0; i < m_bins.size(); ++i)
        m_spikes[i] = m_bins.at(i).denied >= 5 && m_bins.at(i).denied > 3 * median;
    if (denied.size() == 1) // a single bucket with denials among quiet ones stands out by itself
        for (int i = 0; i < m_bins.size(); ++i)
            m_spikes[i] = m_bins.at(i).denied >= 5;
}

void AuditChart::updateDescription()
{
    qint64 denied = 0, total = 0;
    int spikes = 0;
    for (int i = 0; i < m_bins.size(); ++i) {
        denied += m_bins.at(i).denied;
        total += m_bins.at(i).total();
        spikes += m_spikes.value(i) ? 1 : 0;
    }
    setAccessibleDescription(tr("%n bucket(s), %1 events, %2 denied, %3 denial spike(s)", nullptr, int(m_bins.size()))
                                 .arg(total)
                                 .arg(denied)
                                 .arg(spikes));
}

bool AuditChart::isDeniedSpike(int bin) const
{
    return m_spikes.value(bin, false);
}

QSize AuditChart::sizeHint() const
{
    return {600, 150};
}

QSize AuditChart::minimumSizeHint() const
{
    return {200, 90};
}

QRect AuditChart::plotArea() const
{
    return rect().adjusted(kLeftAxisWidth, kLegendHeight + kMarkerHeight, -kMargin, -kAxisHeight);
}

qint64 AuditChart::maxTotal() const
{
    qint64 max = 0;
    for (const auto& bin : m_bins)
        max = std::max(max, bin.total());
    return max;
}

QRect AuditChart::barRect(int bin) const
{
    if (bin < 0 || bin >= m_bins.size())
        return {};
    const QRect area = plotArea();
    const qint64 max = maxTotal();
    if (max <= 0 || area.width() <= 0)
        return {};
    const double slot = double(area.width()) / m_bins.size();
    const int left = area.left() + int(std::floor(bin * slot));
    const int right = area.left() + int(std::floor((bin + 1) * slot)) - (slot >= 4 ? 1 : 0);
    const int height = int(std::ceil(double(m_bins.at(bin).total()) / max * area.height()));
    return QRect(QPoint(left, area.bottom() - height + 1), QPoint(std::max(left, right - 1), area.bottom()));
}

int AuditChart::binAt(const QPoint& point) const
{
    const QRect area = plotArea();
    if (m_bins.isEmpty() || point.x() < area.left() || point.x() > area.right())
        return -1;
    const int bin = int((point.x() - area.left()) * m_bins.size() / std::max(1, area.width()));
    return std::clamp(bin, 0, int(m_bins.size()) - 1);
}

QString AuditChart::toolTipText(int bin) const
{
    if (bin < 0 || bin >= m_bins.size())
        return {};
    const auto& b = m_bins.at(bin);
    const QString start =
        b.bucketStart.toUTC().toString(m_bucket == model::AuditBucket::Hour ? QStringLiteral("yyyy-MM-dd HH:00 'UTC'")
                                                                            : QStringLiteral("yyyy-MM-dd 'UTC'"));
    QString text = tr("%1\n%2 events: %3 success, %4 denied, %5 failed")
                       .arg(start)
                       .arg(b.total())
                       .arg(b.success)
                       .arg(b.denied)
                       .arg(b.failed);
    if (isDeniedSpike(bin))
        text += QLatin1Char('\n') + tr("Spike of denials");
    return text;
}

void AuditChart::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const QFontMetrics fm(font());

    // Legend: words, colours and the Denied hatch.
    int x = kLeftAxisWidth;
    for (model::AuditResult result :
         {model::AuditResult::Denied, model::AuditResult::Failed, model::AuditResult::Success}) {
        const QRect swatch(x, 4, 12, 12);
        p.fillRect(swatch, auditResultColour(result));
        if (result == model::AuditResult::Denied)
            p.fillRect(swatch, QBrush(Qt::white, Qt::BDiagPattern));
        p.setPen(palette().color(QPalette::Text));
        p.drawRect(swatch.adjusted(0, 0, -1, -1));
        QString label = AuditResultStyle::text(result);
        if (result == model::AuditResult::Denied)
            label = tr("%1 (hatched, bottom)").arg(label);
        p.drawText(x + 16, 4 + fm.ascent(), label);
        x += 16 + fm.horizontalAdvance(label) + 14;
    }

    const QRect area = plotArea();
    p.setPen(palette().color(QPalette::Mid));
    p.drawLine(area.bottomLeft(), area.bottomRight());
    if (!m_message.isEmpty() || m_bins.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(area, Qt::AlignCenter, m_message.isEmpty() ? tr("No events") : m_message);
        return;
    }
    const qint64 max = maxTotal();
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRect(0, area.top() - fm.height() / 2, kLeftAxisWidth - 4, fm.height()), Qt::AlignRight,
               QString::number(max));
    p.drawText(QRect(0, area.bottom() - fm.height(), kLeftAxisWidth - 4, fm.height()), Qt::AlignRight,
               QStringLiteral("0"));

    for (int i = 0; i < m_bins.size(); ++i) {
        const QRect bar = barRect(i);
        if (bar.isEmpty())
            continue;
        const auto& b = m_bins.at(i);
        const double scale = double(bar.height()) / std::max<qint64>(1, b.total());
        int bottom = bar.bottom() + 1;
        // Denied first, at the bottom, where the eye compares bars on a common baseline.
        for (auto [result, n] :
             {std::pair{model::AuditResult::Denied, b.denied}, std::pair{model::AuditResult::Failed, b.failed},
              std::pair{model::AuditResult::Success, b.success}}) {
            if (n <= 0)
                continue;
            const int h = std::max(1, int(std::round(n * scale)));
            const QRect part(bar.left(), bottom - h, bar.width(), h);
            p.fillRect(part, auditResultColour(result));
            if (result == model::AuditResult::Denied)
                p.fillRect(part, QBrush(Qt::white, Qt::BDiagPattern));
            bottom -= h;
        }
        if (isDeniedSpike(i)) {
            const int cx = bar.center().x();
            QPolygon marker;
            marker << QPoint(cx - 4, bar.top() - kMarkerHeight) << QPoint(cx + 4, bar.top() - kMarkerHeight)
                   << QPoint(cx, bar.top() - 2);
            p.setBrush(auditResultColour(model::AuditResult::Denied));
            p.setPen(Qt::NoPen);
            p.drawPolygon(marker);
        }
        if (i == m_current && hasFocus()) {
            p.setPen(QPen(palette().color(QPalette::Highlight), 2));
            p.setBrush(Qt::NoBrush);
            p.drawRect(bar.adjusted(-1, -1, 0, 0));
        }
    }
    // The time axis: first and last bucket.
    p.setPen(palette().color(QPalette::Text));
    const QString format =
        m_bucket == model::AuditBucket::Hour ? QStringLiteral("MM-dd HH:00") : QStringLiteral("yyyy-MM-dd");
    p.drawText(QRect(area.left(), area.bottom() + 2, area.width() / 2, kAxisHeight), Qt::AlignLeft,
               m_bins.first().bucketStart.toUTC().toString(format));
    p.drawText(QRect(area.center().x(), area.bottom() + 2, area.width() / 2, kAxisHeight), Qt::AlignRight,
               m_bins.last().bucketStart.toUTC().toString(format) + QStringLiteral(" UTC"));
}

bool AuditChart::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int bin = binAt(help->pos());
        if (bin >= 0)
            QToolTip::showText(help->globalPos(), toolTipText(bin), this, barRect(bin));
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

void AuditChart::mousePressEvent(QMouseEvent* event)
{
    const int bin = binAt(event->position().toPoint());
    if (bin < 0 || event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    m_current = bin;
    const QDateTime start = m_bins.at(bin).bucketStart;
    Q_EMIT bucketActivated(start, start.addSecs(m_bucket == model::AuditBucket::Hour ? 3600 : 86400).addMSecs(-1));
    update();
}

void AuditChart::keyPressEvent(QKeyEvent* event)
{
    if (m_bins.isEmpty())
        return QWidget::keyPressEvent(event);
    switch (event->key()) {
    case Qt::Key_Left:
        m_current = std::max(0, m_current - 1);
        break;
    case Qt::Key_Right:
        m_current = std::min(int(m_bins.size()) - 1, m_current + 1);
        break;
    case Qt::Key_Home:
        m_current = 0;
        break;
    case Qt::Key_End:
        m_current = int(m_bins.size()) - 1;
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_current >= 0) {
            const QDateTime start = m_bins.at(m_current).bucketStart;
            Q_EMIT bucketActivated(start,
                                   start.addSecs(m_bucket == model::AuditBucket::Hour ? 3600 : 86400).addMSecs(-1));
        }
        return;
    default:
        return QWidget::keyPressEvent(event);
    }
    const QRect bar = barRect(m_current);
    QToolTip::showText(mapToGlobal(bar.center()), toolTipText(m_current), this, bar);
    update();
}

} // namespace custos::ui
