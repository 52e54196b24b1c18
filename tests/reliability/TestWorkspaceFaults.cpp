// Issue 10, workspace faults: a read-only workspace, a damaged database page, a missing token
// directory, a token PIN changed outside Custos, a database from a newer Custos. Each is refused
// with one line that says what is wrong, where, and what to do; and nothing is changed (the whole
// directory is byte-for-byte the same, or, where the refused login is audited, every object and
// the rest of the trail are).

#include "CliHarness.h"
#include "SmallDisk.h"
#include "TestRegistry.h"

#include "crypto/SecureBuffer.h"
#include "crypto/pkcs11/Token.h"
#include "model/session/OperatorCredentials.h"
#include "model/session/Workspace.h"
#include "model/store/Stores.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <memory>

#include <unistd.h>

using namespace custos::test;
using custos::crypto::SecureBuffer;

namespace {

QString describe(const CliResult& r)
{
    return QStringLiteral("exit %1%2, stderr: %3")
        .arg(r.exitCode)
        .arg(r.crashed ? " (crashed)" : "")
        .arg(r.err.trimmed());
}

// One query on the workspace database outside Custos (as a newer Custos, or a forensic look, would).
QVariantList rawQuery(const QString& path, const QString& sql)
{
    QVariantList values;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("workspace-faults-raw"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql)) {
                while (query.next())
                    values << query.value(0);
            } else {
                qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("workspace-faults-raw"));
    return values;
}

// Overwrites the page that holds `table` (a small table: its root page is its only page).
bool damageTablePage(const QString& databasePath, const QString& table)
{
    const QVariantList pageSize = rawQuery(databasePath, QStringLiteral("PRAGMA page_size"));
    const QVariantList root =
        rawQuery(databasePath,
                 QStringLiteral("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = '%1'").arg(table));
    if (pageSize.size() != 1 || root.size() != 1 || root.first().toLongLong() < 2) {
        qWarning("no page found for table %s", qPrintable(table));
        return false;
    }
    const qint64 size = pageSize.first().toLongLong();
    QFile file(databasePath);
    if (!file.open(QIODevice::ReadWrite) || !file.seek((root.first().toLongLong() - 1) * size))
        return false;
    QByteArray garbage(int(size), '\0');
    for (int i = 0; i < garbage.size(); ++i)
        garbage[i] = char(0xA5 ^ (i * 31));
    return file.write(garbage) == size;
}

// The token's objects: every file of the store but token.object, where SoftHSM2 itself notes a
// refused PIN (CKF_USER_PIN_COUNT_LOW).
QByteArray tokenObjectsDigest(const QString& tokenDir)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QStringList files;
    QDirIterator it(tokenDir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (QFileInfo(path).fileName() != QLatin1String("token.object"))
            files << path;
    }
    files.sort();
    for (const QString& path : files) {
        QFile file(path);
        hash.addData(path.toUtf8());
        if (file.open(QIODevice::ReadOnly))
            hash.addData(file.readAll());
    }
    return hash.result().toHex();
}

} // namespace

class TestWorkspaceFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readOnlyWorkspaceRefusedUntouched()
    {
        // Root writes through any permission bits, so a root test needs a read-only mount (a tmpfs
        // in a mount namespace of its own, custosctl run inside it); anyone else gets a workspace
        // without write permission.
        CliHarness h;
        std::unique_ptr<SmallDisk> disk;
        QString workspace = h.workspace(); // as custosctl sees it
        QString files = h.workspace();     // as this process sees it
        if (::geteuid() == 0) {
            const QString mountPoint = h.root() + QStringLiteral("/disk");
            QVERIFY(QDir().mkpath(mountPoint));
            disk = std::make_unique<SmallDisk>(mountPoint, 8 * 1024);
            if (!disk->isReady())
                QSKIP(qPrintable(QStringLiteral("root needs a read-only mount for this: ") + disk->unavailable()));
            workspace = disk->mountPoint() + QStringLiteral("/ws");
            files = disk->path() + QStringLiteral("/ws");
        }
        const QString passphrase = h.passphraseFile("admin");
        const auto run = [&](const QStringList& args) {
            const QStringList all =
                QStringList{"--workspace", workspace, "--operator", "admin", "--passphrase-file", passphrase} + args;
            return disk ? disk->run(all) : h.runRaw(all);
        };
        QCOMPARE(run({"init", "--kdf-memory", "1"}).exitCode, 0);
        QCOMPARE(run({"operator", "list"}).exitCode, 0);
        // Every login moves lastLogin; the rest of the list must come back as it was.
        const auto operatorList = [&] {
            return run({"operator", "list", "--json"})
                .out.remove(QRegularExpression(QStringLiteral("\"lastLogin\": \\d+")));
        };
        const QString operators = operatorList();
        const auto setReadOnly = [&](bool readOnly) {
            if (disk)
                return disk->setReadOnly(readOnly);
            const QFileDevice::Permissions r = QFileDevice::ReadOwner;
            const QFileDevice::Permissions w = QFileDevice::WriteOwner;
            const QFileDevice::Permissions x = QFileDevice::ExeOwner;
            return QFile::setPermissions(files, readOnly ? r | x : r | w | x) &&
                   QFile::setPermissions(files + QStringLiteral("/custos.db"), readOnly ? r : r | w);
        };
        QVERIFY(setReadOnly(true));
        const QByteArray before = treeDigest(files);
        for (const QStringList& args : {QStringList{"status"}, QStringList{"operator", "list"},
                                        QStringList{"vault", "create", "vlt1"}, QStringList{"audit", "verify"}}) {
            const CliResult r = run(args);
            QVERIFY2(!r.crashed && r.exitCode == 1, qPrintable(args.join(' ') + ": " + describe(r)));
            QVERIFY2(r.err.contains("read-only") && r.err.contains(workspace), qPrintable(describe(r)));
            QVERIFY2(r.err.contains("read-write"), qPrintable(describe(r))); // what to do
            QCOMPARE(r.err.count('\n'), 1);
        }
        QCOMPARE(treeDigest(files), before);
        QVERIFY(setReadOnly(false));
        QCOMPARE(operatorList(), operators);
        QCOMPARE(run({"audit", "verify"}).exitCode, 0);
    }

    // A damaged page of a table read before anything is written (the settings, when the workspace
    // opens; the operators, at login): refused, and not one byte changes.
    void damagedDatabasePageRefusedUntouched_data()
    {
        QTest::addColumn<QString>("table");
        QTest::newRow("settings") << QStringLiteral("settings");
        QTest::newRow("operators") << QStringLiteral("operators");
    }

    void damagedDatabasePageRefusedUntouched()
    {
        QFETCH(QString, table);
        CliHarness h;
        QVERIFY(h.init("admin"));
        QCOMPARE(h.run("admin", {"vault", "create", "vlt0"}).exitCode, 0);
        QVERIFY(damageTablePage(h.databasePath(), table));
        const QByteArray before = treeDigest(h.workspace());
        for (const QStringList& args : {QStringList{"status"}, QStringList{"vault", "create", "vlt1"}}) {
            const CliResult r = h.run("admin", args);
            QVERIFY2(!r.crashed && r.exitCode == 1, qPrintable(describe(r)));
            expectDamagedMessage(h, r);
        }
        QCOMPARE(treeDigest(h.workspace()), before);
    }

    // A damaged page found later (the vaults, after the login): the same message, never a crash.
    void damagedDatabasePageFoundLater()
    {
        CliHarness h;
        QVERIFY(h.init("admin"));
        QCOMPARE(h.run("admin", {"vault", "create", "vlt0"}).exitCode, 0);
        QVERIFY(damageTablePage(h.databasePath(), QStringLiteral("vaults")));
        for (const QStringList& args : {QStringList{"vault", "list"}, QStringList{"vault", "create", "vlt1"}}) {
            const CliResult r = h.run("admin", args);
            QVERIFY2(!r.crashed && r.exitCode == 1, qPrintable(describe(r)));
            expectDamagedMessage(h, r);
        }
    }

    void missingTokenDirectoryRefused()
    {
        CliHarness h;
        QVERIFY(h.init("admin"));
        QCOMPARE(h.run("admin", {"vault", "create", "vlt0"}).exitCode, 0);
        QCOMPARE(h.run("admin", {"key", "create", "vlt0", "k1", "--kty", "EC"}).exitCode, 0);
        const QString keys = h.run("admin", {"key", "list", "vlt0", "--json"}).out;
        const QString tokens = h.workspace() + QStringLiteral("/tokens");
        const QString away = h.root() + QStringLiteral("/tokens-away");
        QVERIFY(QDir().rename(tokens, away));

        const CliResult r = h.run("admin", {"key", "create", "vlt0", "k2", "--kty", "EC"});
        QVERIFY2(!r.crashed && r.exitCode == 1, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(tokens) && r.err.contains("missing"), qPrintable(describe(r)));
        QVERIFY2(r.err.contains("custosctl backup restore"), qPrintable(describe(r)));
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(!QFileInfo::exists(tokens), "a refused login must not make a new, empty token directory");

        // Put back, everything is as it was; the refused login is in the trail, which verifies.
        QVERIFY(QDir().rename(away, tokens));
        QCOMPARE(h.run("admin", {"key", "list", "vlt0", "--json"}).out, keys);
        expectOnlyRefusedLogins(h, QStringLiteral("missing"));
    }

    void tokenPinChangedOutsideCustosRefused()
    {
        CliHarness h;
        QVERIFY(h.init("admin"));
        QCOMPARE(h.run("admin", {"vault", "create", "vlt0"}).exitCode, 0);
        const QString vaults = h.run("admin", {"vault", "list", "--json"}).out;
        QVERIFY(setTokenPin(h, false));

        const QByteArray tokenBefore = tokenObjectsDigest(h.workspace() + QStringLiteral("/tokens"));
        const CliResult r = h.run("admin", {"vault", "create", "vlt1"});
        QVERIFY2(!r.crashed && r.exitCode == 1, qPrintable(describe(r)));
        QVERIFY2(r.err.contains("refused the user PIN") && r.err.contains("CKR_PIN_INCORRECT"),
                 qPrintable(describe(r)));
        QVERIFY2(r.err.contains("changed outside Custos") && r.err.contains("custosctl backup restore"),
                 qPrintable(describe(r)));
        QCOMPARE(r.err.count('\n'), 1);
        QCOMPARE(tokenObjectsDigest(h.workspace() + QStringLiteral("/tokens")), tokenBefore);

        // The PIN set back: nothing changed but the audited refusals.
        QVERIFY(setTokenPin(h, true));
        QCOMPARE(h.run("admin", {"vault", "list", "--json"}).out, vaults);
        expectOnlyRefusedLogins(h, QStringLiteral("CKR_PIN_INCORRECT"));
    }

    void newerSchemaVersionRefusedUntouched()
    {
        CliHarness h;
        QVERIFY(h.init("admin"));
        QVERIFY(rawQuery(h.databasePath(), QStringLiteral("PRAGMA user_version = 999")).isEmpty());
        const QByteArray before = treeDigest(h.workspace());
        for (const QStringList& args : {QStringList{"status"}, QStringList{"vault", "create", "vlt0"}}) {
            const CliResult r = h.run("admin", args);
            QVERIFY2(!r.crashed && r.exitCode == 1, qPrintable(describe(r)));
            QVERIFY2(r.err.contains("schema version 999") && r.err.contains("newer"), qPrintable(describe(r)));
            QVERIFY2(r.err.contains(h.workspace()) && r.err.contains("use a newer Custos"), qPrintable(describe(r)));
            QCOMPARE(r.err.count('\n'), 1);
        }
        QCOMPARE(treeDigest(h.workspace()), before);
    }

