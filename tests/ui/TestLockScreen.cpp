#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/session/Session.h"
#include "model/session/UnsealedKeys.h"
#include "ui/keys/KeysView.h"
#include "ui/mainwindow/LockPanel.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/token/TokenPage.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace custos;

// Issue 9, on demand: Ctrl+L hides every view, wipes the session's unsealed software keys, logs the
// token out and audits Lock; only the same operator's passphrase brings the data back.
class TestLockScreen : public QObject
{
    Q_OBJECT
private:
    template <typename F>
    auto run(F f)
    {
        return test::onServices(*m_host, std::move(f));
    }
    int unsealedKeys()
    {
        auto size = run([](model::Services& s) { return s.session().unsealedKeys().size(); });
        return size ? size.value() : -1;
    }
    Outcome<QByteArray> signWithTheSoftwareKey()
    {
        return run([](model::Services& s) {
            return s.keyCrypto().sign(model::KeyTarget{QStringLiteral("soft"), QStringLiteral("soft-ec"), QString()},
                                      QStringLiteral("ES256"), QByteArray("data"), false);
        });
    }
    int lockEvents()
    {
        auto events = run([](model::Services& s) {
            model::AuditFilter filter;
            filter.operation = QStringLiteral("Lock");
            return s.audit().list(filter);
        });
        return events ? int(events->size()) : -1;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<model::ServiceHost> m_host;

private Q_SLOTS:
    void initTestCase()
    {
        Q_INIT_RESOURCE(custos);
        m_host = test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        // The GUI's sessions are interactive (they audit Login, Logout and Lock).
        QVERIFY(test::await(m_host->logout()));
        auto login = test::await(m_host->login(QStringLiteral("admin"), test::secret(test::kTestPassphrase), true));
        QVERIFY2(login, errorText(login).constData());
        model::VaultCreateRequest vault(QStringLiteral("soft"));
        vault.protection = model::Protection::Software;
        auto created = run([vault](model::Services& s) { return s.vaults().create(vault); });
        QVERIFY2(created, errorText(created).constData());
        model::KeyCreateRequest key;
        key.vault = QStringLiteral("soft");
        key.name = QStringLiteral("soft-ec");
        key.kty = crypto::KeyKind::Ec;
        auto made = run([key](model::Services& s) { return s.keys().create(key); });
        QVERIFY2(made, errorText(made).constData());
    }
    void cleanupTestCase() { m_host.reset(); }

    void ctrlLLocksAndThePassphraseUnlocks()
    {
        auto signature = signWithTheSoftwareKey();
        QVERIFY2(signature, errorText(signature).constData());
        QCOMPARE(unsealedKeys(), 1);
        const int locksBefore = lockEvents();

        ui::MainWindow window(*m_host);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTRY_VERIFY(window.selectVault(QStringLiteral("soft")));
        QCOMPARE(window.lockAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_L));
        window.findChild<QAction*>(QStringLiteral("tokenAction"))->trigger();
        QTRY_VERIFY(window.findChild<ui::TokenPage*>(QStringLiteral("tokenPage")));

        QTest::keyClick(&window, Qt::Key_L, Qt::ControlModifier);
        // Hidden at once: no view, no toolbar, no open dialog; only the lock panel.
        QVERIFY(window.isLocked());
        QVERIFY(window.lockPanel()->isVisible());
        QVERIFY(!window.vaultTreeView()->isVisible());
        QVERIFY(!window.keysView()->isVisible());
        QVERIFY(!window.findChild<ui::TokenPage*>(QStringLiteral("tokenPage"))->isVisible());
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("lockTitleLabel"))->text().contains(QStringLiteral("admin")));
        QVERIFY(!window.findChild<QAction*>(QStringLiteral("newVaultAction"))->isEnabled());
        QVERIFY(!window.findChild<QAction*>(QStringLiteral("refreshAction"))->isEnabled());
        QVERIFY(!m_host->isLoggedIn());
        // On the service thread: nobody logged in, the unsealed key wiped, a Lock event.
        auto loggedIn = run([](model::Services& s) { return s.session().isLoggedIn(); });
        QTRY_VERIFY(loggedIn && !loggedIn.value());
        QCOMPARE(unsealedKeys(), 0);
        QVERIFY(!signWithTheSoftwareKey()); // no service works while locked

        // A wrong passphrase keeps it locked and says so.
        auto* passphrase = window.findChild<QLineEdit*>(QStringLiteral("unlockPassphraseLineEdit"));
        auto* unlock = window.findChild<QPushButton*>(QStringLiteral("unlockPushButton"));
        QCOMPARE(passphrase->echoMode(), QLineEdit::Password);
        QTRY_COMPARE(QApplication::focusWidget(), passphrase);
        QTest::keyClicks(passphrase, QStringLiteral("not the passphrase"));
        QTest::mouseClick(unlock, Qt::LeftButton);
        auto* error = window.findChild<QLabel*>(QStringLiteral("lockErrorLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 20000);
        QVERIFY(window.isLocked());
        QVERIFY(passphrase->text().isEmpty());

        // The right one brings the data back, as the same operator.
        QTest::keyClicks(passphrase, test::kTestPassphrase);
        QTest::keyClick(passphrase, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!window.isLocked(), 20000);
        QVERIFY(window.vaultTreeView()->isVisible());
        QCOMPARE(m_host->operatorName(), QStringLiteral("admin"));
        QVERIFY(window.findChild<QAction*>(QStringLiteral("newVaultAction"))->isEnabled());
        QCOMPARE(lockEvents(), locksBefore + 1);
        // The software key has to be unsealed again.
        QCOMPARE(unsealedKeys(), 0);
        signature = signWithTheSoftwareKey();
        QVERIFY2(signature, errorText(signature).constData());
        QCOMPARE(unsealedKeys(), 1);
    }

    void anotherOperatorLogsOut()
    {
        ui::MainWindow window(*m_host);
        window.show();
        QSignalSpy logout(&window, &ui::MainWindow::logoutRequested);
        window.lockAction()->trigger();
        QVERIFY(window.isLocked());
        QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("lockLogoutPushButton")), Qt::LeftButton);
        QCOMPARE(logout.count(), 1);
        // (GuiController logs out and shows the login dialog.)
        QVERIFY(test::await(m_host->logout()));
        QVERIFY(!m_host->isLocked());
    }
};

CUSTOS_REGISTER_TEST(TestLockScreen)
#include "TestLockScreen.moc"
