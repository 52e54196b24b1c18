#pragma once

#include "model/domain/Vault.h"

#include <QCoro/QCoroTask>
#include <QMainWindow>

#include <optional>

class QAction;
class QLabel;
class QProgressBar;
class QStackedWidget;
class QTabWidget;
class QToolBar;
class QToolButton;
class QTreeView;

namespace custos::model {
class ExpiryOverviewModel;
}

namespace custos::model {
class ServiceHost;
class VaultTreeModel;
} // namespace custos::model

namespace custos::ui {

class AccessWindow;
class CeremonyWindow;
class AppSettings;
class ActivationWizard;
class DownloadWizard;
class SecurityDomainView;
class CertificateActions;
class CertificateOperations;
class CertificatesView;
class DueCertificateActions;
class DueKeyActions;
class ExpiryOverviewDialog;
class GlobalSearchPopup;
class KeyActions;
class KeyOperations;
class KeysView;
class InactivityTimer;
class LockPanel;
class LockShield;
class ScreenLockWatcher;
class SecureClipboard;
class SelfTestBanner;
class SelfTestDialog;
class NotificationCenter;
class SettingsDialog;
class WorkspaceActions;
class VaultActions;
class VaultDetailPane;
class VaultIconProxyModel;
class VaultOperations;

// Composition only: the vault tree, the detail pane, menus, the status bar. Operations live in
// VaultOperations, their enabling in VaultActions; all service work runs on the host's thread.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // Over the application's own settings (an AppSettings the window owns).
    explicit MainWindow(model::ServiceHost& host, QWidget* parent = nullptr);
    // Over shared settings (GuiController's, or a test's over a temporary ini file); not owned.
    MainWindow(model::ServiceHost& host, AppSettings* settings, QWidget* parent = nullptr);
    ~MainWindow() override;

    AppSettings* settings() const { return m_settings; }
    // File > Settings… (Ctrl+,): one dialog, opened with the stored values; OK writes them.
    QAction* settingsAction() const { return m_settingsAction; }
    SettingsDialog* showSettings();
    // File > Open Workspace…, Open Recent, New Workspace… (they emit the requests below).
    WorkspaceActions* workspaceActions() const { return m_workspaceActions; }

    model::VaultTreeModel* vaultModel() const { return m_model; }
    VaultActions* vaultActions() const { return m_actions; }
    VaultOperations* vaultOperations() const { return m_operations; }
    QTreeView* vaultTreeView() const { return m_tree; }
    VaultDetailPane* detailPane() const { return m_detailPane; }
    KeyActions* keyActions() const { return m_keyActions; }
    KeyOperations* keyOperations() const { return m_keyOperations; }
    KeysView* keysView() const { return m_keysView; }
    DueKeyActions* dueKeyActions() const { return m_dueActions; }
    CertificatesView* certificatesView() const { return m_certificatesView; }
    CertificateActions* certificateActions() const { return m_certificateActions; }
    CertificateOperations* certificateOperations() const { return m_certificateOperations; }
    DueCertificateActions* dueCertificateActions() const { return m_dueCertificateActions; }
    model::ExpiryOverviewModel* expiryModel() const { return m_expiryModel; }
    QAction* expiryOverviewAction() const { return m_expiryAction; }
    QLabel* expiryStatusLabel() const { return m_expiryLabel; }
    // Certificates > Expiry Overview… (Ctrl+Shift+X): one dialog, kept and raised; reloads on open.
    ExpiryOverviewDialog* showExpiryOverview();
    // After login: asks to carry out the keys' due lifetime actions, silent when none are due.
    void checkDueKeyActions();
    // After login, next to the keys': the certificates' due renewals, notifications and CRLs.
    void checkDueCertificateActions();
    bool selectVault(const QString& name);
    // On-demand lock (File > Lock, Ctrl+L): hides every view at once behind the lock panel, wipes the
    // session's unsealed keys and logs the token out (ServiceHost::lock); the same operator's
    // passphrase unlocks, anybody else logs out.
    void lock();
    bool isLocked() const;
    LockPanel* lockPanel() const { return m_lockPanel; }
    // The status bar's notification badge and its panel (ui/notifications).
    NotificationCenter* notifications() const { return m_notifications; }
    QAction* lockAction() const { return m_lockAction; }
    // Issue 9: locks by itself after AppSettings::idleLockTimeout() without input and when the
    // desktop locks the screen (AppSettings::lockOnScreenLock()); every copy goes through the
    // window's SecureClipboard (cleared on lock and close).
    InactivityTimer* inactivityTimer() const { return m_inactivity; }
    ScreenLockWatcher* screenLockWatcher() const { return m_screenLock; }
    SecureClipboard* secureClipboard() const { return m_clipboard; }
    // Access > Roles and access… (Ctrl+Alt+A): one window, kept and raised.
    QAction* accessWindowAction() const { return m_accessAction; }
    AccessWindow* showAccessWindow();
    // Go > Find Anything… (Ctrl+K): the global search (ui/search), one popup, kept; Enter on a hit
    // jumps to it (SearchNavigation.h). nullptr while locked.
    QAction* globalSearchAction() const { return m_searchAction; }
    GlobalSearchPopup* showGlobalSearch();
    // Access > Audit trail… (Ctrl+Shift+A) opens ui/audit/AuditWindow; its resource links land here.
    void showAuditResource(const QString& resource);

