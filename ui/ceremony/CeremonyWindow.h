#pragma once

#include "NetworkInterfaces.h"

#include <QCoro/QCoroTask>
#include <QPointer>
#include <QWidget>

#include <optional>

class QAction;
class QLabel;
class QPushButton;
class QStackedWidget;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

class AirGapPanel;
class AppSettings;
class CopyBlocker;
class InactivityTimer;
class InlineMessage;
class LockPanel;
class LockShield;
class SecureClipboard;

// Ceremony mode (issue 9; `custos --ceremony` or Security Domain > Ceremony Mode…): full screen,
// large type, the clipboard disabled, and only the security-domain ceremonies: download, rotate,
// restore, the Managed HSM restore blob and the custodians' share drill. Each one opens only after
// a fresh air-gap pre-flight (AirGapPanel). Leaving is a labelled button (Esc never leaves); Ctrl+L
// locks behind a lock panel as the main window does (ServiceHost::lock), closing the open wizards
// so their secrets are wiped. From the main window, its idle and screen locks reach this window
// through ServiceHost::lockChanged; on its own (`--ceremony`) it runs them itself, as `settings`
// (not owned; nullptr: the defaults) say.
class CeremonyWindow : public QWidget
{
    Q_OBJECT
public:
    // What leaving does: back to the main window, or log out and quit (`--ceremony`).
    enum class Route { FromMainWindow, CommandLine };
    enum class Ceremony { Download, Rotate, Restore, RestoreBlob, VerifyShare };

    CeremonyWindow(model::ServiceHost& host, Route route, AppSettings* settings = nullptr, QWidget* parent = nullptr);
    ~CeremonyWindow() override;

    Route route() const { return m_route; }
    static constexpr double kFontScale = 1.5;

    // Full screen, focus on the first control that can be used.
    void enter();
    // Tests give a fixed interface list; re-checks at once.
    void setInterfaceSource(NetworkInterfaceSource source);
    AirGapPanel* airGap() const { return m_airGap; }
    SecureClipboard* clipboard() const { return m_clipboard; }
    CopyBlocker* copyBlocker() const { return m_copyBlocker; }
    QPushButton* ceremonyButton(Ceremony ceremony) const;
    QPushButton* leaveButton() const { return m_leaveButton; }

    // Runs the pre-flight again and opens the ceremony when it passes and the operator may;
    // nullptr (with the reason shown) otherwise.
    QWidget* startCeremony(Ceremony ceremony);
    // Closes the ceremony windows (refused, with the reason, while one is working) and emits left();
    // refused while locked.
    bool leave();

    void lock();
    bool isLocked() const;
    LockPanel* lockPanel() const { return m_lockPanel; }
    QAction* lockAction() const { return m_lockAction; }
    InactivityTimer* inactivityTimer() const { return m_inactivity; } // CommandLine route only

Q_SIGNALS:
    void left();            // the Leave button: the route decides what follows
    void logoutRequested(); // from the lock panel: somebody else wants to log in

protected:
    void closeEvent(QCloseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    QPushButton* addCeremonyButton(const QString& text, const char* objectName, const QString& description,
                                   Ceremony ceremony);
    void updateButtons();
    void showStatus(const QString& text, bool error = false);
    void prepareChild(QWidget* child); // large type, deleted on close
    QList<QWidget*> openChildWindows() const;
    void createLockTriggers(AppSettings* settings);
    void showLocked(bool locked);
    QCoro::Task<> lockAsync();
    QCoro::Task<> unlockAsync();
    QCoro::Task<> loadActivation();

    model::ServiceHost& m_host;
    Route m_route;
    std::optional<bool> m_activated;
    SecureClipboard* m_clipboard = nullptr;
    CopyBlocker* m_copyBlocker = nullptr;
    QStackedWidget* m_pages = nullptr;
    QWidget* m_ceremonyPage = nullptr;
    LockPanel* m_lockPanel = nullptr;
    QAction* m_lockAction = nullptr;
    InactivityTimer* m_inactivity = nullptr;
    LockShield* m_lockShield = nullptr;
    AirGapPanel* m_airGap = nullptr;
    QLabel* m_operatorLabel = nullptr;
    InlineMessage* m_statusMessage = nullptr;
    QMap<Ceremony, QPushButton*> m_buttons;
    QPushButton* m_leaveButton = nullptr;
    QList<QPointer<QWidget>> m_hiddenByLock; // ceremony windows that could not close: shown on unlock
};

} // namespace custos::ui
