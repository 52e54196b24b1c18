#include "VaultCommands.h"
#include "CommandContext.h"
#include "JsonFormat.h"
#include "Table.h"
#include "TimeArgument.h"

#include "model/services/Services.h"

namespace custos::app {

using model::Vault;

namespace {
const QString kVault = QStringLiteral("VAULT");

QString tagsText(const QMap<QString, QString>& tags)
{
    QStringList pairs;
    for (auto it = tags.cbegin(); it != tags.cend(); ++it)
        pairs << it.key() + QLatin1Char('=') + it.value();
    return pairs.join(QLatin1Char(';'));
}

int printVaults(CommandContext& context, const QList<Vault>& vaults, bool deleted)
{
    if (context.json()) {
        QJsonArray values;
        for (const Vault& v : vaults)
            values << JsonFormat::vault(v);
        context.console().printJson(JsonFormat::list(values));
        return Console::Success;
    }
    Table table(deleted ? QStringList{QStringLiteral("NAME"), QStringLiteral("PROTECTION"), QStringLiteral("DELETED"),
                                      QStringLiteral("SCHEDULED PURGE"), QStringLiteral("PURGE PROTECTION")}
                        : QStringList{QStringLiteral("NAME"), QStringLiteral("PROTECTION"), QStringLiteral("RETENTION"),
                                      QStringLiteral("PURGE PROTECTION"), QStringLiteral("TAGS")});
    for (const Vault& v : vaults) {
        const QString purgeProtection = v.purgeProtection ? QStringLiteral("yes") : QStringLiteral("no");
        if (deleted)
            table.addRow({v.name, model::protectionName(v.protection), TimeArgument::format(v.deleted),
                          TimeArgument::format(v.scheduledPurge), purgeProtection});
        else
            table.addRow({v.name, model::protectionName(v.protection), QStringLiteral("%1 days").arg(v.retentionDays),
                          purgeProtection, tagsText(v.tags)});
    }
    context.console().print(table.render());
    return Console::Success;
}
} // namespace

std::optional<QMap<QString, QString>> VaultCommands::parseTags(const QString& text)
{
    QMap<QString, QString> tags;
    for (const QString& pair : text.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        if (eq <= 0 || pair.left(eq).trimmed().isEmpty())
            return std::nullopt;
        tags.insert(pair.left(eq).trimmed(), pair.mid(eq + 1).trimmed());
    }
    return tags;
}

QList<CommandSpec> VaultCommands::specs()
{
    const QString v = QStringLiteral("vault");
    auto opt = [](const char* name, bool value = true) { return OptionSpec{QString::fromLatin1(name), value}; };
    const auto login = CommandNeeds::Login;
    // clang-format off
    return {
        {v, QStringLiteral("create"), {kVault},
         {opt("protection"), opt("retention-days"), opt("purge-protection", false), opt("tags")}, true, login,
         &VaultCommands::create,
         QStringLiteral("vault create VAULT [--protection hsm|software] [--retention-days N] [--purge-protection] "
                        "[--tags k=v;...]"),
         &VaultCommands::checkCreate},
        {v, QStringLiteral("update"), {kVault}, {opt("tags")}, true, login, &VaultCommands::update,
         QStringLiteral("vault update VAULT --tags k=v;..."), &VaultCommands::checkUpdate},
        {v, QStringLiteral("list"), {}, {}, false, login, &VaultCommands::list, QStringLiteral("vault list")},
        {v, QStringLiteral("show"), {kVault}, {}, false, login, &VaultCommands::show,
         QStringLiteral("vault show VAULT")},
        {v, QStringLiteral("delete"), {kVault}, {}, true, login, &VaultCommands::remove,
         QStringLiteral("vault delete VAULT")},
        {v, QStringLiteral("list-deleted"), {}, {}, false, login, &VaultCommands::listDeleted,
         QStringLiteral("vault list-deleted")},
        {v, QStringLiteral("recover"), {kVault}, {}, true, login, &VaultCommands::recover,
         QStringLiteral("vault recover VAULT")},
        {v, QStringLiteral("purge"), {kVault}, {}, true, login, &VaultCommands::purge,
         QStringLiteral("vault purge VAULT")},
    };
    // clang-format on
}

QString VaultCommands::parseCreate(const CliArguments& args, model::VaultCreateRequest* request)
{
    request->name = args.positional(0);
    const QString protection = args.value(QStringLiteral("protection"));
    if (args.has(QStringLiteral("protection")) && !model::parseProtection(protection, &request->protection))
        return QStringLiteral("--protection takes hsm or software, not '%1'").arg(protection);
    if (args.has(QStringLiteral("retention-days"))) {
        bool ok = false;
        request->retentionDays = args.value(QStringLiteral("retention-days")).toInt(&ok);
        if (!ok)
            return QStringLiteral("--retention-days takes a number of days, not '%1'")
                .arg(args.value(QStringLiteral("retention-days")));
    }
    request->purgeProtection = args.has(QStringLiteral("purge-protection"));
    if (args.has(QStringLiteral("tags"))) {
        const auto tags = parseTags(args.value(QStringLiteral("tags")));
        if (!tags)
            return QStringLiteral("--tags takes k=v;k2=v2, not '%1'").arg(args.value(QStringLiteral("tags")));
        request->tags = *tags;
    }
    return {};
}

QString VaultCommands::parseUpdate(const CliArguments& args, QMap<QString, QString>* tags)
{
    if (!args.has(QStringLiteral("tags")))
        return QStringLiteral("'vault update' needs --tags k=v;... (nothing else can change yet)");
    const auto parsed = parseTags(args.value(QStringLiteral("tags")));
    if (!parsed)
        return QStringLiteral("--tags takes k=v;k2=v2, not '%1'").arg(args.value(QStringLiteral("tags")));
    *tags = *parsed;
    return {};
}

int VaultCommands::checkCreate(CommandContext& context)
{
    model::VaultCreateRequest request;
    const QString error = parseCreate(context.args(), &request);
    return error.isEmpty() ? int(Console::Success) : context.usage(error);
}

int VaultCommands::checkUpdate(CommandContext& context)
{
    QMap<QString, QString> tags;
    const QString error = parseUpdate(context.args(), &tags);
    return error.isEmpty() ? int(Console::Success) : context.usage(error);
}

QCoro::Task<int> VaultCommands::create(CommandContext& context)
{
    model::VaultCreateRequest request;
    if (const QString error = parseCreate(context.args(), &request); !error.isEmpty())
        co_return context.usage(error);
    auto createdTask = context.services().vaults().create(std::move(request), context.operationContext());
    auto created = co_await createdTask;
    if (!created)
        co_return context.fail(created.error());
    const Vault& vault = created.value();
    co_return context.done(QStringLiteral("Created vault '%1' (%2, retention %3 days%4)")
                               .arg(vault.name, model::protectionName(vault.protection))
                               .arg(vault.retentionDays)
                               .arg(vault.purgeProtection ? QStringLiteral(", purge protection") : QString()),
                           JsonFormat::vault(vault));
}

QCoro::Task<int> VaultCommands::update(CommandContext& context)
{
    QMap<QString, QString> tags;
    if (const QString error = parseUpdate(context.args(), &tags); !error.isEmpty())
        co_return context.usage(error);
    auto updatedTask =
        context.services().vaults().updateTags(context.args().positional(0), tags, context.operationContext());
    auto updated = co_await updatedTask;
    if (!updated)
        co_return context.fail(updated.error());
    const QString tagLine = tagsText(updated->tags);
    co_return context.done(QStringLiteral("Updated vault '%1': tags %2")
                               .arg(updated->name, tagLine.isEmpty() ? QStringLiteral("(none)") : tagLine),
                           JsonFormat::vault(updated.value()));
}

QCoro::Task<int> VaultCommands::list(CommandContext& context)
{
    const auto vaults = context.services().vaults().list();
    if (!vaults)
        co_return context.fail(vaults.error());
    co_return printVaults(context, vaults.value(), false);
}

QCoro::Task<int> VaultCommands::listDeleted(CommandContext& context)
{
    const auto vaults = context.services().vaults().listDeleted();
    if (!vaults)
        co_return context.fail(vaults.error());
    co_return printVaults(context, vaults.value(), true);
}

QCoro::Task<int> VaultCommands::show(CommandContext& context)
{
    const auto vault = context.services().vaults().show(context.args().positional(0));
    if (!vault)
        co_return context.fail(vault.error());
    if (context.json()) {
        context.console().printJson(JsonFormat::vault(vault.value()));
        co_return Console::Success;
    }
    const Vault& v = vault.value();
    Table table{QStringList()}; // no header: field and value
    table.addRow({QStringLiteral("Name"), v.name});
    table.addRow({QStringLiteral("Id"), v.resourceId()});
    table.addRow({QStringLiteral("Protection"), model::protectionName(v.protection)});
    table.addRow({QStringLiteral("Retention"), QStringLiteral("%1 days").arg(v.retentionDays)});
    table.addRow(
        {QStringLiteral("Purge protection"), v.purgeProtection ? QStringLiteral("yes") : QStringLiteral("no")});
    table.addRow({QStringLiteral("Tags"), tagsText(v.tags)});
    table.addRow({QStringLiteral("Created"), TimeArgument::format(v.created)});
    table.addRow({QStringLiteral("Updated"), TimeArgument::format(v.updated)});
    if (v.isDeleted()) {
        table.addRow({QStringLiteral("Deleted"), TimeArgument::format(v.deleted)});
        table.addRow({QStringLiteral("Scheduled purge"), TimeArgument::format(v.scheduledPurge)});
    }
    context.console().print(table.render());
    co_return Console::Success;
}

QCoro::Task<int> VaultCommands::remove(CommandContext& context)
{
    auto deletedTask = context.services().vaults().remove(context.args().positional(0), context.operationContext());
    auto deleted = co_await deletedTask;
    if (!deleted)
        co_return context.fail(deleted.error());
    co_return context.done(QStringLiteral("Deleted vault '%1' (recoverable until %2)")
                               .arg(deleted->name, TimeArgument::format(deleted->scheduledPurge)),
                           JsonFormat::vault(deleted.value()));
}

QCoro::Task<int> VaultCommands::recover(CommandContext& context)
{
    auto recoveredTask = context.services().vaults().recover(context.args().positional(0), context.operationContext());
    auto recovered = co_await recoveredTask;
    if (!recovered)
        co_return context.fail(recovered.error());
    co_return context.done(QStringLiteral("Recovered vault '%1'").arg(recovered->name),
                           JsonFormat::vault(recovered.value()));
}

QCoro::Task<int> VaultCommands::purge(CommandContext& context)
{
    const QString name = context.args().positional(0);
    auto purgedTask = context.services().vaults().purge(name, context.operationContext());
    auto purged = co_await purgedTask;
    if (!purged)
        co_return context.fail(purged.error());
    co_return context.done(QStringLiteral("Purged vault '%1'").arg(name),
                           QJsonObject{{QStringLiteral("name"), name},
                                       {QStringLiteral("id"), QStringLiteral("/vaults/") + name},
                                       {QStringLiteral("purged"), true}});
}

} // namespace custos::app
