#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "model/audit/AuditLog.h"
#include "model/session/Session.h"
#include "model/store/Stores.h"

#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::model;

class TestSessionLogin : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;

    Outcome<void> login(const QString& name, const QString& passphrase, bool interactive = false)
    {
        m_ready->services->session().logout();
        return test::await(m_ready->services->session().login(name, test::secret(passphrase), interactive));
    }
    qint64 countEvents(const QString& operation, AuditResult result)
    {
        AuditFilter filter;
        filter.operation = operation;
        filter.result = result;
        auto events = AuditLog(m_ready->workspace->database()).list(filter);
        return events ? events->size() : -1;
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
        QVERIFY(test::addOperatorWithRoles(*m_ready->services, QStringLiteral("bob"), {QStringLiteral("Crypto User")}));
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void wrongPassphraseIsRefusedCountedAndAudited()
    {
        auto result = login(QStringLiteral("bob"), QStringLiteral("not the passphrase"));
        QVERIFY(!result);
        QCOMPARE(result.error().kind, ErrorKind::Denied);
        QVERIFY(result.error().message.contains(QStringLiteral("wrong operator name or passphrase")));
        QVERIFY(!m_ready->services->session().isLoggedIn());
        auto bob = OperatorStore(m_ready->workspace->database()).find(QStringLiteral("bob"));
        QCOMPARE(bob.value()->failedAttempts, 1);
        QCOMPARE(countEvents(QStringLiteral("LoginFailed"), AuditResult::Denied), 1);
    }

    void unknownOperatorLooksLikeAWrongPassphrase()
    {
        auto result = login(QStringLiteral("mallory"), test::kTestPassphrase);
        QVERIFY(!result);
        QVERIFY(result.error().message.contains(QStringLiteral("wrong operator name or passphrase")));
        QCOMPARE(countEvents(QStringLiteral("LoginFailed"), AuditResult::Denied), 1);
    }

    void fiveFailuresLockTheOperatorAndEnableUnlocks()
    {
        for (int i = 0; i < Session::kMaxFailedAttempts; ++i)
            QVERIFY(!login(QStringLiteral("bob"), QStringLiteral("wrong wrong wrong")));
        auto locked = login(QStringLiteral("bob"), test::kTestPassphrase);
        QVERIFY(!locked);
        QVERIFY2(!locked.ok() && locked.error().message.contains(QStringLiteral("locked")),
                 errorText(locked).constData());
        QVERIFY(locked.error().message.contains(QStringLiteral("operator enable")));

        QVERIFY(login(QStringLiteral("admin"), test::kTestPassphrase));
        QVERIFY(test::await(m_ready->services->operators().setEnabled(QStringLiteral("bob"), true)));
        QVERIFY(login(QStringLiteral("bob"), test::kTestPassphrase));
        auto bob = OperatorStore(m_ready->workspace->database()).find(QStringLiteral("bob"));
        QCOMPARE(bob.value()->failedAttempts, 0);
        QVERIFY(!bob.value()->lockedUntil.isValid());
    }

    void successfulLoginResetsTheCounter()
    {
        QVERIFY(!login(QStringLiteral("bob"), QStringLiteral("wrong wrong wrong")));
        QVERIFY(login(QStringLiteral("bob"), test::kTestPassphrase));
        auto bob = OperatorStore(m_ready->workspace->database()).find(QStringLiteral("bob"));
        QCOMPARE(bob.value()->failedAttempts, 0);
    }

    void disabledOperatorCannotLogIn()
    {
        QVERIFY(test::await(m_ready->services->operators().setEnabled(QStringLiteral("bob"), false)));
        auto result = login(QStringLiteral("bob"), test::kTestPassphrase);
        QVERIFY(!result);
        QVERIFY(result.error().message.contains(QStringLiteral("disabled")));
    }

    void interactiveSessionsAuditLoginAndLogout()
    {
        QVERIFY(login(QStringLiteral("bob"), test::kTestPassphrase, true));
        m_ready->services->session().logout();
        QCOMPARE(countEvents(QStringLiteral("Login"), AuditResult::Success), 1);
        QCOMPARE(countEvents(QStringLiteral("Logout"), AuditResult::Success), 1);
        // A CLI call's login is not an event of its own (ROLES.md).
        QVERIFY(login(QStringLiteral("bob"), test::kTestPassphrase, false));
        QCOMPARE(countEvents(QStringLiteral("Login"), AuditResult::Success), 1);
    }

    void passphraseChangeAndReset()
    {
        QVERIFY(login(QStringLiteral("bob"), test::kTestPassphrase));
        auto wrongCurrent = test::await(m_ready->services->operators().changePassphrase(
            QString(), test::secret(QStringLiteral("nope nope")), test::secret(QStringLiteral("a new passphrase"))));
        QVERIFY(!wrongCurrent);
        QVERIFY(wrongCurrent.error().message.contains(QStringLiteral("current passphrase is wrong")));
        QVERIFY(test::await(m_ready->services->operators().changePassphrase(
            QString(), test::secret(test::kTestPassphrase), test::secret(QStringLiteral("a new passphrase")))));
        QVERIFY(!login(QStringLiteral("bob"), test::kTestPassphrase));
        QVERIFY(login(QStringLiteral("bob"), QStringLiteral("a new passphrase")));

        // bob (Crypto User) may not reset someone else's passphrase.
        auto denied = test::await(m_ready->services->operators().changePassphrase(
            QStringLiteral("admin"), {}, test::secret(QStringLiteral("taken over now"))));
        QVERIFY(!denied);
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
        QVERIFY(denied.error().message.contains(QStringLiteral("operators/write")));

        // An Administrator resets it without knowing the old one; the unwrapped PIN still opens the token.
        QVERIFY(login(QStringLiteral("admin"), test::kTestPassphrase));
        QVERIFY(test::await(m_ready->services->operators().changePassphrase(
            QStringLiteral("bob"), {}, test::secret(QStringLiteral("reset by admin")))));
        QVERIFY(login(QStringLiteral("bob"), QStringLiteral("reset by admin")));
    }
};

CUSTOS_REGISTER_TEST(TestSessionLogin)
#include "TestSessionLogin.moc"
