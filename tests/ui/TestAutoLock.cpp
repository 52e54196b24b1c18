#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/session/Session.h"
#include "ui/actions/VaultOperations.h"
#include "ui/mainwindow/LockPanel.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/security/InactivityTimer.h"
#include "ui/security/ScreenLockWatcher.h"
#include "ui/settings/AppSettings.h"

#include <QAction>
#include <QApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace custos;
using namespace std::chrono_literals;

namespace {

// logind's Manager, as much of it as ScreenLockWatcher asks: every session is "c1".
class FakeLogind : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.login1.Manager")
public:
    static QString sessionPath() { return QStringLiteral("/org/freedesktop/login1/session/c1"); }
public Q_SLOTS:
    Q_SCRIPTABLE QDBusObjectPath GetSession(const QString&) { return QDBusObjectPath(sessionPath()); }
    Q_SCRIPTABLE QDBusObjectPath GetSessionByPID(uint) { return QDBusObjectPath(sessionPath()); }
};

// A private dbus-daemon for one test; empty address() when none could be started.
class PrivateBus
{
public:
    explicit PrivateBus(const QString& name) : m_name(name)
    {
        const QString daemon = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
        if (daemon.isEmpty())
            return;
        m_process.start(daemon,
                        {QStringLiteral("--session"), QStringLiteral("--nofork"), QStringLiteral("--print-address")});
        if (!m_process.waitForStarted(5000))
            return;
        for (int i = 0; i < 50 && !m_process.canReadLine(); ++i)
            m_process.waitForReadyRead(100);
        m_address = QString::fromUtf8(m_process.readLine()).trimmed();
    }
    ~PrivateBus()
    {
        QDBusConnection::disconnectFromBus(m_name + QStringLiteral("-a"));
        QDBusConnection::disconnectFromBus(m_name + QStringLiteral("-b"));
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    QString address() const { return m_address; }
    // Two connections: the watcher's and the emitter's.
    QDBusConnection first() { return QDBusConnection::connectToBus(m_address, m_name + QStringLiteral("-a")); }
    QDBusConnection second() { return QDBusConnection::connectToBus(m_address, m_name + QStringLiteral("-b")); }

private:
    QString m_name;
    QProcess m_process;
    QString m_address;
};

} // namespace

