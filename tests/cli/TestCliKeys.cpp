#include "CliHarness.h"
#include "TestRegistry.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;
using custos::test::treeDigest;

// key create|list|show|versions|rotate|set|policy|due and their JSON, one workspace.
class TestCliKeys : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_h.init("admin"));
        QCOMPARE(m_h.run("admin", {"vault", "create", "keys-hsm"}).exitCode, 0);
        QCOMPARE(m_h.run("admin", {"vault", "create", "keys-soft", "--protection", "software", "--purge-protection"})
                     .exitCode,
                 0);
    }

    void create()
    {
        const CliResult rsa =
            m_h.run("admin", {"key", "create", "keys-hsm", "rsa-1", "--kty", "RSA", "--reason", "T-1"});
        QVERIFY2(rsa.exitCode == 0, qPrintable(rsa.err));
        QVERIFY2(rsa.out.startsWith("Created key 'rsa-1' in vault 'keys-hsm' (RSA 2048, hsm), version "),
                 qPrintable(rsa.out));
        QCOMPARE(rsa.out.count('\n'), 1);

        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const CliResult ec = m_h.run("admin", {"key", "create", "keys-hsm", "ec-1", "--kty", "EC", "--curve", "P-384",
                                               "--expires", "P1Y", "--tags", "env=prod;team=pki", "--json"});
        QVERIFY2(ec.exitCode == 0, qPrintable(ec.err));
        const QJsonObject bundle = ec.json();
        QCOMPARE(bundle.value("name").toString(), QString("ec-1"));
        QCOMPARE(bundle.value("id").toString(), QString("/vaults/keys-hsm/keys/ec-1"));
        QCOMPARE(bundle.value("protection").toString(), QString("hsm"));
        QCOMPARE(bundle.value("exportable").toBool(true), false);
        const QJsonObject key = bundle.value("key").toObject();
        const QString version = bundle.value("version").toString();
        QCOMPARE(version.size(), 32);
        QCOMPARE(key.value("kid").toString(), "/vaults/keys-hsm/keys/ec-1/versions/" + version);
        QCOMPARE(key.value("kty").toString(), QString("EC"));
        QCOMPARE(key.value("crv").toString(), QString("P-384"));
        QCOMPARE(QByteArray::fromBase64(key.value("x").toString().toLatin1(), QByteArray::Base64UrlEncoding).size(),
                 48);
        QCOMPARE(QByteArray::fromBase64(key.value("y").toString().toLatin1(), QByteArray::Base64UrlEncoding).size(),
                 48);
        QVERIFY(!key.contains("d"));
        QCOMPARE(key.value("key_ops").toArray(), (QJsonArray{"sign", "verify"}));
        const QJsonObject attributes = bundle.value("attributes").toObject();
        QCOMPARE(attributes.value("enabled").toBool(), true);
        QVERIFY(attributes.value("created").isDouble());
        QVERIFY(attributes.value("updated").isDouble());
        const qint64 exp = qint64(attributes.value("exp").toDouble());
        const qint64 inAYear = QDateTime::fromSecsSinceEpoch(now).toUTC().addYears(1).toSecsSinceEpoch();
        QVERIFY2(qAbs(exp - inAYear) < 120, qPrintable(QString::number(exp - inAYear)));
        QCOMPARE(attributes.value("recoveryLevel").toString(), QString("Recoverable+Purgeable"));
        QCOMPARE(bundle.value("tags").toObject().value("team").toString(), QString("pki"));

        const CliResult oct = m_h.run("admin", {"key", "create", "keys-soft", "aes-1", "--kty", "oct", "--size", "128",
                                                "--ops", "encrypt,decrypt", "--exportable", "--json"});
        QVERIFY2(oct.exitCode == 0, qPrintable(oct.err));
        QCOMPARE(oct.json().value("protection").toString(), QString("software"));
        QCOMPARE(oct.json().value("exportable").toBool(), true);
        // --exportable adds export to the key_ops given (CLI.md).
        QCOMPARE(oct.json().value("key").toObject().value("key_ops").toArray(),
                 (QJsonArray{"encrypt", "decrypt", "export"}));
        QCOMPARE(oct.json().value("key").toObject().value("kty").toString(), QString("oct"));
        QVERIFY(!oct.json().value("key").toObject().contains("k"));
        QCOMPARE(oct.json().value("attributes").toObject().value("recoveryLevel").toString(), QString("Recoverable"));

        // The reason reaches the audit event.
        const CliResult audit = m_h.run("admin", {"audit", "list", "--operation", "KeyCreate", "--format", "jsonl"});
        QVERIFY2(audit.out.contains("\"justification\":\"T-1\""), qPrintable(audit.out));
    }

    void createInvalid_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QStringList base{"key", "create", "keys-hsm", "bad-1"};
        QTest::newRow("no kty") << base << 2 << "--kty";
        QTest::newRow("kty case") << base + QStringList{"--kty", "rsa"} << 2 << "RSA, EC or oct";
        QTest::newRow("size text") << base + QStringList{"--kty", "RSA", "--size", "big"} << 2 << "--size";
        QTest::newRow("protection") << base + QStringList{"--kty", "EC", "--protection", "cloud"} << 2
                                    << "hsm or software";
        QTest::newRow("expires") << base + QStringList{"--kty", "EC", "--expires", "soon"} << 2 << "soon";
        QTest::newRow("tags") << base + QStringList{"--kty", "EC", "--tags", "novalue"} << 2 << "k=v";
        QTest::newRow("unknown option") << base + QStringList{"--kty", "EC", "--colour", "red"} << 2 << "--colour";
        QTest::newRow("rsa size") << base + QStringList{"--kty", "RSA", "--size", "1000"} << 1 << "2048, 3072, 4096";
        QTest::newRow("curve") << base + QStringList{"--kty", "EC", "--curve", "P-192"} << 1 << "P-192";
        QTest::newRow("ops") << base + QStringList{"--kty", "EC", "--ops", "encrypt"} << 1 << "encrypt";
        QTest::newRow("exportable hsm") << base + QStringList{"--kty", "EC", "--exportable"} << 1 << "exportable";
        QTest::newRow("duplicate") << QStringList{"key", "create", "keys-hsm", "rsa-1", "--kty", "RSA"} << 1
                                   << "already exists";
        QTest::newRow("no vault") << QStringList{"key", "create", "nowhere", "k", "--kty", "EC"} << 1 << "nowhere";
    }
    void createInvalid()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const QByteArray before = exitCode == 2 ? treeDigest(m_h.workspace()) : QByteArray();
        const CliResult r = m_h.run("admin", args);
        QCOMPARE(r.exitCode, exitCode);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        if (exitCode == 2)
            QCOMPARE(treeDigest(m_h.workspace()), before);
    }

    void listShowVersions()
    {
        const CliResult table = m_h.run("admin", {"key", "list", "keys-hsm"});
        QCOMPARE(table.exitCode, 0);
        QVERIFY(table.out.startsWith("NAME"));
        QVERIFY(table.out.contains("rsa-1"));
        QVERIFY(table.out.contains("EC P-384"));
        const QJsonArray list = m_h.run("admin", {"key", "list", "keys-hsm", "--json"}).json().value("value").toArray();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(0).toObject().value("name").toString(), QString("ec-1"));
        QCOMPARE(list.at(1).toObject().value("key").toObject().value("kty").toString(), QString("RSA"));
        QVERIFY(!list.at(1).toObject().value("key").toObject().value("n").toString().isEmpty());
        QCOMPARE(list.at(1).toObject().value("key").toObject().value("e").toString(), QString("AQAB"));

        const CliResult shown = m_h.run("admin", {"key", "show", "keys-hsm", "rsa-1"});
        QCOMPARE(shown.exitCode, 0);
        QVERIFY(shown.out.contains("RSA 2048"));
        QVERIFY(shown.out.contains("/vaults/keys-hsm/keys/rsa-1/versions/"));
        const QJsonObject json = m_h.run("admin", {"key", "show", "keys-hsm", "rsa-1", "--json"}).json();
        QCOMPARE(json.value("key").toObject().value("key_ops").toArray().size(), 6);

        const QJsonArray versions =
            m_h.run("admin", {"key", "versions", "keys-hsm", "rsa-1", "--json"}).json().value("value").toArray();
        QCOMPARE(versions.size(), 1);
        QCOMPARE(versions.at(0).toObject().value("version").toString(), json.value("version").toString());

        const CliResult missing = m_h.run("admin", {"key", "show", "keys-hsm", "nope"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("nope"), qPrintable(missing.err));
        QCOMPARE(m_h.run("admin", {"key", "show", "keys-hsm"}).exitCode, 2);
    }

    void rotateAndSet()
    {
        const QString first =
            m_h.run("admin", {"key", "show", "keys-hsm", "rsa-1", "--json"}).json().value("version").toString();
        const CliResult rotated = m_h.run("admin", {"key", "rotate", "keys-hsm", "rsa-1"});
        QVERIFY2(rotated.exitCode == 0, qPrintable(rotated.err));
        QVERIFY2(rotated.out.startsWith("Rotated key 'rsa-1' in vault 'keys-hsm': new current version "),
                 qPrintable(rotated.out));
        const QJsonArray versions =
            m_h.run("admin", {"key", "versions", "keys-hsm", "rsa-1", "--json"}).json().value("value").toArray();
        QCOMPARE(versions.size(), 2);
        QCOMPARE(versions.at(0).toObject().value("version").toString(), first); // oldest first
        QVERIFY(rotated.out.contains(versions.at(1).toObject().value("version").toString()));

        // Disable the old version; the current one stays enabled.
        const CliResult disabled =
            m_h.run("admin", {"key", "set", "keys-hsm", "rsa-1", "--version", first, "--enabled", "false", "--json"});
        QVERIFY2(disabled.exitCode == 0, qPrintable(disabled.err));
        QCOMPARE(disabled.json().value("version").toString(), first);
        QCOMPARE(disabled.json().value("attributes").toObject().value("enabled").toBool(true), false);
        const QJsonObject old =
            m_h.run("admin", {"key", "show", "keys-hsm", "rsa-1", "--version", first, "--json"}).json();
        QCOMPARE(old.value("attributes").toObject().value("enabled").toBool(true), false);
        const QJsonObject current = m_h.run("admin", {"key", "show", "keys-hsm", "rsa-1", "--json"}).json();
        QCOMPARE(current.value("attributes").toObject().value("enabled").toBool(), true);

        const CliResult set = m_h.run("admin", {"key", "set", "keys-hsm", "rsa-1", "--expires", "2031-01-01",
                                                "--allow-rsa1_5", "true", "--tags", "owner=ops"});
        QVERIFY2(set.exitCode == 0, qPrintable(set.err));
        QVERIFY2(set.out.startsWith("Updated key 'rsa-1' in vault 'keys-hsm', version "), qPrintable(set.out));
        const QJsonObject after = m_h.run("admin", {"key", "show", "keys-hsm", "rsa-1", "--json"}).json();
        QCOMPARE(qint64(after.value("attributes").toObject().value("exp").toDouble()),
                 QDateTime::fromString("2031-01-01T00:00:00Z", Qt::ISODate).toSecsSinceEpoch());
        QCOMPARE(after.value("allowRsa1_5").toBool(), true);
        QCOMPARE(after.value("tags").toObject().value("owner").toString(), QString("ops"));
        const CliResult cleared = m_h.run("admin", {"key", "set", "keys-hsm", "rsa-1", "--expires", "none", "--json"});
        QCOMPARE(cleared.exitCode, 0);
        QVERIFY(!cleared.json().value("attributes").toObject().contains("exp"));

        QCOMPARE(m_h.run("admin", {"key", "set", "keys-hsm", "rsa-1"}).exitCode, 2);
        QCOMPARE(m_h.run("admin", {"key", "set", "keys-hsm", "rsa-1", "--enabled", "maybe"}).exitCode, 2);
        const CliResult badVersion =
            m_h.run("admin", {"key", "set", "keys-hsm", "rsa-1", "--version", "ffff", "--enabled", "true"});
        QCOMPARE(badVersion.exitCode, 1);
        QVERIFY2(badVersion.err.contains("ffff"), qPrintable(badVersion.err));
    }

    void policy()
    {
        const CliResult none = m_h.run("admin", {"key", "policy", "keys-hsm", "ec-1", "--show"});
        QVERIFY2(none.exitCode == 0, qPrintable(none.err));
        QVERIFY(none.out.contains("none"));
        const CliResult set = m_h.run("admin", {"key", "policy", "keys-hsm", "ec-1", "--expiry", "P1Y",
                                                "--rotate-after", "P90D", "--reason", "CHG-7"});
        QVERIFY2(set.exitCode == 0, qPrintable(set.err));
        QCOMPARE(set.out, QString("Set the rotation policy of key 'ec-1' in vault 'keys-hsm': expiry P1Y; rotate "
                                  "after P90D\n"));
        // Options given replace their part; the rest stays.
        const CliResult notify =
            m_h.run("admin", {"key", "policy", "keys-hsm", "ec-1", "--notify-before", "P30D", "--json"});
        QVERIFY2(notify.exitCode == 0, qPrintable(notify.err));
        const QJsonObject json = m_h.run("admin", {"key", "policy", "keys-hsm", "ec-1", "--json"}).json();
        QCOMPARE(json.value("attributes").toObject().value("expiryTime").toString(), QString("P1Y"));
        const QJsonArray actions = json.value("lifetimeActions").toArray();
        QCOMPARE(actions.size(), 2);
        QStringList triggers;
        for (const QJsonValue& a : actions) {
            const QJsonObject trigger = a.toObject().value("trigger").toObject();
            triggers << a.toObject().value("action").toObject().value("type").toString().toLower() + ":" +
                            trigger.value("timeAfterCreate").toString() + trigger.value("timeBeforeExpiry").toString();
        }
        triggers.sort();
        QCOMPARE(triggers, (QStringList{"notify:P30D", "rotate:P90D"}));
        const CliResult show = m_h.run("admin", {"key", "show", "keys-hsm", "ec-1"});
        QVERIFY2(show.out.contains("rotate after P90D"), qPrintable(show.out));

        QCOMPARE(m_h.run("admin", {"key", "policy", "keys-hsm", "ec-1", "--rotate-after", "90 days"}).exitCode, 2);
        QCOMPARE(m_h.run("admin", {"key", "policy", "keys-hsm", "ec-1", "--rotate-after", "P90D",
                                   "--rotate-before-expiry", "P30D"})
                     .exitCode,
                 2);
        QCOMPARE(m_h.run("admin", {"key", "policy", "keys-hsm", "ec-1", "--show", "--expiry", "P1Y"}).exitCode, 2);
        const CliResult cleared = m_h.run("admin", {"key", "policy", "keys-hsm", "ec-1", "--clear"});
        QVERIFY2(cleared.exitCode == 0, qPrintable(cleared.err));
        QVERIFY2(cleared.out.endsWith(": none\n"), qPrintable(cleared.out));
    }

    void due()
    {
        const CliResult list = m_h.run("admin", {"key", "due", "--json"});
        QVERIFY2(list.exitCode == 0, qPrintable(list.err));
        QVERIFY(list.json().value("value").isArray());
        // A rotation due one second after creation comes due at once.
        QCOMPARE(m_h.run("admin", {"key", "create", "keys-hsm", "due-1", "--kty", "EC"}).exitCode, 0);
        const CliResult policy = m_h.run("admin", {"key", "policy", "keys-hsm", "due-1", "--rotate-after", "PT1S"});
        if (policy.exitCode != 0)
            QSKIP(qPrintable("the service refuses a one-second rotation trigger: " + policy.err));
        QTest::qWait(1500);
        const CliResult listed = m_h.run("admin", {"key", "due"});
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.err));
        QVERIFY2(listed.out.contains("due-1") && listed.out.contains("rotate"), qPrintable(listed.out));
        const CliResult applied = m_h.run("admin", {"key", "due", "--apply", "--reason", "scheduled"});
        QVERIFY2(applied.exitCode == 0, qPrintable(applied.err));
        QVERIFY2(applied.out.contains("key 'due-1' in vault 'keys-hsm': rotate"), qPrintable(applied.out));
        const QJsonArray versions =
            m_h.run("admin", {"key", "versions", "keys-hsm", "due-1", "--json"}).json().value("value").toArray();
        QVERIFY(versions.size() >= 2);

        // One failed item makes --apply exit 1: an auditor may read keys but not rotate them.
        QVERIFY(m_h.addOperator("auditor"));
        QCOMPARE(
            m_h.run("admin", {"role", "assign", "--principal", "auditor", "--role", "Crypto Auditor", "--scope", "/"})
                .exitCode,
            0);
        QTest::qWait(1500); // the new version's rotation comes due too
        const CliResult denied = m_h.run("auditor", {"key", "due", "--apply"});
        QCOMPARE(denied.exitCode, 1);
        QVERIFY2(denied.err.contains("key 'due-1' in vault 'keys-hsm': rotate failed") &&
                     denied.err.contains("keys/rotate/action"),
                 qPrintable(denied.err));
    }

    void deleteRecoverPurge()
    {
        QCOMPARE(m_h.run("admin", {"key", "create", "keys-hsm", "gone-1", "--kty", "EC"}).exitCode, 0);
        const CliResult deleted = m_h.run("admin", {"key", "delete", "keys-hsm", "gone-1", "--json"});
        QVERIFY2(deleted.exitCode == 0, qPrintable(deleted.err));
        QCOMPARE(deleted.json().value("recoveryId").toString(), QString("/vaults/keys-hsm/deletedkeys/gone-1"));
        QVERIFY(deleted.json().value("deletedDate").isDouble());
        QVERIFY(deleted.json().value("scheduledPurgeDate").isDouble());
        QCOMPARE(m_h.run("admin", {"key", "show", "keys-hsm", "gone-1"}).exitCode, 1);
        const CliResult listed = m_h.run("admin", {"key", "list-deleted", "keys-hsm"});
        QCOMPARE(listed.exitCode, 0);
        QVERIFY(listed.out.startsWith("NAME"));
        QVERIFY(listed.out.contains("gone-1"));
        const CliResult recovered = m_h.run("admin", {"key", "recover", "keys-hsm", "gone-1"});
        QCOMPARE(recovered.exitCode, 0);
        QCOMPARE(recovered.out, QString("Recovered key 'gone-1' in vault 'keys-hsm'\n"));
        QCOMPARE(m_h.run("admin", {"key", "show", "keys-hsm", "gone-1"}).exitCode, 0);

        const CliResult again = m_h.run("admin", {"key", "delete", "keys-hsm", "gone-1"});
        QCOMPARE(again.exitCode, 0);
        QVERIFY2(again.out.startsWith("Deleted key 'gone-1' in vault 'keys-hsm' (recoverable until "),
                 qPrintable(again.out));
        const CliResult purged = m_h.run("admin", {"key", "purge", "keys-hsm", "gone-1"});
        QVERIFY2(purged.exitCode == 0, qPrintable(purged.err));
        QCOMPARE(purged.out, QString("Purged key 'gone-1' in vault 'keys-hsm'\n"));
        for (const QString& command : {QString("recover"), QString("purge"), QString("show")}) {
            const CliResult gone = m_h.run("admin", {"key", command, "keys-hsm", "gone-1"});
            QCOMPARE(gone.exitCode, 1);
            QVERIFY2(gone.err.contains("gone-1"), qPrintable(gone.err));
        }
        // Purge protection: a deleted key in keys-soft stays until its scheduled purge date.
        QCOMPARE(m_h.run("admin", {"key", "delete", "keys-soft", "aes-1"}).exitCode, 0);
        const CliResult protectedPurge = m_h.run("admin", {"key", "purge", "keys-soft", "aes-1"});
        QCOMPARE(protectedPurge.exitCode, 1);
        QVERIFY2(protectedPurge.err.contains("purge protection"), qPrintable(protectedPurge.err));
        QCOMPARE(m_h.run("admin", {"key", "recover", "keys-soft", "aes-1"}).exitCode, 0);
    }

    void backupRestore()
    {
        QCOMPARE(m_h.run("admin", {"key", "create", "keys-hsm", "bk-1", "--kty", "RSA"}).exitCode, 0);
        QCOMPARE(m_h.run("admin", {"key", "rotate", "keys-hsm", "bk-1"}).exitCode, 0);
        const QString file = m_h.root() + "/bk-1.backup";
        const CliResult backup = m_h.run("admin", {"key", "backup", "keys-hsm", "bk-1", "--out", file});
        QVERIFY2(backup.exitCode == 0, qPrintable(backup.err));
        QVERIFY2(backup.out.startsWith("Backed up key 'bk-1' in vault 'keys-hsm' to '" + file + "'"),
                 qPrintable(backup.out));
        QVERIFY(QFileInfo(file).size() > 0);
        QCOMPARE(QFileInfo(file).permissions() & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());
        QCOMPARE(m_h.run("admin", {"key", "backup", "keys-hsm", "bk-1"}).exitCode, 2);
        const QString nowhere = m_h.root() + "/no-such-dir/bk.backup";
        auto backupEvents = [this] {
            return m_h.run("admin", {"audit", "list", "--operation", "KeyBackup", "--format", "jsonl"}).out.count('\n');
        };
        const qsizetype eventsBefore = backupEvents();
        QVERIFY(eventsBefore >= 1);
        const CliResult unwritable = m_h.run("admin", {"key", "backup", "keys-hsm", "bk-1", "--out", nowhere});
        QCOMPARE(unwritable.exitCode, 1);
        QVERIFY2(unwritable.err.contains(nowhere), qPrintable(unwritable.err));
        QVERIFY(!QFileInfo::exists(m_h.root() + "/no-such-dir"));
        QCOMPARE(backupEvents(), eventsBefore); // refused before the key was touched

        // The name is taken in keys-hsm: restore there is refused, into an empty vault it works.
        const CliResult taken = m_h.run("admin", {"key", "restore", "keys-hsm", "--in", file});
        QCOMPARE(taken.exitCode, 1);
        QVERIFY2(taken.err.contains("bk-1"), qPrintable(taken.err));
        QCOMPARE(m_h.run("admin", {"vault", "create", "restored"}).exitCode, 0);
        const CliResult restored = m_h.run("admin", {"key", "restore", "restored", "--in", file, "--json"});
        QVERIFY2(restored.exitCode == 0, qPrintable(restored.err));
        QCOMPARE(restored.json().value("name").toString(), QString("bk-1"));
        const QJsonArray versions =
            m_h.run("admin", {"key", "versions", "restored", "bk-1", "--json"}).json().value("value").toArray();
        QCOMPARE(versions.size(), 2);

        const CliResult missing = m_h.run("admin", {"key", "restore", "restored", "--in", m_h.root() + "/nope.bin"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains(m_h.root() + "/nope.bin"), qPrintable(missing.err));
        const QString garbage = m_h.secretFile("garbage", "not a backup");
        const CliResult bad = m_h.run("admin", {"key", "restore", "restored", "--in", garbage});
        QCOMPARE(bad.exitCode, 1);
        QCOMPARE(bad.err.count('\n'), 1);
    }

private:
    CliHarness m_h;
};

CUSTOS_REGISTER_TEST(TestCliKeys)
#include "TestCliKeys.moc"
