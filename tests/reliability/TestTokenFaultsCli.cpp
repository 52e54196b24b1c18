#include "CliHarness.h"
#include "TestRegistry.h"
#include "TokenFaultShim.h"

#include <QFile>
#include <QJsonArray>
#include <QTest>

using namespace custos;

// Issue 10, token faults in a child process: custosctl loads the shim as its workspace's module and
// reads the faults from CUSTOS_FAULTSHIM at C_Initialize. A faulted command exits 1 with the
// condition on stderr and a Failed audit event; the next run, fault-free, works.
class TestTokenFaultsCli : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<test::CliHarness> m_cli;
    QString m_input;

    QStringList withLogin(const QStringList& args)
    {
        return QStringList{QStringLiteral("--workspace"),       m_cli->workspace(),
                           QStringLiteral("--operator"),        QStringLiteral("admin"),
                           QStringLiteral("--passphrase-file"), m_cli->passphraseFile(QStringLiteral("admin"))} +
               args;
    }

    test::CliResult runWithFaults(const QString& rules, const QStringList& args, const QString& log = {})
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("CUSTOS_FAULTSHIM"), rules);
        if (!log.isEmpty())
            env.insert(QStringLiteral("CUSTOS_FAULTSHIM_LOG"), log);
        return m_cli->runRaw(withLogin(args), env);
    }

    QJsonArray events(const QString& operation, const QString& result)
    {
        const test::CliResult listed = m_cli->run(
            QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("list"), QStringLiteral("--operation"),
                                      operation, QStringLiteral("--result"), result, QStringLiteral("--json")});
        return listed.json().value(QStringLiteral("value")).toArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_cli = std::make_unique<test::CliHarness>();
        QVERIFY(m_cli->init());
        auto routed = test::routeTokenThroughShim(m_cli->workspace());
        QVERIFY2(routed, errorText(routed).constData());
        for (const QStringList& args : {QStringList{"vault", "create", "cli"},
                                        QStringList{"key", "create", "cli", "ec", "--kty", "EC", "--curve", "P-256"}}) {
            const test::CliResult made = m_cli->run(QStringLiteral("admin"), args);
            QVERIFY2(made.exitCode == 0, qPrintable(made.err));
        }
        m_input = m_cli->secretFile(QStringLiteral("message"), QStringLiteral("signed from the command line"));
    }

    void signFailsWithTheConditionThenWorks_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("expected");
        QTest::newRow("device error") << "CKR_DEVICE_ERROR"
                                      << "the token reported a device error (CKR_DEVICE_ERROR) during C_Sign";
        QTest::newRow("session closed") << "CKR_SESSION_HANDLE_INVALID"
                                        << "the token closed the session (CKR_SESSION_HANDLE_INVALID) during C_Sign";
        QTest::newRow("PIN expired") << "CKR_PIN_EXPIRED"
                                     << "the token's PIN has expired (CKR_PIN_EXPIRED) during C_Sign";
        QTest::newRow("token removed") << "CKR_TOKEN_NOT_PRESENT"
                                       << "the token is not present (CKR_TOKEN_NOT_PRESENT) during C_Sign";
    }

    void signFailsWithTheConditionThenWorks()
    {
        QFETCH(QString, code);
        QFETCH(QString, expected);
        const QString log = m_cli->root() + QStringLiteral("/shim-") + code + QStringLiteral(".log");
        const int failedBefore = events(QStringLiteral("KeySign"), QStringLiteral("Failed")).size();
        const QStringList sign{"key", "sign", "cli", "ec", "--alg", "ES256", "--in", m_input};
        const test::CliResult failed = runWithFaults(QStringLiteral("C_Sign:1:") + code, sign, log);
        QCOMPARE(failed.exitCode, 1);
        QVERIFY(!failed.crashed);
        QVERIFY2(failed.err.contains(expected), qPrintable(failed.err));
        QFile fired(log);
        QVERIFY2(fired.open(QIODevice::ReadOnly), "the shim injected no fault");
        QCOMPARE(QString::fromLatin1(fired.readAll()).trimmed(), QStringLiteral("C_Sign ") + code);
        QCOMPARE(events(QStringLiteral("KeySign"), QStringLiteral("Failed")).size(), failedBefore + 1);

        const test::CliResult again = m_cli->run(QStringLiteral("admin"), sign);
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    }

    // The token gone at login: the command stops there, saying so.
    void loginWithTheTokenGone()
    {
        const test::CliResult failed = runWithFaults(QStringLiteral("C_Login:1:CKR_TOKEN_NOT_PRESENT"),
                                                     {QStringLiteral("rng"), QStringLiteral("--bytes"), "8"});
        QCOMPARE(failed.exitCode, 1);
        QVERIFY2(failed.err.contains(QStringLiteral("the token is not present (CKR_TOKEN_NOT_PRESENT) during C_Login")),
                 qPrintable(failed.err));
        const test::CliResult verified = m_cli->run(QStringLiteral("admin"), {"audit", "verify"});
        QVERIFY2(verified.exitCode == 0, qPrintable(verified.out + verified.err));
    }
};

CUSTOS_REGISTER_TEST(TestTokenFaultsCli)
#include "TestTokenFaultsCli.moc"
