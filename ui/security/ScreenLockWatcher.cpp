#include "ScreenLockWatcher.h"

#include <QCoreApplication>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QPointer>

#include <unistd.h>

namespace custos::ui {

namespace {
const QString kLogind = QStringLiteral("org.freedesktop.login1");
const QString kLogindPath = QStringLiteral("/org/freedesktop/login1");
const QString kLogindManager = QStringLiteral("org.freedesktop.login1.Manager");
const QString kLogindSession = QStringLiteral("org.freedesktop.login1.Session");
constexpr int kLookupTimeoutMs = 5000;
} // namespace

ScreenLockWatcher::ScreenLockWatcher(QObject* parent)
    : ScreenLockWatcher(QDBusConnection::sessionBus(), QDBusConnection::systemBus(), parent)
{
}

ScreenLockWatcher::ScreenLockWatcher(const QDBusConnection& sessionBus, const QDBusConnection& systemBus,
                                     QObject* parent)
    : QObject(parent)
{
    watchSessionBus(sessionBus);
    watchLogind(systemBus);
}

void ScreenLockWatcher::watchSessionBus(QDBusConnection bus)
{
    if (!bus.isConnected())
        return;
    // Any sender and path: the interfaces are specific enough, and desktops differ in both.
    for (const QString& interface :
         {QStringLiteral("org.freedesktop.ScreenSaver"), QStringLiteral("org.gnome.ScreenSaver")}) {
        if (bus.connect(QString(), QString(), interface, QStringLiteral("ActiveChanged"), this,
                        SLOT(onActiveChanged(bool))))
            m_sources << interface;
    }
    if (bus.connect(QString(), QString(), QStringLiteral("org.kde.screensaver"), QStringLiteral("AboutToLock"), this,
                    SLOT(onLock())))
        m_sources << QStringLiteral("org.kde.screensaver");
}

void ScreenLockWatcher::watchLogind(QDBusConnection bus)
{
    if (!bus.isConnected())
        return;
    const QString sessionId = qEnvironmentVariable("XDG_SESSION_ID");
    QDBusMessage lookup =
        sessionId.isEmpty()
            ? QDBusMessage::createMethodCall(kLogind, kLogindPath, kLogindManager, QStringLiteral("GetSessionByPID"))
                  << quint32(::getpid())
            : QDBusMessage::createMethodCall(kLogind, kLogindPath, kLogindManager, QStringLiteral("GetSession"))
                  << sessionId;
    auto* watcher = new QDBusPendingCallWatcher(bus.asyncCall(lookup, kLookupTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, bus, watcher] {
        watcher->deleteLater();
        QDBusPendingReply<QDBusObjectPath> reply = *watcher;
        if (reply.isError())
            return; // no logind, or not a logind session: silently without it
        subscribeSession(bus, reply.value().path());
    });
}

void ScreenLockWatcher::subscribeSession(QDBusConnection bus, const QString& path)
{
    if (path.isEmpty() || !bus.connect(kLogind, path, kLogindSession, QStringLiteral("Lock"), this, SLOT(onLock())))
        return;
    m_sources << kLogindSession;
    Q_EMIT connectedChanged();
}

void ScreenLockWatcher::onActiveChanged(bool active)
{
    if (active)
        Q_EMIT screenLocked();
}

void ScreenLockWatcher::onLock()
{
    Q_EMIT screenLocked();
}

} // namespace custos::ui
