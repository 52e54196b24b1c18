#include "GuiFlowHelpers.h"
#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "app/gui/GuiController.h"
#include "model/services/AuditService.h"
#include "ui/ceremony/AirGapOverrideDialog.h"
#include "ui/ceremony/AirGapPanel.h"
#include "ui/ceremony/CeremonyWindow.h"
#include "ui/mainwindow/LockPanel.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/security/InactivityTimer.h"
#include "ui/security/SecureClipboard.h"
#include "ui/securitydomain/DownloadWizard.h"
#include "ui/securitydomain/VerifyShareDialog.h"
#include "ui/settings/AppSettings.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace custos;
using custos::ui::CeremonyWindow;
using Ceremony = custos::ui::CeremonyWindow::Ceremony;

namespace {

ui::NetworkInterfaceState interface(const QString& name, const QString& type, bool up, bool loopback,
                                    const QStringList& addresses)
{
    ui::NetworkInterfaceState state;
    state.name = name;
    state.type = type;
    state.up = up;
    state.loopback = loopback;
    state.addresses = addresses;
    return state;
}

QList<ui::NetworkInterfaceState> onlyLoopback()
{
    return {interface(QStringLiteral("lo"), QStringLiteral("Loopback"), true, true, {QStringLiteral("127.0.0.1/8")}),
            interface(QStringLiteral("wlan0"), QStringLiteral("Wi-Fi"), false, false, {})};
}

QList<ui::NetworkInterfaceState> withEthernet()
{
    return onlyLoopback() << interface(QStringLiteral("eth0"), QStringLiteral("Ethernet"), true, false,
                                       {QStringLiteral("192.0.2.7/24"), QStringLiteral("fe80::7/64")});
}

const QList<Ceremony> kCeremonies = {Ceremony::Download, Ceremony::Rotate, Ceremony::Restore, Ceremony::RestoreBlob,
                                     Ceremony::VerifyShare};

} // namespace

