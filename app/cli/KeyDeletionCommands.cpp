#include "KeyDeletionCommands.h"
#include "CommandContext.h"
#include "JsonFormat.h"
#include "KeyCommands.h"
#include "KeyJson.h"
#include "Table.h"
#include "TimeArgument.h"

#include "model/services/Services.h"

#include <QJsonArray>

namespace custos::app {

using model::KeyRecord;

namespace {
const QString kVault = QStringLiteral("VAULT");
const QString kName = QStringLiteral("NAME");
} // namespace

QList<CommandSpec> KeyDeletionCommands::specs()
{
    const QString k = QStringLiteral("key");
    const auto login = CommandNeeds::Login;
    // clang-format off
    return {
        {k, QStringLiteral("delete"), {kVault, kName}, {}, true, login, &KeyDeletionCommands::remove,
         QStringLiteral("key delete VAULT NAME")},
        {k, QStringLiteral("list-deleted"), {kVault}, {}, false, login, &KeyDeletionCommands::listDeleted,
         QStringLiteral("key list-deleted VAULT")},
        {k, QStringLiteral("recover"), {kVault, kName}, {}, true, login, &KeyDeletionCommands::recover,
         QStringLiteral("key recover VAULT NAME")},
        {k, QStringLiteral("purge"), {kVault, kName}, {}, true, login, &KeyDeletionCommands::purge,
         QStringLiteral("key purge VAULT NAME")},
    };
    // clang-format on
}

QCoro::Task<int> KeyDeletionCommands::remove(CommandContext& context)
{
    auto deletedTask = context.services().keys().remove(context.args().positional(0), context.args().positional(1),
                                                        context.operationContext());
    auto deleted = co_await deletedTask;
    if (!deleted)
        co_return context.fail(deleted.error());
    const KeyRecord& key = deleted.value();
    const auto vault = KeyCommands::readableVault(context, key.vault);
    co_return context.done(QStringLiteral("Deleted key '%1' in vault '%2' (recoverable until %3)")
                               .arg(key.name, key.vault, TimeArgument::format(key.scheduledPurge)),
                           KeyJson::deletedBundle(key, vault ? &*vault : nullptr));
}

QCoro::Task<int> KeyDeletionCommands::listDeleted(CommandContext& context)
{
    const QString vaultName = context.args().positional(0);
    const auto keys = context.services().keys().listDeleted(vaultName);
    if (!keys)
        co_return context.fail(keys.error());
    if (context.json()) {
        const auto vault = KeyCommands::readableVault(context, vaultName);
        QJsonArray values;
        for (const KeyRecord& key : keys.value())
            values << KeyJson::deletedBundle(key, vault ? &*vault : nullptr);
        context.console().printJson(JsonFormat::list(values));
        co_return Console::Success;
    }
    Table table({QStringLiteral("NAME"), QStringLiteral("TYPE"), QStringLiteral("PROTECTION"),
                 QStringLiteral("DELETED"), QStringLiteral("SCHEDULED PURGE")});
    for (const KeyRecord& key : keys.value())
        table.addRow({key.name, KeyJson::typeText(key), model::protectionName(key.protection),
                      TimeArgument::format(key.deleted), TimeArgument::format(key.scheduledPurge)});
    context.console().print(table.render());
    co_return Console::Success;
}

QCoro::Task<int> KeyDeletionCommands::recover(CommandContext& context)
{
    auto recoveredTask = context.services().keys().recover(context.args().positional(0), context.args().positional(1),
                                                           context.operationContext());
    auto recovered = co_await recoveredTask;
    if (!recovered)
        co_return context.fail(recovered.error());
    const KeyRecord& key = recovered.value();
    const auto vault = KeyCommands::readableVault(context, key.vault);
    co_return context.done(QStringLiteral("Recovered key '%1' in vault '%2'").arg(key.name, key.vault),
                           KeyJson::bundle(key, vault ? &*vault : nullptr));
}

QCoro::Task<int> KeyDeletionCommands::purge(CommandContext& context)
{
    const QString vaultName = context.args().positional(0);
    const QString name = context.args().positional(1);
    auto purgedTask = context.services().keys().purge(vaultName, name, context.operationContext());
    auto purged = co_await purgedTask;
    if (!purged)
        co_return context.fail(purged.error());
    co_return context.done(QStringLiteral("Purged key '%1' in vault '%2'").arg(name, vaultName),
                           QJsonObject{{QStringLiteral("name"), name},
                                       {QStringLiteral("id"), KeyRecord::keyResourceId(vaultName, name)},
                                       {QStringLiteral("purged"), true}});
}

} // namespace custos::app
