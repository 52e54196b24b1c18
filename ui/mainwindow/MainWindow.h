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
class ActivationWizard;
class DownloadWizard;
class SecurityDomainView;
class CertificateActions;
class CertificateOperations;
class CertificatesView;
class DueCertificateActions;
class DueKeyActions;
class ExpiryOverviewDialog;
class KeyActions;
class KeyOperations;
class KeysView;
class LockPanel;
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
    explicit MainWindow(model::ServiceHost& host, QWidget* parent = nullptr);
    ~MainWindow() override;

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
    QAction* lockAction() const { return m_lockAction; }
    // Access > Roles and access… (Ctrl+Alt+A): one window, kept and raised.
    QAction* accessWindowAction() const { return m_accessAction; }
    AccessWindow* showAccessWindow();
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

Q_SIGNALS:
    void logoutRequested();
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
    void updateExpiryCount();
    void updateAccessAction();
    void createSecurityDomainMenu();
    void updateSecurityDomainActions();
    QCoro::Task<> loadActivation(bool offerWizard);
    void showActivation(bool activated);

    model::ServiceHost& m_host;
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
    QAction* m_tokenAction = nullptr;
    QAction* m_accessAction = nullptr;
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
};

} // namespace custos::ui
