#pragma once

#include <QObject>
#include <QString>

class QAction;
class QMenu;
class QWidget;

namespace custos::ui {

class AppSettings;

// Why `directory` cannot be opened as a workspace ("" when it can): it does not exist, is not a
// directory, or holds no Custos workspace.
QString workspaceOpenProblem(const QString& directory);
// Why a new workspace cannot be created in `directory` ("" when it can: missing or empty).
QString workspaceCreateProblem(const QString& directory);

// File > Open Workspace… (Ctrl+O), File > Open Recent (AppSettings::recentWorkspaces, most recent
// first; a workspace that is gone is shown disabled and can be removed) and File > New
// Workspace…. They only choose: the signals go to GuiController, which logs out of the current
// workspace (an audited Logout) and shows the login (or the first-run dialog) for the other one.
class WorkspaceActions : public QObject
{
    Q_OBJECT
public:
    WorkspaceActions(AppSettings& settings, QString currentDirectory, QWidget* window);

    void addTo(QMenu* fileMenu);
    QAction* openAction() const { return m_open; }
    QAction* newAction() const { return m_new; }
    QMenu* recentMenu() const { return m_recent; }

    // Checks `directory` and emits openRequested, or explains why not (a message box, and a
    // recent entry that is gone is removed from the list).
    void requestOpen(const QString& directory);
    void requestNew(const QString& directory);
    // Fills the Open Recent menu from the settings (also done each time it is about to show).
    void updateRecentMenu();

Q_SIGNALS:
    void openRequested(const QString& directory);
    void newRequested(const QString& directory);

private:
    void chooseDirectory(bool create);
    void refuse(const QString& title, const QString& problem);

    AppSettings& m_settings;
    QString m_current;
    QWidget* m_window;
    QAction* m_open = nullptr;
    QAction* m_new = nullptr;
    QMenu* m_recent = nullptr;
};

} // namespace custos::ui
