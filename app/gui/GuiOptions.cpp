#include "GuiOptions.h"

#include "model/session/Workspace.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QSettings>

namespace custos::app {

namespace {
const QString kWorkspaceKey = QStringLiteral("workspace/directory");
}

GuiOptions GuiOptions::parse(const QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Custos: key custody administration."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspace(QStringLiteral("workspace"),
                                       QStringLiteral("Open the workspace in DIR (default: $CUSTOS_WORKSPACE or %1).")
                                           .arg(model::Workspace::defaultDirectory()),
                                       QStringLiteral("DIR"));
    const QCommandLineOption language(QStringLiteral("lang"),
                                      QStringLiteral("Use the user interface language LANG (e.g. de, en)."),
                                      QStringLiteral("LANG"));
    const QCommandLineOption ceremony(
        QStringLiteral("ceremony"),
        QStringLiteral("Start in ceremony mode: full screen, only the security-domain ceremonies, an air-gap check."));
    parser.addOption(workspace);
    parser.addOption(language);
    parser.addOption(ceremony);
    parser.process(app);

    GuiOptions options;
    if (parser.isSet(workspace))
        options.workspace = QDir(parser.value(workspace)).absolutePath();
    options.language = parser.value(language);
    options.ceremony = parser.isSet(ceremony);
    return options;
}

QString resolveWorkspaceDirectory(const GuiOptions& options)
{
    if (!options.workspace.isEmpty())
        return options.workspace;
    if (!qEnvironmentVariableIsEmpty("CUSTOS_WORKSPACE"))
        return QDir(qEnvironmentVariable("CUSTOS_WORKSPACE")).absolutePath();
    const QString remembered = QSettings().value(kWorkspaceKey).toString();
    if (!remembered.isEmpty() && model::Workspace::looksInitialised(remembered))
        return remembered;
    return model::Workspace::defaultDirectory();
}

void rememberWorkspaceDirectory(const QString& directory)
{
    QSettings store;
    rememberWorkspaceDirectory(directory, store);
}

void rememberWorkspaceDirectory(const QString& directory, QSettings& store)
{
    store.setValue(kWorkspaceKey, directory);
}

} // namespace custos::app
