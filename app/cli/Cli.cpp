#include "Cli.h"
#include "AccessCommands.h"
#include "AuditCommands.h"
#include "AuditTrailCommands.h"
#include "BackupCommands.h"
#include "BatchCommand.h"
#include "ByokCommands.h"
#include "CaCommands.h"
#include "CertificateCommands.h"
#include "CertificateCsrCommands.h"
#include "CertificateImportCommands.h"
#include "CertificateLifecycleCommands.h"
#include "CliArguments.h"
#include "CommandContext.h"
#include "Console.h"
#include "DoctorCommand.h"
#include "InitCommand.h"
#include "KeyBackupCommands.h"
#include "KeyCommands.h"
#include "KeyDeletionCommands.h"
#include "KeyExportCommands.h"
#include "KeyImportCommands.h"
#include "KeyUseCommands.h"
#include "OperatorCommands.h"
#include "OperatorGroupCommands.h"
#include "QuorumCommands.h"
#include "RngCommand.h"
#include "RoleCommands.h"
#include "SdCustodianCommands.h"
#include "SecurityDomainCommands.h"
#include "SecurityDomainFileCommands.h"
#include "SelfTestCommand.h"
#include "StatusCommand.h"
#include "TokenCommands.h"
#include "VaultCommands.h"

#include <exception>

namespace custos::app {

const QList<CommandSpec>& Cli::commands()
{
    static const QList<CommandSpec> all = [] {
        QList<CommandSpec> list;
        list << InitCommand::specs() << StatusCommand::specs() << OperatorCommands::specs() << RoleCommands::specs()
             << VaultCommands::specs() << KeyCommands::specs() << KeyDeletionCommands::specs()
             << KeyBackupCommands::specs() << KeyExportCommands::specs() << KeyUseCommands::specs()
             << RngCommand::specs() << TokenCommands::specs() << CaCommands::specs() << CertificateCommands::specs()
             << CertificateLifecycleCommands::specs() << CertificateCsrCommands::specs()
             << CertificateImportCommands::specs() << AuditCommands::specs() << AuditTrailCommands::specs()
             << OperatorGroupCommands::specs() << AccessCommands::specs() << QuorumCommands::specs()
             << BackupCommands::specs();
        list << SecurityDomainFileCommands::specs();
        list << SdCustodianCommands::specs();
        list << SecurityDomainCommands::specs();
        list << ByokCommands::specs();
        list << KeyImportCommands::specs();
        list << SelfTestCommand::specs();
        list << DoctorCommand::specs();
        list << BatchCommand::specs();
        return list;
    }();
    return all;
}

QString Cli::versionText()
{
    return QStringLiteral("custosctl %1\n").arg(QStringLiteral(CUSTOS_VERSION));
}

QString Cli::helpText(const QString& topic)
{
    QString text = QStringLiteral(
        "Usage: custosctl [--workspace DIR] [--operator NAME] [--passphrase-file F] COMMAND SUBCOMMAND [ARGS] "
        "[OPTIONS]\n\n");
    text += topic.isEmpty() ? QStringLiteral("Commands:\n") : QStringLiteral("Commands of '%1':\n").arg(topic);
    for (const CommandSpec& c : commands()) {
        if (!topic.isEmpty() && c.command != topic)
            continue;
        text += QStringLiteral("  ") + c.synopsis + (c.changes ? QStringLiteral(" [--reason TEXT]") : QString()) +
                QLatin1Char('\n');
    }
    text += QStringLiteral(
        "\nGlobal options (anywhere on the line):\n"
        "  --workspace DIR        the workspace (default: $CUSTOS_WORKSPACE, then the standard data location)\n"
        "  --operator NAME        who runs the command (default: $CUSTOS_OPERATOR)\n"
        "  --passphrase-file F    the operator's passphrase: the file's first line (else $CUSTOS_PASSPHRASE,\n"
        "                         else a prompt on the terminal)\n"
        "  --card-pin-file F      an operator with an enrolled card: the card's PIN (else $CUSTOS_CARD_PIN)\n"
        "  --json                 JSON output (Key Vault field names; lists as {\"value\": [...]})\n"
        "  --help, --version\n"
        "\nOn every command that changes something:\n"
        "  --reason TEXT          a ticket or justification, stored in the operation's audit event\n"
        "\nExit status: 0 success, 1 refused or failed (one line on stderr), 2 bad usage.\n");
    return text;
}

QCoro::Task<int> Cli::run()
{
    Console console;
    try {
        const CliArguments args = CliArguments::parse(m_arguments, commands());
        if (args.wantsHelp()) {
            console.print(helpText(args.helpTopic()));
            co_return Console::Success;
        }
        if (args.wantsVersion()) {
            console.print(versionText());
            co_return Console::Success;
        }
        if (!args.isValid())
            co_return console.usage(args.error());
        const CommandSpec& spec = *args.command();
        CommandContext context(args, console);
        if (spec.check) {
            if (const int status = spec.check(context); status != Console::Success)
                co_return status;
        }
        if (spec.needs != CommandNeeds::Nothing) {
            if (const int status = context.openWorkspace(); status != Console::Success)
                co_return status;
        }
        if (spec.needs == CommandNeeds::Login) {
            auto statusTask = context.login();
            if (const int status = co_await statusTask; status != Console::Success)
                co_return status;
        }
        if (spec.changes) {
            if (const int status = context.readApprovers(); status != Console::Success)
                co_return status;
        }
        auto task = spec.handler(context);
        co_return co_await task;
    } catch (const std::exception& e) {
        co_return console.fail(QStringLiteral("internal error: %1").arg(QString::fromLocal8Bit(e.what())));
    } catch (...) {
        co_return console.fail(QStringLiteral("internal error"));
    }
}

} // namespace custos::app
