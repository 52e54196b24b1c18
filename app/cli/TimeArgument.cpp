#include "TimeArgument.h"

#include <QRegularExpression>
#include <QTimeZone>

namespace custos::app {

std::optional<QDateTime> TimeArgument::applyDuration(const QString& text, const QDateTime& from, int sign)
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$)"));
    const QString upper = text.toUpper();
    const auto match = pattern.match(upper);
    if (!match.hasMatch() || upper == QLatin1String("P") || upper.endsWith(QLatin1Char('T')))
        return std::nullopt;
    auto number = [&](int group, bool* ok) {
        const QString part = match.captured(group);
        if (part.isEmpty())
            return 0LL;
        const qlonglong n = part.toLongLong(ok);
        if (n > 1000000)
            *ok = false;
        return n;
    };
    bool ok = true;
    const qlonglong years = number(1, &ok), months = number(2, &ok), weeks = number(3, &ok), days = number(4, &ok);
    const qlonglong hours = number(5, &ok), minutes = number(6, &ok), seconds = number(7, &ok);
    if (!ok)
        return std::nullopt;
    QDateTime result = from.toUTC();
    result = result.addYears(int(sign * years)).addMonths(int(sign * months)).addDays(sign * (weeks * 7 + days));
    result = result.addSecs(sign * (hours * 3600 + minutes * 60 + seconds));
    return result;
}

std::optional<QDateTime> TimeArgument::parse(const QString& text, Direction direction, const QDateTime& now)
{
    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(QLatin1Char('P'), Qt::CaseInsensitive))
        return applyDuration(trimmed, now, direction == Direction::Past ? -1 : 1);
    const QDate date = QDate::fromString(trimmed, QStringLiteral("yyyy-MM-dd")); // Qt::ISODate would take a prefix
    if (date.isValid())
        return QDateTime(date, QTime(0, 0), QTimeZone::utc());
    QDateTime time = QDateTime::fromString(trimmed, Qt::ISODateWithMs);
    if (!time.isValid())
        return std::nullopt;
    if (time.timeSpec() == Qt::LocalTime)
        time.setTimeZone(QTimeZone::utc()); // no zone written: UTC, as everywhere in Custos
    return time.toUTC();
}

QString TimeArgument::format(const QDateTime& time)
{
    if (!time.isValid())
        return {};
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC");
}

} // namespace custos::app
