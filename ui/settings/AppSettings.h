#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include <chrono>

class QSettings;

namespace custos::ui {

// The GUI's preferences, typed, with their defaults and limits in one place. Stored with
// QSettings; nothing here is ever a secret (a workspace path, a timeout, a theme name).
// One instance is shared by the windows of a process (GuiController owns it; tests make their
// own over a QSettings in a temporary file); changed() tells the users to re-read.
class AppSettings : public QObject
{
    Q_OBJECT
public:
    enum class Theme { System, Light, Dark };
    Q_ENUM(Theme)

    static constexpr int kDefaultIdleLockMinutes = 5;
    static constexpr int kMinimumIdleLockMinutes = 1;
    static constexpr int kMaximumIdleLockMinutes = 240;
    static constexpr int kDefaultClipboardClearSeconds = 20;
    static constexpr int kMinimumClipboardClearSeconds = 5;
    static constexpr int kMaximumClipboardClearSeconds = 600;
    static constexpr int kMaximumRecentWorkspaces = 8;

    // Over the application's QSettings (organisation "Custos", application "custos").
    explicit AppSettings(QObject* parent = nullptr);
    // Over a given store (tests: a QSettings on an ini file in a temporary directory). Not owned.
    explicit AppSettings(QSettings* store, QObject* parent = nullptr);
    ~AppSettings() override;

    // Auto-lock after this long without keyboard or mouse input (clamped to the limits above).
    std::chrono::minutes idleLockTimeout() const;
    void setIdleLockTimeout(std::chrono::minutes timeout);
    // Lock when the desktop's screen saver or logind locks the session.
    bool lockOnScreenLock() const;
    void setLockOnScreenLock(bool on);

    // A secret copied to the clipboard is cleared after this long if it is still there.
    std::chrono::seconds clipboardClearDelay() const;
    void setClipboardClearDelay(std::chrono::seconds delay);

    Theme theme() const;
    void setTheme(Theme theme);

    // A language code ("de", "en"); empty follows the system.
    QString language() const;
    void setLanguage(const QString& language);

    // Most recent first, no duplicates, at most kMaximumRecentWorkspaces; absolute paths.
    QStringList recentWorkspaces() const;
    void addRecentWorkspace(const QString& directory);
    void removeRecentWorkspace(const QString& directory);

    // Per-view window geometry and header state (column layout, sort order), opaque bytes.
    QByteArray viewState(const QString& view) const;
    void setViewState(const QString& view, const QByteArray& state);

    QSettings& store() const { return *m_store; }

Q_SIGNALS:
    void changed();

private:
    QSettings* m_store;
    bool m_ownsStore;
};

} // namespace custos::ui
