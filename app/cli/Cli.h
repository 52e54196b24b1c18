#pragma once

#include "CommandSpec.h"

#include <QCoro/QCoroTask>
#include <QStringList>

namespace custos::app {

// custosctl: parses the line, answers --help and --version without a workspace, prepares what
// the command needs (workspace, login) and runs its handler. Never throws: an exception becomes
// exit status 1 with one line on stderr.
class Cli
{
public:
    explicit Cli(QStringList arguments) : m_arguments(std::move(arguments)) {} // without the program name

    // Async: the exit status.
    QCoro::Task<int> run();

    static const QList<CommandSpec>& commands();
    static QString helpText(const QString& topic); // topic: a COMMAND, or empty for everything
    static QString versionText();

private:
    QStringList m_arguments;
};

} // namespace custos::app
