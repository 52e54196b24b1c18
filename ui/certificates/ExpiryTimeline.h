#pragma once

#include "model/services/ExpiryOverview.h"

#include <QDateTime>
#include <QList>
#include <QWidget>

namespace custos::ui {

// The next 90 days as a horizontal axis (drawn with QPainter: Qt Charts is GPL-only), one mark per
// item at its expiry, coloured and shaped by status (ExpiryStatusStyle), today marked at the left.
// Expired items sit on today; items beyond 90 days are left out. Marks on the same day stack.
class ExpiryTimeline : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kDays = 90;

    explicit ExpiryTimeline(QWidget* parent = nullptr);

    void setItems(const QList<model::ExpiryItem>& items, const QDateTime& now);
    int markCount() const { return int(m_marks.size()); } // the items drawn
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    struct Mark
    {
        int day = 0; // 0..kDays from today
        model::ExpiryStatus status = model::ExpiryStatus::Fine;
    };
    QList<Mark> m_marks;
    QDate m_today;
};

} // namespace custos::ui
