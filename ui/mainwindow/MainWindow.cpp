#include "MainWindow.h"

#include "crypto/selftest/SelfTestGate.h"
#include "model/itemmodels/CertificateListModel.h"
#include "model/itemmodels/ExpiryOverviewModel.h"
#include "model/itemmodels/KeyListModel.h"
#include "model/itemmodels/VaultTreeModel.h"
#include "model/services/SecurityDomainService.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"
#include "model/session/Session.h"
#include "ui/access/AccessWindow.h"
#include "ui/actions/MakeAction.h"
#include "ui/actions/VaultActions.h"
#include "ui/actions/VaultOperations.h"
#include "ui/audit/AuditWindow.h"
#include "ui/ceremony/CeremonyWindow.h"
#include "ui/certificates/CertificateActions.h"
#include "ui/certificates/CertificateOperations.h"
#include "ui/certificates/CertificatesView.h"
#include "ui/certificates/DueCertificateActions.h"
#include "ui/certificates/ExpiryOverviewDialog.h"
#include "ui/delegates/VaultIconProxyModel.h"
#include "ui/dialogs/SelfTestBanner.h"
#include "ui/dialogs/SelfTestDialog.h"
#include "ui/help/KeyboardShortcutsDialog.h"
#include "ui/keys/DueKeyActions.h"
#include "ui/keys/KeyActions.h"
#include "ui/keys/KeyOperations.h"
#include "ui/keys/KeysView.h"
#include "ui/mainwindow/LockPanel.h"
#include "ui/notifications/NotificationCenter.h"
#include "ui/search/GlobalSearchPopup.h"
#include "ui/search/SearchNavigation.h"
#include "ui/security/InactivityTimer.h"
#include "ui/security/LockShield.h"
#include "ui/security/ScreenLockWatcher.h"
#include "ui/security/SecureClipboard.h"
#include "ui/securitydomain/ActivationWizard.h"
#include "ui/securitydomain/DownloadWizard.h"
#include "ui/securitydomain/RestoreBlobWizard.h"
#include "ui/securitydomain/RestoreWizard.h"
#include "ui/securitydomain/SecurityDomainView.h"
#include "ui/securitydomain/VerifyShareDialog.h"
#include "ui/settings/AppSettings.h"
#include "ui/settings/SettingsDialog.h"
#include "ui/settings/ViewStateKeeper.h"
#include "ui/settings/WorkspaceActions.h"
#include "ui/token/TokenPage.h"
#include "ui/views/VaultDetailPane.h"
#include "ui/widgets/AccessibleText.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QFont>
#include <QHeaderView>
#include <QIcon>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace custos::ui {

namespace {
constexpr int kStatusTimeoutMs = 8000;

// "Last login: <local time> from <host>" (or "First login") once the window opens after a login:
// the operator notices a login that was not theirs. Read from the session on the service thread.
QCoro::Task<> showLastLogin(model::ServiceHost& host, QPointer<QStatusBar> bar)
{
    auto task = host.call([](model::Services& s) {
        return std::make_pair(s.session().previousLogin(), s.session().previousLoginWorkstation());
    });
    auto previous = co_await task;
    if (!bar || !previous)
        co_return;
    const auto& [time, workstation] = previous.value();
    if (!time.isValid()) {
        bar->showMessage(MainWindow::tr("First login"));
        co_return;
    }
    const QString when = QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
    bar->showMessage(workstation.isEmpty() ? MainWindow::tr("Last login: %1").arg(when)
                                           : MainWindow::tr("Last login: %1 from %2").arg(when, workstation));
}
} // namespace

MainWindow::MainWindow(model::ServiceHost& host, QWidget* parent) : MainWindow(host, nullptr, parent) {}