    // Security Domain menu (object name "securityDomainMenu"): Status…, Download…, Rotate…; the
    // restore side adds its actions to the same menu.
    QMenu* securityDomainMenu() const { return m_securityDomainMenu; }
    SecurityDomainView* showSecurityDomainView(); // one dialog, kept and raised; reloads on open
    DownloadWizard* startSecurityDomainDownload(bool rotate);
    ActivationWizard* startActivation();
    // After login: reads the activation state; when not activated and the operator may download,
    // offers the ActivationWizard once per window.
    void checkActivation();
    // Reads the activation state again (status bar indicator, banner, key action tips).
    void refreshActivation();
    QToolButton* activationIndicator() const { return m_activationIndicator; }
    QWidget* activationBanner() const { return m_activationBanner; }
    std::optional<bool> isActivated() const { return m_activated; }
    // Security Domain > Ceremony Mode… (ui/ceremony): the window hides behind a full-screen
    // CeremonyWindow and comes back when it is left; nullptr while none is open.
    CeremonyWindow* startCeremonyMode();
    CeremonyWindow* ceremonyWindow() const { return m_ceremonyWindow; }
    // Help > Self Test…: the start-up self tests (ui/dialogs/SelfTestDialog), one dialog, kept and
    // raised; the banner above the data shows when they failed and opens it.
    QAction* selfTestAction() const { return m_selfTestAction; }
    SelfTestBanner* selfTestBanner() const { return m_selfTestBanner; }
    SelfTestDialog* showSelfTest();

Q_SIGNALS:
    void logoutRequested();
    // Another workspace (checked: it is one) or a new one (checked: empty); GuiController switches.
    void openWorkspaceRequested(const QString& directory);
    void newWorkspaceRequested(const QString& directory);
    void closed(); // the user closed the window (Quit, Ctrl+Q, the title bar)
    void activationChecked(bool activated);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    void createStatusBar();
    void updateTitle();
    void onSelectionChanged();
    void onModelAboutToBeReset();
    void onModelReset();
    void showContextMenu(const QPoint& position);
    void showAbout();
    void showTokenPage();
    void runSelected(void (VaultOperations::*operation)(const model::Vault&));
    void updateBusy();
    void showLocked(bool locked);
    QCoro::Task<> lockAsync();
    QCoro::Task<> unlockAsync();
    void createLockTriggers();
    void applySecuritySettings();
    void updateExpiryCount();
    void updateAccessAction();
    void createSecurityDomainMenu();
    void updateSecurityDomainActions();
    QCoro::Task<> loadActivation(bool offerWizard);
    void showActivation(bool activated);
    void openNotification(const QString& resource);

    model::ServiceHost& m_host;
    AppSettings* m_settings = nullptr;
    QAction* m_settingsAction = nullptr;
    WorkspaceActions* m_workspaceActions = nullptr;
    model::VaultTreeModel* m_model = nullptr;
    VaultIconProxyModel* m_proxy = nullptr;
    VaultActions* m_actions = nullptr;
    VaultOperations* m_operations = nullptr;
    QTreeView* m_tree = nullptr;
    VaultDetailPane* m_detailPane = nullptr;
    KeyActions* m_keyActions = nullptr;
    KeyOperations* m_keyOperations = nullptr;
    KeysView* m_keysView = nullptr;
    DueKeyActions* m_dueActions = nullptr;
    CertificateActions* m_certificateActions = nullptr;
    CertificateOperations* m_certificateOperations = nullptr;
    DueCertificateActions* m_dueCertificateActions = nullptr;
    CertificatesView* m_certificatesView = nullptr;
    model::ExpiryOverviewModel* m_expiryModel = nullptr; // the status bar's count and the overview
    QAction* m_expiryAction = nullptr;
    QLabel* m_expiryLabel = nullptr;
    QTabWidget* m_detailTabs = nullptr;
    QStackedWidget* m_pages = nullptr; // the data, or the lock panel
    QWidget* m_dataPage = nullptr;
    LockPanel* m_lockPanel = nullptr;
    QAction* m_lockAction = nullptr;
    InactivityTimer* m_inactivity = nullptr;
    ScreenLockWatcher* m_screenLock = nullptr;
    SecureClipboard* m_clipboard = nullptr;
    LockShield* m_lockShield = nullptr;
    QAction* m_tokenAction = nullptr;
    QAction* m_accessAction = nullptr;
    QAction* m_searchAction = nullptr;
    QList<QToolBar*> m_toolBars;
    QList<QMenu*> m_dataMenus;
    QLabel* m_operatorLabel = nullptr;
    QLabel* m_workspaceLabel = nullptr;
    QProgressBar* m_busyBar = nullptr;
    QString m_selectedBeforeReset;
    QString m_pendingSelection; // a touched vault the tree has not loaded yet
    QMenu* m_securityDomainMenu = nullptr;
    QAction* m_sdDownloadAction = nullptr;
    QAction* m_sdRotateAction = nullptr;
    QToolButton* m_activationIndicator = nullptr;
    QWidget* m_activationBanner = nullptr;
    std::optional<bool> m_activated;
    bool m_activationOffered = false;
    CeremonyWindow* m_ceremonyWindow = nullptr; // a top-level of its own, deleted with this window
    NotificationCenter* m_notifications = nullptr;
    QAction* m_selfTestAction = nullptr;
    SelfTestBanner* m_selfTestBanner = nullptr;
    SelfTestDialog* m_selfTestDialog = nullptr;
};

} // namespace custos::ui
