#pragma once

#include "model/audit/AuditQuery.h"

#include <QList>
#include <QWidget>

namespace custos::ui {

// Events per hour or per day, stacked by result, drawn with QPainter. Denied sits at the bottom of
// each bar in a strong colour AND a hatch pattern (the legend says so in words), so it does not
// depend on colour alone; a bucket whose denials stand far above the others (a spike) gets a
// marker above its bar. Tooltips give the counts; clicking a bar emits bucketActivated.
class AuditChart : public QWidget
{
    Q_OBJECT
public:
    explicit AuditChart(QWidget* parent = nullptr);

    void setBins(const QList<model::AuditHistogramBin>& bins, model::AuditBucket bucket);
    const QList<model::AuditHistogramBin>& bins() const { return m_bins; }
    model::AuditBucket bucket() const { return m_bucket; }
    void setMessage(const QString& text); // shown instead of bars ("Loading…", an error)

    // For tests and the tooltip: the bar of bin i in widget coordinates (empty when not drawn),
    // the bin under a point (-1: none), its tooltip text, and whether it is a Denied spike.
    QRect barRect(int bin) const;
    int binAt(const QPoint& point) const;
    QString toolTipText(int bin) const;
    bool isDeniedSpike(int bin) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void bucketActivated(const QDateTime& start, const QDateTime& end);

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    QRect plotArea() const;
    qint64 maxTotal() const;
    void updateSpikes();
    void updateDescription();

    QList<model::AuditHistogramBin> m_bins;
    QList<bool> m_spikes;
    model::AuditBucket m_bucket = model::AuditBucket::Hour;
    QString m_message;
    int m_current = -1; // keyboard focus bar
};

} // namespace custos::ui
