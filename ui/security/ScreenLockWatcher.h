#pragma once

#include <QDBusConnection>
#include <QObject>
#include <QStringList>

namespace custos::ui {

// Tells when the desktop locks the screen, from D-Bus where there is one: the screen saver's
// ActiveChanged(true) on the session bus (org.freedesktop.ScreenSaver, org.gnome.ScreenSaver) or
// KDE's org.kde.screensaver AboutToLock, and logind's Lock signal for this process's session on the
// system bus (org.freedesktop.login1.Session; the session found with XDG_SESSION_ID or
// GetSessionByPID, asynchronously). Without a bus it stays silent: isConnected() says whether
// anything is listened to, sources() what.
class ScreenLockWatcher : public QObject
{
    Q_OBJECT
public:
    // The desktop's session and system buses.
    explicit ScreenLockWatcher(QObject* parent = nullptr);
    // Given buses (tests: private dbus-daemons); a disconnected one is skipped.
    ScreenLockWatcher(const QDBusConnection& sessionBus, const QDBusConnection& systemBus, QObject* parent = nullptr);

    bool isConnected() const { return !m_sources.isEmpty(); }
    QStringList sources() const { return m_sources; }

Q_SIGNALS:
    void screenLocked();
    void connectedChanged(); // the logind subscription arrives after its asynchronous look-up

private Q_SLOTS:
    void onActiveChanged(bool active);
    void onLock();

private:
    void watchSessionBus(QDBusConnection bus);
    void watchLogind(QDBusConnection bus);
    void subscribeSession(QDBusConnection bus, const QString& path);

    QStringList m_sources;
};

} // namespace custos::ui
