#pragma once

#include <QCoro/QCoroTask>
#include <QList>
#include <QString>
#include <QStringList>

namespace custos::app {

class CommandContext;

// One option a command accepts, by its long name without the dashes ("retention-days").
struct OptionSpec
{
    QString name;
    bool takesValue = false;
};

// What the runner prepares before it calls a handler.
enum class CommandNeeds {
    Nothing,   // init: works on a directory that is not a workspace yet
    Workspace, // opens the workspace; the handler logs in itself (passwd keeps the passphrase)
    Login,     // opens the workspace and logs the operator in
};

// Handlers are coroutines; the runner awaits each one before the context goes away, so the
// reference parameter cannot dangle.
using CommandHandler = QCoro::Task<int> (*)(CommandContext& context);
// Validates option values before the workspace is opened or a passphrase asked: a bad value is a
// usage error (exit 2) that touches nothing. Returns 0 or the exit status it reported.
using CommandCheck = int (*)(CommandContext& context);

// One `custosctl COMMAND [SUBCOMMAND]` entry of CLI.md's grammar. The parser derives the accepted
// options and the argument count from it, the help text shows its synopsis.
struct CommandSpec
{
    QString command;
    QString subcommand;      // empty for init and status
    QStringList positionals; // names; "[NAME]" marks an optional one (only at the end)
    QList<OptionSpec> options;
    bool changes = false; // accepts --reason TEXT and --approver NAME [--approver-passphrase-file F]
    CommandNeeds needs = CommandNeeds::Login;
    CommandHandler handler = nullptr;
    QString synopsis; // help line after "custosctl "
    CommandCheck check = nullptr;

    int minPositionals() const;
    int maxPositionals() const { return int(positionals.size()); }
    const OptionSpec* option(const QString& name) const;
    QString fullName() const { return subcommand.isEmpty() ? command : command + QLatin1Char(' ') + subcommand; }
};

} // namespace custos::app