// Issue 9, auto-lock: after the idle time the settings give (driven here by a test clock), and when
// the desktop locks the screen (a private D-Bus session and "system" bus); locking closes what an
// operation opens and cancels the dialogs that were open.
class TestAutoLock : public QObject
{
    Q_OBJECT
private:
    template <typename F>
    auto run(F f)
    {
        return test::onServices(*m_host, std::move(f));
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
    void unlock()
    {
        auto unlocked = test::await(m_host->unlock(test::secret(test::kTestPassphrase)));
        QVERIFY2(unlocked, errorText(unlocked).constData());
    }
    // Windows of ours on screen besides `window` (menus, dialogs, message boxes).
    static QStringList otherVisibleWindows(QWidget* window)
    {
        QStringList names;
        for (QWidget* widget : QApplication::topLevelWidgets()) {
            if (widget != window && widget->isVisible())
                names << QString::fromLatin1(widget->metaObject()->className()) + QLatin1Char(' ') +
                             widget->objectName();
        }
        return names;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<model::ServiceHost> m_host;
    std::unique_ptr<QSettings> m_store;
    std::unique_ptr<ui::AppSettings> m_settings;

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
        m_store = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        m_settings = std::make_unique<ui::AppSettings>(m_store.get());
    }
    void cleanupTestCase()
    {
        m_settings.reset();
        m_store.reset();
        m_host.reset();
    }
    void init()
    {
        m_settings->setIdleLockTimeout(1min);
        m_settings->setLockOnScreenLock(true);
        if (m_host->isLocked())
            unlock();
    }

    void idleTimeFromTheSettings()
    {
        QCOMPARE(ui::AppSettings(new QSettings(m_dir.filePath(QStringLiteral("defaults.ini")), QSettings::IniFormat),
                                 nullptr)
                     .idleLockTimeout(),
                 5min);
        ui::MainWindow window(*m_host, m_settings.get());
        QCOMPARE(window.inactivityTimer()->timeout(), 1min);
        m_settings->setIdleLockTimeout(7min); // re-read on AppSettings::changed
        QCOMPARE(window.inactivityTimer()->timeout(), 7min);
        m_settings->setIdleLockTimeout(0min); // the minimum is one minute
        QCOMPARE(window.inactivityTimer()->timeout(), 1min);
    }

    void idleLocksAndInputKeepsItOpen()
    {
        qint64 now = 1'000'000;
        ui::MainWindow window(*m_host, m_settings.get());
        ui::InactivityTimer* timer = window.inactivityTimer();
        timer->setClock([&now] { return now; });
        timer->setCheckInterval(5ms);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        const int locksBefore = lockEvents();

        now += 59'000; // 59 s of a one-minute timeout
        QTest::qWait(30);
        QVERIFY(!window.isLocked());
        QTest::keyClick(window.vaultTreeView(), Qt::Key_Down); // the operator is there
        now += 59'000;
        QTest::qWait(30);
        QVERIFY(!window.isLocked());
        QTest::mouseMove(window.vaultTreeView(), QPoint(20, 20));
        QTest::mouseClick(window.vaultTreeView()->viewport(), Qt::LeftButton, {}, QPoint(10, 10));
        now += 59'000;
        QTest::qWait(30);
        QVERIFY(!window.isLocked());
        // A programmatic event is nobody's input.
        QKeyEvent synthetic(QEvent::KeyPress, Qt::Key_Down, Qt::NoModifier);
        QApplication::sendEvent(window.vaultTreeView(), &synthetic);
        now += 2'000; // 61 s since the click
        QTRY_VERIFY(window.isLocked());
        QVERIFY(window.lockPanel()->isVisible());
        QVERIFY(!window.vaultTreeView()->isVisible());
        QVERIFY(!m_host->isLoggedIn());

        // Locked, it does not lock again however long nobody types (counted once unlocked: the
        // audit trail is not readable while nobody is logged in).
        now += 600'000;
        QTest::qWait(30);

        // Unlocked, the idle time starts afresh.
        auto* passphrase = window.findChild<QLineEdit*>(QStringLiteral("unlockPassphraseLineEdit"));
        QTest::keyClicks(passphrase, test::kTestPassphrase);
        QTest::keyClick(passphrase, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!window.isLocked(), 20000);
        QCOMPARE(lockEvents(), locksBefore + 1);
        QVERIFY(timer->idleTime() < 1s);
        now += 30'000;
        QTest::qWait(30);
        QVERIFY(!window.isLocked());
    }

    void screenLockWatcherOnPrivateBuses()
    {
        PrivateBus session(QStringLiteral("custos-test-session"));
        PrivateBus system(QStringLiteral("custos-test-system"));
        if (session.address().isEmpty() || system.address().isEmpty())
            QSKIP("no dbus-daemon to start a private bus with");
        QDBusConnection logindSide = system.second();
        FakeLogind logind;
        QVERIFY(logindSide.registerObject(QStringLiteral("/org/freedesktop/login1"), &logind,
                                          QDBusConnection::ExportScriptableSlots));
        QVERIFY(logindSide.registerService(QStringLiteral("org.freedesktop.login1")));

        ui::ScreenLockWatcher watcher(session.first(), system.first());
        QSignalSpy locked(&watcher, &ui::ScreenLockWatcher::screenLocked);
        QVERIFY(watcher.isConnected());
        QVERIFY(watcher.sources().contains(QStringLiteral("org.freedesktop.ScreenSaver")));
        QTRY_VERIFY(watcher.sources().contains(QStringLiteral("org.freedesktop.login1.Session")));

        QDBusConnection desktop = session.second();
        auto activeChanged = [&desktop](const QString& path, const QString& interface, bool active) {
            QDBusMessage signal = QDBusMessage::createSignal(path, interface, QStringLiteral("ActiveChanged"));
            signal << active;
            QVERIFY(desktop.send(signal));
        };
        activeChanged(QStringLiteral("/ScreenSaver"), QStringLiteral("org.freedesktop.ScreenSaver"), false);
        QTest::qWait(100);
        QCOMPARE(locked.count(), 0); // the screen saver went away: nothing to do
        activeChanged(QStringLiteral("/org/freedesktop/ScreenSaver"), QStringLiteral("org.freedesktop.ScreenSaver"),
                      true);
        QTRY_COMPARE(locked.count(), 1);
        activeChanged(QStringLiteral("/org/gnome/ScreenSaver"), QStringLiteral("org.gnome.ScreenSaver"), true);
        QTRY_COMPARE(locked.count(), 2);

        // logind: another session's Lock is not ours; our session's is.
        QVERIFY(logindSide.send(QDBusMessage::createSignal(QStringLiteral("/org/freedesktop/login1/session/c2"),
                                                           QStringLiteral("org.freedesktop.login1.Session"),
                                                           QStringLiteral("Lock"))));
        QTest::qWait(100);
        QCOMPARE(locked.count(), 2);
        QVERIFY(logindSide.send(QDBusMessage::createSignal(
            FakeLogind::sessionPath(), QStringLiteral("org.freedesktop.login1.Session"), QStringLiteral("Lock"))));
        QTRY_COMPARE(locked.count(), 3);
    }

    void noBusIsSilentlyInactive()
    {
        ui::ScreenLockWatcher watcher(QDBusConnection(QStringLiteral("custos-no-such-bus")),
                                      QDBusConnection(QStringLiteral("custos-no-such-bus")));
        QVERIFY(!watcher.isConnected());
        QVERIFY(watcher.sources().isEmpty());
    }

    void screenLockLocksTheWindowWhenAsked()
    {
        ui::MainWindow window(*m_host, m_settings.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        m_settings->setLockOnScreenLock(false);
        Q_EMIT window.screenLockWatcher()->screenLocked();
        QVERIFY(!window.isLocked());
        m_settings->setLockOnScreenLock(true);
        Q_EMIT window.screenLockWatcher()->screenLocked();
        QVERIFY(window.isLocked());
        QVERIFY(!m_host->isLoggedIn());
    }

    void lockClosesWhatOperationsOpen()
    {
        ui::MainWindow window(*m_host, m_settings.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        model::VaultCreateRequest request(QStringLiteral("kept"));
        auto created = run([request](model::Services& s) { return s.vaults().create(request); });
        QVERIFY2(created, errorText(created).constData());
        QTRY_VERIFY(window.selectVault(QStringLiteral("kept")));

        // A dialog open at the lock is cancelled: its operation never runs.
        window.vaultOperations()->startDelete(created.value());
        QTRY_VERIFY(window.findChild<QMessageBox*>(QStringLiteral("confirmDeleteMessageBox")));
        QVERIFY(window.findChild<QMessageBox*>(QStringLiteral("confirmDeleteMessageBox"))->isVisible());
        // An operation in flight at the lock ends (recovering a vault that is not deleted fails):
        // its error box, naming the vault, must not show over the lock panel.
        QSignalSpy failed(window.vaultOperations(), &ui::VaultOperations::failed);
        window.vaultOperations()->recover(created.value());
        window.lock();
        QVERIFY(window.isLocked());
        QTRY_COMPARE(failed.count(), 1);
        QTRY_VERIFY(!window.vaultOperations()->isBusy());
        QTest::qWait(50);
        QTRY_VERIFY2(otherVisibleWindows(&window).isEmpty(), qPrintable(otherVisibleWindows(&window).join(", ")));
        QVERIFY(window.statusBar()->currentMessage().isEmpty());

        unlock();
        auto kept = run([](model::Services& s) { return s.vaults().show(QStringLiteral("kept")); });
        QVERIFY2(kept, errorText(kept).constData());
        QVERIFY(!kept->isDeleted());
    }
};

CUSTOS_REGISTER_TEST(TestAutoLock)
#include "TestAutoLock.moc"
