#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "model/audit/AuditLog.h"
#include "model/session/Session.h"
#include "model/store/Stores.h"

#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::model;

// The lockout policy (workspace settings) and the last login Session::login records.
class TestOperatorLockout : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;

    Services& services() { return *m_ready->services; }
    Database& db() { return m_ready->workspace->database(); }
    Outcome<void> login(const QString& name, const QString& passphrase, bool interactive = false)
    {
        services().session().logout();
        return test::await(services().session().login(name, test::secret(passphrase), interactive));
    }
    Operator stored(const QString& name)
    {
        auto found = OperatorStore(db()).find(name);
        return found && found.value() ? *found.value() : Operator();
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("bob"), {QStringLiteral("Crypto User")}));
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void theDefaultsAreTheSessionConstants()
    {
        auto policy = services().operators().lockoutPolicy();
        QVERIFY2(policy, errorText(policy).constData());
        QCOMPARE(policy->maxFailedAttempts, Session::kMaxFailedAttempts);
        QCOMPARE(policy->lockoutMinutes, Session::kLockoutMinutes);
    }

    void threeAttemptsLockWhenThePolicySaysThree()
    {
        auto set = test::await(services().operators().setLockoutPolicy({3, 30}));
        QVERIFY2(set, errorText(set).constData());
        QCOMPARE(set->maxFailedAttempts, 3);

        QVERIFY(!login(QStringLiteral("bob"), QStringLiteral("wrong wrong wrong")));
        QVERIFY(!login(QStringLiteral("bob"), QStringLiteral("wrong wrong wrong")));
        QVERIFY(!stored(QStringLiteral("bob")).lockedUntil.isValid());
        const QDateTime before = QDateTime::currentDateTimeUtc();
        auto third = login(QStringLiteral("bob"), QStringLiteral("wrong wrong wrong"));
        QVERIFY(!third);
        const QDateTime lockedUntil = stored(QStringLiteral("bob")).lockedUntil;
        QVERIFY(lockedUntil.isValid());
        // 30 minutes from the third attempt.
        QVERIFY(qAbs(before.secsTo(lockedUntil) - 30 * 60) <= 5);
        const QString until = lockedUntil.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        QVERIFY2(third.error().message.contains(QStringLiteral("locked for 30 minutes, until ") + until),
                 errorText(third).constData());

        // Even the right passphrase is refused now, and the refusal says until when.
        auto locked = login(QStringLiteral("bob"), test::kTestPassphrase);
        QVERIFY(!locked);
        QVERIFY2(locked.error().message.contains(QStringLiteral("after 3 failed logins until ") + until),
                 errorText(locked).constData());
    }

    void settingThePolicyNeedsOperatorsWriteAndIsAudited()
    {
        QVERIFY(test::await(services().operators().setLockoutPolicy({7, 60})));
        AuditFilter filter;
        filter.operation = QStringLiteral("OperatorLockoutPolicySet");
        auto events = AuditLog(db()).list(filter);
        QVERIFY(events);
        QCOMPARE(events->size(), 1);
        const QJsonObject details = events->first().details;
        QCOMPARE(details.value(QStringLiteral("old")).toObject().value(QStringLiteral("maxFailedAttempts")).toInt(),
                 Session::kMaxFailedAttempts);
        QCOMPARE(details.value(QStringLiteral("old")).toObject().value(QStringLiteral("lockoutMinutes")).toInt(),
                 Session::kLockoutMinutes);
        QCOMPARE(details.value(QStringLiteral("new")).toObject().value(QStringLiteral("maxFailedAttempts")).toInt(), 7);
        QCOMPARE(details.value(QStringLiteral("new")).toObject().value(QStringLiteral("lockoutMinutes")).toInt(), 60);

        QVERIFY(login(QStringLiteral("bob"), test::kTestPassphrase));
        auto denied = test::await(services().operators().setLockoutPolicy({1, 1}));
        QVERIFY(!denied);
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
        QVERIFY2(denied.error().message.contains(QStringLiteral("operators/write")), errorText(denied).constData());
        auto notRead = services().operators().lockoutPolicy();
        QVERIFY(!notRead);
        QVERIFY2(notRead.error().message.contains(QStringLiteral("operators/read")), errorText(notRead).constData());
        QVERIFY(login(QStringLiteral("admin"), test::kTestPassphrase));
        QCOMPARE(services().operators().lockoutPolicy()->maxFailedAttempts, 7);
    }

    void outOfRangeValuesAreRefusedWithTheRange_data()
    {
        QTest::addColumn<int>("attempts");
        QTest::addColumn<int>("minutes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no attempts") << 0 << 15 << QStringLiteral("expected 1 to 100");
        QTest::newRow("too many attempts") << 101 << 15 << QStringLiteral("expected 1 to 100");
        QTest::newRow("no minutes") << 5 << 0 << QStringLiteral("expected 1 to 10080 (a week)");
        QTest::newRow("more than a week") << 5 << 10081 << QStringLiteral("expected 1 to 10080 (a week)");
    }
    void outOfRangeValuesAreRefusedWithTheRange()
    {
        QFETCH(int, attempts);
        QFETCH(int, minutes);
        QFETCH(QString, expected);
        auto refused = test::await(services().operators().setLockoutPolicy({attempts, minutes}));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Invalid);
        QVERIFY2(refused.error().message.contains(expected), errorText(refused).constData());
        QCOMPARE(services().operators().lockoutPolicy()->maxFailedAttempts, Session::kMaxFailedAttempts);
    }

    void aDamagedSettingFallsBackToTheDefaults()
    {
        QVERIFY(SettingsStore(db()).set(QStringLiteral("lockout.maxFailedAttempts"), QStringLiteral("lots")));
        QCOMPARE(services().operators().lockoutPolicy()->maxFailedAttempts, Session::kMaxFailedAttempts);
    }

    void loginRecordsTheLastLoginAndShowsThePreviousOne()
    {
        // bob has never logged in.
        QVERIFY(!stored(QStringLiteral("bob")).lastLogin.isValid());
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        QVERIFY(login(QStringLiteral("bob"), test::kTestPassphrase, true));
        QVERIFY(!services().session().previousLogin().isValid()); // the first login
        const Operator first = stored(QStringLiteral("bob"));
        QVERIFY(first.lastLogin.isValid());
        QVERIFY(first.lastLogin >= before);
        QCOMPARE(first.lastLoginWorkstation, QSysInfo::machineHostName());

        // A failed attempt does not count as a login.
        QVERIFY(!login(QStringLiteral("bob"), QStringLiteral("wrong wrong wrong")));
        QCOMPARE(stored(QStringLiteral("bob")).lastLogin, first.lastLogin);

        QTest::qWait(5);
        QVERIFY(login(QStringLiteral("bob"), test::kTestPassphrase, true));
        QCOMPARE(services().session().previousLogin(), first.lastLogin);
        QCOMPARE(services().session().previousLoginWorkstation(), QSysInfo::machineHostName());
        QVERIFY(stored(QStringLiteral("bob")).lastLogin > first.lastLogin);
        // The operator's other fields are left alone.
        QVERIFY(stored(QStringLiteral("bob")).enabled);
        QCOMPARE(stored(QStringLiteral("bob")).failedAttempts, 0);
    }
};

CUSTOS_REGISTER_TEST(TestOperatorLockout)
#include "TestOperatorLockout.moc"
