#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace custos::app {

// Points in time on the command line (--since, --until, --expires): an ISO 8601 date
// ("2025-06-30", midnight UTC), date and time ("2025-06-30T12:00:00Z", no zone = UTC), or an
// ISO 8601 duration counted from now ("P30D", "PT12H", "P1Y2M"): back for --since/--until,
// forward for --expires.
class TimeArgument
{
public:
    enum class Direction { Past, Future };
    static std::optional<QDateTime> parse(const QString& text, Direction direction,
                                          const QDateTime& now = QDateTime::currentDateTimeUtc());
    // The date (UTC) of the duration applied to `from`; nullopt when `text` is not P[nY][nM][nW][nD][T[nH][nM][nS]].
    static std::optional<QDateTime> applyDuration(const QString& text, const QDateTime& from, int sign);
    static QString format(const QDateTime& time); // "2025-06-30 12:00:00 UTC", "" when invalid
};

} // namespace custos::app
