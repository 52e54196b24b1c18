#pragma once

#include <QString>

class QCoreApplication;
class QSettings;

namespace custos::app {

// The GUI's command line: `custos [--workspace DIR] [--lang LANG] [--ceremony]`.
struct GuiOptions
{
    QString workspace;     // empty: CUSTOS_WORKSPACE, then the remembered one, then the default
    QString language;      // empty: the system locale
    bool ceremony = false; // start in ceremony mode (full screen, only the ceremony wizards)

    static GuiOptions parse(const QCoreApplication& app); // exits on --help/--version
};

// The workspace to open: --workspace, else $CUSTOS_WORKSPACE, else the one created last through the
// first-run dialog (remembered in QSettings; a path is not a secret), else the default location.
QString resolveWorkspaceDirectory(const GuiOptions& options);
void rememberWorkspaceDirectory(const QString& directory);
void rememberWorkspaceDirectory(const QString& directory, QSettings& store);

} // namespace custos::app
