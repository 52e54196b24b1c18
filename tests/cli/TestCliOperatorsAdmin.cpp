#include "CliHarness.h"
#include "TestRegistry.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;

// operator delete, operator lockout show|set and the last login through custosctl.
class TestCliOperatorsAdmin : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_h.init("admin"));
        QVERIFY(m_h.addOperator("carol"));
        QVERIFY(m_h.addOperator("erin"));
    }

    void deleteOperator()
    {
        const CliResult self = m_h.run("admin", {"operator", "delete", "admin"});
        QCOMPARE(self.exitCode, 1);
        QVERIFY2(self.err.contains("themself"), qPrintable(self.err));
        const CliResult denied = m_h.run("carol", {"operator", "delete", "erin"});
        QCOMPARE(denied.exitCode, 1);
        QVERIFY2(denied.err.contains("operators/write"), qPrintable(denied.err));

        const CliResult removed = m_h.run("admin", {"operator", "delete", "erin", "--reason", "CHG-9"});
        QCOMPARE(removed.exitCode, 0);
        QCOMPARE(removed.out, QString("Deleted operator 'erin'\n"));
        const CliResult gone = m_h.run("admin", {"operator", "show", "erin"});
        QCOMPARE(gone.exitCode, 1);
        QVERIFY2(gone.err.contains("erin"), qPrintable(gone.err));
        const CliResult again = m_h.run("admin", {"operator", "delete", "erin", "--json"});
        QCOMPARE(again.exitCode, 1);
        const QJsonArray events =
            m_h.run("admin", {"audit", "list", "--search", "CHG-9", "--json"}).json().value("value").toArray();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().toObject().value("operation").toString(), QString("OperatorDelete"));
    }

    void lockoutShowAndSet()
    {
        const CliResult show = m_h.run("admin", {"operator", "lockout", "show", "--json"});
        QCOMPARE(show.exitCode, 0);
        QCOMPARE(show.json().value("maxFailedAttempts").toInt(), 5);
        QCOMPARE(show.json().value("lockoutMinutes").toInt(), 15);

        QCOMPARE(m_h.run("admin", {"operator", "lockout", "set"}).exitCode, 2);
        QCOMPARE(m_h.run("admin", {"operator", "lockout", "set", "--attempts", "three"}).exitCode, 2);
        const CliResult range = m_h.run("admin", {"operator", "lockout", "set", "--minutes", "0"});
        QCOMPARE(range.exitCode, 1);
        QVERIFY2(range.err.contains("expected 1 to 10080"), qPrintable(range.err));

        const CliResult set = m_h.run("admin", {"operator", "lockout", "set", "--attempts", "3"});
        QCOMPARE(set.exitCode, 0);
        QVERIFY2(set.out.contains("3 failed logins lock an operator for 15 minutes"), qPrintable(set.out));
        const CliResult text = m_h.run("admin", {"operator", "lockout", "show"});
        QCOMPARE(text.out, QString("3 failed logins lock an operator for 15 minutes\n"));

        // Three wrong passphrases lock carol; the message says until when.
        const QString wrong = m_h.secretFile("wrong", "not carols passphrase");
        for (int i = 0; i < 2; ++i)
            QCOMPARE(m_h.runAs("carol", wrong, {"vault", "list"}).exitCode, 1);
        const CliResult third = m_h.runAs("carol", wrong, {"vault", "list"});
        QCOMPARE(third.exitCode, 1);
        static const QRegularExpression until(QStringLiteral("locked for 15 minutes, until \\d{4}-\\d\\d-\\d\\d "
                                                             "\\d\\d:\\d\\d UTC"));
        QVERIFY2(third.err.contains(until), qPrintable(third.err));
        const CliResult locked = m_h.run("carol", {"vault", "list"});
        QCOMPARE(locked.exitCode, 1);
        QVERIFY2(locked.err.contains("after 3 failed logins until"), qPrintable(locked.err));
        // An Administrator lifts it.
        QCOMPARE(m_h.run("admin", {"operator", "enable", "carol"}).exitCode, 0);

        // carol, who holds no role, may not set the policy.
        const CliResult notHers = m_h.run("carol", {"operator", "lockout", "set", "--attempts", "9", "--minutes", "1"});
        QCOMPARE(notHers.exitCode, 1);
        QVERIFY2(notHers.err.contains("operators/write"), qPrintable(notHers.err));
    }

    void lastLoginIsShown()
    {
        // The admin has logged in by now (every call above); carol too.
        const CliResult show = m_h.run("admin", {"operator", "show", "carol"});
        QCOMPARE(show.exitCode, 0);
        QVERIFY2(show.out.contains(QRegularExpression(QStringLiteral("Last login +\\d{4}-\\d\\d-\\d\\d .* from "))),
                 qPrintable(show.out));
        const QJsonArray list = m_h.run("admin", {"--json", "operator", "list"}).json().value("value").toArray();
        QVERIFY(!list.isEmpty());
        for (const QJsonValue& value : list) {
            const QJsonObject op = value.toObject();
            QVERIFY2(op.value("lastLogin").isDouble(), qPrintable(op.value("name").toString()));
            const qint64 seconds = qint64(op.value("lastLogin").toDouble());
            QVERIFY(qAbs(QDateTime::currentSecsSinceEpoch() - seconds) < 600);
            QVERIFY(!op.value("lastLoginWorkstation").toString().isEmpty());
        }
        // A new operator has never logged in.
        QVERIFY(m_h.addOperator("frank"));
        const QJsonObject frank = m_h.run("admin", {"operator", "show", "frank", "--json"}).json();
        QVERIFY(frank.value("lastLogin").isNull());
        QVERIFY(m_h.run("admin", {"operator", "show", "frank"}).out.contains("never"));
    }

private:
    CliHarness m_h;
};

CUSTOS_REGISTER_TEST(TestCliOperatorsAdmin)
#include "TestCliOperatorsAdmin.moc"
