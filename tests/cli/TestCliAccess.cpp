#include "CliHarness.h"
#include "TestRegistry.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;

namespace {
// Another writer on the workspace's database (an assignment's expiry moved into the past).
bool execSql(const QString& path, const QString& sql)
{
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("test-cli-access"));
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery query(db);
        if (!query.exec(sql)) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
            ok = false;
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("test-cli-access"));
    return ok;
}
} // namespace

// Issue 5's CLI: role create|update|delete|sod-report, operator group ..., access who|what, and
// expired assignments shown as such.
class TestCliAccess : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_h.init("admin"));
        QVERIFY(m_h.addOperator("user"));
    }

    void customRoles()
    {
        const CliResult created = m_h.run("admin", {"role", "create", "Key Reader", "--permissions",
                                                    "keys/read/action,vaults/read", "--description", "Reads keys"});
        QCOMPARE(created.exitCode, 0);
        QVERIFY2(created.out.startsWith("Created role 'Key Reader'"), qPrintable(created.out));
        const CliResult list = m_h.run("admin", {"role", "list"});
        QVERIFY(list.out.contains(QRegularExpression("Key Reader\\s+custom")));
        QVERIFY(list.out.contains(QRegularExpression("Administrator\\s+built-in")));
        const QJsonObject shown = m_h.run("admin", {"role", "show", "key reader", "--json"}).json();
        QCOMPARE(shown.value("roleType").toString(), QString("CustomRole"));
        QCOMPARE(shown.value("effectiveDataActions").toArray().size(), 2);

        const CliResult builtIn = m_h.run("admin", {"role", "delete", "Crypto User"});
        QCOMPARE(builtIn.exitCode, 1);
        QVERIFY2(builtIn.err.contains("built-in roles are read-only"), qPrintable(builtIn.err));
        const CliResult badPattern = m_h.run("admin", {"role", "create", "Bad", "--permissions", "keys/fly"});
        QCOMPARE(badPattern.exitCode, 1);
        QVERIFY2(badPattern.err.contains("unknown permission 'keys/fly'"), qPrintable(badPattern.err));
        QCOMPARE(m_h.run("admin", {"role", "create", "Empty"}).exitCode, 2);
        QCOMPARE(m_h.run("admin", {"role", "update", "Key Reader"}).exitCode, 2);

        QCOMPARE(m_h.run("admin", {"role", "assign", "--principal", "user", "--role", "Key Reader", "--scope", "/"})
                     .exitCode,
                 0);
        const CliResult inUse = m_h.run("admin", {"role", "delete", "Key Reader"});
        QCOMPARE(inUse.exitCode, 1);
        QVERIFY2(inUse.err.contains("still assigned"), qPrintable(inUse.err));
        const CliResult updated =
            m_h.run("admin", {"role", "update", "Key Reader", "--permissions", "keys/*", "--not-permissions",
                              "keys/deletedKeys/*,keys/export/action", "--json"});
        QCOMPARE(updated.exitCode, 0);
        QVERIFY(updated.json().value("effectiveDataActions").toArray().contains(QJsonValue("keys/sign/action")));
        QCOMPARE(m_h.run("admin", {"role", "unassign", "--principal", "user", "--role", "Key Reader", "--scope", "/"})
                     .exitCode,
                 0);
        QCOMPARE(m_h.run("admin", {"role", "delete", "Key Reader"}).exitCode, 0);
    }

    void groupsAndAccess()
    {
        QCOMPARE(m_h.run("admin", {"operator", "group", "add", "signers"}).exitCode, 0);
        const CliResult member = m_h.run("admin", {"operator", "group", "member", "signers", "user"});
        QCOMPARE(member.exitCode, 0);
        QVERIFY2(member.out.startsWith("Added 'user' to operator group 'signers'"), qPrintable(member.out));
        QCOMPARE(m_h.run("admin", {"operator", "group", "member", "signers"}).exitCode, 2);
        QCOMPARE(m_h.run("admin", {"operator", "group", "rename", "signers"}).exitCode, 2);
        const QJsonArray groups =
            m_h.run("admin", {"operator", "group", "list", "--json"}).json().value("value").toArray();
        QCOMPARE(groups.size(), 1);
        QCOMPARE(groups.first().toObject().value("members").toArray(), QJsonArray{"user"});
        QCOMPARE(m_h.run("admin", {"role", "assign", "--principal", "signers", "--role", "Crypto User", "--scope",
                                   "/vaults/pay"})
                     .exitCode,
                 0);

        const CliResult who =
            m_h.run("admin", {"access", "who", "--scope", "/vaults/pay/keys/k", "--permission", "keys/sign/action"});
        QCOMPARE(who.exitCode, 0);
        QVERIFY2(who.out.contains(QRegularExpression("user\\s+group signers\\s+Crypto User\\s+/vaults/pay")),
                 qPrintable(who.out));
        const QJsonArray what =
            m_h.run("admin", {"access", "what", "--principal", "user", "--json"}).json().value("value").toArray();
        QCOMPARE(what.size(), 1);
        QCOMPARE(what.first().toObject().value("scope").toString(), QString("/vaults/pay"));
        QCOMPARE(m_h.run("admin", {"access", "who", "--scope", "/"}).exitCode, 2);

        // The group's member may now use keys there; removing them takes it away at once.
        QCOMPARE(m_h.run("admin", {"vault", "create", "pay"}).exitCode, 0);
        QCOMPARE(m_h.run("user", {"vault", "show", "pay"}).exitCode, 0);
        QCOMPARE(m_h.run("admin", {"operator", "group", "member", "signers", "user", "--remove"}).exitCode, 0);
        QCOMPARE(m_h.run("user", {"vault", "show", "pay"}).exitCode, 1);
    }

    void expiredAssignmentsShowAsExpired()
    {
        QCOMPARE(m_h.run("admin", {"role", "assign", "--principal", "user", "--role", "Crypto Auditor", "--scope", "/",
                                   "--expires", "P1D"})
                     .exitCode,
                 0);
        QCOMPARE(m_h.run("user", {"role", "assignments", "--principal", "user"}).exitCode, 0);
        QVERIFY(
            execSql(m_h.databasePath(),
                    "UPDATE role_assignments SET expires = 1000 WHERE principal = 'user' AND role = 'Crypto Auditor'"));
        const CliResult table = m_h.run("admin", {"role", "assignments", "--principal", "user"});
        QCOMPARE(table.exitCode, 0);
        QVERIFY2(table.out.contains(QRegularExpression("Crypto Auditor.*expired")), qPrintable(table.out));
        const QJsonArray list =
            m_h.run("admin", {"role", "assignments", "--principal", "user", "--json"}).json().value("value").toArray();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.first().toObject().value("status").toString(), QString("expired"));
        // And it no longer counts.
        QCOMPARE(m_h.run("user", {"role", "assignments", "--principal", "user"}).exitCode, 1);
    }

    void sodReport()
    {
        const CliResult report = m_h.run("admin", {"role", "sod-report"});
        QCOMPARE(report.exitCode, 0);
        QVERIFY2(
            report.out.contains("conflict:  operator 'admin' holds Administrator (direct) and Crypto User (direct)"),
            qPrintable(report.out));
        const QJsonArray findings = m_h.run("admin", {"role", "sod-report", "--json"}).json().value("value").toArray();
        QVERIFY(!findings.isEmpty());
        QCOMPARE(findings.first().toObject().value("kind").toString(), QString("conflictingRoles"));
    }

private:
    CliHarness m_h;
};

CUSTOS_REGISTER_TEST(TestCliAccess)
#include "TestCliAccess.moc"
