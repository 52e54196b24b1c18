#include "RngCommand.h"
#include "CommandContext.h"
#include "KeyFiles.h"

#include "model/services/Services.h"

namespace custos::app {

namespace {
constexpr int kMaxBytes = 1024 * 1024; // TokenService::random's bound

int byteCount(const CliArguments& args)
{
    bool ok = false;
    const int n = args.value(QStringLiteral("bytes")).toInt(&ok);
    return ok ? n : -1;
}
} // namespace

QList<CommandSpec> RngCommand::specs()
{
    // Audited (RandomBytes): accepts --reason.
    return {
        {QStringLiteral("rng"),
         QString(),
         {},
         {OptionSpec{QStringLiteral("bytes"), true}, OptionSpec{QStringLiteral("out"), true}},
         true,
         CommandNeeds::Login,
         &RngCommand::run,
         QStringLiteral("rng --bytes N [--out F]"),
         &RngCommand::check},
    };
}

int RngCommand::check(CommandContext& context)
{
    const CliArguments& args = context.args();
    if (!args.has(QStringLiteral("bytes")))
        return context.usage(QStringLiteral("'rng' needs --bytes N"));
    if (byteCount(args) <= 0 || byteCount(args) > kMaxBytes)
        return context.usage(QStringLiteral("--bytes takes a number of bytes from 1 to %1 (1 MiB), not '%2'")
                                 .arg(kMaxBytes)
                                 .arg(args.value(QStringLiteral("bytes"))));
    if (args.has(QStringLiteral("out")) && args.value(QStringLiteral("out")).isEmpty())
        return context.usage(QStringLiteral("--out takes a file name"));
    // Checked before the token is asked, so a terminal never costs an audited draw.
    if (!args.has(QStringLiteral("out")) && KeyFiles::stdoutIsTerminal())
        return context.fail(QStringLiteral("binary output refused on a terminal: use --out F or redirect stdout"));
    return Console::Success;
}

QCoro::Task<int> RngCommand::run(CommandContext& context)
{
    const CliArguments& args = context.args();
    const int count = byteCount(args);
    if (args.has(QStringLiteral("out"))) {
        if (auto writable = KeyFiles::checkWritable(args.value(QStringLiteral("out")), QStringLiteral("--out file"));
            !writable)
            co_return context.fail(writable.error());
    }
    auto randomTask = context.services().tokens().random(count, context.operationContext());
    const auto random = co_await randomTask;
    if (!random)
        co_return context.fail(random.error());
    if (!args.has(QStringLiteral("out"))) {
        if (auto written = KeyFiles::writeStdout(random.value(), true); !written)
            co_return context.fail(written.error());
        co_return Console::Success;
    }
    const QString path = args.value(QStringLiteral("out"));
    // Random bytes are often key material: owner-only.
    if (auto written = KeyFiles::write(path, random.value(), true, QStringLiteral("--out file")); !written)
        co_return context.fail(written.error());
    co_return context.done(QStringLiteral("Wrote %1 random bytes from the token to '%2'").arg(count).arg(path),
                           QJsonObject{{QStringLiteral("name"), path}, {QStringLiteral("bytes"), count}});
}

} // namespace custos::app
