#include "ExpiryReminders.h"

namespace custos::model {

namespace {
constexpr int kMaxOctets = 75;

bool isContinuationByte(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}
} // namespace

QString escapeCalendarText(const QString& text)
{
    QString escaped;
    escaped.reserve(text.size());
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\\') || c == QLatin1Char(';') || c == QLatin1Char(','))
            escaped += QLatin1Char('\\') + c;
        else if (c == QLatin1Char('\r') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n'))
            continue; // CRLF: one newline, written at the LF
        else if (c == QLatin1Char('\n') || c == QLatin1Char('\r'))
            escaped += QLatin1String("\\n");
        else
            escaped += c;
    }
    return escaped;
}

QByteArray foldCalendarLine(const QByteArray& line)
{
    QByteArray folded;
    int start = 0;
    int limit = kMaxOctets; // the first line has 75 octets, continuations 74 after their space
    while (line.size() - start > limit) {
        int end = start + limit;
        while (end > start && isContinuationByte(line.at(end)))
            --end; // never split a UTF-8 sequence
        folded += line.mid(start, end - start);
        folded += "\r\n ";
        start = end;
        limit = kMaxOctets - 1;
    }
    folded += line.mid(start);
    return folded;
}

QByteArray remindersCalendar(const QList<ExpiryReminder>& reminders, const QDateTime& stamp)
{
    QByteArray out;
    const auto line = [&out](const QString& text) {
        out += foldCalendarLine(text.toUtf8());
        out += "\r\n";
    };
    const QString dtstamp = stamp.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    line(QStringLiteral("BEGIN:VCALENDAR"));
    line(QStringLiteral("VERSION:2.0"));
    line(QStringLiteral("PRODID:-//Custos//Expiry Reminders//EN"));
    line(QStringLiteral("CALSCALE:GREGORIAN"));
    for (const ExpiryReminder& reminder : reminders) {
        line(QStringLiteral("BEGIN:VEVENT"));
        line(QStringLiteral("UID:") + escapeCalendarText(reminder.uid));
        line(QStringLiteral("DTSTAMP:") + dtstamp);
        line(QStringLiteral("DTSTART;VALUE=DATE:") + reminder.date.toString(QStringLiteral("yyyyMMdd")));
        line(QStringLiteral("DTEND;VALUE=DATE:") + reminder.date.addDays(1).toString(QStringLiteral("yyyyMMdd")));
        line(QStringLiteral("SUMMARY:") + escapeCalendarText(reminder.summary));
        if (!reminder.description.isEmpty())
            line(QStringLiteral("DESCRIPTION:") + escapeCalendarText(reminder.description));
        line(QStringLiteral("TRANSP:TRANSPARENT"));
        line(QStringLiteral("END:VEVENT"));
    }
    line(QStringLiteral("END:VCALENDAR"));
    return out;
}

} // namespace custos::model