// Issue 9, ceremony mode: full screen, large type, no clipboard, only the ceremonies, each after an
// air-gap pre-flight over a fake interface list; the override is workspace/repair's and audited.
class TestCeremonyMode : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<model::ServiceHost> m_host;

    QList<model::AuditEvent> overrideEvents()
    {
        auto events = test::onServices(*m_host, [](model::Services& s) {
            model::AuditFilter filter;
            filter.operation = QStringLiteral("CeremonyNetworkOverride");
            return s.audit().list(filter);
        });
        return events ? events.value() : QList<model::AuditEvent>();
    }
    // A window over the fake list, entered (full screen), its activation read.
    std::unique_ptr<CeremonyWindow> enter(ui::NetworkInterfaceSource source,
                                          CeremonyWindow::Route route = CeremonyWindow::Route::CommandLine)
    {
        auto window = std::make_unique<CeremonyWindow>(*m_host, route);
        window->setInterfaceSource(std::move(source));
        window->enter();
        return window;
    }
    QWidget* openWindow(QWidget& parent, const char* className)
    {
        const QList<QWidget*> children = parent.findChildren<QWidget*>();
        for (QWidget* child : children) {
            if (child->isWindow() && child->isVisible() && child->inherits(className))
                return child;
        }
        return nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        Q_INIT_RESOURCE(custos);
        m_host = test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        QVERIFY(test::addOperatorWithRoles(*m_host, QStringLiteral("auditor"), {QStringLiteral("Crypto Auditor")}));
        // The GUI's sessions are interactive (Lock and its unlock need one).
        QVERIFY(test::await(m_host->logout()));
        auto login = test::await(m_host->login(QStringLiteral("admin"), test::secret(test::kTestPassphrase), true));
        QVERIFY2(login, errorText(login).constData());
    }
    void cleanupTestCase() { m_host.reset(); }

    void anInterfaceUpRefusesEveryCeremonyAndNamesIt()
    {
        auto window = enter(&withEthernet);
        ui::AirGapPanel* airGap = window->airGap();
        QVERIFY(!airGap->isClear());
        QCOMPARE(airGap->blocking().size(), 1);
        const QString status = airGap->statusLabel()->text();
        QVERIFY2(status.contains(QStringLiteral("eth0")), qPrintable(status));
        const QString detail = window->findChild<QLabel*>(QStringLiteral("airGapDetailLabel"))->text();
        QVERIFY2(detail.contains(QStringLiteral("Ethernet")) && detail.contains(QStringLiteral("192.0.2.7/24")),
                 qPrintable(detail));
        QVERIFY2(detail.contains(QStringLiteral("Unplug")) && detail.contains(QStringLiteral("Check Again")),
                 qPrintable(detail));
        // Down, and loopback, are no reason to refuse.
        QVERIFY(!status.contains(QStringLiteral("wlan0")) && !detail.contains(QStringLiteral("wlan0")));
        QVERIFY(!detail.contains(QStringLiteral("127.0.0.1")));
        QTRY_VERIFY(window->ceremonyButton(Ceremony::Rotate)->toolTip().contains(QStringLiteral("air-gap")));
        for (Ceremony ceremony : kCeremonies) {
            QVERIFY(!window->ceremonyButton(ceremony)->isEnabled());
            QVERIFY(!window->startCeremony(ceremony));
        }
        const QString refusal = window->findChild<QLabel*>(QStringLiteral("ceremonyStatusMessage"))->text();
        QVERIFY2(refusal.contains(QStringLiteral("eth0")), qPrintable(refusal));
        QVERIFY(!openWindow(*window, "QDialog"));
    }

    void onlyLoopbackProceedsToTheWizard()
    {
        auto window = enter(&onlyLoopback);
        QVERIFY(window->airGap()->isClear());
        QVERIFY(!window->airGap()->isOverridden());
        QVERIFY(window->airGap()->statusLabel()->text().contains(QStringLiteral("passed")));
        QVERIFY(!window->airGap()->overrideButton()->isVisible());
        // The workspace is activated: rotation too, once its state is read.
        QTRY_VERIFY(window->ceremonyButton(Ceremony::Rotate)->isEnabled());
        for (Ceremony ceremony : kCeremonies)
            QVERIFY(window->ceremonyButton(ceremony)->isEnabled());
        QTest::mouseClick(window->ceremonyButton(Ceremony::Download), Qt::LeftButton);
        auto* wizard = qobject_cast<ui::DownloadWizard*>(openWindow(*window, "custos::ui::DownloadWizard"));
        QVERIFY(wizard);
        QCOMPARE(wizard->mode(), ui::DownloadWizard::Mode::Download);
        // The wizard keeps the large type.
        QCOMPARE(wizard->font(), window->font());
        wizard->reject();
        QTRY_VERIFY(!openWindow(*window, "QDialog"));
    }

    void checkAgainReadsTheInterfacesAgain()
    {
        auto interfaces = std::make_shared<QList<ui::NetworkInterfaceState>>(withEthernet());
        auto window = enter([interfaces] { return *interfaces; });
        QVERIFY(!window->ceremonyButton(Ceremony::VerifyShare)->isEnabled());
        *interfaces = onlyLoopback(); // the cable is unplugged
        QTest::mouseClick(window->airGap()->checkAgainButton(), Qt::LeftButton);
        QVERIFY(window->airGap()->isClear());
        QVERIFY(window->ceremonyButton(Ceremony::VerifyShare)->isEnabled());
        // Plugged in again between the check and the click: the ceremony re-checks and refuses.
        *interfaces = withEthernet();
        QVERIFY(!window->startCeremony(Ceremony::VerifyShare));
        QVERIFY(!window->ceremonyButton(Ceremony::VerifyShare)->isEnabled());
    }

    void anAdministratorOverridesAuditedThenProceeds()
    {
        const int before = overrideEvents().size();
        auto interfaces = std::make_shared<QList<ui::NetworkInterfaceState>>(withEthernet());
        auto window = enter([interfaces] { return *interfaces; });
        ui::AirGapPanel* airGap = window->airGap();
        QVERIFY(airGap->overrideButton()->isVisible());
        QTest::mouseClick(airGap->overrideButton(), Qt::LeftButton);
        auto* dialog = window->findChild<ui::AirGapOverrideDialog*>(QStringLiteral("airGapOverrideDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->interfaces(), QStringList{QStringLiteral("eth0")});
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("airGapOverrideExplanationLabel"))
                    ->text()
                    .contains(QStringLiteral("eth0")));
        // No justification, no override.
        QVERIFY(!dialog->overrideButton()->isEnabled());
        auto* justification = dialog->findChild<QPlainTextEdit*>(QStringLiteral("airGapJustificationEdit"));
        QTest::keyClicks(justification, QStringLiteral("eth0 is a USB adapter with no cable; BIOS cannot disable it"));
        QVERIFY(dialog->overrideButton()->isEnabled());
        QTest::mouseClick(dialog->overrideButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(airGap->isClear(), 20000);
        QVERIFY(airGap->isOverridden());
        QCOMPARE(airGap->overriddenInterfaces(), QStringList{QStringLiteral("eth0")});
        QVERIFY(airGap->statusLabel()->text().contains(QStringLiteral("overridden")));

        const QList<model::AuditEvent> events = overrideEvents();
        QCOMPARE(events.size(), before + 1);
        const model::AuditEvent& event = events.last();
        QCOMPARE(event.result, model::AuditResult::Success);
        QCOMPARE(event.operatorName, QStringLiteral("admin"));
        QCOMPARE(event.details.value(QStringLiteral("interfaces")).toArray(), QJsonArray{QStringLiteral("eth0")});
        QVERIFY(event.justification.contains(QStringLiteral("USB adapter")));

        // It proceeds.
        QTRY_VERIFY(window->ceremonyButton(Ceremony::Rotate)->isEnabled());
        QWidget* opened = window->startCeremony(Ceremony::VerifyShare);
        QVERIFY(qobject_cast<ui::VerifyShareDialog*>(opened));
        opened->close();
        QTRY_VERIFY(!openWindow(*window, "QDialog"));

        // An interface the override did not name refuses again.
        *interfaces << interface(QStringLiteral("wlan1"), QStringLiteral("Wi-Fi"), true, false, {});
        QVERIFY(!window->startCeremony(Ceremony::VerifyShare));
        QVERIFY(airGap->statusLabel()->text().contains(QStringLiteral("wlan1")));
    }

    void noOverrideWithoutWorkspaceRepair()
    {
        QVERIFY(test::switchOperator(*m_host, QStringLiteral("auditor")));
        {
            auto window = enter(&withEthernet);
            QVERIFY(!window->airGap()->isClear());
            QVERIFY(!window->airGap()->overrideButton()->isVisible());
            QVERIFY(!window->airGap()->requestOverride());
            QVERIFY(!window->findChild<ui::AirGapOverrideDialog*>());
            for (Ceremony ceremony : kCeremonies)
                QVERIFY(!window->ceremonyButton(ceremony)->isEnabled());
        }
        auto back = test::await(m_host->logout());
        QVERIFY(back);
        auto login = test::await(m_host->login(QStringLiteral("admin"), test::secret(test::kTestPassphrase), true));
        QVERIFY2(login, errorText(login).constData());
    }

    void fullScreenWithLargeType()
    {
        auto window = enter(&onlyLoopback);
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QVERIFY(window->windowState().testFlag(Qt::WindowFullScreen));
        const QFont base = QApplication::font();
        QVERIFY(base.pointSizeF() > 0);
        QCOMPARE(window->font().pointSizeF(), base.pointSizeF() * CeremonyWindow::kFontScale);
        QCOMPARE(window->ceremonyButton(Ceremony::Download)->font().pointSizeF(),
                 base.pointSizeF() * CeremonyWindow::kFontScale);
        // Esc neither leaves full screen nor the mode.
        QSignalSpy left(window.get(), &CeremonyWindow::left);
        QTest::keyClick(window.get(), Qt::Key_Escape);
        QTest::keyClick(window->ceremonyButton(Ceremony::Download), Qt::Key_Escape);
        QVERIFY(window->isVisible());
        QVERIFY(window->windowState().testFlag(Qt::WindowFullScreen));
        QCOMPARE(left.count(), 0);
    }

    void theClipboardRefusesCopies()
    {
        QClipboard* clipboard = QGuiApplication::clipboard();
        // Outside ceremony mode a line edit copies (what the checks below would miss otherwise).
        QLineEdit outside;
        outside.setText(QStringLiteral("outside"));
        outside.selectAll();
        QTest::keyClick(&outside, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(clipboard->text(), QStringLiteral("outside"));
        clipboard->setText(QStringLiteral("what the user copied"));

        auto window = enter(&onlyLoopback);
        QVERIFY(!window->clipboard()->isEnabled());
        QVERIFY(!window->clipboard()->copyText(QStringLiteral("fingerprint")));
        QVERIFY(!window->clipboard()->copySecret(QStringLiteral("share")));
        QCOMPARE(clipboard->text(), QStringLiteral("what the user copied"));

        // The wizards make no copy of their own; their text widgets' copy keys and menus are gone.
        auto* dialog = qobject_cast<ui::VerifyShareDialog*>(window->startCeremony(Ceremony::VerifyShare));
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        auto* path = dialog->findChild<QLineEdit*>(QStringLiteral("sdFileLineEdit"));
        path->setText(QStringLiteral("/media/usb/custos.sd.json"));
        path->selectAll();
        QTest::keyClick(path, Qt::Key_C, Qt::ControlModifier);
        QTest::keyClick(path, Qt::Key_X, Qt::ControlModifier);
        QTest::keyClick(path, Qt::Key_Insert, Qt::ControlModifier);
        QCOMPARE(clipboard->text(), QStringLiteral("what the user copied"));
        QCOMPARE(path->text(), QStringLiteral("/media/usb/custos.sd.json")); // no cut either
        QContextMenuEvent menuEvent(QContextMenuEvent::Keyboard, QPoint(5, 5), path->mapToGlobal(QPoint(5, 5)));
        QCoreApplication::sendEvent(path, &menuEvent);
        QVERIFY(!qobject_cast<QMenu*>(QApplication::activePopupWidget()));
        // Labels cannot be selected (no copy, no drag).
        const QList<QLabel*> labels = dialog->findChildren<QLabel*>();
        for (QLabel* label : labels) {
            if (label->isVisible())
                QVERIFY2(!(label->textInteractionFlags() & Qt::TextSelectableByMouse), qPrintable(label->objectName()));
        }
        dialog->close();
        // Once the mode is gone, copying works again.
        window.reset();
        QTest::keyClick(&outside, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(clipboard->text(), QStringLiteral("outside"));
    }

    void onlyTheCeremoniesAreReachable()
    {
        auto window = enter(&withEthernet);
        QStringList buttons;
        for (QAbstractButton* button : window->findChildren<QAbstractButton*>())
            buttons << button->objectName();
        buttons.sort();
        QStringList expected = {
            QStringLiteral("airGapCheckAgainButton"),    QStringLiteral("airGapOverrideButton"),
            QStringLiteral("ceremonyDownloadButton"),    QStringLiteral("ceremonyLeaveButton"),
            QStringLiteral("ceremonyLockButton"),        QStringLiteral("ceremonyRestoreBlobButton"),
            QStringLiteral("ceremonyRestoreButton"),     QStringLiteral("ceremonyRotateButton"),
            QStringLiteral("ceremonyVerifyShareButton"), QStringLiteral("lockLogoutPushButton"),
            QStringLiteral("unlockPushButton")};
        expected.sort();
        QCOMPARE(buttons, expected);
        QStringList actions;
        for (QAction* action : window->findChildren<QAction*>()) {
            if (!action->objectName().isEmpty())
                actions << action->objectName();
            else
                QVERIFY2(qobject_cast<QLineEdit*>(action->parent()), "an unnamed action outside a line edit");
        }
        QCOMPARE(actions, QStringList{QStringLiteral("ceremonyLockAction")});
        // No vault tree, keys, certificates, audit or menus.
        QVERIFY(!window->findChild<QMenuBar*>());
        QVERIFY(!window->findChild<QMenu*>());
        QVERIFY(!window->findChild<QTreeView*>());
        QVERIFY(!window->findChild<QAbstractItemView*>());
    }

    void keyboardReachesEverything()
    {
        auto window = enter(&onlyLoopback);
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        QTRY_VERIFY(window->ceremonyButton(Ceremony::Rotate)->isEnabled());
        // Tab order: the pre-flight, the ceremonies top to bottom, lock, leave.
        window->airGap()->checkAgainButton()->setFocus();
        const QStringList order = {
            QStringLiteral("ceremonyDownloadButton"),    QStringLiteral("ceremonyRotateButton"),
            QStringLiteral("ceremonyRestoreButton"),     QStringLiteral("ceremonyRestoreBlobButton"),
            QStringLiteral("ceremonyVerifyShareButton"), QStringLiteral("ceremonyLockButton"),
            QStringLiteral("ceremonyLeaveButton")};
        for (const QString& name : order) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            QCOMPARE(QApplication::focusWidget()->objectName(), name);
        }
        // Mnemonics open the ceremonies.
        QTest::keyClick(window.get(), Qt::Key_V, Qt::AltModifier);
        // A mnemonic clicks the button animated (after a moment).
        QTRY_VERIFY(openWindow(*window, "custos::ui::VerifyShareDialog"));
        QWidget* dialog = openWindow(*window, "custos::ui::VerifyShareDialog");
        dialog->close();
        QTRY_VERIFY(!openWindow(*window, "QDialog"));
        window->activateWindow(); // what the window manager does when the dialog goes
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        QTest::keyClick(window.get(), Qt::Key_D, Qt::AltModifier);
        QTRY_VERIFY(openWindow(*window, "custos::ui::DownloadWizard"));

        // Ctrl+L from inside the wizard: locked, the wizard closed, the passphrase unlocks.
        QCOMPARE(window->lockAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_L));
        QWidget* wizard = openWindow(*window, "custos::ui::DownloadWizard");
        // The shortcut is the wizard's own (it is modal): only once it is the active window.
        QVERIFY(QTest::qWaitForWindowActive(wizard));
        QTest::keyClick(wizard, Qt::Key_L, Qt::ControlModifier);
        QTRY_VERIFY(window->isLocked());
        QVERIFY(window->lockPanel()->isVisible());
        QVERIFY(!window->ceremonyButton(Ceremony::Download)->isVisible());
        QTRY_VERIFY(!openWindow(*window, "QDialog"));
        QVERIFY(!m_host->isLoggedIn());
        QVERIFY(!window->leave()); // only the lock panel leads on
        auto* passphrase = window->findChild<QLineEdit*>(QStringLiteral("unlockPassphraseLineEdit"));
        QTRY_COMPARE(QApplication::focusWidget(), passphrase);
        QTest::keyClicks(passphrase, test::kTestPassphrase);
        QTest::keyClick(passphrase, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!window->isLocked(), 20000);
        QVERIFY(window->ceremonyButton(Ceremony::Download)->isVisible());
        QVERIFY(window->ceremonyButton(Ceremony::Download)->isEnabled());
        QCOMPARE(m_host->operatorName(), QStringLiteral("admin"));
    }

    void leavingClosesTheWizardsFirst()
    {
        auto window = enter(&onlyLoopback);
        QSignalSpy left(window.get(), &CeremonyWindow::left);
        QVERIFY(window->startCeremony(Ceremony::RestoreBlob));
        QCOMPARE(window->leaveButton()->text(), QStringLiteral("Log Out and &Quit"));
        QTest::mouseClick(window->leaveButton(), Qt::LeftButton);
        QCOMPARE(left.count(), 1);
        QVERIFY(!openWindow(*window, "QDialog"));
        // The window manager's close is the same request, never a silent close.
        left.clear();
        window->close();
        QCOMPARE(left.count(), 1);
    }

    void theMainWindowMenuOpensAndGetsItBack()
    {
        ui::MainWindow main(*m_host);
        main.show();
        QVERIFY(QTest::qWaitForWindowExposed(&main));
        auto* action = main.securityDomainMenu()->findChild<QAction*>(QStringLiteral("ceremonyModeAction"));
        if (!action) {
            for (QAction* candidate : main.securityDomainMenu()->actions()) {
                if (candidate->objectName() == QLatin1String("ceremonyModeAction"))
                    action = candidate;
            }
        }
        QVERIFY(action);
        QVERIFY(action->isEnabled());
        // No shortcut of its own to conflict with.
        QVERIFY(action->shortcut().isEmpty());
        action->trigger();
        CeremonyWindow* ceremony = main.ceremonyWindow();
        QVERIFY(ceremony);
        QCOMPARE(ceremony->route(), CeremonyWindow::Route::FromMainWindow);
        QVERIFY(ceremony->isVisible());
        QVERIFY(ceremony->windowState().testFlag(Qt::WindowFullScreen));
        QVERIFY(!main.isVisible()); // nothing but the ceremonies
        QCOMPARE(ceremony->leaveButton()->text(), QStringLiteral("&Leave Ceremony Mode"));
        QTest::mouseClick(ceremony->leaveButton(), Qt::LeftButton);
        QTRY_VERIFY(!main.ceremonyWindow());
        QVERIFY(main.isVisible());
        QVERIFY(m_host->isLoggedIn());
    }
};

