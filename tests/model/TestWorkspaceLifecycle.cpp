#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "crypto/pkcs11/Token.h"
#include "model/audit/AuditLog.h"
#include "model/session/Session.h"
#include "model/store/Stores.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

using namespace custos;
using namespace custos::model;

namespace {
// A fingerprint of a directory tree: names, sizes and contents, so "exactly as it was" is checked.
QByteArray treeDigest(const QString& directory)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QStringList files;
    QDirIterator it(directory, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    for (const QString& path : files) {
        hash.addData(path.toUtf8());
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            hash.addData(f.readAll());
    }
    return hash.result();
}

WorkspaceInitRequest request(const QString& directory, const QString& passphrase = test::kTestPassphrase)
{
    WorkspaceInitRequest r;
    r.directory = directory;
    r.operatorName = QStringLiteral("admin");
    r.passphrase = test::secret(passphrase);
    r.kdfMemoryMiB = 1;
    return r;
}
} // namespace

class TestWorkspaceLifecycle : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initCreatesTokenDatabaseAndFirstEvent()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("ws"));
        auto ready = test::makeReadyWorkspace(dir, QStringLiteral("admin"), {}, false); // only init's event
        QVERIFY(ready);
        QVERIFY(QFile::exists(dir + QStringLiteral("/custos.db")));
        QVERIFY(QFile::exists(dir + QStringLiteral("/softhsm2.conf")));
        QVERIFY(QDir(dir + QStringLiteral("/tokens")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size() == 1);

        auto status = ready->services->status();
        QVERIFY2(status, errorText(status).constData());
        QVERIFY(status->testWorkspace);
        QCOMPARE(status->kdfMemoryMiB, 1);
        QCOMPARE(status->operators, 1);
        QVERIFY(status->tokenLabel.startsWith(QStringLiteral("custos-")));
        QVERIFY(!status->activated); // until its security domain is downloaded (issue 7)
        QVERIFY(!status->activeDomainKeyId.isEmpty());

        auto events = AuditLog(ready->workspace->database()).list({});
        QVERIFY(events);
        QCOMPARE(events->size(), 1);
        const AuditEvent& first = events->first();
        QCOMPARE(first.operation, QStringLiteral("WorkspaceInit"));
        QCOMPARE(first.seq, 1);
        QCOMPARE(first.details.value(QStringLiteral("testWorkspace")).toBool(), true);
        QCOMPARE(first.details.value(QStringLiteral("roles")).toArray().size(), 5);

        // The first operator holds exactly ROLES.md's init roles at "/".
        auto assignments = ready->services->roles().assignments(QStringLiteral("admin"));
        QVERIFY(assignments);
        QStringList roles;
        for (const RoleAssignment& a : assignments.value()) {
            QCOMPARE(a.scope, QStringLiteral("/"));
            roles << a.role;
        }
        roles.sort();
        QStringList expected = initialOperatorRoles();
        expected.sort();
        QCOMPARE(roles, expected);
    }

    void initRecordsTheJustification()
    {
        QTemporaryDir tmp;
        WorkspaceInitRequest r = request(tmp.filePath(QStringLiteral("ws")));
        r.justification = QStringLiteral("CHG-0001 new PAW");
        auto created = test::await(Workspace::initialise(std::move(r)));
        QVERIFY2(created, errorText(created).constData());
        auto events = AuditLog(created.value()->database()).list({});
        QCOMPARE(events->first().justification, QStringLiteral("CHG-0001 new PAW"));
    }

    void defaultDirectoryIsTheSameForBothExecutables()
    {
        // Independent of the application and organisation names the GUI and the CLI set.
        qunsetenv("CUSTOS_WORKSPACE");
        const QString before = Workspace::defaultDirectory();
        QCoreApplication::setOrganizationName(QStringLiteral("SomethingElse"));
        QCOMPARE(Workspace::defaultDirectory(), before);
        QCoreApplication::setOrganizationName(QString());
        QVERIFY(before.endsWith(QStringLiteral("/custos/workspace")));
        qputenv("CUSTOS_WORKSPACE", "/tmp/elsewhere");
        QCOMPARE(Workspace::defaultDirectory(), QStringLiteral("/tmp/elsewhere"));
        qunsetenv("CUSTOS_WORKSPACE");
    }

    void soPinLivesInsideTheTokenNotTheDatabase()
    {
        QTemporaryDir tmp;
        auto ready = test::makeReadyWorkspace(tmp.filePath(QStringLiteral("ws")));
        QVERIFY(ready);
        auto* token = ready->workspace->token();
        QVERIFY(token);
        auto soPin = QtConcurrent::run(ready->workspace->tokenPool(), [token]() {
                         auto pin = token->readDataObject(QStringLiteral("custos-so-pin"));
                         return pin ? static_cast<int>(pin->size()) : -1;
                     }).result();
        QCOMPARE(soPin, 32);
    }

    void initCreatesTheTrustedDomainKeyAndTheSealingKey()
    {
        QTemporaryDir tmp;
        auto ready = test::makeReadyWorkspace(tmp.filePath(QStringLiteral("ws")));
        QVERIFY(ready);
        auto* token = ready->workspace->token();
        const bool both = QtConcurrent::run(ready->workspace->tokenPool(), [token]() {
                              auto domain = token->hasDomainKey(QLatin1String(kDomainKeyLabel));
                              const QByteArray probe("sealed at rest");
                              auto sealed = token->seal(QLatin1String(kSealingKeyLabel),
                                                        crypto::SecureBuffer(probe.constData(), probe.size()), "aad");
                              if (!domain || !domain.value() || !sealed)
                                  return false;
                              auto opened = token->unseal(QLatin1String(kSealingKeyLabel), sealed.value(), "aad");
                              return opened && QByteArray(opened->chars(), int(opened->size())) == probe;
                          }).result();
        QVERIFY(both);
    }

    void initIntoNonEmptyDirectoryIsRefusedAndLeavesItAlone()
    {
        QTemporaryDir tmp;
        QFile f(tmp.filePath(QStringLiteral("keep.txt")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("mine");
        f.close();
        const QByteArray before = treeDigest(tmp.path());
        auto result = test::await(Workspace::initialise(request(tmp.path())));
        QVERIFY(!result);
        QCOMPARE(result.error().kind, ErrorKind::Conflict);
        QVERIFY2(!result.ok() && result.error().message.contains(QStringLiteral("not empty")),
                 errorText(result).constData());
        QCOMPARE(treeDigest(tmp.path()), before);
    }

    void initWithShortPassphraseCreatesNothing()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("ws"));
        auto result = test::await(Workspace::initialise(request(dir, QStringLiteral("short"))));
        QVERIFY(!result);
        QVERIFY(result.error().message.contains(QStringLiteral("too short")));
        QVERIFY(!QFileInfo::exists(dir));
    }

    void initFailureAfterTokenWorkRemovesEverything()
    {
        // An unknown module path fails after the directory was prepared: nothing may remain.
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("ws"));
        WorkspaceInitRequest r = request(dir);
        r.attach = true;
        r.modulePath = tmp.filePath(QStringLiteral("no-such-module.so"));
        r.tokenLabel = QStringLiteral("x");
        r.userPin = test::secret(QStringLiteral("1234"));
        r.soPin = test::secret(QStringLiteral("5678"));
        auto result = test::await(Workspace::initialise(std::move(r)));
        QVERIFY(!result);
        QVERIFY2(!result.ok() && result.error().message.contains(QStringLiteral("no-such-module.so")),
                 errorText(result).constData());
        QVERIFY(!QFileInfo::exists(dir));
    }

    void openMissingWorkspaceNamesThePath()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("nothing-here"));
        auto opened = Workspace::open(dir);
        QVERIFY(!opened);
        QCOMPARE(opened.error().kind, ErrorKind::NotFound);
        QVERIFY(opened.error().message.contains(dir));
        QVERIFY(!QFileInfo::exists(dir));
    }

    void openCorruptDatabaseIsRefusedUntouched()
    {
        QTemporaryDir tmp;
        QFile db(tmp.filePath(QStringLiteral("custos.db")));
        QVERIFY(db.open(QIODevice::WriteOnly));
        db.write(QByteArray(4096, '\x5a'));
        db.close();
        const QByteArray before = treeDigest(tmp.path());
        auto opened = Workspace::open(tmp.path());
        QVERIFY(!opened);
        QVERIFY2(!opened.ok() && opened.error().message.contains(QStringLiteral("custos.db")),
                 errorText(opened).constData());
        QCOMPARE(treeDigest(tmp.path()), before);
    }

    void openNewerDatabaseIsRefusedUntouched()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("ws"));
        {
            auto ready = test::makeReadyWorkspace(dir);
            QVERIFY(ready);
        }
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
            db.setDatabaseName(dir + QStringLiteral("/custos.db"));
            QVERIFY(db.open());
            QVERIFY(QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = 999")));
            QSqlQuery(db).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("newer"));
        const QByteArray before = treeDigest(dir);
        auto opened = Workspace::open(dir);
        QVERIFY(!opened);
        QVERIFY2(!opened.ok() && opened.error().message.contains(QStringLiteral("newer")),
                 errorText(opened).constData());
        QCOMPARE(treeDigest(dir), before);
    }

    void tokenThatCannotBeOpenedGivesAClearLoginError()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("ws"));
        {
            auto ready = test::makeReadyWorkspace(dir);
            QVERIFY(ready);
        }
        QVERIFY(QDir(dir + QStringLiteral("/tokens")).removeRecursively());
        auto opened = Workspace::open(dir);
        QVERIFY(opened);
        Services services(*opened.value());
        auto login =
            test::await(services.session().login(QStringLiteral("admin"), test::secret(test::kTestPassphrase), false));
        QVERIFY(!login);
        QVERIFY2(!login.ok() && login.error().message.contains(QStringLiteral("token cannot be opened")),
                 errorText(login).constData());
        QVERIFY(!services.session().isLoggedIn());
    }

    void attachesToAnExistingToken()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("softhsm2-util")).isEmpty())
            QSKIP("softhsm2-util is not installed");
        QTemporaryDir tmp;
        QDir(tmp.path()).mkpath(QStringLiteral("store"));
        const QString conf = tmp.filePath(QStringLiteral("external.conf"));
        QFile f(conf);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("directories.tokendir = %1\nobjectstore.backend = file\nlog.level = ERROR\n")
                    .arg(tmp.filePath(QStringLiteral("store")))
                    .toUtf8());
        f.close();
        const QByteArray previousConf = qgetenv("SOFTHSM2_CONF");
        qputenv("SOFTHSM2_CONF", conf.toLocal8Bit());
        QProcess util;
        util.start(QStringLiteral("softhsm2-util"),
                   {QStringLiteral("--init-token"), QStringLiteral("--free"), QStringLiteral("--label"),
                    QStringLiteral("existing"), QStringLiteral("--so-pin"), QStringLiteral("so-secret-1"),
                    QStringLiteral("--pin"), QStringLiteral("user-secret-1")});
        QVERIFY(util.waitForFinished(30000));
        QCOMPARE(util.exitCode(), 0);

        WorkspaceInitRequest r = request(tmp.filePath(QStringLiteral("ws")));
        r.attach = true;
        r.modulePath = QStringLiteral(CUSTOS_DEFAULT_PKCS11_MODULE);
        r.tokenLabel = QStringLiteral("existing");
        r.userPin = test::secret(QStringLiteral("user-secret-1"));
        r.soPin = test::secret(QStringLiteral("so-secret-1"));
        auto created = test::await(Workspace::initialise(std::move(r)));
        QVERIFY2(created, qPrintable(created ? QString() : created.error().message));
        QVERIFY(!created.value()->embeddedToken());
        {
            Services services(*created.value());
            auto login = test::await(
                services.session().login(QStringLiteral("admin"), test::secret(test::kTestPassphrase), false));
            QVERIFY2(login, qPrintable(login ? QString() : login.error().message));
            QCOMPARE(created.value()->token()->label(), QStringLiteral("existing"));
        }
        created.value().reset();
        qputenv("SOFTHSM2_CONF", previousConf);
    }
};

CUSTOS_REGISTER_TEST(TestWorkspaceLifecycle)
#include "TestWorkspaceLifecycle.moc"
