#include "CliHarness.h"
#include "TestRegistry.h"

#include <QFile>
#include <QJsonArray>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;

// backup create|inspect|verify|restore: A's backup refused by a workspace of another security
// domain, restored once the security domain is (sd restore with 2 of 3 custodians).
class TestCliBackup : public QObject
{
    Q_OBJECT
private:
    static QString custodianKey(int index)
    {
        return QStringLiteral(CUSTOS_TEST_DATA_DIR "/custodians/custodian_%1.key").arg(index);
    }

private Q_SLOTS:
    void roundTrip()
    {
        CliHarness a;
        QVERIFY(a.init("admin"));
        QCOMPARE(a.run("admin", {"vault", "create", "bk-vault"}).exitCode, 0);
        const CliResult key = a.run("admin", {"key", "create", "bk-vault", "ec-1", "--kty", "EC", "--json"});
        QVERIFY2(key.exitCode == 0, qPrintable(key.err));
        const QJsonObject keyBefore = key.json().value("key").toObject();

        QCOMPARE(a.run("admin", {"backup", "create"}).exitCode, 2); // --out is required
        const QString file = a.root() + "/ws.backup";
        const CliResult created = a.run("admin", {"backup", "create", "--out", file});
        QVERIFY2(created.exitCode == 0, qPrintable(created.err));
        QVERIFY2(created.out.startsWith("Backed up workspace '"), qPrintable(created.out));
        QVERIFY(created.out.contains("1 vaults, 1 keys (1 versions)"));
        QCOMPARE(created.out.count('\n'), 1);
        QVERIFY(QFile::exists(file));

        const CliResult inspected = a.run("admin", {"backup", "inspect", "--in", file});
        QVERIFY2(inspected.exitCode == 0, qPrintable(inspected.err));
        QVERIFY2(inspected.out.contains("key bk-vault/ec-1 (EC, hsm): versions "), qPrintable(inspected.out));
        QVERIFY(inspected.out.contains("assignment admin / Administrator / /"));
        const CliResult inspectedJson = a.run("admin", {"backup", "inspect", "--in", file, "--json"});
        QCOMPARE(inspectedJson.exitCode, 0);
        QCOMPARE(inspectedJson.json().value("keyList").toArray().size(), 1);

        // In A itself everything is there already: verify reports it and exits 1.
        const CliResult inA = a.run("admin", {"backup", "verify", "--in", file});
        QCOMPARE(inA.exitCode, 1);
        QVERIFY2(inA.err.contains("vault 'bk-vault' exists"), qPrintable(inA.err));

        // An edited file: refused by verify.
        QFile original(file);
        QVERIFY(original.open(QIODevice::ReadOnly));
        QByteArray bytes = original.readAll();
        original.close();
        bytes.replace("\"purgeProtection\": false", "\"purgeProtection\": true");
        const QString tampered = a.root() + "/tampered.backup";
        QFile edited(tampered);
        QVERIFY(edited.open(QIODevice::WriteOnly));
        edited.write(bytes);
        edited.close();
        const CliResult tamperedVerify = a.run("admin", {"backup", "verify", "--in", tampered});
        QCOMPARE(tamperedVerify.exitCode, 1);
        QVERIFY2(tamperedVerify.err.contains("changed after it was made"), qPrintable(tamperedVerify.err));

        // B: a new workspace (its own, unused security domain) refuses A's backup.
        CliHarness b;
        const CliResult init = b.run("admin", {"init", "--kdf-memory", "1"});
        QVERIFY2(init.exitCode == 0, qPrintable(init.err));
        const CliResult foreign = b.run("admin", {"backup", "verify", "--in", file});
        QCOMPARE(foreign.exitCode, 1);
        QVERIFY2(foreign.err.contains("which this workspace does not hold: restore that security domain first"),
                 qPrintable(foreign.err));
        QCOMPARE(b.run("admin", {"backup", "restore", "--in", file}).exitCode, 1);
        QCOMPARE(b.run("admin", {"vault", "list", "--json"}).json().value("value").toArray().size(), 0);

        // The security domain, then the backup.
        const CliResult sd = b.run("admin", {"sd", "restore", "--sd-file", a.root() + "/activation-sd.json",
                                             "--custodian", custodianKey(1), "--custodian", custodianKey(2)});
        QVERIFY2(sd.exitCode == 0, qPrintable(sd.err));
        const CliResult tamperedRestore = b.run("admin", {"backup", "restore", "--in", tampered});
        QCOMPARE(tamperedRestore.exitCode, 1);
        QVERIFY2(tamperedRestore.err.contains("changed after it was made"), qPrintable(tamperedRestore.err));
        const CliResult verified = b.run("admin", {"backup", "verify", "--in", file});
        QVERIFY2(verified.exitCode == 0, qPrintable(verified.err));
        QVERIFY2(verified.out.contains("is intact and opens with security domain key"), qPrintable(verified.out));
        const CliResult restored = b.run("admin", {"backup", "restore", "--in", file, "--json"});
        QVERIFY2(restored.exitCode == 0, qPrintable(restored.err));
        QCOMPARE(restored.json().value("keys").toInt(), 1);
        const CliResult shown = b.run("admin", {"key", "show", "bk-vault", "ec-1", "--json"});
        QVERIFY2(shown.exitCode == 0, qPrintable(shown.err));
        const QJsonObject keyAfter = shown.json().value("key").toObject();
        QCOMPARE(keyAfter.value("kid"), keyBefore.value("kid"));
        QCOMPARE(keyAfter.value("x"), keyBefore.value("x"));
        QCOMPARE(keyAfter.value("y"), keyBefore.value("y"));
        const CliResult events = b.run("admin", {"audit", "list", "--operation", "BackupRestore", "--json"});
        QVERIFY2(events.out.contains("BackupRestore"), qPrintable(events.err));
    }
};

CUSTOS_REGISTER_TEST(TestCliBackup)
#include "TestCliBackup.moc"
