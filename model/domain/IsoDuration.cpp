#include "IsoDuration.h"

#include <QRegularExpression>

namespace custos::model {

namespace {

struct Parts
{
    qint64 years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0;
};

// Whole numbers only (Key Vault writes none with fractions); at least one part, and a "T" needs a
// time part after it.
std::optional<Parts> parse(const QString& text)
{
    static const QRegularExpression pattern(
        QStringLiteral("^P(?:(\\d{1,6})Y)?(?:(\\d{1,6})M)?(?:(\\d{1,6})W)?(?:(\\d{1,6})D)?(?:T(?:(\\d{1,6})H)?(?:(\\d{"
                       "1,6})M)?(?:(\\d{1,6})S)?)?$"));
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    bool any = false;
    auto number = [&](int group) -> qint64 {
        if (match.captured(group).isEmpty())
            return 0;
        any = true;
        return match.captured(group).toLongLong();
    };
    Parts p;
    p.years = number(1);
    p.months = number(2);
    p.weeks = number(3);
    p.days = number(4);
    p.hours = number(5);
    p.minutes = number(6);
    p.seconds = number(7);
    if (!any)
        return std::nullopt;
    // "P1DT": a T without a time part after it.
    if (text.contains(QLatin1Char('T')) && match.captured(5).isEmpty() && match.captured(6).isEmpty() &&
        match.captured(7).isEmpty())
        return std::nullopt;
    return p;
}

} // namespace

bool IsoDuration::isValid(const QString& text)
{
    return parse(text).has_value();
}

std::optional<QDateTime> IsoDuration::apply(const QString& text, const QDateTime& from, int sign)
{
    const auto parts = parse(text);
    if (!parts || !from.isValid())
        return std::nullopt;
    const qint64 s = sign < 0 ? -1 : 1;
    // Largest unit first, as ISO 8601 reads; Qt clamps to the month's last day (31 Jan + P1M).
    QDateTime t = from.toUTC();
    t = t.addYears(static_cast<int>(s * parts->years));
    t = t.addMonths(static_cast<int>(s * parts->months));
    t = t.addDays(s * (parts->weeks * 7 + parts->days));
    t = t.addSecs(s * (parts->hours * 3600 + parts->minutes * 60 + parts->seconds));
    return t;
}

QString IsoDuration::rule()
{
    return QStringLiteral("an ISO 8601 duration such as P90D, P1Y or PT12H");
}

} // namespace custos::model
