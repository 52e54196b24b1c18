#include "AppSettings.h"

#include <QDir>
#include <QSettings>

#include <algorithm>

namespace custos::ui {

namespace {
const QString kIdleLockMinutes = QStringLiteral("security/idleLockMinutes");
const QString kLockOnScreenLock = QStringLiteral("security/lockOnScreenLock");
const QString kClipboardClearSeconds = QStringLiteral("security/clipboardClearSeconds");
const QString kTheme = QStringLiteral("appearance/theme");
const QString kLanguage = QStringLiteral("appearance/language");
const QString kRecentWorkspaces = QStringLiteral("workspace/recent");
const QString kViewStatePrefix = QStringLiteral("views/");

QString themeName(AppSettings::Theme theme)
{
    switch (theme) {
    case AppSettings::Theme::Light:
        return QStringLiteral("light");
    case AppSettings::Theme::Dark:
        return QStringLiteral("dark");
    case AppSettings::Theme::System:
        break;
    }
    return QStringLiteral("system");
}
} // namespace

AppSettings::AppSettings(QObject* parent) : QObject(parent), m_store(new QSettings), m_ownsStore(true) {}

AppSettings::AppSettings(QSettings* store, QObject* parent) : QObject(parent), m_store(store), m_ownsStore(false) {}

AppSettings::~AppSettings()
{
    if (m_ownsStore)
        delete m_store;
}

std::chrono::minutes AppSettings::idleLockTimeout() const
{
    const int minutes = m_store->value(kIdleLockMinutes, kDefaultIdleLockMinutes).toInt();
    return std::chrono::minutes(std::clamp(minutes, kMinimumIdleLockMinutes, kMaximumIdleLockMinutes));
}

void AppSettings::setIdleLockTimeout(std::chrono::minutes timeout)
{
    const int minutes = std::clamp(static_cast<int>(timeout.count()), kMinimumIdleLockMinutes, kMaximumIdleLockMinutes);
    m_store->setValue(kIdleLockMinutes, minutes);
    Q_EMIT changed();
}

bool AppSettings::lockOnScreenLock() const
{
    return m_store->value(kLockOnScreenLock, true).toBool();
}

void AppSettings::setLockOnScreenLock(bool on)
{
    m_store->setValue(kLockOnScreenLock, on);
    Q_EMIT changed();
}

std::chrono::seconds AppSettings::clipboardClearDelay() const
{
    const int seconds = m_store->value(kClipboardClearSeconds, kDefaultClipboardClearSeconds).toInt();
    return std::chrono::seconds(std::clamp(seconds, kMinimumClipboardClearSeconds, kMaximumClipboardClearSeconds));
}

void AppSettings::setClipboardClearDelay(std::chrono::seconds delay)
{
    const int seconds =
        std::clamp(static_cast<int>(delay.count()), kMinimumClipboardClearSeconds, kMaximumClipboardClearSeconds);
    m_store->setValue(kClipboardClearSeconds, seconds);
    Q_EMIT changed();
}

AppSettings::Theme AppSettings::theme() const
{
    const QString name = m_store->value(kTheme).toString();
    if (name == QLatin1String("light"))
        return Theme::Light;
    if (name == QLatin1String("dark"))
        return Theme::Dark;
    return Theme::System;
}

void AppSettings::setTheme(Theme theme)
{
    m_store->setValue(kTheme, themeName(theme));
    Q_EMIT changed();
}

QString AppSettings::language() const
{
    return m_store->value(kLanguage).toString();
}

void AppSettings::setLanguage(const QString& language)
{
    m_store->setValue(kLanguage, language);
    Q_EMIT changed();
}

QStringList AppSettings::recentWorkspaces() const
{
    QStringList recent = m_store->value(kRecentWorkspaces).toStringList();
    recent.removeDuplicates();
    recent.removeAll(QString());
    while (recent.size() > kMaximumRecentWorkspaces)
        recent.removeLast();
    return recent;
}

void AppSettings::addRecentWorkspace(const QString& directory)
{
    const QString path = QDir(directory).absolutePath();
    QStringList recent = recentWorkspaces();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaximumRecentWorkspaces)
        recent.removeLast();
    m_store->setValue(kRecentWorkspaces, recent);
    Q_EMIT changed();
}

void AppSettings::removeRecentWorkspace(const QString& directory)
{
    QStringList recent = recentWorkspaces();
    recent.removeAll(QDir(directory).absolutePath());
    m_store->setValue(kRecentWorkspaces, recent);
    Q_EMIT changed();
}

QByteArray AppSettings::viewState(const QString& view) const
{
    return m_store->value(kViewStatePrefix + view).toByteArray();
}

void AppSettings::setViewState(const QString& view, const QByteArray& state)
{
    m_store->setValue(kViewStatePrefix + view, state);
}

} // namespace custos::ui
