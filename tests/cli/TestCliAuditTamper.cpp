// Issue 6's tamper tests: the database is edited behind Custos's back with the sqlite3 CLI (what an
// attacker with the file does), and `audit verify` must name the first bad record and what is
// wrong with it. Each case starts from a copy of one seeded workspace.
#include "CliHarness.h"
#include "TestRegistry.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;

namespace {

// Runs SQL on the database with the sqlite3 command-line shell; false (with a warning) on failure.
bool sqlite(const QString& database, const QString& sql)
{
    QProcess p;
    p.start(QStringLiteral("sqlite3"), {database, sql});
    if (!p.waitForFinished(30000) || p.exitCode() != 0) {
        qWarning("sqlite3 failed: %s", p.readAllStandardError().constData());
        return false;
    }
    return true;
}

const QString kDropTriggers =
    QStringLiteral("DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete; "
                   "DROP TRIGGER audit_checkpoints_no_update; DROP TRIGGER audit_checkpoints_no_delete;");

} // namespace

class TestCliAuditTamper : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_h.init("admin", {}, false)); // exact event numbers: no activation event
        // Events 2..7, each by its own custosctl run: every run ends with a signed checkpoint.
        for (const char* vault : {"tamper-a", "tamper-b", "tamper-c", "tamper-d", "tamper-e", "tamper-f"})
            QCOMPARE(m_h.run("admin", {"vault", "create", vault}).exitCode, 0);
        const CliResult ok = m_h.run("admin", {"audit", "verify"});
        QVERIFY2(ok.exitCode == 0 && ok.out.contains("7 events verified") && ok.out.contains("anchor at event 7"),
                 qPrintable(ok.out + ok.err));
        QVERIFY2(!ok.out.contains("not yet covered"), qPrintable(ok.out));
    }

    void tamper_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("expected"); // the start of the one stderr line

        QTest::newRow("field changed") << kDropTriggers + "UPDATE audit_events SET operator = 'mallory' WHERE seq = 4;"
                                       << "broken at event 4 (edited): event 4: hash does not match its content";
        QTest::newRow("details changed")
            << kDropTriggers + "UPDATE audit_events SET details = '{\"retentionDays\":7}' WHERE seq = 3;"
            << "broken at event 3 (edited)";
        QTest::newRow("row deleted") << kDropTriggers + "DELETE FROM audit_events WHERE seq = 5;"
                                     << "broken at event 5 (deleted): event 5 missing after 4";
        QTest::newRow("rows swapped") << kDropTriggers + "UPDATE audit_events SET seq = -1 WHERE seq = 3;"
                                                         "UPDATE audit_events SET seq = 3 WHERE seq = 4;"
                                                         "UPDATE audit_events SET seq = 4 WHERE seq = -1;"
                                      << "broken at event 3 (reordered): events 3 and 4 are out of order";
        QTest::newRow("newest rows deleted") << kDropTriggers + "DELETE FROM audit_events WHERE seq >= 6;"
                                             << "broken at event 6 (truncated)";
        QTest::newRow("newest rows and their checkpoints deleted")
            << kDropTriggers + "DELETE FROM audit_events WHERE seq >= 6; DELETE FROM audit_checkpoints WHERE seq >= 6;"
            << "broken at event 6 (truncated): the trail ends at event 5, but the token's anchor records event 7";
        QTest::newRow("forged row inserted, later ones renumbered")
            << kDropTriggers +
                   "UPDATE audit_events SET seq = seq + 100 WHERE seq >= 4;"
                   "UPDATE audit_events SET seq = seq - 99 WHERE seq >= 104;"
                   "INSERT INTO audit_events SELECT 4, encoding, time, 'mallory', approvers, operation, resource, "
                   "result, reason, justification, correlation_id, workstation, os_user, version, details, prev_hash, "
                   "hash FROM audit_events WHERE seq = 3;"
            << "broken at event 4 (inserted)";
        QTest::newRow("forged row before the first")
            << "INSERT INTO audit_events SELECT 0, encoding, time, operator, "
               "approvers, operation, resource, result, reason, justification, "
               "correlation_id, workstation, os_user, version, details, "
               "prev_hash, hash FROM audit_events WHERE seq = 1;"
            << "broken at event 0 (inserted)";
        QTest::newRow("checkpoint forged")
            << kDropTriggers + "UPDATE audit_checkpoints SET head = (SELECT hash FROM audit_events WHERE seq = 2) "
                               "WHERE seq = 5;"
            << "broken at event 5 (forged-checkpoint): checkpoint at event 5: the signature does not verify";
        QTest::newRow("checkpoint signature replaced")
            << kDropTriggers + "UPDATE audit_checkpoints SET signature = (SELECT signature FROM audit_checkpoints "
                               "WHERE seq = 2) WHERE seq = 6;"
            << "broken at event 6 (forged-checkpoint)";
    }

    void tamper()
    {
        QFETCH(QString, sql);
        QFETCH(QString, expected);
        const QString copy = copyWorkspace();
        QVERIFY(!copy.isEmpty());
        QVERIFY(sqlite(copy + "/custos.db", sql));
        const CliResult broken = runIn(copy, {"audit", "verify"});
        QCOMPARE(broken.exitCode, 1);
        QVERIFY2(broken.err.contains(expected), qPrintable(broken.err));
        QCOMPARE(broken.err.count('\n'), 1);
    }

    // Events after the newest checkpoint (a session killed before its shutdown checkpoint) verify
    // by their chain alone, and verify says which ones no signature covers: a forged row with a
    // correct hash there could not be told apart (README, "What verify cannot detect").
    void unsignedTailIsReported()
    {
        const QString copy = copyWorkspace();
        const QString db = copy + "/custos.db";
        const CliResult before = runIn(copy, {"audit", "verify", "--json"});
        QCOMPARE(before.json().value("unsignedFrom").toInt(), 0);
        // A real session that ends without its shutdown checkpoint (killed) leaves such a tail too.
        QVERIFY(sqlite(db, kDropTriggers + "DELETE FROM audit_checkpoints WHERE seq = 7;"));
        const CliResult tail = runIn(copy, {"audit", "verify", "--json"});
        QCOMPARE(tail.exitCode, 0);
        QCOMPARE(tail.json().value("unsignedFrom").toInt(), 7);
        QCOMPARE(tail.json().value("anchorSeq").toInt(), 7);
    }

private:
    QString copyWorkspace()
    {
        auto* dir = new QTemporaryDir(m_h.root() + "/copy-XXXXXX");
        m_copies.emplace_back(dir);
        QProcess cp;
        cp.start(QStringLiteral("cp"), {"-a", m_h.workspace() + "/.", dir->path()});
        if (!cp.waitForFinished(30000) || cp.exitCode() != 0)
            return {};
        return dir->path();
    }

    CliResult runIn(const QString& workspace, const QStringList& args)
    {
        return m_h.runRaw(QStringList{"--workspace", workspace, "--operator", "admin", "--passphrase-file",
                                      m_h.passphraseFile("admin")} +
                          args);
    }

    CliHarness m_h;
    std::vector<std::unique_ptr<QTemporaryDir>> m_copies;
};

CUSTOS_REGISTER_TEST(TestCliAuditTamper)
#include "TestCliAuditTamper.moc"
