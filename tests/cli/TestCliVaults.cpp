#include "CliHarness.h"
#include "TestRegistry.h"

#include <QJsonArray>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;
using custos::test::treeDigest;

// vault create|list|show|update|delete|list-deleted|recover|purge and their JSON, one workspace.
class TestCliVaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_h.init("admin")); }

    void create()
    {
        const CliResult r = m_h.run("admin", {"vault", "create", "payments", "--tags", "env=prod;team=pki"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QString("Created vault 'payments' (hsm, retention 90 days)\n"));
        const CliResult soft = m_h.run("admin", {"vault", "create", "soft-1", "--protection", "software",
                                                 "--retention-days", "7", "--purge-protection", "--json"});
        QCOMPARE(soft.exitCode, 0);
        const QJsonObject v = soft.json();
        QCOMPARE(v.value("name").toString(), QString("soft-1"));
        QCOMPARE(v.value("id").toString(), QString("/vaults/soft-1"));
        QCOMPARE(v.value("protection").toString(), QString("software"));
        QCOMPARE(v.value("retentionDays").toInt(), 7);
        QCOMPARE(v.value("purgeProtection").toBool(), true);
        QVERIFY(v.value("tags").isObject());
        const QJsonObject attributes = v.value("attributes").toObject();
        QVERIFY(attributes.value("created").isDouble());
        QVERIFY(attributes.value("updated").isDouble());
        QCOMPARE(attributes.value("recoveryLevel").toString(), QString("Recoverable"));
        QVERIFY(!v.contains("deletedDate"));
        const CliResult duplicate = m_h.run("admin", {"vault", "create", "payments"});
        QCOMPARE(duplicate.exitCode, 1);
        QVERIFY2(duplicate.err.contains("payments"), qPrintable(duplicate.err));
    }

    void invalidInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("too short") << QStringList{"vault", "create", "ab"} << 1;
        QTest::newRow("underscore") << QStringList{"vault", "create", "a_b"} << 1;
        QTest::newRow("25 characters") << QStringList{"vault", "create", QString(25, 'a')} << 1;
        QTest::newRow("retention 6") << QStringList{"vault", "create", "short-ret", "--retention-days", "6"} << 1;
        QTest::newRow("retention text") << QStringList{"vault", "create", "abc", "--retention-days", "many"} << 2;
        QTest::newRow("protection") << QStringList{"vault", "create", "abc", "--protection", "cloud"} << 2;
        QTest::newRow("tags") << QStringList{"vault", "create", "abc", "--tags", "novalue"} << 2;
        QTest::newRow("update without tags") << QStringList{"vault", "update", "payments"} << 2;
    }
    void invalidInput()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        const QByteArray before = treeDigest(m_h.workspace());
        const CliResult r = m_h.run("admin", args);
        QCOMPARE(r.exitCode, exitCode);
        QCOMPARE(r.err.count('\n'), 1);
        if (exitCode == 1 && args.size() == 3) {
            QVERIFY2(r.err.contains(args.last()), qPrintable(r.err));
            QVERIFY2(r.err.contains("3-24"), qPrintable(r.err));
        }
        if (exitCode == 2)
            QCOMPARE(treeDigest(m_h.workspace()), before);
    }

    void listShowUpdate()
    {
        const CliResult table = m_h.run("admin", {"vault", "list"});
        QCOMPARE(table.exitCode, 0);
        QVERIFY(table.out.startsWith("NAME"));
        QVERIFY(table.out.contains("payments"));
        QVERIFY(table.out.contains("env=prod;team=pki"));
        const QJsonArray list = m_h.run("admin", {"vault", "list", "--json"}).json().value("value").toArray();
        QCOMPARE(list.size(), 2);
        const CliResult show = m_h.run("admin", {"--json", "vault", "show", "payments"});
        QCOMPARE(show.exitCode, 0);
        QCOMPARE(show.json().value("tags").toObject().value("team").toString(), QString("pki"));
        QCOMPARE(m_h.run("admin", {"vault", "show", "nothere"}).exitCode, 1);
        const CliResult update = m_h.run("admin", {"vault", "update", "payments", "--tags", "env=test"});
        QCOMPARE(update.exitCode, 0);
        QVERIFY2(update.out.contains("env=test"), qPrintable(update.out));
        const QJsonObject tags =
            m_h.run("admin", {"vault", "show", "payments", "--json"}).json().value("tags").toObject();
        QCOMPARE(tags, (QJsonObject{{"env", "test"}}));
    }

    void deleteRecoverPurge()
    {
        const CliResult deleted = m_h.run("admin", {"vault", "delete", "payments", "--reason", "INC-9"});
        QCOMPARE(deleted.exitCode, 0);
        QVERIFY2(deleted.out.startsWith("Deleted vault 'payments'"), qPrintable(deleted.out));
        // A deleted vault is still shown (to those who may read deleted vaults), with its dates.
        const QJsonObject shown = m_h.run("admin", {"vault", "show", "payments", "--json"}).json();
        QVERIFY(shown.value("deletedDate").isDouble());
        QVERIFY(!m_h.run("admin", {"vault", "list"}).out.contains("payments"));
        const QJsonArray gone = m_h.run("admin", {"vault", "list-deleted", "--json"}).json().value("value").toArray();
        QCOMPARE(gone.size(), 1);
        QCOMPARE(gone.first().toObject().value("name").toString(), QString("payments"));
        QVERIFY(gone.first().toObject().value("deletedDate").isDouble());
        QVERIFY(gone.first().toObject().value("scheduledPurgeDate").isDouble());
        QVERIFY(m_h.run("admin", {"vault", "list-deleted"}).out.contains("payments"));
        const CliResult recovered = m_h.run("admin", {"vault", "recover", "payments"});
        QCOMPARE(recovered.exitCode, 0);
        QCOMPARE(recovered.out, QString("Recovered vault 'payments'\n"));
        QCOMPARE(m_h.run("admin", {"vault", "show", "payments"}).exitCode, 0);
        // Purge: only deleted vaults, and never while purge protection holds.
        QCOMPARE(m_h.run("admin", {"vault", "delete", "payments"}).exitCode, 0);
        QCOMPARE(m_h.run("admin", {"vault", "delete", "soft-1"}).exitCode, 0);
        const CliResult protectedPurge = m_h.run("admin", {"vault", "purge", "soft-1"});
        QCOMPARE(protectedPurge.exitCode, 1);
        QVERIFY2(protectedPurge.err.contains("purge protection"), qPrintable(protectedPurge.err));
        // The admin holds Crypto Officer (vaults/deletedVaults/delete) from init.
        const CliResult purged = m_h.run("admin", {"vault", "purge", "payments", "--json"});
        QCOMPARE(purged.exitCode, 0);
        QCOMPARE(purged.json().value("name").toString(), QString("payments"));
        QCOMPARE(m_h.run("admin", {"vault", "recover", "payments"}).exitCode, 1);
        const QJsonArray left = m_h.run("admin", {"vault", "list-deleted", "--json"}).json().value("value").toArray();
        QCOMPARE(left.size(), 1);
    }

private:
    CliHarness m_h;
};

CUSTOS_REGISTER_TEST(TestCliVaults)
#include "TestCliVaults.moc"
