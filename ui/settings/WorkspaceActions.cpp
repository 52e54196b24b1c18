#include "WorkspaceActions.h"

#include "model/session/Workspace.h"
#include "ui/settings/AppSettings.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>

namespace custos::ui {

QString workspaceOpenProblem(const QString& directory)
{
    const QFileInfo info(directory);
    const QString shown = QDir::toNativeSeparators(directory);
    if (!info.exists())
        return WorkspaceActions::tr("%1 does not exist.").arg(shown);
    if (!info.isDir())
        return WorkspaceActions::tr("%1 is not a directory.").arg(shown);
    if (!model::Workspace::looksInitialised(directory))
        return WorkspaceActions::tr("%1 is not a Custos workspace: it holds no workspace database (custos.db). "
                                    "Use File > New Workspace… to create one.")
            .arg(shown);
    return {};
}

QString workspaceCreateProblem(const QString& directory)
{
    const QFileInfo info(directory);
    const QString shown = QDir::toNativeSeparators(directory);
    if (!info.exists())
        return {};
    if (!info.isDir())
        return WorkspaceActions::tr("%1 is not a directory.").arg(shown);
    if (model::Workspace::looksInitialised(directory))
        return WorkspaceActions::tr("%1 holds a Custos workspace already: open it with File > Open Workspace….")
            .arg(shown);
    if (!QDir(directory).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
        return WorkspaceActions::tr("%1 is not empty. A new workspace needs an empty or new directory.").arg(shown);
    return {};
}

WorkspaceActions::WorkspaceActions(AppSettings& settings, QString currentDirectory, QWidget* window)
    : QObject(window), m_settings(settings), m_current(QDir(currentDirectory).absolutePath()), m_window(window)
{
    setObjectName(QStringLiteral("workspaceActions"));
    m_open = new QAction(tr("&Open Workspace…"), this);
    m_open->setObjectName(QStringLiteral("openWorkspaceAction"));
    m_open->setShortcut(QKeySequence::Open);
    m_open->setStatusTip(tr("Log out and open another workspace"));
    connect(m_open, &QAction::triggered, this, [this] { chooseDirectory(false); });
    m_new = new QAction(tr("&New Workspace…"), this);
    m_new->setObjectName(QStringLiteral("newWorkspaceAction"));
    m_new->setStatusTip(tr("Log out and create a workspace, with its own token or attached to an existing one"));
    connect(m_new, &QAction::triggered, this, [this] { chooseDirectory(true); });
    m_recent = new QMenu(tr("Open &Recent"), window);
    m_recent->setObjectName(QStringLiteral("recentWorkspacesMenu"));
    connect(m_recent, &QMenu::aboutToShow, this, &WorkspaceActions::updateRecentMenu);
    updateRecentMenu();
}

void WorkspaceActions::addTo(QMenu* fileMenu)
{
    fileMenu->addAction(m_open);
    fileMenu->addMenu(m_recent);
    fileMenu->addAction(m_new);
}

void WorkspaceActions::updateRecentMenu()
{
    m_recent->clear();
    const QStringList recent = m_settings.recentWorkspaces();
    for (const QString& directory : recent) {
        QAction* action = m_recent->addAction(QDir::toNativeSeparators(directory));
        action->setData(directory);
        if (directory == m_current) {
            action->setEnabled(false);
            action->setToolTip(tr("The workspace open now"));
            action->setText(tr("%1 (open)").arg(QDir::toNativeSeparators(directory)));
        } else if (!workspaceOpenProblem(directory).isEmpty()) {
            // Gone (an unmounted disk?): shown, but not offered; choosing it again removes it.
            action->setEnabled(false);
            action->setText(tr("%1 (not found)").arg(QDir::toNativeSeparators(directory)));
            action->setToolTip(workspaceOpenProblem(directory));
        }
        connect(action, &QAction::triggered, this, [this, directory] { requestOpen(directory); });
    }
    if (recent.isEmpty()) {
        QAction* none = m_recent->addAction(tr("No recent workspaces"));
        none->setEnabled(false);
    } else {
        m_recent->addSeparator();
        QAction* prune = m_recent->addAction(tr("Remove &Missing Workspaces"));
        prune->setObjectName(QStringLiteral("removeMissingWorkspacesAction"));
        connect(prune, &QAction::triggered, this, [this] {
            for (const QString& directory : m_settings.recentWorkspaces()) {
                if (!workspaceOpenProblem(directory).isEmpty())
                    m_settings.removeRecentWorkspace(directory);
            }
            updateRecentMenu();
        });
    }
}

void WorkspaceActions::chooseDirectory(bool create)
{
    // Non-modal (open()): the event loop keeps running.
    auto* chooser = new QFileDialog(m_window, create ? tr("New Workspace Directory") : tr("Open Workspace"),
                                    QFileInfo(m_current).absolutePath());
    chooser->setObjectName(QStringLiteral("workspaceFileDialog"));
    chooser->setFileMode(QFileDialog::Directory);
    chooser->setOption(QFileDialog::ShowDirsOnly, true);
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    connect(chooser, &QFileDialog::fileSelected, this,
            [this, create](const QString& directory) { create ? requestNew(directory) : requestOpen(directory); });
    chooser->open();
}

void WorkspaceActions::requestOpen(const QString& directory)
{
    const QString path = QDir(directory).absolutePath();
    const QString problem = workspaceOpenProblem(path);
    if (!problem.isEmpty()) {
        if (m_settings.recentWorkspaces().contains(path)) {
            m_settings.removeRecentWorkspace(path);
            updateRecentMenu();
            refuse(tr("Cannot Open Workspace"),
                   problem + QLatin1Char('\n') + tr("It was removed from the recent list."));
        } else {
            refuse(tr("Cannot Open Workspace"), problem);
        }
        return;
    }
    if (path == m_current)
        return;
    Q_EMIT openRequested(path);
}

void WorkspaceActions::requestNew(const QString& directory)
{
    const QString path = QDir(directory).absolutePath();
    const QString problem = workspaceCreateProblem(path);
    if (!problem.isEmpty()) {
        refuse(tr("Cannot Create Workspace"), problem);
        return;
    }
    Q_EMIT newRequested(path);
}

void WorkspaceActions::refuse(const QString& title, const QString& problem)
{
    auto* box = new QMessageBox(QMessageBox::Warning, title, problem, QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("workspaceRefusedMessageBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace custos::ui