private:
    static void expectDamagedMessage(const CliHarness& h, const CliResult& r)
    {
        QVERIFY2(r.err.contains("is damaged") && r.err.contains(h.databasePath()), qPrintable(describe(r)));
        QVERIFY2(r.err.contains("custosctl backup restore") && r.err.contains("custosctl doctor"),
                 qPrintable(describe(r)));
        QCOMPARE(r.err.count('\n'), 1);
    }

    // Sets the token's user PIN outside Custos, as an administrator with the token's own tools
    // would (the SO PIN taken from where Custos keeps it): to a PIN Custos does not know, or back.
    static bool setTokenPin(CliHarness& h, bool backToCustos)
    {
        using namespace custos::model;
        auto workspace = Workspace::open(h.workspace());
        if (!workspace) {
            qWarning("%s", qPrintable(workspace.error().message));
            return false;
        }
        auto op = OperatorStore(workspace.value()->database()).find(QStringLiteral("admin"));
        if (!op || !op.value())
            return false;
        auto kept = unlockCredentials(*op.value(), SecureBuffer::fromString("admin-pass"));
        auto token = workspace.value()->openToken();
        if (!kept || !token)
            return false;
        const SecureBuffer foreign = SecureBuffer::fromString("changed-outside-custos");
        const SecureBuffer& current = backToCustos ? foreign : kept.value();
        const SecureBuffer& wanted = backToCustos ? kept.value() : foreign;
        auto loggedIn = token.value()->login(current);
        auto soPin = loggedIn ? token.value()->readDataObject(QLatin1String(kSoPinObjectLabel))
                              : custos::Outcome<SecureBuffer>(loggedIn.error());
        (void)token.value()->logout();
        bool ok = false;
        if (!soPin) {
            qWarning("reading the SO PIN object failed (the PIN itself is not logged): %s",
                     qPrintable(soPin.error().message));
        } else if (auto set = token.value()->initUserPin(soPin.value(), wanted); !set) {
            qWarning("C_InitPIN: %s", qPrintable(set.error().message));
        } else {
            ok = true;
        }
        workspace.value()->closeToken();
        return ok;
    }

    // `audit verify` passes, and the only events since the refusals began are the refused
    // logins, each naming `reason`.
    static void expectOnlyRefusedLogins(CliHarness& h, const QString& reason)
    {
        const CliResult verify = h.run("admin", {"audit", "verify"});
        QVERIFY2(verify.exitCode == 0, qPrintable(describe(verify)));
        const CliResult failed = h.run("admin", {"audit", "list", "--operation", "LoginFailed", "--json"});
        QCOMPARE(failed.exitCode, 0);
        const QJsonArray events = failed.json().value("value").toArray();
        QVERIFY(!events.isEmpty());
        for (const QJsonValue& event : events)
            QVERIFY2(event.toObject().value("reason").toString().contains(reason), qPrintable(failed.out));
    }
};

CUSTOS_REGISTER_TEST(TestWorkspaceFaults)
#include "TestWorkspaceFaults.moc"
