#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace custos::model {

// One reminder of an iCalendar export: an all-day event on the expiry date.
struct ExpiryReminder
{
    QString uid; // stable per item, so a re-import updates instead of duplicating
    QDate date;
    QString summary; // "Expires: web/web01"
    QString description;
};

// An RFC 5545 VCALENDAR with one VEVENT per reminder: CRLF line endings, content lines folded at
// 75 octets (never inside a UTF-8 sequence), TEXT values escaped (\\ ; , and newlines). Pure.
QByteArray remindersCalendar(const QList<ExpiryReminder>& reminders, const QDateTime& stamp);

// RFC 5545 §3.3.11 TEXT escaping.
QString escapeCalendarText(const QString& text);
// RFC 5545 §3.1 folding of one content line (without its CRLF): continuation lines start with a space.
QByteArray foldCalendarLine(const QByteArray& line);

} // namespace custos::model
