#include "CertificateLifecycleCommands.h"
#include "CertificateJson.h"
#include "CommandContext.h"
#include "JsonFormat.h"
#include "Table.h"
#include "TimeArgument.h"

#include "model/services/Services.h"

#include <QJsonArray>

namespace custos::app {

using model::CertificateDueItem;
using model::CertificateRecord;

namespace {

const QString kVault = QStringLiteral("VAULT");
const QString kName = QStringLiteral("NAME");

QString kindName(CertificateDueItem::Kind kind)
{
    switch (kind) {
    case CertificateDueItem::Kind::AutoRenew:
        return QStringLiteral("AutoRenew");
    case CertificateDueItem::Kind::EmailContacts:
        return QStringLiteral("EmailContacts");
    case CertificateDueItem::Kind::CrlNextUpdate:
        return QStringLiteral("CrlNextUpdate");
    }
    return {};
}

QJsonObject dueJson(const CertificateDueItem& item)
{
    return {{QStringLiteral("id"), CertificateRecord::certificateResourceId(item.vault, item.name)},
            {QStringLiteral("name"), item.name},
            {QStringLiteral("vault"), item.vault},
            {QStringLiteral("action"), kindName(item.kind)},
            {QStringLiteral("dueAt"), item.dueAt.toSecsSinceEpoch()},
            {QStringLiteral("expires"), item.expires.toSecsSinceEpoch()},
            {QStringLiteral("description"), item.description}};
}

} // namespace

QList<CommandSpec> CertificateLifecycleCommands::specs()
{
    const QString c = QStringLiteral("cert");
    auto opt = [](const char* name, bool value = true) { return OptionSpec{QString::fromLatin1(name), value}; };
    const auto login = CommandNeeds::Login;
    return {
        {c,
         QStringLiteral("renew"),
         {kVault, kName},
         {},
         true,
         login,
         &CertificateLifecycleCommands::renew,
         QStringLiteral("cert renew VAULT NAME")},
        {c,
         QStringLiteral("due"),
         {},
         {opt("apply", false)},
         true,
         login,
         &CertificateLifecycleCommands::due,
         QStringLiteral("cert due [--apply]")},
        {c,
         QStringLiteral("delete"),
         {kVault, kName},
         {},
         true,
         login,
         &CertificateLifecycleCommands::remove,
         QStringLiteral("cert delete VAULT NAME")},
        {c,
         QStringLiteral("list-deleted"),
         {kVault},
         {},
         false,
         login,
         &CertificateLifecycleCommands::listDeleted,
         QStringLiteral("cert list-deleted VAULT")},
        {c,
         QStringLiteral("recover"),
         {kVault, kName},
         {},
         true,
         login,
         &CertificateLifecycleCommands::recover,
         QStringLiteral("cert recover VAULT NAME")},
        {c,
         QStringLiteral("purge"),
         {kVault, kName},
         {},
         true,
         login,
         &CertificateLifecycleCommands::purge,
         QStringLiteral("cert purge VAULT NAME")},
    };
}

QCoro::Task<int> CertificateLifecycleCommands::renew(CommandContext& context)
{
    const QString vault = context.args().positional(0);
    const QString name = context.args().positional(1);
    auto renewing = context.services().certificates().renew(vault, name, context.operationContext());
    auto renewed = co_await renewing;
    if (!renewed)
        co_return context.fail(renewed.error());
    const auto& v = renewed->currentVersion;
    co_return context.done(QStringLiteral("Renewed certificate '%1' in vault '%2': version %3, serial %4, expires %5")
                               .arg(name, vault, v.id, v.serialHex, TimeArgument::format(v.notAfter)),
                           CertificateJson::bundle(renewed.value()));
}

QCoro::Task<int> CertificateLifecycleCommands::due(CommandContext& context)
{
    auto& certificates = context.services().certificates();
    if (!context.args().has(QStringLiteral("apply"))) {
        auto items = certificates.due();
        if (!items)
            co_return context.fail(items.error());
        if (context.json()) {
            QJsonArray values;
            for (const CertificateDueItem& item : items.value())
                values << dueJson(item);
            context.console().printJson(JsonFormat::list(values));
            co_return Console::Success;
        }
        Table table({QStringLiteral("VAULT"), QStringLiteral("NAME"), QStringLiteral("ACTION"), QStringLiteral("DUE"),
                     QStringLiteral("WHAT")});
        for (const CertificateDueItem& item : items.value())
            table.addRow(
                {item.vault, item.name, kindName(item.kind), TimeArgument::format(item.dueAt), item.description});
        context.console().print(items->isEmpty() ? QStringLiteral("Nothing is due.") : table.render());
        co_return Console::Success;
    }
    auto applying = certificates.applyDue(context.operationContext());
    const auto results = co_await applying;
    int failed = 0;
    QJsonArray values;
    for (const auto& result : results) {
        QJsonObject o = dueJson(result.item);
        o.insert(QStringLiteral("done"), result.done);
        o.insert(QStringLiteral("message"), result.message);
        values << o;
        if (!result.done)
            ++failed;
        if (!context.json())
            context.console().print(
                QStringLiteral("%1/%2: %3: %4")
                    .arg(result.item.vault, result.item.name, kindName(result.item.kind), result.message));
    }
    if (context.json())
        context.console().printJson(JsonFormat::list(values));
    else if (results.isEmpty())
        context.console().print(QStringLiteral("Nothing is due."));
    co_return failed ? int(Console::Refused) : int(Console::Success);
}

QCoro::Task<int> CertificateLifecycleCommands::remove(CommandContext& context)
{
    const QString vault = context.args().positional(0);
    const QString name = context.args().positional(1);
    auto removing = context.services().certificates().remove(vault, name, context.operationContext());
    auto removed = co_await removing;
    if (!removed)
        co_return context.fail(removed.error());
    co_return context.done(QStringLiteral("Deleted certificate '%1' in vault '%2' with its key (recoverable until %3)")
                               .arg(name, vault, TimeArgument::format(removed->scheduledPurge)),
                           CertificateJson::bundle(removed.value()));
}

QCoro::Task<int> CertificateLifecycleCommands::listDeleted(CommandContext& context)
{
    auto deleted = context.services().certificates().listDeleted(context.args().positional(0));
    if (!deleted)
        co_return context.fail(deleted.error());
    if (context.json()) {
        QJsonArray values;
        for (const CertificateRecord& c : deleted.value()) {
            QJsonObject o = CertificateJson::bundle(c);
            o.insert(QStringLiteral("deletedDate"), c.deleted.toSecsSinceEpoch());
            o.insert(QStringLiteral("scheduledPurgeDate"), c.scheduledPurge.toSecsSinceEpoch());
            values << o;
        }
        context.console().printJson(JsonFormat::list(values));
        co_return Console::Success;
    }
    Table table({QStringLiteral("NAME"), QStringLiteral("DELETED"), QStringLiteral("SCHEDULED PURGE")});
    for (const CertificateRecord& c : deleted.value())
        table.addRow({c.name, TimeArgument::format(c.deleted), TimeArgument::format(c.scheduledPurge)});
    context.console().print(table.render());
    co_return Console::Success;
}

QCoro::Task<int> CertificateLifecycleCommands::recover(CommandContext& context)
{
    const QString vault = context.args().positional(0);
    const QString name = context.args().positional(1);
    auto recovering = context.services().certificates().recover(vault, name, context.operationContext());
    auto recovered = co_await recovering;
    if (!recovered)
        co_return context.fail(recovered.error());
    co_return context.done(QStringLiteral("Recovered certificate '%1' in vault '%2' with its key").arg(name, vault),
                           CertificateJson::bundle(recovered.value()));
}

QCoro::Task<int> CertificateLifecycleCommands::purge(CommandContext& context)
{
    const QString vault = context.args().positional(0);
    const QString name = context.args().positional(1);
    auto purging = context.services().certificates().purge(vault, name, context.operationContext());
    auto purged = co_await purging;
    if (!purged)
        co_return context.fail(purged.error());
    co_return context.done(QStringLiteral("Purged certificate '%1' in vault '%2' and its key").arg(name, vault),
                           QJsonObject{{QStringLiteral("name"), name},
                                       {QStringLiteral("id"), CertificateRecord::certificateResourceId(vault, name)}});
}

} // namespace custos::app
