#include "CliHarness.h"
#include "SyslogReceiver.h"
#include "TestRegistry.h"

#include <QJsonArray>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;
using custos::test::SyslogReceiver;

namespace {

QList<qint64> range(qint64 from, qint64 to)
{
    QList<qint64> out;
    for (qint64 s = from; s <= to; ++s)
        out << s;
    return out;
}

} // namespace

// `audit forward --syslog URL` through the real custosctl to receivers inside the test: every
// event once and in order, a second run (the restart) continuing from the cursor, a TCP peer that
// resets mid-stream, and the permission.
class TestCliAuditForward : public QObject
{
    Q_OBJECT
private:
    CliHarness m_h;

    QJsonArray events() { return m_h.run("admin", {"audit", "list", "--json"}).json().value("value").toArray(); }
    bool addEvents(const QString& prefix, int n)
    {
        for (int i = 0; i < n; ++i) {
            if (m_h.run("admin", {"vault", "create", QStringLiteral("%1-%2").arg(prefix).arg(i)}).exitCode != 0)
                return false;
        }
        return true;
    }
    CliResult forward(const QString& url, const QString& as = QStringLiteral("admin"))
    {
        return m_h.run(as, {"audit", "forward", "--syslog", url, "--json"});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_h.init("admin"));
        QVERIFY(addEvents("a", 3));
    }

    void udpRestartContinues()
    {
        SyslogReceiver receiver(SyslogReceiver::Kind::Udp);
        const CliResult first = forward(receiver.url());
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        const qint64 last = first.json().value("lastSeq").toInteger();
        QCOMPARE(first.json().value("firstSeq").toInteger(), 1);
        QCOMPARE(last, events().size() - 1); // all but its own AuditForward event, written after
        QVERIFY(receiver.waitForCount(int(last)));
        QCOMPARE(receiver.seqs(), range(1, last));

        QVERIFY(addEvents("b", 2));
        const CliResult second = forward(receiver.url());
        QVERIFY2(second.exitCode == 0, qPrintable(second.err));
        QCOMPARE(second.json().value("firstSeq").toInteger(), last + 1);
        const qint64 end = second.json().value("lastSeq").toInteger();
        QVERIFY(receiver.waitForCount(int(end)));
        QCOMPARE(receiver.seqs(), range(1, end));

        // The first run's own event went out with the second, with its details.
        const QJsonObject own = events().at(int(last)).toObject();
        QCOMPARE(own.value("operation").toString(), QString("AuditForward"));
        QCOMPARE(own.value("details").toObject().value("target").toString(), receiver.url());
        QCOMPARE(own.value("details").toObject().value("count").toInteger(), last);
        const QByteArray message = receiver.messages().at(int(last)).raw;
        QVERIFY2(message.startsWith("<86>1 "), message.constData()); // authpriv.info
        QVERIFY2(message.contains(" AuditForward [custos@32473 seq=\"" + QByteArray::number(last + 1) +
                                  "\"] CEF:0|Custos|Custos|"),
                 message.constData());
    }

    void tcpResetThenRerunHasNoGap()
    {
        QVERIFY(addEvents("c", 4));
        SyslogReceiver receiver(SyslogReceiver::Kind::Tcp);
        receiver.resetAfter(5);
        const CliResult cut = forward(receiver.url());
        QCOMPARE(cut.exitCode, 1);
        QVERIFY2(cut.err.contains(receiver.url()), qPrintable(cut.err));

        const CliResult rerun = forward(receiver.url());
        QVERIFY2(rerun.exitCode == 0, qPrintable(rerun.err));
        const qint64 end = rerun.json().value("lastSeq").toInteger();
        QCOMPARE(rerun.json().value("firstSeq").toInteger(), 1); // the cut batch was the first
        QVERIFY(receiver.waitForCount(int(5 + end)));
        QCOMPARE(receiver.seqs(), range(1, 5) + range(1, end)); // repeats only, by seq; no gap
        const QJsonObject failed = events().at(int(end) - 1).toObject();
        QCOMPARE(failed.value("operation").toString(), QString("AuditForward"));
        QCOMPARE(failed.value("result").toString(), QString("Failed"));
    }

    void refusedAndBadUrl()
    {
        const CliResult bad = forward("syslog://127.0.0.1:514");
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains("udp://HOST:PORT or tcp://HOST:PORT"), qPrintable(bad.err));
        QCOMPARE(m_h.run("admin", {"audit", "forward"}).exitCode, 2);

        const CliResult unknown = forward("udp://no-such-host.invalid:514");
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.err.contains("cannot resolve host"), qPrintable(unknown.err));
    }

    void deniedWithoutPermission()
    {
        QVERIFY(m_h.addOperator("auditor"));
        QCOMPARE(
            m_h.run("admin", {"role", "assign", "--principal", "auditor", "--role", "Crypto Auditor", "--scope", "/"})
                .exitCode,
            0);
        SyslogReceiver receiver(SyslogReceiver::Kind::Udp);
        const CliResult denied = forward(receiver.url(), "auditor");
        QCOMPARE(denied.exitCode, 1);
        QVERIFY2(denied.err.contains("audit/forward"), qPrintable(denied.err));
        QVERIFY(!receiver.waitForCount(1, 300, 50));
        const QJsonObject last = events().last().toObject();
        QCOMPARE(last.value("operation").toString(), QString("AuditForward"));
        QCOMPARE(last.value("result").toString(), QString("Denied"));
        QCOMPARE(last.value("operator").toString(), QString("auditor"));
    }

    void cefListing()
    {
        const CliResult cef = m_h.run("admin", {"audit", "list", "--format", "cef", "--limit", "3"});
        QCOMPARE(cef.exitCode, 0);
        const QStringList lines = cef.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        for (const QString& line : lines)
            QVERIFY2(line.startsWith("CEF:0|Custos|Custos|"), qPrintable(line));
    }
};

CUSTOS_REGISTER_TEST(TestCliAuditForward)
#include "TestCliAuditForward.moc"
