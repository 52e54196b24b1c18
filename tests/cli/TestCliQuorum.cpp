#include "CliHarness.h"
#include "TestRegistry.h"

#include <QJsonArray>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;

// `quorum show|set` and `--approver NAME --approver-passphrase-file F` on a protected command.
class TestCliQuorum : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_h.init("admin"));
        for (const char* name : {"bob", "carol"}) {
            QVERIFY(m_h.addOperator(name));
            for (const char* role : {"Administrator", "Crypto Officer"})
                QCOMPARE(
                    m_h.run("admin", {"role", "assign", "--principal", name, "--role", role, "--scope", "/"}).exitCode,
                    0);
        }
    }

    void offByDefault()
    {
        const CliResult shown = m_h.run("admin", {"quorum", "show"});
        QCOMPARE(shown.exitCode, 0);
        QVERIFY2(shown.out.startsWith("quorum: off"), qPrintable(shown.out));
        const QJsonObject json = m_h.run("admin", {"quorum", "show", "--json"}).json();
        QCOMPARE(json.value("approvals").toInt(), 1);
        QCOMPARE(json.value("operations").toArray().size(), 9);
    }

    void badValuesAreUsageErrors()
    {
        QCOMPARE(m_h.run("admin", {"quorum", "set"}).exitCode, 2);
        QCOMPARE(m_h.run("admin", {"quorum", "set", "--approvals", "zero"}).exitCode, 2);
        const CliResult unknown = m_h.run("admin", {"quorum", "set", "--approvals", "2", "--operations", "purge,nap"});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.err.contains("unknown protected operation 'nap'"), qPrintable(unknown.err));
        const CliResult orphan =
            m_h.run("admin", {"vault", "purge", "x", "--approver-passphrase-file", m_h.passphraseFile("bob")});
        QCOMPARE(orphan.exitCode, 2);
        QVERIFY2(orphan.err.contains("must follow the --approver"), qPrintable(orphan.err));
    }

    void protectedPurgeTakesApproversOnTheCommandLine()
    {
        QCOMPARE(m_h.run("admin", {"quorum", "set", "--approvals", "3", "--operations", "purge"}).exitCode, 0);
        QCOMPARE(m_h.run("admin", {"vault", "create", "old"}).exitCode, 0);
        QCOMPARE(m_h.run("admin", {"vault", "delete", "old"}).exitCode, 0);

        const CliResult alone = m_h.run("admin", {"vault", "purge", "old"});
        QCOMPARE(alone.exitCode, 1);
        QVERIFY2(alone.err.contains("2 more from: bob, carol"), qPrintable(alone.err));

        const CliResult one = m_h.run("admin", {"vault", "purge", "old", "--approver", "bob",
                                                "--approver-passphrase-file", m_h.passphraseFile("bob")});
        QCOMPARE(one.exitCode, 1);
        QVERIFY2(one.err.contains("1 more from: carol"), qPrintable(one.err));

        const CliResult twice = m_h.run("admin", {"vault", "purge", "old", "--approver", "bob",
                                                  "--approver-passphrase-file", m_h.passphraseFile("bob"), "--approver",
                                                  "bob", "--approver-passphrase-file", m_h.passphraseFile("bob")});
        QCOMPARE(twice.exitCode, 1);
        QVERIFY2(twice.err.contains("counts once"), qPrintable(twice.err));

        const CliResult wrong = m_h.run("admin", {"vault", "purge", "old", "--approver", "bob",
                                                  "--approver-passphrase-file", m_h.passphraseFile("bob"), "--approver",
                                                  "carol", "--approver-passphrase-file", m_h.passphraseFile("bob")});
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY2(wrong.err.contains("wrong passphrase for carol"), qPrintable(wrong.err));

        const CliResult both =
            m_h.run("admin", {"vault", "purge", "old", "--approver", "bob", "--approver-passphrase-file",
                              m_h.passphraseFile("bob"), "--approver", "carol", "--approver-passphrase-file",
                              m_h.passphraseFile("carol"), "--reason", "CHG-42"});
        QVERIFY2(both.exitCode == 0, qPrintable(both.err));

        // The purge's event names both approvers and the reason; each approval is an event.
        const CliResult events = m_h.run(
            "admin", {"audit", "list", "--operation", "VaultPurge", "--result", "Success", "--format", "jsonl"});
        QVERIFY2(events.out.contains("\"approvers\":[\"bob\",\"carol\"]"), qPrintable(events.out));
        QVERIFY(events.out.contains("CHG-42"));
        const CliResult approvals =
            m_h.run("admin", {"audit", "list", "--operation", "QuorumApprove", "--format", "jsonl"});
        QVERIFY(approvals.out.count('\n') >= 5);
    }

private:
    CliHarness m_h;
};

CUSTOS_REGISTER_TEST(TestCliQuorum)
#include "TestCliQuorum.moc"