MainWindow::MainWindow(model::ServiceHost& host, AppSettings* settings, QWidget* parent)
    : QMainWindow(parent), m_host(host), m_settings(settings ? settings : new AppSettings(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    installAccessibleTextCompletion(); // Qt's own buttons and tab bars get names and descriptions
    setWindowIcon(QIcon(QStringLiteral(":/icons/custos.svg")));

    m_model = new model::VaultTreeModel(host, this);
    m_proxy = new VaultIconProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_actions = new VaultActions(host, this);
    m_operations = new VaultOperations(host, this, this);

    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("vaultTreeView"));
    m_tree->setAccessibleName(tr("Vaults"));
    m_tree->setAccessibleDescription(
        tr("Active and deleted vaults; the selected vault's keys, certificates and details are shown beside"));
    m_tree->setModel(m_proxy);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(model::VaultTreeModel::NameColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(model::VaultTreeModel::ProtectionColumn, QHeaderView::ResizeToContents);
    m_tree->expandAll();

    m_detailPane = new VaultDetailPane(this);
    m_keyActions = new KeyActions(host, this);
    m_keyOperations = new KeyOperations(host, this, this);
    m_keysView = new KeysView(host, *m_keyActions, *m_keyOperations, this);
    m_dueActions = new DueKeyActions(host, this, this);
    connect(m_keysView, &KeysView::activationRequested, this, [this] { m_detailTabs->setCurrentWidget(m_keysView); });
    m_certificateActions = new CertificateActions(host, this);
    m_certificateOperations = new CertificateOperations(host, this, this);
    m_dueCertificateActions = new DueCertificateActions(host, this, this);
    m_certificatesView = new CertificatesView(host, *m_certificateActions, *m_certificateOperations, this);
    connect(m_certificatesView, &CertificatesView::activationRequested, this,
            [this] { m_detailTabs->setCurrentWidget(m_certificatesView); });
    m_expiryModel = new model::ExpiryOverviewModel(host, this);

    // The selected vault's keys first (the daily work), its settings beside them.
    m_detailTabs = new QTabWidget(this);
    m_detailTabs->setObjectName(QStringLiteral("detailTabWidget"));
    m_detailTabs->addTab(m_keysView, QIcon(QStringLiteral(":/icons/key.svg")), tr("&Keys"));
    m_detailTabs->addTab(m_certificatesView, QIcon(QStringLiteral(":/icons/certificate.svg")), tr("Certifica&tes"));
    m_detailTabs->addTab(m_detailPane, QIcon(QStringLiteral(":/icons/vault.svg")), tr("Vault Detail&s"));

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_tree);
    splitter->addWidget(m_detailTabs);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({260, 840});
    splitter->setChildrenCollapsible(false);
    // Above the data, while the workspace is not activated: what that means, and the way out.
    m_activationBanner = new QWidget(this);
    m_activationBanner->setObjectName(QStringLiteral("activationBanner"));
    auto* bannerLayout = new QHBoxLayout(m_activationBanner);
    auto* bannerIcon = new QLabel(m_activationBanner);
    bannerIcon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(24, 24));
    auto* bannerText = new QLabel(tr("<b>This workspace is not activated.</b> Keys cannot be created or imported "
                                     "until its security domain has been downloaded to custodians."),
                                  m_activationBanner);
    bannerText->setObjectName(QStringLiteral("activationBannerLabel"));
    bannerText->setWordWrap(true);
    auto* bannerButton = new QPushButton(tr("&Activate…"), m_activationBanner);
    bannerButton->setObjectName(QStringLiteral("activateButton"));
    bannerLayout->addWidget(bannerIcon);
    bannerLayout->addWidget(bannerText, 1);
    bannerLayout->addWidget(bannerButton);
    m_activationBanner->setVisible(false);
    connect(bannerButton, &QPushButton::clicked, this, [this] { startActivation(); });
    auto* dataPage = new QWidget(this);
    auto* dataLayout = new QVBoxLayout(dataPage);
    dataLayout->setContentsMargins(0, 0, 0, 0);
    // Issue 9: a failed start-up self test, above everything else (it blocks key operations).
    m_selfTestBanner = new SelfTestBanner(this);
    m_selfTestBanner->setReport(crypto::selftest::startupReport());
    connect(m_selfTestBanner, &SelfTestBanner::detailsRequested, this, [this] { showSelfTest(); });
    dataLayout->addWidget(m_selfTestBanner);
    dataLayout->addWidget(m_activationBanner);
    dataLayout->addWidget(splitter, 1);
    m_dataPage = dataPage;
    m_lockPanel = new LockPanel(this);
    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(QStringLiteral("mainPages"));
    m_pages->addWidget(m_dataPage);
    m_pages->addWidget(m_lockPanel);
    setCentralWidget(m_pages);
    connect(m_lockPanel, &LockPanel::unlockRequested, this, [this] { unlockAsync(); });
    connect(m_lockPanel, &LockPanel::logoutRequested, this, &MainWindow::logoutRequested);

    createMenus();
    createStatusBar();
    createLockTriggers();
    updateTitle();
    resize(1100, 700);

    connect(m_tree->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::onSelectionChanged);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &MainWindow::showContextMenu);
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, &MainWindow::onModelAboutToBeReset);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::onModelReset);

    connect(m_actions->newVault(), &QAction::triggered, m_operations, &VaultOperations::startCreate);
    connect(m_actions->deleteVault(), &QAction::triggered, this,
            [this] { runSelected(&VaultOperations::startDelete); });
    connect(m_actions->recoverVault(), &QAction::triggered, this, [this] { runSelected(&VaultOperations::recover); });
    connect(m_actions->purgeVault(), &QAction::triggered, this, [this] { runSelected(&VaultOperations::startPurge); });
    connect(m_actions->refresh(), &QAction::triggered, m_model, &model::VaultTreeModel::reload);
    connect(m_expiryModel, &model::ExpiryOverviewModel::loaded, this, &MainWindow::updateExpiryCount);
    m_expiryModel->reload();

    connect(m_operations, &VaultOperations::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, kStatusTimeoutMs); });
    connect(m_operations, &VaultOperations::busyChanged, this, [this](bool busy) {
        m_actions->setBusy(busy);
        updateBusy();
    });
    connect(m_keyOperations, &KeyOperations::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, kStatusTimeoutMs); });
    connect(m_keyOperations, &KeyOperations::busyChanged, this, [this](bool busy) {
        m_keyActions->setBusy(busy);
        updateBusy();
    });
    connect(m_keyActions->dueActions(), &QAction::triggered, this, [this] { m_dueActions->check(false); });
    connect(m_dueActions, &DueKeyActions::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, kStatusTimeoutMs); });
    connect(m_dueActions, &DueKeyActions::busyChanged, this, &MainWindow::updateBusy);
    connect(m_certificateOperations, &CertificateOperations::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, kStatusTimeoutMs); });
    connect(m_certificateOperations, &CertificateOperations::busyChanged, this, [this](bool busy) {
        m_certificateActions->setBusy(busy);
        updateBusy();
    });
    connect(m_certificateActions->dueActions(), &QAction::triggered, this,
            [this] { m_dueCertificateActions->check(false); });
    connect(m_dueCertificateActions, &DueCertificateActions::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, kStatusTimeoutMs); });
    connect(m_dueCertificateActions, &DueCertificateActions::busyChanged, this, &MainWindow::updateBusy);
    connect(m_operations, &VaultOperations::vaultTouched, this, [this](const QString& name) {
        // The tree may not have loaded it yet: then it is selected when it arrives.
        m_pendingSelection = selectVault(name) ? QString() : name;
    });
    // Permissions change with role assignments: the actions re-check on ServiceHost::accessChanged.
    // Notifications: a badge in the status bar; a security-domain download refreshes them too.
    m_notifications = new NotificationCenter(host, this);
    statusBar()->insertPermanentWidget(0, m_notifications->badge());
    connect(m_notifications, &NotificationCenter::activated, this,
            [this](const model::DueNotification& notification) { openNotification(notification.resource); });
    connect(this, &MainWindow::activationChecked, m_notifications, &NotificationCenter::refresh);

    // Geometry, splitters, and the columns and sort order of the tree, keys and certificates.
    ViewStateKeeper::keep(this, QStringLiteral("mainWindow"), *m_settings);
    if (m_host.isLoggedIn())
        showLastLogin(m_host, statusBar());
    refreshActivation();
    m_tree->setFocus();
}

