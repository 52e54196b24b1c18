#pragma once

#include <QString>

class QCoreApplication;

namespace custos::app {

// The GUI's command line: `custos [--workspace DIR] [--lang LANG]`.
struct GuiOptions
{
    QString workspace; // empty: CUSTOS_WORKSPACE, then the remembered one, then the default
    QString language;  // empty: the system locale

    static GuiOptions parse(const QCoreApplication& app); // exits on --help/--version
};

// The workspace to open: --workspace, else $CUSTOS_WORKSPACE, else the one created last through the
// first-run dialog (remembered in QSettings; a path is not a secret), else the default location.
QString resolveWorkspaceDirectory(const GuiOptions& options);
void rememberWorkspaceDirectory(const QString& directory);

} // namespace custos::app
