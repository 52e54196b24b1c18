#pragma once

#include "model/domain/Vault.h"

#include <QMainWindow>

class QLabel;
class QProgressBar;
class QTabWidget;
class QTreeView;

namespace custos::model {
class Services;
class VaultTreeModel;
} // namespace custos::model

namespace custos::ui {

class DueKeyActions;
class KeyActions;
class KeyOperations;
class KeysView;
class VaultActions;
class VaultDetailPane;
class VaultIconProxyModel;
class VaultOperations;

// Composition only: the vault tree, the detail pane, menus, the status bar. Operations live in
// VaultOperations, their enabling in VaultActions.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(model::Services& services, QWidget* parent = nullptr);
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
    // After login: asks to carry out the keys' due lifetime actions, silent when none are due.
    void checkDueKeyActions();
    bool selectVault(const QString& name);

Q_SIGNALS:
    void logoutRequested();
    void closed(); // the user closed the window (Quit, Ctrl+Q, the title bar)

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

    model::Services& m_services;
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
    QTabWidget* m_detailTabs = nullptr;
    QLabel* m_operatorLabel = nullptr;
    QLabel* m_workspaceLabel = nullptr;
    QProgressBar* m_busyBar = nullptr;
    QString m_selectedBeforeReset;
};

} // namespace custos::ui
