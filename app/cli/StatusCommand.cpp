#include "StatusCommand.h"
#include "CommandContext.h"
#include "JsonFormat.h"
#include "Table.h"
#include "TimeArgument.h"

#include "model/services/Services.h"

namespace custos::app {

QList<CommandSpec> StatusCommand::specs()
{
    return {{QStringLiteral("status"),
             {},
             {},
             {},
             false,
             CommandNeeds::Login,
             &StatusCommand::run,
             QStringLiteral("status")}};
}

QCoro::Task<int> StatusCommand::run(CommandContext& context)
{
    const auto status = context.services().status();
    if (!status)
        co_return context.fail(status.error());
    const model::WorkspaceStatus& s = status.value();
    if (context.json()) {
        QJsonObject object = JsonFormat::status(s);
        object.insert(QStringLiteral("operator"), context.operatorName());
        context.console().printJson(object);
        co_return Console::Success;
    }
    Table table{QStringList()}; // no header: field and value
    table.addRow({QStringLiteral("Workspace"), s.directory});
    table.addRow(
        {QStringLiteral("Token"),
         QStringLiteral("%1 (%2, %3)")
             .arg(s.tokenLabel, s.embeddedToken ? QStringLiteral("embedded SoftHSM2") : QStringLiteral("attached"),
                  s.modulePath)});
    table.addRow(
        {QStringLiteral("KDF memory"), QStringLiteral("%1 MiB%2")
                                           .arg(s.kdfMemoryMiB)
                                           .arg(s.testWorkspace ? QStringLiteral(" (test workspace)") : QString())});
    table.addRow({QStringLiteral("Schema version"), QString::number(s.schemaVersion)});
    table.addRow(
        {QStringLiteral("Created"), TimeArgument::format(QDateTime::fromString(s.createdAt, Qt::ISODateWithMs))});
    table.addRow({QStringLiteral("Operators"), QString::number(s.operators)});
    table.addRow({QStringLiteral("Vaults"), QStringLiteral("%1 (%2 deleted)").arg(s.vaults).arg(s.deletedVaults)});
    table.addRow({QStringLiteral("Audit events"), QString::number(s.auditEvents)});
    table.addRow({QStringLiteral("Security domain"),
                  s.activated ? QStringLiteral("activated (domain key %1)").arg(s.activeDomainKeyId)
                              : QStringLiteral("NOT activated: key creation and import are refused")});
    table.addRow({QStringLiteral("Logged in as"), context.operatorName()});
    QString text = table.render();
    if (!s.activated)
        text +=
            QStringLiteral("To activate: custosctl sd download --cert C1.cer --cert C2.cer --cert C3.cer --quorum 2 "
                           "--out sd.json (see 'custosctl sd status')\n");
    if (s.testWorkspace)
        text += QStringLiteral("This is a test workspace: its passphrase KDF uses less than 64 MiB.\n");
    context.console().print(text);
    co_return Console::Success;
}

} // namespace custos::app