MainWindow::~MainWindow() = default;

void MainWindow::closeEvent(QCloseEvent* event)
{
    QMainWindow::closeEvent(event);
    if (event->isAccepted()) {
        m_clipboard->clearNow(); // a secret must not outlive the window on the clipboard
        Q_EMIT closed();
    }
}

void MainWindow::createMenus()
{
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    m_tokenAction = fileMenu->addAction(tr("&Token…"));
    m_tokenAction->setObjectName(QStringLiteral("tokenAction"));
    connect(m_tokenAction, &QAction::triggered, this, &MainWindow::showTokenPage);
    fileMenu->addSeparator();
    m_workspaceActions = new WorkspaceActions(*m_settings, m_host.directory(), this);
    m_workspaceActions->addTo(fileMenu);
    connect(m_workspaceActions, &WorkspaceActions::openRequested, this, &MainWindow::openWorkspaceRequested);
    connect(m_workspaceActions, &WorkspaceActions::newRequested, this, &MainWindow::newWorkspaceRequested);
    m_settingsAction = fileMenu->addAction(tr("&Settings…"));
    m_settingsAction->setObjectName(QStringLiteral("settingsAction"));
    // The platform's Preferences key where it has one, Ctrl+, everywhere.
    QList<QKeySequence> settingsKeys = QKeySequence::keyBindings(QKeySequence::Preferences);
    if (!settingsKeys.contains(QKeySequence(Qt::CTRL | Qt::Key_Comma)))
        settingsKeys.prepend(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_settingsAction->setShortcuts(settingsKeys);
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    m_settingsAction->setStatusTip(tr("Auto-lock, clipboard, theme and language"));
    connect(m_settingsAction, &QAction::triggered, this, [this] { showSettings(); });
    fileMenu->addSeparator();
    m_lockAction = fileMenu->addAction(QIcon(QStringLiteral(":/icons/lock.svg")), tr("Loc&k"));
    m_lockAction->setObjectName(QStringLiteral("lockAction"));
    m_lockAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_lockAction->setStatusTip(tr("Hide everything and forget unsealed keys until you enter your passphrase"));
    connect(m_lockAction, &QAction::triggered, this, &MainWindow::lock);
    QAction* logout = fileMenu->addAction(QIcon(QStringLiteral(":/icons/lock.svg")), tr("&Log Out"));
    logout->setObjectName(QStringLiteral("logoutAction"));
    connect(logout, &QAction::triggered, this, &MainWindow::logoutRequested);
    fileMenu->addSeparator();
    QAction* quit = fileMenu->addAction(tr("&Quit"));
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu* vaultMenu = menuBar()->addMenu(tr("&Vault"));
    vaultMenu->setObjectName(QStringLiteral("vaultMenu"));
    vaultMenu->addAction(m_actions->newVault());
    vaultMenu->addSeparator();
    vaultMenu->addAction(m_actions->deleteVault());
    vaultMenu->addAction(m_actions->recoverVault());
    vaultMenu->addAction(m_actions->purgeVault());
    vaultMenu->addSeparator();
    vaultMenu->addAction(m_actions->refresh());
    m_dataMenus << vaultMenu;

    QMenu* keyMenu = menuBar()->addMenu(tr("K&eys"));
    keyMenu->setObjectName(QStringLiteral("keyMenu"));
    keyMenu->addAction(m_keyActions->newKey());
    keyMenu->addAction(m_keyActions->importKey());
    keyMenu->addSeparator();
    keyMenu->addAction(m_keyActions->rotateKey());
    keyMenu->addAction(m_keyActions->enableKey());
    keyMenu->addAction(m_keyActions->disableKey());
    keyMenu->addAction(m_keyActions->tryOperation());
    keyMenu->addSeparator();
    keyMenu->addAction(m_keyActions->deleteKey());
    keyMenu->addAction(m_keyActions->recoverKey());
    keyMenu->addAction(m_keyActions->purgeKey());
    keyMenu->addSeparator();
    keyMenu->addAction(m_keyActions->showDeleted());
    keyMenu->addAction(m_keyActions->dueActions());
    m_dataMenus << keyMenu;

    QMenu* certificateMenu = menuBar()->addMenu(tr("&Certificates"));
    certificateMenu->setObjectName(QStringLiteral("certificateMenu"));
    certificateMenu->addAction(m_certificateActions->newCertificate());
    certificateMenu->addAction(m_certificateActions->importCertificate());
    certificateMenu->addSeparator();
    certificateMenu->addAction(m_certificateActions->renewCertificate());
    certificateMenu->addAction(m_certificateActions->exportCertificate());
    certificateMenu->addAction(m_certificateActions->revokeCertificate());
    certificateMenu->addSeparator();
    certificateMenu->addAction(m_certificateActions->deleteCertificate());
    certificateMenu->addAction(m_certificateActions->recoverCertificate());
    certificateMenu->addAction(m_certificateActions->purgeCertificate());
    certificateMenu->addSeparator();
    certificateMenu->addAction(m_certificateActions->showDeleted());
    certificateMenu->addAction(m_certificateActions->dueActions());
    certificateMenu->addSeparator();
    m_expiryAction = certificateMenu->addAction(tr("E&xpiry Overview…"));
    m_expiryAction->setObjectName(QStringLiteral("expiryOverviewAction"));
    m_expiryAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X));
    m_expiryAction->setStatusTip(tr("Certificates, keys and CRLs across all vaults by days left"));
    connect(m_expiryAction, &QAction::triggered, this, [this] { showExpiryOverview(); });
    m_dataMenus << certificateMenu;

    QMenu* accessMenu = menuBar()->addMenu(tr("&Access"));
    accessMenu->setObjectName(QStringLiteral("accessMenu"));
    m_accessAction =
        makeAction(this, tr("Roles and &access…"), "accessWindowAction", QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_A),
                   tr("Roles, assignments, separation of duties, effective access, operators and groups"));
    m_accessAction->setIcon(QIcon(QStringLiteral(":/icons/role.svg")));
    accessMenu->addAction(m_accessAction);
    connect(m_accessAction, &QAction::triggered, this, [this] { showAccessWindow(); });
    connect(&m_host, &model::ServiceHost::accessChanged, this, &MainWindow::updateAccessAction);
    updateAccessAction();
    // Access > Audit trail… (Ctrl+Shift+A; Ctrl+Alt+U is Due Certificate Actions): one window,
    // kept and raised; needs audit/read.
    accessMenu->addSeparator();
    QAction* auditAction =
        makeAction(this, tr("Audit &Trail…"), "auditWindowAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A),
                   tr("Review, verify and export the audit trail"));
    auditAction->setIcon(QIcon(QStringLiteral(":/icons/audit.svg")));
    accessMenu->addAction(auditAction);
    auto updateAuditAction = [this, auditAction] {
        const bool allowed = m_host.access().isAllowed(QStringLiteral("audit/read"), QStringLiteral("/"));
        auditAction->setEnabled(allowed);
        auditAction->setToolTip(allowed ? QString() : tr("You lack the permission audit/read at /"));
    };
    connect(&m_host, &model::ServiceHost::accessChanged, this, updateAuditAction);
    updateAuditAction();
    connect(auditAction, &QAction::triggered, this, [this] {
        auto* window = findChild<AuditWindow*>(QStringLiteral("auditWindow"), Qt::FindDirectChildrenOnly);
        if (!window) {
            window = new AuditWindow(m_host, this);
            ViewStateKeeper::keep(window, QStringLiteral("auditWindow"), *m_settings);
            connect(window, &AuditWindow::resourceActivated, this,
                    [this](const QString& resource) { showAuditResource(resource); });
        } else {
            window->refresh();
        }
        window->show();
        window->raise();
        window->activateWindow();
    });
    m_dataMenus << accessMenu;

    createSecurityDomainMenu();

    // Go > Find Anything… (Ctrl+K): vaults, keys, certificates, operators and roles in one box.
    QMenu* goMenu = menuBar()->addMenu(tr("&Go"));
    goMenu->setObjectName(QStringLiteral("goMenu"));
    m_searchAction = makeAction(this, tr("&Find Anything…"), "globalSearchAction", QKeySequence(Qt::CTRL | Qt::Key_K),
                                tr("Find vaults, keys, certificates, operators and roles by name, tag, subject, SAN, "
                                   "fingerprint or serial"));
    goMenu->addAction(m_searchAction);
    connect(m_searchAction, &QAction::triggered, this, [this] { showGlobalSearch(); });
    m_dataMenus << goMenu;

    QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
    // Generated from the actions themselves, so it never goes stale.
    QAction* shortcutsAction =
        makeAction(this, tr("&Keyboard Shortcuts"), "keyboardShortcutsAction", QKeySequence(Qt::CTRL | Qt::Key_Slash),
                   tr("Every keyboard shortcut of the main window, its menus and its windows"));
    helpMenu->addAction(shortcutsAction);
    connect(shortcutsAction, &QAction::triggered, this, [this] {
        auto* dialog = new KeyboardShortcutsDialog(this, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    m_selfTestAction = makeAction(this, tr("&Self Test…"), "selfTestAction", QKeySequence(),
                                  tr("The start-up self tests of the cryptographic primitives and the process"));
    helpMenu->addAction(m_selfTestAction);
    connect(m_selfTestAction, &QAction::triggered, this, [this] { showSelfTest(); });
    helpMenu->addSeparator();
    QAction* about = helpMenu->addAction(tr("&About Custos"));
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);

    QToolBar* toolBar = addToolBar(tr("Vaults"));
    toolBar->setObjectName(QStringLiteral("vaultToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setMovable(false);
    toolBar->addAction(m_actions->newVault());
    toolBar->addAction(m_actions->deleteVault());
    toolBar->addAction(m_actions->recoverVault());
    toolBar->addAction(m_actions->purgeVault());
    toolBar->addSeparator();
    toolBar->addAction(m_actions->refresh());

    QToolBar* keyToolBar = addToolBar(tr("Keys"));
    keyToolBar->setObjectName(QStringLiteral("keyToolBar"));
    keyToolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    keyToolBar->setMovable(false);
    m_keyActions->newKey()->setIcon(QIcon(QStringLiteral(":/icons/key.svg")));
    keyToolBar->addAction(m_keyActions->newKey());
    keyToolBar->addAction(m_keyActions->rotateKey());
    keyToolBar->addAction(m_keyActions->deleteKey());
    m_toolBars << toolBar << keyToolBar;
}

void MainWindow::createStatusBar()
{
    m_busyBar = new QProgressBar(this);
    m_busyBar->setObjectName(QStringLiteral("operationProgressBar"));
    m_busyBar->setRange(0, 0);
    m_busyBar->setMaximumWidth(120);
    m_busyBar->setTextVisible(false);
    m_busyBar->setVisible(false);

    m_operatorLabel = new QLabel(this);
    m_operatorLabel->setObjectName(QStringLiteral("operatorStatusLabel"));
    m_operatorLabel->setText(tr("Operator: %1").arg(m_host.operatorName()));
    m_workspaceLabel = new QLabel(this);
    m_workspaceLabel->setObjectName(QStringLiteral("workspaceStatusLabel"));
    m_workspaceLabel->setText(QDir::toNativeSeparators(m_host.directory()));
    m_workspaceLabel->setToolTip(tr("Workspace directory"));

    // A test workspace has a cheap KDF: say so where the operator always sees it.
    if (m_host.isTestWorkspace()) {
        auto* testLabel = new QLabel(tr("Test workspace"), this);
        testLabel->setObjectName(QStringLiteral("testWorkspaceStatusLabel"));
        testLabel->setToolTip(tr("Passphrases in this workspace use a reduced key derivation cost. Do not keep "
                                 "production keys here."));
        QFont bold = testLabel->font();
        bold.setBold(true);
        testLabel->setFont(bold);
        statusBar()->addPermanentWidget(testLabel);
    }
    m_expiryLabel = new QLabel(this);
    m_expiryLabel->setObjectName(QStringLiteral("expiryStatusLabel"));
    m_expiryLabel->setToolTip(tr("Certificates, keys and CRLs expired or due within 30 days (Ctrl+Shift+X)"));
    m_expiryLabel->setVisible(false);
    statusBar()->addPermanentWidget(m_expiryLabel);
    m_activationIndicator = new QToolButton(this);
    m_activationIndicator->setObjectName(QStringLiteral("activationStatusIndicator"));
    m_activationIndicator->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_activationIndicator->setAutoRaise(true);
    m_activationIndicator->setVisible(false); // until the state is known
    connect(m_activationIndicator, &QToolButton::clicked, this, [this] { showSecurityDomainView(); });
    statusBar()->addPermanentWidget(m_activationIndicator);
    statusBar()->addPermanentWidget(m_busyBar);
    statusBar()->addPermanentWidget(m_operatorLabel);
    statusBar()->addPermanentWidget(m_workspaceLabel);
}

void MainWindow::updateTitle()
{
    const QString directory = QDir::toNativeSeparators(m_host.directory());
    if (m_host.isTestWorkspace())
        setWindowTitle(tr("Custos — %1 — test workspace").arg(directory));
    else
        setWindowTitle(tr("Custos — %1").arg(directory));
}

bool MainWindow::selectVault(const QString& name)
{
    const QModelIndex source = m_model->indexOf(name);
    if (!source.isValid())
        return false;
    const QModelIndex index = m_proxy->mapFromSource(source);
    m_tree->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_tree->scrollTo(index);
    return true;
}

void MainWindow::onSelectionChanged()
{
    const QModelIndexList rows = m_tree->selectionModel()->selectedRows();
    std::optional<model::Vault> vault;
    if (!rows.isEmpty())
        vault = m_model->vault(m_proxy->mapToSource(rows.first()));
    m_detailPane->setVault(vault);
    m_actions->setSelection(vault);
    m_keysView->setVault(vault);
    m_certificatesView->setVault(vault);
}

void MainWindow::onModelAboutToBeReset()
{
    const std::optional<model::Vault>& selected = m_actions->selection();
    m_selectedBeforeReset = selected ? selected->name : QString();
}

void MainWindow::onModelReset()
{
    m_tree->expandAll();
    if (!m_pendingSelection.isEmpty() && selectVault(m_pendingSelection)) {
        m_pendingSelection.clear();
        return;
    }
    // A reset drops the selection: keep showing the same vault (now possibly under "Deleted vaults").
    if (m_selectedBeforeReset.isEmpty() || !selectVault(m_selectedBeforeReset))
        onSelectionChanged();
}

void MainWindow::showContextMenu(const QPoint& position)
{
    const QModelIndex index = m_tree->indexAt(position);
    if (index.isValid() && !m_tree->selectionModel()->isRowSelected(index.row(), index.parent()))
        m_tree->selectionModel()->setCurrentIndex(index,
                                                  QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("vaultContextMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addActions(m_actions->applicable());
    menu->popup(m_tree->viewport()->mapToGlobal(position));
}

void MainWindow::showTokenPage()
{
    // One page, kept when closed (no delete-on-close race with a quick reopen); it reloads when shown
    // again, and a second trigger raises the open one.
    auto* page = findChild<TokenPage*>(QStringLiteral("tokenPage"), Qt::FindDirectChildrenOnly);
    if (!page)
        page = new TokenPage(m_host, this);
    page->show();
    page->raise();
    page->activateWindow();
}

void MainWindow::showAbout()
{
    auto* box = new QMessageBox(QMessageBox::Information, tr("About Custos"),
                                tr("<b>Custos</b><br>Key custody administration for vaults, keys, certificates, "
                                   "roles and an audit trail on a PKCS#11 token."),
                                QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("aboutMessageBox"));
    box->setIconPixmap(QIcon(QStringLiteral(":/icons/custos.svg")).pixmap(64, 64));
    box->setInformativeText(
        tr("Version %1, built with Qt %2.").arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::updateBusy()
{
    m_busyBar->setVisible(m_operations->isBusy() || m_keyOperations->isBusy() || m_dueActions->isBusy() ||
                          m_certificateOperations->isBusy() || m_dueCertificateActions->isBusy());
}

void MainWindow::checkDueKeyActions()
{
    m_dueActions->check(true);
}

void MainWindow::checkDueCertificateActions()
{
    m_dueCertificateActions->check(true);
}

void MainWindow::lock()
{
    if (!isLocked())
        lockAsync();
}

bool MainWindow::isLocked() const
{
    return m_pages->currentWidget() == m_lockPanel;
}

void MainWindow::showLocked(bool locked)
{
    m_pages->setCurrentWidget(locked ? static_cast<QWidget*>(m_lockPanel) : m_dataPage);
    m_dataPage->setVisible(!locked);
    for (QToolBar* bar : std::as_const(m_toolBars))
        bar->setVisible(!locked);
    for (QMenu* menu : std::as_const(m_dataMenus))
        menu->menuAction()->setVisible(!locked);
    m_tokenAction->setEnabled(!locked);
    m_lockAction->setEnabled(!locked);
    if (locked) {
        // Every open dialog shows data too (the token page, a confirmation naming a key), and an
        // operation still running may open one when it ends: the shield closes them all.
        m_lockShield->raise();
        m_clipboard->clearNow();
        m_lockPanel->reset(m_host.lockedOperator());
        activateWindow();
        m_lockPanel->focusPassphrase();
        // Again once the hidden dialogs have given the activation back.
        QTimer::singleShot(0, m_lockPanel, &LockPanel::focusPassphrase);
        statusBar()->clearMessage();
    } else {
        m_lockShield->lower();
        m_inactivity->restart();
        m_tree->setFocus();
    }
}

QCoro::Task<> MainWindow::lockAsync()
{
    QPointer<MainWindow> guard(this);
    auto locking = m_host.lock(); // hides the data for the GUI at once (lockChanged)
    showLocked(true);
    Outcome<void> locked = co_await locking;
    if (!guard)
        co_return;
    if (!locked)
        m_lockPanel->showError(tr("Locking failed: %1").arg(locked.error().message));
}

void MainWindow::createLockTriggers()
{
    m_lockShield = new LockShield(this);
    m_clipboard = new SecureClipboard(QApplication::clipboard(), this);
    m_inactivity = new InactivityTimer(this);
    m_screenLock = new ScreenLockWatcher(this);
    applySecuritySettings();
    connect(m_settings, &AppSettings::changed, this, &MainWindow::applySecuritySettings);
    // Only a logged-in, unlocked window locks (the login dialog has nothing to hide).
    connect(m_inactivity, &InactivityTimer::timedOut, this, [this] {
        if (m_host.isLoggedIn() && !isLocked())
            lock();
    });
    connect(m_screenLock, &ScreenLockWatcher::screenLocked, this, [this] {
        if (m_settings->lockOnScreenLock() && m_host.isLoggedIn() && !isLocked())
            lock();
    });
    // An operation that ends while locked must not tell the status bar about its data.
    connect(statusBar(), &QStatusBar::messageChanged, this, [this](const QString& text) {
        if (isLocked() && !text.isEmpty())
            statusBar()->clearMessage();
    });
}

void MainWindow::applySecuritySettings()
{
    m_inactivity->setTimeout(m_settings->idleLockTimeout());
    m_clipboard->setClearDelay(m_settings->clipboardClearDelay());
}

QCoro::Task<> MainWindow::unlockAsync()
{
    QPointer<MainWindow> guard(this);
    auto unlocking = m_lockPanel->unlock(m_host);
    const bool unlocked = co_await unlocking;
    if (!guard || !unlocked)
        co_return;
    showLocked(false);
    m_model->reload(); // what the operator may see may have changed meanwhile
}

void MainWindow::runSelected(void (VaultOperations::*operation)(const model::Vault&))
{
    if (const std::optional<model::Vault>& vault = m_actions->selection())
        (m_operations->*operation)(*vault);
}

void MainWindow::updateExpiryCount()
{
    const int count = m_expiryModel->dueSoonCount();
    // Text as well as the icon: the status is never told by colour alone.
    m_expiryLabel->setText(tr("%n expiring within 30 days", nullptr, count));
    m_expiryLabel->setVisible(count > 0);
}

ExpiryOverviewDialog* MainWindow::showExpiryOverview()
{
    auto* dialog = findChild<ExpiryOverviewDialog*>(QStringLiteral("expiryOverviewDialog"), Qt::FindDirectChildrenOnly);
    if (!dialog)
        dialog = new ExpiryOverviewDialog(*m_expiryModel, this);
    m_expiryModel->reload();
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
    return dialog;
}

void MainWindow::updateAccessAction()
{
    // Any of the window's read permissions opens it; each tab says what it cannot show.
    const QStringList reads = {QStringLiteral("roleDefinitions/read/action"),
                               QStringLiteral("roleAssignments/read/action"), QStringLiteral("operators/read")};
    bool allowed = false;
    for (const QString& permission : reads)
        allowed = allowed || m_host.access().isAllowed(permission, QStringLiteral("/"));
    m_accessAction->setEnabled(allowed);
    m_accessAction->setToolTip(allowed ? QString()
                                       : tr("You lack the permissions %1 at /").arg(reads.join(QStringLiteral(", "))));
}

// An audit event's resource: its vault in the tree, and the key or certificate in its tab
// ("/vaults/V/keys/K/versions/ID", "/vaults/V/certificates/C"); other resources only raise the window.
void MainWindow::showAuditResource(const QString& resource)
{
    const QStringList parts = resource.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    raise();
    activateWindow();
    if (parts.size() < 2 || parts.at(0) != QLatin1String("vaults") || !selectVault(parts.at(1)))
        return;
    if (parts.size() < 4)
        return;
    const QString name = parts.at(3);
    if (parts.at(2) == QLatin1String("keys")) {
        m_detailTabs->setCurrentWidget(m_keysView);
        if (!m_keysView->selectKey(name)) {
            // The vault's keys are on their way: select it once they arrive.
            auto connection = std::make_shared<QMetaObject::Connection>();
            *connection = connect(m_keysView->keyModel(), &model::KeyListModel::loaded, this, [this, name, connection] {
                m_keysView->selectKey(name);
                disconnect(*connection);
            });
        }
    } else if (parts.at(2) == QLatin1String("certificates")) {
        m_detailTabs->setCurrentWidget(m_certificatesView);
        m_certificatesView->selectCertificate(name);
    }
}

// A notification's object: a key or certificate selected in its vault, a custodian's security domain.
void MainWindow::openNotification(const QString& resource)
{
    if (resource.startsWith(QLatin1String("/securitydomain/"))) {
        showSecurityDomainView();
        return;
    }
    showAuditResource(resource);
    const QStringList parts = resource.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.size() < 4 || parts.at(2) != QLatin1String("certificates") ||
        m_certificatesView->selectCertificate(parts.at(3)))
        return;
    // The vault's certificates are on their way: select it once they arrive.
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(m_certificatesView->certificateModel(), &model::CertificateListModel::loaded, this,
                          [this, name = parts.at(3), connection] {
                              m_certificatesView->selectCertificate(name);
                              disconnect(*connection);
                          });
}

SettingsDialog* MainWindow::showSettings()
{
    // A fresh one each time: it shows what is stored now.
    auto* dialog = findChild<SettingsDialog*>(QStringLiteral("settingsDialog"), Qt::FindDirectChildrenOnly);
    if (dialog) {
        dialog->raise();
        dialog->activateWindow();
        return dialog;
    }
    dialog = new SettingsDialog(*m_settings, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

GlobalSearchPopup* MainWindow::showGlobalSearch()
{
    if (isLocked())
        return nullptr;
    auto* popup = findChild<GlobalSearchPopup*>(QStringLiteral("globalSearchPopup"), Qt::FindDirectChildrenOnly);
    if (!popup) {
        popup = new GlobalSearchPopup(m_host, this);
        connect(popup, &GlobalSearchPopup::hitActivated, this,
                [this](const model::SearchHit& hit) { showSearchHit(*this, hit); });
    }
    popup->popup();
    return popup;
}

AccessWindow* MainWindow::showAccessWindow()
{
    auto* window = findChild<AccessWindow*>(QStringLiteral("accessWindow"), Qt::FindDirectChildrenOnly);
    if (!window) {
        window = new AccessWindow(m_host, this);
        ViewStateKeeper::keep(window, QStringLiteral("accessWindow"), *m_settings);
    }
    window->show();
    window->raise();
    window->activateWindow();
    return window;
}

void MainWindow::createSecurityDomainMenu()
{
    m_securityDomainMenu = menuBar()->addMenu(tr("Security &Domain"));
    m_securityDomainMenu->setObjectName(QStringLiteral("securityDomainMenu"));
    QAction* status = makeAction(this, tr("&Status…"), "securityDomainStatusAction", {},
                                 tr("Activation, the custodian set in force and the history of security-domain files"));
    m_sdDownloadAction = makeAction(this, tr("&Download…"), "securityDomainDownloadAction", {},
                                    tr("Back up the domain key to a quorum of custodians"));
    m_sdRotateAction = makeAction(this, tr("&Rotate…"), "securityDomainRotateAction", {},
                                  tr("A new domain key for everything wrapped from now on, and a new file for it"));
    m_securityDomainMenu->addAction(status);
    m_securityDomainMenu->addAction(m_sdDownloadAction);
    m_securityDomainMenu->addAction(m_sdRotateAction);
    connect(status, &QAction::triggered, this, [this] { showSecurityDomainView(); });
    connect(m_sdDownloadAction, &QAction::triggered, this, [this] { startSecurityDomainDownload(false); });
    connect(m_sdRotateAction, &QAction::triggered, this, [this] { startSecurityDomainDownload(true); });
    // The restore ceremony, Managed HSM's offline restore blob and the custodians' share drill.
    m_securityDomainMenu->addSeparator();
    QAction* restore = makeAction(this, tr("R&estore…"), "securityDomainRestoreAction", {},
                                  tr("Restore a domain key into this new workspace from its security-domain file"));
    QAction* restoreBlob = makeAction(
        this, tr("Managed HSM Restore &Blob…"), "securityDomainRestoreBlobAction", {},
        tr("Azure Managed HSM's offline step: a restore blob from the file, the exchange key and custodians"));
    QAction* verifyShare = makeAction(this, tr("&Verify a Share…"), "securityDomainVerifyShareAction", {},
                                      tr("The custodians' drill: does a key still open its share of a file?"));
    m_securityDomainMenu->addAction(restore);
    m_securityDomainMenu->addAction(restoreBlob);
    m_securityDomainMenu->addAction(verifyShare);
    // Issue 9: ceremony mode (ui/ceremony), full screen with only the ceremonies, after an air-gap check.
    m_securityDomainMenu->addSeparator();
    QAction* ceremonyMode = makeAction(this, tr("&Ceremony Mode…"), "ceremonyModeAction", {},
                                       tr("Full screen, large type, no clipboard and only the ceremonies, after an "
                                          "air-gap check"));
    m_securityDomainMenu->addAction(ceremonyMode);
    connect(ceremonyMode, &QAction::triggered, this, [this] { startCeremonyMode(); });
    connect(restore, &QAction::triggered, this, [this] {
        auto* wizard = new RestoreWizard(m_host, this);
        wizard->setAttribute(Qt::WA_DeleteOnClose);
        connect(wizard, &RestoreWizard::restored, this, [this] {
            refreshActivation();
            statusBar()->showMessage(tr("Domain key restored: restore the latest backup next"), kStatusTimeoutMs);
        });
        wizard->open();
    });
    connect(restoreBlob, &QAction::triggered, this, [this] {
        auto* wizard = new RestoreBlobWizard(&m_host, this);
        wizard->setAttribute(Qt::WA_DeleteOnClose);
        wizard->open();
    });
    connect(verifyShare, &QAction::triggered, this, [this] {
        auto* dialog = new VerifyShareDialog(m_host, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    auto updateRestoreActions = [this, restore, verifyShare] {
        const bool upload =
            m_host.access().isAllowed(QStringLiteral("securitydomain/upload/action"), QStringLiteral("/"));
        restore->setEnabled(upload);
        restore->setToolTip(upload ? QString() : tr("You lack the permission securitydomain/upload/action at /"));
        const bool read = m_host.access().isAllowed(QStringLiteral("securitydomain/upload/read"), QStringLiteral("/"));
        verifyShare->setEnabled(read);
        verifyShare->setToolTip(read ? QString() : tr("You lack the permission securitydomain/upload/read at /"));
    };
    connect(&m_host, &model::ServiceHost::accessChanged, this, updateRestoreActions);
    updateRestoreActions();
    connect(&m_host, &model::ServiceHost::accessChanged, this, &MainWindow::updateSecurityDomainActions);
    updateSecurityDomainActions();
    m_dataMenus << m_securityDomainMenu;
}

void MainWindow::updateSecurityDomainActions()
{
    const bool allowed =
        m_host.access().isAllowed(QStringLiteral("securitydomain/download/action"), QStringLiteral("/"));
    const QString missing = allowed ? QString() : tr("You lack the permission securitydomain/download/action at /");
    m_sdDownloadAction->setEnabled(allowed);
    m_sdDownloadAction->setToolTip(missing);
    // Rotation needs a security domain in force.
    const bool rotatable = allowed && m_activated.value_or(false);
    m_sdRotateAction->setEnabled(rotatable);
    m_sdRotateAction->setToolTip(!allowed ? missing : rotatable ? QString() : tr("Download the security domain first"));
}

SecurityDomainView* MainWindow::showSecurityDomainView()
{
    auto* view = findChild<SecurityDomainView*>(QStringLiteral("securityDomainView"), Qt::FindDirectChildrenOnly);
    if (!view) {
        view = new SecurityDomainView(m_host, this);
        connect(view, &SecurityDomainView::downloadRequested, this, [this] { startSecurityDomainDownload(false); });
        connect(view, &SecurityDomainView::rotateRequested, this, [this] { startSecurityDomainDownload(true); });
    } else {
        view->reload();
    }
    view->show();
    view->raise();
    view->activateWindow();
    return view;
}

DownloadWizard* MainWindow::startSecurityDomainDownload(bool rotate)
{
    auto* wizard =
        new DownloadWizard(m_host, rotate ? DownloadWizard::Mode::Rotate : DownloadWizard::Mode::Download, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &DownloadWizard::completed, this, [this, rotate] {
        refreshActivation();
        if (auto* view =
                findChild<SecurityDomainView*>(QStringLiteral("securityDomainView"), Qt::FindDirectChildrenOnly))
            view->reload();
        statusBar()->showMessage(rotate ? tr("Domain key rotated; the new security-domain file is written")
                                        : tr("Security domain downloaded"),
                                 kStatusTimeoutMs);
    });
    wizard->open();
    return wizard;
}

ActivationWizard* MainWindow::startActivation()
{
    if (auto* open = findChild<ActivationWizard*>(QStringLiteral("activationWizard"), Qt::FindDirectChildrenOnly)) {
        open->raise();
        return open;
    }
    auto* wizard = new ActivationWizard(m_host, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &ActivationWizard::downloadRequested, this, [this] { startSecurityDomainDownload(false); });
    connect(wizard, &ActivationWizard::activated, this, [this] {
        refreshActivation();
        if (auto* view =
                findChild<SecurityDomainView*>(QStringLiteral("securityDomainView"), Qt::FindDirectChildrenOnly))
            view->reload();
    });
    connect(wizard, &ActivationWizard::skipped, this, [this] {
        statusBar()->showMessage(tr("Not activated: activate through Security Domain > Download… or the banner"),
                                 kStatusTimeoutMs);
    });
    wizard->open();
    return wizard;
}

void MainWindow::checkActivation()
{
    loadActivation(true);
}

void MainWindow::refreshActivation()
{
    loadActivation(false);
}

QCoro::Task<> MainWindow::loadActivation(bool offerWizard)
{
    QPointer<MainWindow> guard(this);
    auto task = m_host.call([](model::Services& services) { return services.securityDomain().status(); });
    auto status = co_await task;
    if (!guard || !status)
        co_return;
    const bool activated = status->activated;
    showActivation(activated);
    Q_EMIT activationChecked(activated);
    const bool allowed =
        m_host.access().isAllowed(QStringLiteral("securitydomain/download/action"), QStringLiteral("/"));
    if (offerWizard && !activated && allowed && !m_activationOffered && !isLocked()) {
        m_activationOffered = true;
        startActivation();
    }
}

void MainWindow::showActivation(bool activated)
{
    m_activated = activated;
    m_activationIndicator->setVisible(true);
    // Text and icon: the state is never told by colour alone.
    m_activationIndicator->setIcon(
        style()->standardIcon(activated ? QStyle::SP_DialogApplyButton : QStyle::SP_MessageBoxWarning));
    m_activationIndicator->setText(activated ? tr("Activated") : tr("Not activated"));
    QFont font = m_activationIndicator->font();
    font.setBold(!activated);
    m_activationIndicator->setFont(font);
    m_activationIndicator->setToolTip(activated ? tr("The security domain is downloaded (Security Domain > Status…)")
                                                : model::notActivatedMessage());
    m_activationBanner->setVisible(!activated);
    // The key actions that would be refused say why before they are tried.
    QAction* newKey = m_keyActions->newKey();
    if (!newKey->property("custosPlainStatusTip").isValid())
        newKey->setProperty("custosPlainStatusTip", newKey->statusTip());
    newKey->setStatusTip(activated ? newKey->property("custosPlainStatusTip").toString()
                                   : model::notActivatedMessage());
    updateSecurityDomainActions();
}

SelfTestDialog* MainWindow::showSelfTest()
{
    // The process checks read now, the primitives' results as recorded at start-up (the gate's).
    crypto::selftest::SelfTestReport report = crypto::selftest::processSelfTests();
    report.append(crypto::selftest::startupReport());
    if (!m_selfTestDialog)
        m_selfTestDialog = new SelfTestDialog(report, this);
    else
        m_selfTestDialog->setReport(report);
    m_selfTestDialog->show();
    m_selfTestDialog->raise();
    m_selfTestDialog->activateWindow();
    return m_selfTestDialog;
}

CeremonyWindow* MainWindow::startCeremonyMode()
{
    if (m_ceremonyWindow) {
        m_ceremonyWindow->enter();
        return m_ceremonyWindow;
    }
    // Not a child window: this window's lock hides its children, and the ceremony window follows
    // the lock by itself (ServiceHost::lockChanged). Deleted with this window at the latest.
    auto* window = new CeremonyWindow(m_host, CeremonyWindow::Route::FromMainWindow, m_settings);
    m_ceremonyWindow = window;
    connect(this, &QObject::destroyed, window, [window] { delete window; });
    m_clipboard->setEnabled(false);
    connect(window, &CeremonyWindow::logoutRequested, this, &MainWindow::logoutRequested);
    connect(window, &CeremonyWindow::left, this, [this, window] {
        m_ceremonyWindow = nullptr;
        window->hide();
        window->deleteLater();
        m_clipboard->setEnabled(true);
        // Unlocked in the ceremony window while this one showed its lock panel.
        if (isLocked() && !m_host.isLocked())
            showLocked(false);
        show();
        raise();
        activateWindow();
    });
    hide();
    window->enter();
    return window;
}

} // namespace custos::ui
