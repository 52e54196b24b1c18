#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "model/session/Session.h"
#include "model/session/TokenFileCopy.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <thread>

using namespace custos;
using namespace custos::model;

// SoftHSM2 rewrites token.object in place at every login; a process killed in between leaves it
// empty and the token unusable (found by tests/reliability TestCrashConsistency). The copy taken
// at init and after each login puts it back before the module loads.
class TestTokenFileCopy : public QObject
{
    Q_OBJECT
private:
    static QString tokenObject(const QString& workspace)
    {
        QDir tokens(QDir(workspace).filePath(QStringLiteral("tokens")));
        const QStringList dirs = tokens.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        return dirs.size() == 1 ? tokens.filePath(dirs.first() + QStringLiteral("/token.object")) : QString();
    }
    static bool truncate(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate);
    }
    // A new process's view: open the workspace and log the operator in.
    static Outcome<void> reopenAndLogIn(const QString& directory)
    {
        auto opened = Workspace::open(directory);
        if (!opened)
            return opened.error();
        std::unique_ptr<Workspace> workspace = opened.take();
        Services services(*workspace);
        auto loggedIn = test::await(
            services.session().login(QStringLiteral("admin"), test::secret(test::kTestPassphrase), false, {}));
        services.session().logout();
        return loggedIn;
    }

private Q_SLOTS:
    void anEmptiedTokenFileIsPutBack()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("ws"));
        QVERIFY(test::makeReadyWorkspace(dir, QStringLiteral("admin"), {}, false));
        const QString file = tokenObject(dir);
        QVERIFY(!file.isEmpty());
        const qint64 size = QFileInfo(file).size();
        QVERIFY(size > 0);
        QVERIFY(truncate(file));

        auto loggedIn = reopenAndLogIn(dir);
        QVERIFY2(loggedIn, errorText(loggedIn).constData());
        QCOMPARE(QFileInfo(file).size(), size);
    }

    // SoftHSM2 2.6.1 releases its lock before the rewritten bytes are flushed, so a concurrent
    // login shows an empty file for a moment (tests/reliability TestConcurrentWriters): that file
    // must not be replaced under the writer, while one that stays empty is.
    void aFileBeingRewrittenIsLeftAlone()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("ws"));
        QVERIFY(test::makeReadyWorkspace(dir, QStringLiteral("admin"), {}, false));
        const QString file = tokenObject(dir);
        QFile original(file);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray bytes = original.readAll();
        original.close();
        QVERIFY(truncate(file));
        std::thread writer([&file, &bytes] {
            std::this_thread::sleep_for(std::chrono::milliseconds(60));
            QFile rewritten(file);
            if (rewritten.open(QIODevice::WriteOnly | QIODevice::Truncate))
                rewritten.write(bytes);
        });
        const QStringList restored = tokenfile::restoreDamaged(dir);
        writer.join();
        QVERIFY2(restored.isEmpty(), qPrintable(restored.join(' ')));
        QCOMPARE(QFileInfo(file).size(), bytes.size());

        QVERIFY(truncate(file));
        QCOMPARE(tokenfile::restoreDamaged(dir).size(), 1);
        QCOMPARE(QFileInfo(file).size(), bytes.size());
    }

    void withoutTheCopyTheTokenIsLost()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("ws"));
        QVERIFY(test::makeReadyWorkspace(dir, QStringLiteral("admin"), {}, false));
        QVERIFY(QDir(QDir(dir).filePath(QLatin1String(tokenfile::kCopyDirName))).removeRecursively());
        QVERIFY(truncate(tokenObject(dir)));
        auto loggedIn = reopenAndLogIn(dir);
        QVERIFY(!loggedIn);
        QVERIFY2(loggedIn.error().message.contains(QLatin1String("missing or damaged")),
                 qPrintable(loggedIn.error().message));
    }
};

CUSTOS_REGISTER_TEST(TestTokenFileCopy)
#include "TestTokenFileCopy.moc"
