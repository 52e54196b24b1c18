#include "MainWindow.h"

#include "model/itemmodels/VaultTreeModel.h"
#include "model/services/Services.h"
#include "model/session/Session.h"
#include "ui/actions/VaultActions.h"
#include "ui/actions/VaultOperations.h"
#include "ui/delegates/VaultIconProxyModel.h"
#include "ui/views/VaultDetailPane.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFont>
#include <QHeaderView>
#include <QIcon>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>
#include <QTreeView>

namespace custos::ui {

namespace {
constexpr int kStatusTimeoutMs = 8000;
}

MainWindow::MainWindow(model::Services& services, QWidget* parent) : QMainWindow(parent), m_services(services)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/custos.svg")));

    m_model = new model::VaultTreeModel(services.vaults(), this);
    m_proxy = new VaultIconProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_actions = new VaultActions(services.path(), this);
    m_operations = new VaultOperations(services.vaults(), this, this);

    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("vaultTreeView"));
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

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_tree);
    splitter->addWidget(m_detailPane);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);
    setCentralWidget(splitter);

    createMenus();
    createStatusBar();
    updateTitle();
    resize(960, 600);

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

    connect(m_operations, &VaultOperations::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, kStatusTimeoutMs); });
    connect(m_operations, &VaultOperations::busyChanged, this, [this](bool busy) {
        m_busyBar->setVisible(busy);
        m_actions->setBusy(busy);
    });
    connect(m_operations, &VaultOperations::vaultTouched, this, &MainWindow::selectVault);
    // Permissions change with role assignments: re-check what the operator may do.
    connect(&services.roles(), &model::RoleService::assignmentsChanged, m_actions, &VaultActions::updateEnabled);

    m_tree->setFocus();
}

MainWindow::~MainWindow() = default;

void MainWindow::closeEvent(QCloseEvent* event)
{
    QMainWindow::closeEvent(event);
    if (event->isAccepted())
        Q_EMIT closed();
}

void MainWindow::createMenus()
{
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
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

    QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
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
    m_operatorLabel->setText(tr("Operator: %1").arg(m_services.session().operatorName()));
    m_workspaceLabel = new QLabel(this);
    m_workspaceLabel->setObjectName(QStringLiteral("workspaceStatusLabel"));
    m_workspaceLabel->setText(QDir::toNativeSeparators(m_services.workspace().directory()));
    m_workspaceLabel->setToolTip(tr("Workspace directory"));

    // A test workspace has a cheap KDF: say so where the operator always sees it.
    if (m_services.workspace().isTestWorkspace()) {
        auto* testLabel = new QLabel(tr("Test workspace"), this);
        testLabel->setObjectName(QStringLiteral("testWorkspaceStatusLabel"));
        testLabel->setToolTip(tr("Passphrases in this workspace use a reduced key derivation cost. Do not keep "
                                 "production keys here."));
        QFont bold = testLabel->font();
        bold.setBold(true);
        testLabel->setFont(bold);
        statusBar()->addPermanentWidget(testLabel);
    }
    statusBar()->addPermanentWidget(m_busyBar);
    statusBar()->addPermanentWidget(m_operatorLabel);
    statusBar()->addPermanentWidget(m_workspaceLabel);
}

void MainWindow::updateTitle()
{
    const QString directory = QDir::toNativeSeparators(m_services.workspace().directory());
    if (m_services.workspace().isTestWorkspace())
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
}

void MainWindow::onModelAboutToBeReset()
{
    const std::optional<model::Vault>& selected = m_actions->selection();
    m_selectedBeforeReset = selected ? selected->name : QString();
}

void MainWindow::onModelReset()
{
    m_tree->expandAll();
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

void MainWindow::runSelected(void (VaultOperations::*operation)(const model::Vault&))
{
    if (const std::optional<model::Vault>& vault = m_actions->selection())
        (m_operations->*operation)(*vault);
}

} // namespace custos::ui
