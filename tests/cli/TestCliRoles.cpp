#include "CliHarness.h"
#include "TestRegistry.h"

#include <QJsonArray>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;

// role list|show|assign|unassign|assignments, and the CLI spot checks of authorisation.
class TestCliRoles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_h.init("admin"));
        QVERIFY(m_h.addOperator("aud"));
        QVERIFY(m_h.addOperator("user"));
    }

    void listAndShow()
    {
        const CliResult list = m_h.run("admin", {"role", "list"});
        QCOMPARE(list.exitCode, 0);
        for (const char* role :
             {"Administrator", "Crypto Officer", "Crypto User", "Crypto Auditor", "Certificate User"})
            QVERIFY2(list.out.contains(QLatin1String(role)), role);
        const QJsonArray roles = m_h.run("admin", {"role", "list", "--json"}).json().value("value").toArray();
        QCOMPARE(roles.size(), 10);
        const QJsonObject auditor = m_h.run("admin", {"role", "show", "Crypto Auditor", "--json"}).json();
        QCOMPARE(auditor.value("roleName").toString(), QString("Crypto Auditor"));
        QCOMPARE(auditor.value("roleType").toString(), QString("AKVBuiltInRole"));
        const QJsonArray dataActions =
            auditor.value("permissions").toArray().first().toObject().value("dataActions").toArray();
        QVERIFY(dataActions.contains(QJsonValue("audit/read")));
        QVERIFY(!auditor.value("effectiveDataActions").toArray().contains(QJsonValue("vaults/write")));
        const CliResult text = m_h.run("admin", {"role", "show", "Crypto Auditor"});
        QVERIFY(text.out.contains("  vaults/read\n"));
        QCOMPARE(m_h.run("admin", {"role", "show", "Wizard"}).exitCode, 1);
    }

    void assignAndSpotChecks()
    {
        // Only Crypto Auditor: reads, but cannot create a vault; the denial is audited.
        const CliResult assigned = m_h.run(
            "admin", {"role", "assign", "--principal", "aud", "--role", "Crypto Auditor", "--scope", "/", "--json"});
        QCOMPARE(assigned.exitCode, 0);
        const QJsonObject a = assigned.json();
        QCOMPARE(a.value("principalName").toString(), QString("aud"));
        QCOMPARE(a.value("roleDefinitionName").toString(), QString("Crypto Auditor"));
        QCOMPARE(a.value("scope").toString(), QString("/"));
        QVERIFY(a.value("id").toString().startsWith("/roleAssignments/"));
        QCOMPARE(m_h.run("aud", {"vault", "list"}).exitCode, 0);
        const CliResult denied = m_h.run("aud", {"vault", "create", "forbidden"});
        QCOMPARE(denied.exitCode, 1);
        QVERIFY2(denied.err.startsWith("custosctl: denied"), qPrintable(denied.err));
        QVERIFY2(denied.err.contains("vaults/write"), qPrintable(denied.err));
        const CliResult events = m_h.run("aud", {"audit", "list", "--result", "Denied", "--json"});
        QCOMPARE(events.exitCode, 0);
        const QJsonArray deniedEvents = events.json().value("value").toArray();
        QVERIFY(!deniedEvents.isEmpty());
        const QJsonObject event = deniedEvents.last().toObject();
        QCOMPARE(event.value("operator").toString(), QString("aud"));
        QCOMPARE(event.value("result").toString(), QString("Denied"));
        QVERIFY2(event.value("reason").toString().contains("vaults/write"),
                 qPrintable(event.value("reason").toString()));
        // The auditor cannot assign roles either.
        QCOMPARE(
            m_h.run("aud", {"role", "assign", "--principal", "user", "--role", "Crypto User", "--scope", "/"}).exitCode,
            1);

        // A scoped Crypto User assignment with an expiry.
        QCOMPARE(m_h.run("admin", {"vault", "create", "team-a"}).exitCode, 0);
        const CliResult scoped = m_h.run("admin", {"role", "assign", "--principal", "user", "--role", "Crypto User",
                                                   "--scope", "/vaults/team-a", "--expires", "P30D"});
        QCOMPARE(scoped.exitCode, 0);
        QVERIFY2(scoped.out.contains("until"), qPrintable(scoped.out));
        QCOMPARE(m_h.run("user", {"vault", "show", "team-a"}).exitCode, 0);
        QCOMPARE(m_h.run("user", {"vault", "delete", "team-a"}).exitCode, 1);
        // Nobody assigns a role to themselves.
        QCOMPARE(m_h.run("admin", {"role", "assign", "--principal", "admin", "--role", "Crypto User", "--scope", "/"})
                     .exitCode,
                 1);
    }

    void assignmentsAndUnassign()
    {
        const CliResult mine = m_h.run("admin", {"role", "assignments", "--principal", "user", "--json"});
        QCOMPARE(mine.exitCode, 0);
        const QJsonArray list = mine.json().value("value").toArray();
        QCOMPARE(list.size(), 1);
        QVERIFY(list.first().toObject().value("attributes").toObject().value("exp").isDouble());
        const CliResult table = m_h.run("admin", {"role", "assignments", "--scope", "/vaults/team-a"});
        QVERIFY(table.out.contains("Crypto User"));
        const CliResult removed = m_h.run(
            "admin", {"role", "unassign", "--principal", "user", "--role", "Crypto User", "--scope", "/vaults/team-a"});
        QCOMPARE(removed.exitCode, 0);
        QVERIFY(removed.out.startsWith("Unassigned"));
        QCOMPARE(m_h.run("user", {"vault", "show", "team-a"}).exitCode, 1);
        QCOMPARE(m_h.run("admin", {"role", "unassign", "--principal", "user", "--role", "Crypto User", "--scope",
                                   "/vaults/team-a"})
                     .exitCode,
                 1);
        // Missing options are usage errors.
        const CliResult usage = m_h.run("admin", {"role", "assign", "--principal", "user", "--role", "Crypto User"});
        QCOMPARE(usage.exitCode, 2);
        QVERIFY(usage.err.contains("--scope"));
        QCOMPARE(m_h.run("admin", {"role", "assign", "--principal", "user", "--role", "Crypto User", "--scope", "/",
                                   "--expires", "someday"})
                     .exitCode,
                 2);
    }

private:
    CliHarness m_h;
};

CUSTOS_REGISTER_TEST(TestCliRoles)
#include "TestCliRoles.moc"
