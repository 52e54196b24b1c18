#include "CliHarness.h"
#include "TestRegistry.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;
using custos::test::treeDigest;

namespace {
// Runs one statement on the workspace database outside Custos, as an attacker or a newer Custos would.
bool execSql(const QString& path, const QStringList& statements)
{
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("test-cli-raw"));
        db.setDatabaseName(path);
        ok = db.open();
        for (const QString& sql : statements) {
            QSqlQuery query(db);
            if (!query.exec(sql)) {
                qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
                ok = false;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("test-cli-raw"));
    return ok;
}
} // namespace

// init, status, and the bad input of issue 2: a non-empty directory, a newer or corrupt database,
// wrong passphrases up to the lockout. Each refusal exits 1 with one line and changes nothing.
class TestCliWorkspace : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initThenStatus()
    {
        CliHarness h;
        QVERIFY(h.init("admin"));
        const CliResult status = h.run("admin", {"status"});
        QCOMPARE(status.exitCode, 0);
        QVERIFY2(status.out.contains("test workspace"), qPrintable(status.out));
        QVERIFY(status.out.contains(h.workspace()));
        const QJsonObject json = h.run("admin", {"status", "--json"}).json();
        QCOMPARE(json.value("testWorkspace").toBool(), true);
        QCOMPARE(json.value("kdfMemoryMiB").toInt(), 1);
        QCOMPARE(json.value("operators").toInt(), 1);
        QCOMPARE(json.value("directory").toString(), h.workspace());
        QVERIFY(json.value("auditEvents").toInt() >= 1);
        // A second init into the same workspace is refused.
        const QByteArray before = treeDigest(h.workspace());
        const CliResult again = h.run("admin", {"init", "--kdf-memory", "1"});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains(h.workspace()), qPrintable(again.err));
        QCOMPARE(treeDigest(h.workspace()), before);
    }

    void initJsonAndRoles()
    {
        CliHarness h;
        const CliResult r =
            h.run("solo", {"init", "--kdf-memory", "1", "--roles", "Administrator,crypto auditor", "--json"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value("testWorkspace").toBool(), true);
        const CliResult assignments = h.run("solo", {"role", "assignments", "--json"});
        QCOMPARE(assignments.exitCode, 0);
        QStringList roles;
        for (const QJsonValue& v : assignments.json().value("value").toArray())
            roles << v.toObject().value("roleDefinitionName").toString();
        roles.sort();
        QCOMPARE(roles, (QStringList{"Administrator", "Crypto Auditor"}));
    }

    void initIntoNonEmptyDirectoryRefused()
    {
        CliHarness h;
        QVERIFY(QDir().mkpath(h.workspace()));
        QFile keep(h.workspace() + "/notes.txt");
        QVERIFY(keep.open(QIODevice::WriteOnly));
        keep.write("mine\n");
        keep.close();
        const QByteArray before = treeDigest(h.workspace());
        const CliResult r = h.run("admin", {"init", "--kdf-memory", "1"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("not empty"), qPrintable(r.err));
        QCOMPARE(treeDigest(h.workspace()), before);
        // An empty existing directory is fine.
        CliHarness empty;
        QVERIFY(QDir().mkpath(empty.workspace()));
        QVERIFY(empty.init("admin"));
    }

    void initUsage()
    {
        CliHarness h;
        const CliResult noOperator = h.runRaw({"--workspace", h.workspace(), "init", "--kdf-memory", "1"});
        QCOMPARE(noOperator.exitCode, 2);
        QVERIFY2(noOperator.err.contains("no operator: use --operator NAME"), qPrintable(noOperator.err));
        const CliResult noPassphrase = h.runRaw({"--workspace", h.workspace(), "init", "--operator", "admin"});
        QCOMPARE(noPassphrase.exitCode, 2);
        QVERIFY2(noPassphrase.err.contains("no passphrase"), qPrintable(noPassphrase.err));
        const CliResult badMemory = h.run("admin", {"init", "--kdf-memory", "0"});
        QCOMPARE(badMemory.exitCode, 2);
        const CliResult attachAlone = h.run("admin", {"init", "--attach"});
        QCOMPARE(attachAlone.exitCode, 2);
        QVERIFY(!QFileInfo::exists(h.workspace()));
        // CUSTOS_PASSPHRASE and CUSTOS_OPERATOR stand in for the options.
        QProcessEnvironment env;
        env.insert("CUSTOS_PASSPHRASE", "env-pass");
        env.insert("CUSTOS_OPERATOR", "envop");
        const CliResult viaEnv = h.runRaw({"--workspace", h.workspace(), "init", "--kdf-memory", "1"}, env);
        QCOMPARE(viaEnv.exitCode, 0);
        const CliResult status = h.runRaw({"--workspace", h.workspace(), "status"}, env);
        QCOMPARE(status.exitCode, 0);
        QVERIFY(status.out.contains("envop"));
    }

    void attachToExistingToken()
    {
        CliHarness h;
        const QString tokens = h.root() + "/ext-tokens";
        QVERIFY(QDir().mkpath(tokens));
        const QString conf = h.root() + "/ext-softhsm2.conf";
        QFile confFile(conf);
        QVERIFY(confFile.open(QIODevice::WriteOnly));
        confFile.write(QStringLiteral("directories.tokendir = %1\nobjectstore.backend = file\nlog.level = ERROR\n")
                           .arg(tokens)
                           .toUtf8());
        confFile.close();
        QProcess util;
        QProcessEnvironment utilEnv = QProcessEnvironment::systemEnvironment();
        utilEnv.insert("SOFTHSM2_CONF", conf);
        util.setProcessEnvironment(utilEnv);
        util.start("softhsm2-util",
                   {"--init-token", "--free", "--label", "ext-token", "--pin", "1234", "--so-pin", "5678"});
        if (!util.waitForFinished() || util.exitCode() != 0)
            QSKIP("softhsm2-util is not available");
        QProcessEnvironment env;
        env.insert("SOFTHSM2_CONF", conf);
        const QStringList attach{"--workspace",   h.workspace(),       "--operator",
                                 "admin",         "--passphrase-file", h.passphraseFile("admin"),
                                 "init",          "--kdf-memory",      "1",
                                 "--attach",      "--module",          "/usr/lib/softhsm/libsofthsm2.so",
                                 "--token-label", "ext-token"};
        // Wrong user PIN: refused, nothing left behind.
        const CliResult wrongPin = h.runRaw(attach + QStringList{"--pin-file", h.secretFile("bad-pin", "9999"),
                                                                 "--so-pin-file", h.secretFile("so-pin", "5678")},
                                            env);
        QCOMPARE(wrongPin.exitCode, 1);
        QCOMPARE(wrongPin.err.count('\n'), 1);
        QVERIFY(!QFileInfo::exists(h.workspace()));
        // No PIN files and no terminal: a usage error.
        QCOMPARE(h.runRaw(attach, env).exitCode, 2);
        const CliResult ok = h.runRaw(attach + QStringList{"--pin-file", h.secretFile("pin", "1234"), "--so-pin-file",
                                                           h.secretFile("so-pin", "5678")},
                                      env);
        QCOMPARE(ok.exitCode, 0);
        const CliResult status = h.runRaw({"--workspace", h.workspace(), "--operator", "admin", "--passphrase-file",
                                           h.passphraseFile("admin"), "status", "--json"},
                                          env);
        QCOMPARE(status.exitCode, 0);
        QCOMPARE(status.json().value("tokenLabel").toString(), QString("ext-token"));
        QCOMPARE(status.json().value("embeddedToken").toBool(), false);
        // The PINs are never printed.
        QVERIFY(!ok.out.contains("1234") && !status.out.contains("1234") && !status.out.contains("5678"));
    }

    void wrongPassphraseThenLockout()
    {
        CliHarness h;
        QVERIFY(h.init("admin"));
        QVERIFY(h.addOperator("bob"));
        const QString wrong = h.secretFile("wrong", "not-bobs");
        for (int i = 1; i <= 5; ++i) {
            const CliResult r = h.runAs("bob", wrong, {"vault", "list"});
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.err.contains("passphrase", Qt::CaseInsensitive) || r.err.contains("locked"), qPrintable(r.err));
            QCOMPARE(r.err.count('\n'), 1);
        }
        // Locked now: even the right passphrase is refused, with a clear message.
        const CliResult locked = h.run("bob", {"vault", "list"});
        QCOMPARE(locked.exitCode, 1);
        QVERIFY2(locked.err.contains("locked", Qt::CaseInsensitive), qPrintable(locked.err));
        const CliResult show = h.run("admin", {"operator", "show", "bob", "--json"});
        QCOMPARE(show.exitCode, 0);
        QVERIFY(show.json().contains("lockedUntil"));
        // The failures are audited.
        const CliResult events = h.run("admin", {"audit", "list", "--operation", "LoginFailed", "--json"});
        QCOMPARE(events.exitCode, 0);
        QVERIFY(events.json().value("value").toArray().size() >= 5);
        // Unknown operator: refused like a wrong passphrase.
        const CliResult unknown = h.run("nobody", {"vault", "list"});
        QCOMPARE(unknown.exitCode, 1);
    }

    void newerDatabaseRefusedUntouched()
    {
        CliHarness h;
        QVERIFY(h.init("admin"));
        QVERIFY(execSql(h.databasePath(), {"PRAGMA user_version=999"}));
        const QByteArray before = treeDigest(h.workspace());
        const CliResult r = h.run("admin", {"vault", "list"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("newer"), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
        QCOMPARE(treeDigest(h.workspace()), before);
    }

    void corruptDatabaseRefused()
    {
        CliHarness h;
        QVERIFY(h.init("admin"));
        QFile db(h.databasePath());
        QVERIFY(db.open(QIODevice::ReadWrite));
        db.write(QByteArray(4096, 'x')); // the SQLite header and the first page
        db.close();
        for (const QString& suffix : {QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(h.databasePath() + suffix);
        const QByteArray before = treeDigest(h.workspace());
        const CliResult r = h.run("admin", {"status"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(!r.crashed);
        QVERIFY2(r.err.contains(h.workspace()), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
        QCOMPARE(treeDigest(h.workspace()), before);
    }
};

CUSTOS_REGISTER_TEST(TestCliWorkspace)
#include "TestCliWorkspace.moc"
