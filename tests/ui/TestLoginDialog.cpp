#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/session/Session.h"
#include "ui/dialogs/LoginDialog.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using custos::ui::LoginDialog;

class TestLoginDialog : public QObject
{
    Q_OBJECT

private:
    struct Fields
    {
        QLineEdit* name = nullptr;
        QLineEdit* passphrase = nullptr;
        QPushButton* ok = nullptr;
        QLabel* error = nullptr;
    };

    static Fields fieldsOf(LoginDialog& dialog)
    {
        return {dialog.findChild<QLineEdit*>(QStringLiteral("operatorLineEdit")),
                dialog.findChild<QLineEdit*>(QStringLiteral("passphraseLineEdit")),
                dialog.findChild<QPushButton*>(QStringLiteral("okPushButton")),
                dialog.findChild<QLabel*>(QStringLiteral("errorLabel"))};
    }

    // Types the name and passphrase and clicks Log In.
    static void logIn(LoginDialog& dialog, const QString& name, const QString& passphrase)
    {
        const Fields f = fieldsOf(dialog);
        f.name->clear();
        QTest::keyClicks(f.name, name);
        QTest::keyClicks(f.passphrase, passphrase);
        QTest::mouseClick(f.ok, Qt::LeftButton);
    }

    // On the service thread, not the host's copy: is anybody logged in?
    bool sessionLoggedIn()
    {
        auto loggedIn =
            custos::test::onServices(*m_host, [](custos::model::Services& s) { return s.session().isLoggedIn(); });
        return loggedIn && loggedIn.value();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<custos::model::ServiceHost> m_host;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().remove(LoginDialog::lastOperatorKey());
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        QVERIFY(custos::test::addOperatorWithRoles(*m_host, QStringLiteral("bob"), {QStringLiteral("Crypto Auditor")}));
        QVERIFY(custos::test::await(m_host->logout()));
    }

    void cleanup()
    {
        if (m_host)
            QVERIFY(custos::test::await(m_host->logout()));
    }

    void cleanupTestCase() { m_host.reset(); }

    void wrongPassphraseStaysInTheDialog()
    {
        LoginDialog dialog(*m_host, m_host->directory());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const Fields f = fieldsOf(dialog);
        QVERIFY(f.name && f.passphrase && f.ok && f.error);
        QCOMPARE(f.passphrase->echoMode(), QLineEdit::Password);
        QVERIFY(!f.ok->isEnabled());

        logIn(dialog, QStringLiteral("admin"), QStringLiteral("not the passphrase"));
        QTRY_VERIFY_WITH_TIMEOUT(f.error->isVisible(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 20000);
        QVERIFY(f.passphrase->text().isEmpty());
        QCOMPARE(dialog.focusWidget(), f.passphrase);
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(!m_host->isLoggedIn());
        QVERIFY(!sessionLoggedIn());
    }

    void lockedOperatorIsTold()
    {
        LoginDialog dialog(*m_host, m_host->directory());
        dialog.show();
        const Fields f = fieldsOf(dialog);
        for (int attempt = 0; attempt < custos::model::Session::kMaxFailedAttempts; ++attempt) {
            logIn(dialog, QStringLiteral("bob"), QStringLiteral("wrong passphrase"));
            QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy() && f.error->isVisible(), 20000);
        }
        // Even the right passphrase is refused now, with a message, inline.
        logIn(dialog, QStringLiteral("bob"), custos::test::kTestPassphrase);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 20000);
        QVERIFY(f.error->isVisible());
        QVERIFY2(f.error->text().contains(QStringLiteral("lock"), Qt::CaseInsensitive), qPrintable(f.error->text()));
        QVERIFY(!m_host->isLoggedIn());
        QVERIFY(!sessionLoggedIn());
        QVERIFY(dialog.isVisible());
    }

    void rightPassphraseAccepts()
    {
        LoginDialog dialog(*m_host, m_host->directory());
        dialog.show();
        const Fields f = fieldsOf(dialog);
        logIn(dialog, QStringLiteral("admin"), custos::test::kTestPassphrase);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 20000);
        QVERIFY(sessionLoggedIn());
        QCOMPARE(m_host->operatorName(), QStringLiteral("admin"));
        QVERIFY(f.passphrase->text().isEmpty());

        // The name (never the passphrase) is remembered for next time.
        LoginDialog next(*m_host, m_host->directory());
        QCOMPARE(fieldsOf(next).name->text(), QStringLiteral("admin"));
        QVERIFY(fieldsOf(next).passphrase->text().isEmpty());
        QSettings settings;
        for (const QString& key : settings.allKeys())
            QVERIFY(!settings.value(key).toString().contains(custos::test::kTestPassphrase));
    }

    void eventLoopRunsDuringLogin()
    {
        // A real KDF cost: the UI thread must keep turning while scrypt runs elsewhere.
        QTemporaryDir dir;
        custos::model::WorkspaceInitRequest request;
        request.directory = dir.filePath(QStringLiteral("ws16"));
        request.operatorName = QStringLiteral("carol");
        request.passphrase = custos::test::secret(custos::test::kTestPassphrase);
        request.kdfMemoryMiB = 16;
        custos::model::ServiceHost host;
        auto created = custos::test::await(host.initialise(std::move(request)));
        QVERIFY2(created, errorText(created).constData());

        LoginDialog dialog(host, host.directory());
        dialog.show();
        int ticksWhileBusy = 0;
        QTimer ticker;
        ticker.setInterval(2);
        connect(&ticker, &QTimer::timeout, this, [&] {
            if (dialog.isBusy())
                ++ticksWhileBusy;
        });
        ticker.start();
        QElapsedTimer clock;
        clock.start();
        logIn(dialog, QStringLiteral("carol"), custos::test::kTestPassphrase);
        QVERIFY(dialog.isBusy() || dialog.result() == QDialog::Accepted);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 30000);
        qInfo("login with a 16 MiB KDF took %lld ms, %d timer ticks while busy", clock.elapsed(), ticksWhileBusy);
        QVERIFY(ticksWhileBusy > 0);
        QCOMPARE(host.operatorName(), QStringLiteral("carol"));
    }
};

CUSTOS_REGISTER_TEST(TestLoginDialog)
#include "TestLoginDialog.moc"
