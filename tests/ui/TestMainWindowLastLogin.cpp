#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/session/Session.h"
#include "ui/mainwindow/MainWindow.h"

#include <QLocale>
#include <QStatusBar>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

using custos::ui::MainWindow;

static void initLastLoginResources()
{
    Q_INIT_RESOURCE(custos);
}

// After an interactive login the main window's status bar says when and from where the operator
// last logged in, or that this is the first login.
class TestMainWindowLastLogin : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<custos::model::ServiceHost> m_host;

    bool loginInteractively(const QString& name)
    {
        if (!custos::test::await(m_host->logout()))
            return false;
        return custos::test::await(m_host->login(name, custos::test::secret(custos::test::kTestPassphrase), true)).ok();
    }
    QString messageOfANewWindow()
    {
        MainWindow window(*m_host);
        window.show();
        if (!QTest::qWaitFor([&] { return !window.statusBar()->currentMessage().isEmpty(); }, 10000))
            return QStringLiteral("<no message>");
        return window.statusBar()->currentMessage();
    }

private Q_SLOTS:
    void initTestCase()
    {
        initLastLoginResources();
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        QVERIFY(custos::test::addOperatorWithRoles(*m_host, QStringLiteral("bob"), {QStringLiteral("Crypto User")}));
    }
    void cleanupTestCase() { m_host.reset(); }

    void firstLoginThenTheLastOne()
    {
        QVERIFY(loginInteractively(QStringLiteral("bob")));
        QCOMPARE(messageOfANewWindow(), QStringLiteral("First login"));

        // The time of that first login, as the session on the service thread saw it.
        QVERIFY(loginInteractively(QStringLiteral("bob")));
        auto previous =
            custos::test::onServices(*m_host, [](custos::model::Services& s) { return s.session().previousLogin(); });
        QVERIFY(previous);
        QVERIFY(previous.value().isValid());
        const QString expected = QStringLiteral("Last login: %1 from %2")
                                     .arg(QLocale().toString(previous.value().toLocalTime(), QLocale::ShortFormat),
                                          QSysInfo::machineHostName());
        QCOMPARE(messageOfANewWindow(), expected);
    }
};

CUSTOS_REGISTER_TEST(TestMainWindowLastLogin)
#include "TestMainWindowLastLogin.moc"
