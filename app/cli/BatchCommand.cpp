#include "BatchCommand.h"
#include "BatchLine.h"
#include "Cli.h"
#include "CliArguments.h"
#include "CommandContext.h"

#include <QFile>
#include <QFileInfo>

#include <vector>

namespace custos::app {

namespace {

struct BatchEntry
{
    int line = 0;
    CliArguments args;
};

// What may not stand on a batch line, or an empty string.
QString refusal(const CliArguments& args)
{
    if (args.wantsHelp() || args.wantsVersion())
        return QStringLiteral("--help and --version are not commands");
    if (!args.workspace().isEmpty() || !args.operatorName().isEmpty() || !args.passphraseFile().isEmpty() ||
        args.has(QStringLiteral("card-pin-file")))
        return QStringLiteral("--workspace, --operator, --passphrase-file and --card-pin-file belong on the batch's "
                              "own command line: every line runs in its one login");
    const CommandSpec& spec = *args.command();
    if (spec.command == QLatin1String("batch") || spec.command == QLatin1String("init"))
        return QStringLiteral("'%1' cannot run inside a batch").arg(spec.fullName());
    if (spec.needs == CommandNeeds::Workspace)
        return QStringLiteral("'%1' logs in by itself: run it on its own").arg(spec.fullName());
    return {};
}

} // namespace

QList<CommandSpec> BatchCommand::specs()
{
    return {{QStringLiteral("batch"),
             {},
             {},
             {OptionSpec{QStringLiteral("in"), true}, OptionSpec{QStringLiteral("keep-going"), false}},
             false,
             CommandNeeds::Login,
             &BatchCommand::run,
             QStringLiteral("batch --in F [--keep-going]")}};
}

QCoro::Task<int> BatchCommand::run(CommandContext& context)
{
    const QString path = context.args().value(QStringLiteral("in"));
    if (path.isEmpty())
        co_return context.usage(QStringLiteral("batch needs --in F (one command per line)"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        co_return context.fail(
            QStringLiteral("cannot read %1: %2").arg(QFileInfo(path).absoluteFilePath(), file.errorString()));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    file.close();

    // Everything is parsed first: a bad line runs nothing.
    std::vector<BatchEntry> entries;
    Console& console = context.console();
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const int number = int(i + 1);
        auto words = splitBatchLine(lines.at(i));
        if (words && words->isEmpty())
            continue; // blank or comment
        console.setLocation(QStringLiteral("%1:%2: ").arg(path).arg(number));
        if (!words)
            co_return context.usage(words.error().message);
        QStringList tokens = words.take();
        if (context.json() && !tokens.contains(QLatin1String("--json")))
            tokens << QStringLiteral("--json");
        CliArguments args = CliArguments::parse(tokens, Cli::commands());
        if (!args.isValid())
            co_return context.usage(args.error());
        if (const QString refused = refusal(args); !refused.isEmpty())
            co_return context.usage(refused);
        entries.push_back({number, std::move(args)});
        if (const CommandSpec& spec = *entries.back().args.command(); spec.check) {
            CommandContext line(entries.back().args, console, context);
            if (const int status = spec.check(line); status != Console::Success)
                co_return status;
        }
    }
    console.setLocation({});
    if (entries.empty())
        co_return context.usage(QStringLiteral("%1 holds no command").arg(path));

    const bool keepGoing = context.args().has(QStringLiteral("keep-going"));
    QStringList failedLines;
    int firstFailure = Console::Success;
    for (const BatchEntry& entry : entries) {
        console.setLocation(QStringLiteral("%1:%2: ").arg(path).arg(entry.line));
        CommandContext line(entry.args, console, context);
        const CommandSpec& spec = *entry.args.command();
        int status = spec.changes ? line.readApprovers() : Console::Success;
        if (status == Console::Success) {
            auto task = spec.handler(line);
            status = co_await task;
        }
        console.setLocation({});
        if (status == Console::Success)
            continue;
        failedLines << QString::number(entry.line);
        if (firstFailure == Console::Success)
            firstFailure = status;
        if (!keepGoing) {
            if (entry.line != entries.back().line)
                console.fail(QStringLiteral("batch stopped at line %1 of %2 (--keep-going runs the rest)")
                                 .arg(entry.line)
                                 .arg(path));
            co_return status;
        }
    }
    if (!failedLines.isEmpty())
        console.fail(QStringLiteral("batch: %1 of %2 commands failed (lines %3)")
                         .arg(failedLines.size())
                         .arg(entries.size())
                         .arg(failedLines.join(QStringLiteral(", "))));
    co_return firstFailure;
}

} // namespace custos::app
