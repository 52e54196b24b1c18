#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "crypto/ThreadGuard.h"
#include "model/authz/Permissions.h"
#include "model/services/ServicePath.h"

#include <QCoro/QCoroTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <stdexcept>

using namespace custos;

// The GUI's service thread (model/session/ServiceHost): calls run there, answer exactly once, and
// turn exceptions and a missing workspace into failed outcomes.
class TestServiceHost : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<model::ServiceHost> m_host;

private Q_SLOTS:
    void initTestCase()
    {
        m_host = test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        QCOMPARE(m_host->operatorName(), QStringLiteral("admin"));
        QVERIFY(m_host->isTestWorkspace());
        QVERIFY(m_host->access().isAllowed(QStringLiteral("vaults/write"), QStringLiteral("/")));
    }
    void cleanupTestCase() { m_host.reset(); }

    void callsRunOnTheServiceThread()
    {
        QThread* gui = QThread::currentThread();
        auto thread = test::onServices(*m_host, [](model::Services&) { return QThread::currentThread(); });
        QVERIFY(thread);
        QVERIFY(thread.value() != gui);
        auto guarded = test::onServices(*m_host, [](model::Services&) { return crypto::onGuardedThread(); });
        QVERIFY(guarded && !guarded.value());
    }

    void answersComeThroughTheEventLoop()
    {
        // Never re-entrantly inside the code that asked, however quick the service thread is.
        for (int round = 0; round < 50; ++round) {
            bool answered = false;
            auto ask = [&]() -> QCoro::Task<> {
                auto task = m_host->call([](model::Services&) { return 1; });
                auto result = co_await task;
                answered = bool(result);
            };
            ask();
            QThread::msleep(1); // the service thread answers meanwhile
            QVERIFY(!answered);
            QTRY_VERIFY(answered);
        }
    }

    void manyCallsInFlightAllAnswer()
    {
        // Posted at once, awaited together: every one answers, in order of posting.
        constexpr int kCalls = 200;
        QList<int> answers;
        int pending = kCalls;
        auto one = [&](int i) -> QCoro::Task<> {
            auto task = m_host->call([i](model::Services&) { return i; });
            auto result = co_await task;
            answers << (result ? result.value() : -1);
            --pending;
        };
        for (int i = 0; i < kCalls; ++i)
            one(i);
        QTRY_COMPARE_WITH_TIMEOUT(pending, 0, 20000);
        QCOMPARE(answers.size(), kCalls);
        for (int i = 0; i < kCalls; ++i)
            QCOMPARE(answers.at(i), i);
    }

    void aTaskIsAwaitedOnTheServiceThread()
    {
        auto result = test::onServices(*m_host, [](model::Services&) -> QCoro::Task<Outcome<QThread*>> {
            QThread* before = QThread::currentThread();
            QTimer timer;
            timer.setSingleShot(true);
            timer.start(10);
            co_await timer; // resumes through the service thread's event loop
            if (QThread::currentThread() != before)
                co_return makeError(ErrorKind::Failed, QStringLiteral("resumed on another thread"));
            co_return before;
        });
        QVERIFY2(result, errorText(result).constData());
        QVERIFY(result.value() != QThread::currentThread());
    }

    void exceptionsBecomeFailedOutcomes()
    {
        auto thrown = test::onServices(*m_host, [](model::Services&) -> int { throw std::runtime_error("boom"); });
        QVERIFY(!thrown);
        QVERIFY2(thrown.error().message.contains(QStringLiteral("boom")), qPrintable(thrown.error().message));
        auto thrownInTask = test::onServices(*m_host, [](model::Services&) -> QCoro::Task<Outcome<int>> {
            QTimer timer;
            timer.setSingleShot(true);
            timer.start(1);
            co_await timer;
            throw std::runtime_error("late boom");
        });
        QVERIFY(!thrownInTask);
        QVERIFY(thrownInTask.error().message.contains(QStringLiteral("late boom")));
    }

    void accessFollowsRoleChanges()
    {
        QTemporaryDir dir;
        auto host = test::makeHostedWorkspace(dir.filePath(QStringLiteral("ws")));
        QVERIFY(host);
        // The GUI's copy answers as ServicePath does, for every permission, at two scopes.
        auto matches = [&]() -> QString {
            const QStringList scopes{QStringLiteral("/"), QStringLiteral("/vaults/a/keys/k")};
            auto truth = test::onServices(*host, [scopes](model::Services& s) {
                QStringList allowed;
                for (const QString& permission : model::allPermissions()) {
                    for (const QString& scope : scopes) {
                        if (s.path().isAllowed(permission, scope))
                            allowed << permission + QLatin1Char('@') + scope;
                    }
                }
                return allowed;
            });
            if (!truth)
                return truth.error().message;
            for (const QString& permission : model::allPermissions()) {
                for (const QString& scope : scopes) {
                    const bool expected = truth->contains(permission + QLatin1Char('@') + scope);
                    if (host->access().isAllowed(permission, scope) != expected)
                        return permission + QLatin1Char(' ') + scope;
                }
            }
            return {};
        };
        QCOMPARE(matches(), QString());
        QVERIFY(host->access().isAllowed(QStringLiteral("keys/sign/action"), QStringLiteral("/vaults/a")));
        QSignalSpy changed(host.get(), &model::ServiceHost::accessChanged);
        auto removed = test::onServices(*host, [](model::Services& s) {
            return s.roles().unassign(QStringLiteral("admin"), QStringLiteral("Crypto User"), QStringLiteral("/"));
        });
        QVERIFY2(removed, errorText(removed).constData());
        QTRY_VERIFY(!changed.isEmpty()); // RoleService::assignmentsChanged, re-read on the service thread
        QCOMPARE(matches(), QString());
    }

    void withoutAWorkspaceCallsFail()
    {
        model::ServiceHost empty;
        QVERIFY(!empty.isOpen());
        auto result = test::onServices(empty, [](model::Services&) { return 1; });
        QVERIFY(!result);
        QCOMPARE(result.error().message, QStringLiteral("no workspace is open"));
        auto opened = test::await(empty.open(m_dir.filePath(QStringLiteral("missing"))));
        QVERIFY(!opened);
        QVERIFY(!empty.isOpen());
    }

    void reopensAnExistingWorkspace()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ws"));
        {
            auto first = test::makeHostedWorkspace(path);
            QVERIFY(first);
        } // shut down: logged out, closed on its thread
        model::ServiceHost host;
        auto opened = test::await(host.open(path));
        QVERIFY2(opened, errorText(opened).constData());
        QVERIFY(host.isOpen());
        QVERIFY(!host.isLoggedIn());
        auto again = test::await(host.open(path));
        QVERIFY(!again); // one workspace per host
        auto login = test::await(host.login(QStringLiteral("admin"), test::secret(test::kTestPassphrase), false));
        QVERIFY2(login, errorText(login).constData());
        QCOMPARE(host.operatorName(), QStringLiteral("admin"));
    }
};

CUSTOS_REGISTER_TEST(TestServiceHost)
#include "TestServiceHost.moc"
