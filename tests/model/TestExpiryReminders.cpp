#include "TestRegistry.h"

#include "model/services/ExpiryOverview.h"
#include "model/services/ExpiryReminders.h"

#include <QTest>

using namespace custos::model;

namespace {
// RFC 5545 §3.1 unfolding: a CRLF followed by one space or tab is removed.
QByteArray unfold(QByteArray text)
{
    return text.replace("\r\n ", "");
}
} // namespace

class TestExpiryReminders : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void escapesTextValues()
    {
        QCOMPARE(escapeCalendarText(QStringLiteral("a,b;c\\d\ne")), QStringLiteral("a\\,b\\;c\\\\d\\ne"));
        QCOMPARE(escapeCalendarText(QStringLiteral("one\r\ntwo")), QStringLiteral("one\\ntwo"));
        QCOMPARE(escapeCalendarText(QStringLiteral("plain: text")), QStringLiteral("plain: text"));
    }

    void foldsAt75Octets()
    {
        const QByteArray line = "SUMMARY:" + QByteArray(200, 'x');
        const QByteArray folded = foldCalendarLine(line);
        const QList<QByteArray> physical = folded.split('\n');
        QVERIFY(physical.size() > 2);
        for (int i = 0; i < physical.size(); ++i) {
            QByteArray text = physical.at(i);
            if (text.endsWith('\r'))
                text.chop(1);
            QVERIFY2(text.size() <= 75, text.constData());
            if (i > 0)
                QVERIFY(text.startsWith(' '));
        }
        QCOMPARE(unfold(folded), line);
        QCOMPARE(foldCalendarLine("SHORT:line"), QByteArray("SHORT:line"));
        QCOMPARE(foldCalendarLine(QByteArray(75, 'y')), QByteArray(75, 'y')); // exactly 75: unfolded
    }

    void neverFoldsInsideAUtf8Sequence()
    {
        const QByteArray line = QStringLiteral("SUMMARY:%1").arg(QString(100, QChar(0x00e4))).toUtf8(); // ä: 2 octets
        const QByteArray folded = foldCalendarLine(line);
        for (QByteArray text : folded.split('\n')) {
            if (text.endsWith('\r'))
                text.chop(1);
            QVERIFY(text.size() <= 75);
            // Every physical line is valid UTF-8 on its own.
            QCOMPARE(QString::fromUtf8(text).toUtf8(), text);
            QVERIFY(!QString::fromUtf8(text).contains(QChar::ReplacementCharacter));
        }
        QCOMPARE(unfold(folded), line);
    }

    void writesOneEventPerReminderWithCrlf()
    {
        ExpiryReminder web{QStringLiteral("certificate-web-web01-20270115@custos"), QDate(2027, 1, 15),
                           QStringLiteral("Expires: web/web01"), QStringLiteral("Certificate, renew; now")};
        ExpiryReminder key{QStringLiteral("key-pay-signing-20270120@custos"),
                           QDate(2027, 1, 20),
                           QStringLiteral("Expires: pay/signing") + QString(80, QLatin1Char('z')),
                           {}};
        const QByteArray ics = remindersCalendar({web, key}, QDateTime(QDate(2026, 11, 22), QTime(12, 0), Qt::UTC));

        QVERIFY(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        QVERIFY(ics.endsWith("END:VCALENDAR\r\n"));
        QCOMPARE(ics.count("\n"), ics.count("\r\n")); // no bare LF
        QCOMPARE(ics.count("BEGIN:VEVENT\r\n"), 2);
        QCOMPARE(ics.count("END:VEVENT\r\n"), 2);
        QCOMPARE(ics.count("DTSTAMP:20261122T120000Z\r\n"), 2);
        QVERIFY(ics.contains("\r\nUID:certificate-web-web01-20270115@custos\r\n"));
        QVERIFY(ics.contains("\r\nDTSTART;VALUE=DATE:20270115\r\n"));
        QVERIFY(ics.contains("\r\nDTEND;VALUE=DATE:20270116\r\n"));
        QVERIFY(ics.contains("\r\nSUMMARY:Expires: web/web01\r\n"));
        QVERIFY(ics.contains("\r\nDESCRIPTION:Certificate\\, renew\\; now\r\n"));
        // The long summary is folded, and unfolds to the whole text.
        QVERIFY(!ics.contains(("SUMMARY:Expires: pay/signing" + QByteArray(80, 'z'))));
        QVERIFY(unfold(ics).contains("SUMMARY:Expires: pay/signing" + QByteArray(80, 'z') + "\r\n"));
        for (const QByteArray& line : ics.split('\n'))
            QVERIFY(line.size() <= 76); // 75 octets and the CR
    }

    void statusesByDaysLeft()
    {
        const QDateTime now(QDate(2026, 11, 22), QTime(12, 0), Qt::UTC);
        QCOMPARE(expiryStatus(now.addSecs(-1), now), ExpiryStatus::Expired);
        QCOMPARE(expiryStatus(now, now), ExpiryStatus::Expired);
        QCOMPARE(expiryStatus(now.addDays(6), now), ExpiryStatus::Critical);
        QCOMPARE(expiryStatus(now.addDays(7), now), ExpiryStatus::Warning);
        QCOMPARE(expiryStatus(now.addDays(29), now), ExpiryStatus::Warning);
        QCOMPARE(expiryStatus(now.addDays(30), now), ExpiryStatus::Fine);
        QCOMPARE(expiryStatus(QDateTime(), now), ExpiryStatus::Never);
        QCOMPARE(daysLeft(now.addDays(10).addSecs(3600), now), 10);
        QCOMPARE(daysLeft(now.addSecs(-60), now), -1);
        QCOMPARE(daysLeft(now.addDays(-3), now), -3);
    }
};

CUSTOS_REGISTER_TEST(TestExpiryReminders)
#include "TestExpiryReminders.moc"