// `custos --ceremony`: GuiController shows the ceremony window instead of the main window after the
// login, and leaving it logs out and quits. A class of its own: one workspace open per process.
class TestCeremonyRoute : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { Q_INIT_RESOURCE(custos); }
    void cleanup() { test::deleteLoginDialogs(); }

    void afterTheLoginOnlyTheCeremonyWindowThenLogOutAndQuit()
    {
        QTemporaryDir tmp;
        const QString directory = tmp.filePath(QStringLiteral("ws"));
        QVERIFY(test::makeHostedWorkspace(directory));
        QSettings store(tmp.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        ui::AppSettings settings(&store);
        app::GuiController controller(directory, &settings);
        controller.setCeremonyMode(true);
        QSignalSpy finished(&controller, &app::GuiController::finished);
        controller.start();
        QVERIFY(test::logInThroughDialog());
        QVERIFY(
            QTest::qWaitFor([&] { return controller.ceremonyWindow() && controller.ceremonyWindow()->isVisible(); }));
        CeremonyWindow* window = controller.ceremonyWindow();
        QVERIFY(!controller.mainWindow());
        QCOMPARE(window->route(), CeremonyWindow::Route::CommandLine);
        QVERIFY(window->windowState().testFlag(Qt::WindowFullScreen));
        // Nobody else locks here: the window runs the idle lock itself, as the settings say.
        QVERIFY(window->inactivityTimer());
        QCOMPARE(window->inactivityTimer()->timeout(), std::chrono::milliseconds(settings.idleLockTimeout()));
        QVERIFY(controller.host().isLoggedIn());

        QTest::mouseClick(window->leaveButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QCOMPARE(finished.first().first().toInt(), 0);
        QVERIFY(!controller.host().isLoggedIn());
        QTRY_VERIFY(!controller.ceremonyWindow());
    }
};

CUSTOS_REGISTER_TEST(TestCeremonyMode)
CUSTOS_REGISTER_TEST(TestCeremonyRoute)
#include "TestCeremonyMode.moc"
