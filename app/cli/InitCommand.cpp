#include "InitCommand.h"
#include "CommandContext.h"
#include "JsonFormat.h"
#include "PassphraseSource.h"

#include "model/authz/Permissions.h"
#include "model/session/Workspace.h"

#include <QDir>
#include <QFileInfo>

namespace custos::app {

namespace {
// A secret of its own option or the terminal; "no terminal" is a usage error.
Outcome<crypto::SecureBuffer> tokenPin(CommandContext& context, const QString& option, const QString& prompt,
                                       int* exitCode)
{
    auto pin = PassphraseSource::secret(context.args().value(option), option, prompt, false);
    if (!pin)
        *exitCode =
            pin.error().kind == ErrorKind::Invalid ? context.usage(pin.error().message) : context.fail(pin.error());
    return pin;
}
} // namespace

QList<CommandSpec> InitCommand::specs()
{
    QList<OptionSpec> options{{QStringLiteral("roles"), true},       {QStringLiteral("kdf-memory"), true},
                              {QStringLiteral("attach"), false},     {QStringLiteral("module"), true},
                              {QStringLiteral("token-label"), true}, {QStringLiteral("pin-file"), true},
                              {QStringLiteral("so-pin-file"), true}};
    return {
        {QStringLiteral("init"),
         {},
         {},
         options,
         true,
         CommandNeeds::Nothing,
         &InitCommand::run,
         QStringLiteral("init --operator NAME [--roles LIST] [--kdf-memory MiB]\n"
                        "    [--attach --module PATH --token-label L [--pin-file F] [--so-pin-file F]]")},
    };
}

QCoro::Task<int> InitCommand::run(CommandContext& context)
{
    const CliArguments& args = context.args();
    model::WorkspaceInitRequest request;
    request.directory = context.workspaceDirectory();
    request.operatorName = context.operatorName();
    if (request.operatorName.isEmpty())
        co_return context.usage(QStringLiteral("no operator: use --operator NAME"));
    if (args.has(QStringLiteral("kdf-memory"))) {
        bool ok = false;
        request.kdfMemoryMiB = args.value(QStringLiteral("kdf-memory")).toInt(&ok);
        if (!ok || request.kdfMemoryMiB < 1 || request.kdfMemoryMiB > 4096)
            co_return context.usage(QStringLiteral("--kdf-memory takes 1 to 4096 (MiB), not '%1'")
                                        .arg(args.value(QStringLiteral("kdf-memory"))));
    }
    for (const QString& role : args.value(QStringLiteral("roles")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const model::RoleDefinition* known = model::findBuiltInRole(role.trimmed());
        request.roles << (known ? known->name : role.trimmed()); // the model refuses unknown names
    }
    request.attach = args.has(QStringLiteral("attach"));
    request.modulePath = args.value(QStringLiteral("module"));
    request.tokenLabel = args.value(QStringLiteral("token-label"));
    if (request.attach && (request.modulePath.isEmpty() || request.tokenLabel.isEmpty()))
        co_return context.usage(QStringLiteral("'init --attach' needs --module PATH and --token-label L"));
    if (!request.attach) {
        for (const char* option : {"module", "token-label", "pin-file", "so-pin-file"}) {
            if (args.has(QString::fromLatin1(option)))
                co_return context.usage(QStringLiteral("--%1 belongs to 'init --attach'").arg(QLatin1String(option)));
        }
    }

    // Refuse before asking for any secret; the model checks again and leaves the directory as it was.
    const QFileInfo info(request.directory);
    if (info.exists() && !info.isDir())
        co_return context.fail(
            QStringLiteral("cannot create a workspace at '%1': it is not a directory").arg(request.directory));
    if (model::Workspace::looksInitialised(request.directory))
        co_return context.fail(QStringLiteral("'%1' already holds a Custos workspace").arg(request.directory));
    if (info.isDir() &&
        !QDir(request.directory).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
        co_return context.fail(
            QStringLiteral("cannot create a workspace at '%1': the directory is not empty").arg(request.directory));

    int exitCode = Console::Refused;
    if (request.attach) {
        auto userPin = tokenPin(context, QStringLiteral("pin-file"),
                                QStringLiteral("User PIN of token '%1': ").arg(request.tokenLabel), &exitCode);
        if (!userPin)
            co_return exitCode;
        auto soPin = tokenPin(context, QStringLiteral("so-pin-file"),
                              QStringLiteral("SO PIN of token '%1': ").arg(request.tokenLabel), &exitCode);
        if (!soPin)
            co_return exitCode;
        request.userPin = userPin.take();
        request.soPin = soPin.take();
    }
    auto passphrase = PassphraseSource::callerPassphrase(args.passphraseFile(), request.operatorName, true);
    if (!passphrase)
        co_return passphrase.error().kind == ErrorKind::Invalid ? context.usage(passphrase.error().message)
                                                                : context.fail(passphrase.error());
    request.passphrase = passphrase.take();

    request.justification = context.operationContext().justification;
    const QString operatorName = request.operatorName;
    auto workspaceTask = model::Workspace::initialise(std::move(request));
    auto workspace = co_await workspaceTask;
    if (!workspace)
        co_return context.fail(workspace.error());
    const auto status = workspace.value()->status();
    if (!status)
        co_return context.fail(status.error());
    const model::WorkspaceStatus& s = status.value();
    co_return context.done(QStringLiteral("Initialised workspace '%1' with operator '%2' (token '%3'%4)")
                               .arg(s.directory, operatorName, s.tokenLabel,
                                    s.testWorkspace ? QStringLiteral(", test workspace") : QString()),
                           JsonFormat::status(s));
}

} // namespace custos::app
