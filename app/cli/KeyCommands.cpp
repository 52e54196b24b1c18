#include "KeyCommands.h"
#include "CommandContext.h"
#include "JsonFormat.h"
#include "KeyJson.h"
#include "Table.h"
#include "TimeArgument.h"
#include "VaultCommands.h"

#include "crypto/keys/JoseAlgorithm.h"
#include "model/services/ServicePath.h"
#include "model/services/Services.h"

#include <QJsonArray>

namespace custos::app {

using model::KeyRecord;
using model::KeyVersion;

namespace {
const QString kVault = QStringLiteral("VAULT");
const QString kName = QStringLiteral("NAME");
const QString kDurationRule = QStringLiteral("an ISO 8601 duration such as P90D, P1Y or PT12H");

QString yesNo(bool value)
{
    return value ? QStringLiteral("yes") : QStringLiteral("no");
}

QString timeOrNone(const QDateTime& time)
{
    return time.isValid() ? TimeArgument::format(time) : QStringLiteral("-");
}

// --expires and --not-before: a date, a UTC time or a duration from now; "none" clears (key set).
QString parseTime(const CliArguments& args, const QString& option, bool allowNone, std::optional<QDateTime>* out)
{
    if (!args.has(option))
        return {};
    const QString text = args.value(option);
    if (allowNone && text.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0) {
        *out = QDateTime();
        return {};
    }
    const auto parsed = TimeArgument::parse(text, TimeArgument::Direction::Future);
    if (!parsed)
        return QStringLiteral("--%1 takes a date (2027-12-31), a UTC time or a duration (P1Y)%2, not '%3'")
            .arg(option, allowNone ? QStringLiteral(" or none") : QString(), text);
    *out = *parsed;
    return {};
}

QString parseTagsOption(const CliArguments& args, std::optional<QMap<QString, QString>>* out)
{
    if (!args.has(QStringLiteral("tags")))
        return {};
    const auto tags = VaultCommands::parseTags(args.value(QStringLiteral("tags")));
    if (!tags)
        return QStringLiteral("--tags takes k=v;k2=v2, not '%1'").arg(args.value(QStringLiteral("tags")));
    *out = *tags;
    return {};
}

bool isDuration(const QString& text)
{
    return TimeArgument::applyDuration(text, QDateTime::currentDateTimeUtc(), 1).has_value();
}

void addVersionRows(Table* table, const KeyRecord& key, const KeyVersion& v)
{
    table->addRow({QStringLiteral("Kid"), KeyRecord::versionResourceId(key.vault, key.name, v.id)});
    table->addRow({QStringLiteral("Version"), v.id});
    table->addRow({QStringLiteral("Enabled"), yesNo(v.enabled)});
    table->addRow({QStringLiteral("Not before"), timeOrNone(v.notBefore)});
    table->addRow({QStringLiteral("Expires"), timeOrNone(v.expires)});
    table->addRow({QStringLiteral("Created"), TimeArgument::format(v.created)});
    table->addRow({QStringLiteral("Updated"), TimeArgument::format(v.updated)});
    table->addRow({QStringLiteral("Tags"), KeyJson::tagsText(KeyJson::effectiveTags(key, v))});
}

QString policyText(const model::KeyRotationPolicy& policy)
{
    QStringList parts;
    if (!policy.expiryTime.isEmpty())
        parts << QStringLiteral("expiry %1").arg(policy.expiryTime);
    for (const model::KeyLifetimeAction& action : policy.actions)
        parts << model::describeLifetimeAction(action);
    return parts.isEmpty() ? QStringLiteral("none") : parts.join(QStringLiteral("; "));
}
} // namespace

std::optional<model::Vault> KeyCommands::readableVault(CommandContext& context, const QString& vault)
{
    if (!context.services().path().isAllowed(QStringLiteral("vaults/read"), QStringLiteral("/vaults/") + vault))
        return std::nullopt;
    auto found = context.services().vaults().show(vault);
    if (!found)
        return std::nullopt;
    return found.value();
}

std::optional<bool> KeyCommands::parseBool(const QString& text)
{
    const QString lower = text.toLower();
    if (lower == QLatin1String("true") || lower == QLatin1String("yes") || lower == QLatin1String("1"))
        return true;
    if (lower == QLatin1String("false") || lower == QLatin1String("no") || lower == QLatin1String("0"))
        return false;
    return std::nullopt;
}

QString KeyCommands::versionOption(const CliArguments& args)
{
    return args.value(QStringLiteral("version"));
}

QList<CommandSpec> KeyCommands::specs()
{
    const QString k = QStringLiteral("key");
    auto opt = [](const char* name, bool value = true) { return OptionSpec{QString::fromLatin1(name), value}; };
    const auto login = CommandNeeds::Login;
    // clang-format off
    return {
        {k, QStringLiteral("create"), {kVault, kName},
         {opt("kty"), opt("size"), opt("curve"), opt("ops"), opt("protection"), opt("exportable", false),
          opt("expires"), opt("tags")}, true, login, &KeyCommands::create,
         QStringLiteral("key create VAULT NAME --kty RSA|EC|oct [--size N] [--curve P-256|P-384|P-521] "
                        "[--ops sign,verify,...] [--protection hsm|software] [--exportable] [--expires P1Y|DATE] "
                        "[--tags k=v;...]"),
         &KeyCommands::checkCreate},
        {k, QStringLiteral("list"), {kVault}, {}, false, login, &KeyCommands::list, QStringLiteral("key list VAULT")},
        {k, QStringLiteral("show"), {kVault, kName}, {opt("version")}, false, login, &KeyCommands::show,
         QStringLiteral("key show VAULT NAME [--version V]")},
        {k, QStringLiteral("versions"), {kVault, kName}, {}, false, login, &KeyCommands::versions,
         QStringLiteral("key versions VAULT NAME")},
        {k, QStringLiteral("rotate"), {kVault, kName}, {}, true, login, &KeyCommands::rotate,
         QStringLiteral("key rotate VAULT NAME")},
        {k, QStringLiteral("set"), {kVault, kName},
         {opt("version"), opt("enabled"), opt("expires"), opt("not-before"), opt("tags"), opt("allow-rsa1_5")}, true,
         login, &KeyCommands::update,
         QStringLiteral("key set VAULT NAME [--version V] [--enabled true|false] [--expires P1Y|DATE|none] "
                        "[--not-before DATE|none] [--tags k=v;...] [--allow-rsa1_5 true|false]"),
         &KeyCommands::checkUpdate},
        {k, QStringLiteral("policy"), {kVault, kName},
         {opt("show", false), opt("clear", false), opt("expiry"), opt("rotate-after"), opt("rotate-before-expiry"),
          opt("notify-before")}, true, login, &KeyCommands::policy,
         QStringLiteral("key policy VAULT NAME [--show | --clear | [--expiry P1Y] [--rotate-after P90D | "
                        "--rotate-before-expiry P30D] [--notify-before P30D]]"),
         &KeyCommands::checkPolicy},
        {k, QStringLiteral("due"), {}, {opt("apply", false)}, true, login, &KeyCommands::due,
         QStringLiteral("key due [--apply]")},
    };
    // clang-format on
}

QString KeyCommands::parseCreate(const CliArguments& args, model::KeyCreateRequest* request)
{
    request->vault = args.positional(0);
    request->name = args.positional(1);
    const QString kty = args.value(QStringLiteral("kty"));
    if (!args.has(QStringLiteral("kty")))
        return QStringLiteral("'key create' needs --kty RSA|EC|oct");
    if (!model::parseKeyType(kty, &request->kty))
        return QStringLiteral("--kty takes RSA, EC or oct, not '%1'").arg(kty);
    if (args.has(QStringLiteral("size"))) {
        bool ok = false;
        request->size = args.value(QStringLiteral("size")).toInt(&ok);
        if (!ok || request->size <= 0)
            return QStringLiteral("--size takes a number of bits, not '%1'").arg(args.value(QStringLiteral("size")));
    }
    request->curve = args.value(QStringLiteral("curve"));
    if (args.has(QStringLiteral("ops"))) {
        request->keyOps = args.value(QStringLiteral("ops")).split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (QString& op : request->keyOps)
            op = op.trimmed();
        if (request->keyOps.isEmpty())
            return QStringLiteral("--ops takes a list such as sign,verify");
    }
    if (args.has(QStringLiteral("protection"))) {
        model::Protection protection = model::Protection::Hsm;
        if (!model::parseProtection(args.value(QStringLiteral("protection")), &protection))
            return QStringLiteral("--protection takes hsm or software, not '%1'")
                .arg(args.value(QStringLiteral("protection")));
        request->protection = protection;
    }
    request->exportable = args.has(QStringLiteral("exportable")); // the service adds export to key_ops (CLI.md)
    std::optional<QDateTime> expires;
    if (QString error = parseTime(args, QStringLiteral("expires"), false, &expires); !error.isEmpty())
        return error;
    if (expires)
        request->expires = *expires;
    std::optional<QMap<QString, QString>> tags;
    if (QString error = parseTagsOption(args, &tags); !error.isEmpty())
        return error;
    if (tags)
        request->tags = *tags;
    return {};
}

QString KeyCommands::parseUpdate(const CliArguments& args, model::KeyUpdateRequest* request)
{
    request->vault = args.positional(0);
    request->name = args.positional(1);
    request->versionId = versionOption(args);
    for (const QString& option : {QStringLiteral("enabled"), QStringLiteral("allow-rsa1_5")}) {
        if (!args.has(option))
            continue;
        const auto value = parseBool(args.value(option));
        if (!value)
            return QStringLiteral("--%1 takes true or false, not '%2'").arg(option, args.value(option));
        (option == QLatin1String("enabled") ? request->enabled : request->allowRsa15) = *value;
    }
    if (QString error = parseTime(args, QStringLiteral("expires"), true, &request->expires); !error.isEmpty())
        return error;
    if (QString error = parseTime(args, QStringLiteral("not-before"), true, &request->notBefore); !error.isEmpty())
        return error;
    if (QString error = parseTagsOption(args, &request->tags); !error.isEmpty())
        return error;
    if (!request->enabled && !request->allowRsa15 && !request->expires && !request->notBefore && !request->tags)
        return QStringLiteral("'key set' needs something to change: --enabled, --expires, --not-before, --tags or "
                              "--allow-rsa1_5");
    return {};
}

QString KeyCommands::parsePolicy(const CliArguments& args)
{
    const QStringList durations{QStringLiteral("expiry"), QStringLiteral("rotate-after"),
                                QStringLiteral("rotate-before-expiry"), QStringLiteral("notify-before")};
    bool setting = false;
    for (const QString& option : durations) {
        if (!args.has(option))
            continue;
        setting = true;
        if (!isDuration(args.value(option)))
            return QStringLiteral("--%1 takes %2, not '%3'").arg(option, kDurationRule, args.value(option));
    }
    const bool show = args.has(QStringLiteral("show"));
    const bool clear = args.has(QStringLiteral("clear"));
    if (int(show) + int(clear) + int(setting) > 1)
        return QStringLiteral("'key policy' takes --show, --clear or the policy's durations, not a mix");
    if (args.has(QStringLiteral("rotate-after")) && args.has(QStringLiteral("rotate-before-expiry")))
        return QStringLiteral("--rotate-after and --rotate-before-expiry exclude each other: one rotation trigger");
    return {};
}

int KeyCommands::checkCreate(CommandContext& context)
{
    model::KeyCreateRequest request;
    const QString error = parseCreate(context.args(), &request);
    return error.isEmpty() ? int(Console::Success) : context.usage(error);
}

int KeyCommands::checkUpdate(CommandContext& context)
{
    model::KeyUpdateRequest request;
    const QString error = parseUpdate(context.args(), &request);
    return error.isEmpty() ? int(Console::Success) : context.usage(error);
}

int KeyCommands::checkPolicy(CommandContext& context)
{
    const QString error = parsePolicy(context.args());
    return error.isEmpty() ? int(Console::Success) : context.usage(error);
}

QCoro::Task<int> KeyCommands::create(CommandContext& context)
{
    model::KeyCreateRequest request;
    if (const QString error = parseCreate(context.args(), &request); !error.isEmpty())
        co_return context.usage(error);
    auto createdTask = context.services().keys().create(std::move(request), context.operationContext());
    auto created = co_await createdTask;
    if (!created)
        co_return context.fail(created.error());
    const KeyRecord& key = created.value();
    const auto vault = readableVault(context, key.vault);
    co_return context.done(QStringLiteral("Created key '%1' in vault '%2' (%3, %4%5), version %6")
                               .arg(key.name, key.vault, KeyJson::typeText(key), model::protectionName(key.protection),
                                    key.exportable ? QStringLiteral(", exportable") : QString(), key.currentVersion.id),
                           KeyJson::bundle(key, vault ? &*vault : nullptr));
}

QCoro::Task<int> KeyCommands::list(CommandContext& context)
{
    const QString vaultName = context.args().positional(0);
    const auto keys = context.services().keys().list(vaultName);
    if (!keys)
        co_return context.fail(keys.error());
    if (context.json()) {
        const auto vault = readableVault(context, vaultName);
        QJsonArray values;
        for (const KeyRecord& key : keys.value())
            values << KeyJson::bundle(key, vault ? &*vault : nullptr);
        context.console().printJson(JsonFormat::list(values));
        co_return Console::Success;
    }
    Table table({QStringLiteral("NAME"), QStringLiteral("TYPE"), QStringLiteral("VERSION"), QStringLiteral("ENABLED"),
                 QStringLiteral("EXPIRES"), QStringLiteral("PROTECTION"), QStringLiteral("OPERATIONS")});
    for (const KeyRecord& key : keys.value()) {
        table.addRow({key.name, KeyJson::typeText(key), key.currentVersion.id, yesNo(key.currentVersion.enabled),
                      timeOrNone(key.currentVersion.expires), model::protectionName(key.protection),
                      key.keyOps.join(QLatin1Char(','))});
    }
    context.console().print(table.render());
    co_return Console::Success;
}

QCoro::Task<int> KeyCommands::show(CommandContext& context)
{
    const QString vaultName = context.args().positional(0);
    const QString name = context.args().positional(1);
    auto key = context.services().keys().show(vaultName, name);
    if (!key)
        co_return context.fail(key.error());
    KeyVersion version = key->currentVersion;
    if (const QString versionId = versionOption(context.args()); !versionId.isEmpty()) {
        auto found = context.services().keys().version(vaultName, name, versionId);
        if (!found)
            co_return context.fail(found.error());
        version = found.value();
    }
    if (context.json()) {
        const auto vault = readableVault(context, vaultName);
        context.console().printJson(KeyJson::bundle(key.value(), version, vault ? &*vault : nullptr));
        co_return Console::Success;
    }
    const KeyRecord& k = key.value();
    Table table{QStringList()};
    table.addRow({QStringLiteral("Name"), k.name});
    table.addRow({QStringLiteral("Id"), k.resourceId()});
    table.addRow({QStringLiteral("Type"), KeyJson::typeText(k)});
    table.addRow({QStringLiteral("Protection"), model::protectionName(k.protection)});
    table.addRow({QStringLiteral("Exportable"), yesNo(k.exportable)});
    table.addRow({QStringLiteral("Operations"), k.keyOps.join(QLatin1Char(','))});
    if (k.kty == crypto::KeyKind::Rsa)
        table.addRow({QStringLiteral("Allow RSA1_5"), yesNo(k.allowRsa15)});
    table.addRow({QStringLiteral("Current version"), k.currentVersion.id});
    addVersionRows(&table, k, version);
    table.addRow({QStringLiteral("Rotation policy"), policyText(k.policy)});
    context.console().print(table.render());
    co_return Console::Success;
}

QCoro::Task<int> KeyCommands::versions(CommandContext& context)
{
    const QString vaultName = context.args().positional(0);
    const QString name = context.args().positional(1);
    auto key = context.services().keys().show(vaultName, name);
    if (!key)
        co_return context.fail(key.error());
    const auto versions = context.services().keys().versions(vaultName, name);
    if (!versions)
        co_return context.fail(versions.error());
    if (context.json()) {
        const auto vault = readableVault(context, vaultName);
        QJsonArray values;
        for (const KeyVersion& v : versions.value())
            values << KeyJson::bundle(key.value(), v, vault ? &*vault : nullptr);
        context.console().printJson(JsonFormat::list(values));
        co_return Console::Success;
    }
    Table table({QStringLiteral("SEQ"), QStringLiteral("VERSION"), QStringLiteral("CURRENT"), QStringLiteral("ENABLED"),
                 QStringLiteral("NOT BEFORE"), QStringLiteral("EXPIRES"), QStringLiteral("CREATED")});
    for (const KeyVersion& v : versions.value()) {
        table.addRow({QString::number(v.seq), v.id, yesNo(v.id == key->currentVersion.id), yesNo(v.enabled),
                      timeOrNone(v.notBefore), timeOrNone(v.expires), TimeArgument::format(v.created)});
    }
    context.console().print(table.render());
    co_return Console::Success;
}

QCoro::Task<int> KeyCommands::rotate(CommandContext& context)
{
    auto rotatedTask = context.services().keys().rotate(context.args().positional(0), context.args().positional(1),
                                                        context.operationContext());
    auto rotated = co_await rotatedTask;
    if (!rotated)
        co_return context.fail(rotated.error());
    const KeyRecord& key = rotated.value();
    const auto vault = readableVault(context, key.vault);
    co_return context.done(QStringLiteral("Rotated key '%1' in vault '%2': new current version %3")
                               .arg(key.name, key.vault, key.currentVersion.id),
                           KeyJson::bundle(key, vault ? &*vault : nullptr));
}

QCoro::Task<int> KeyCommands::update(CommandContext& context)
{
    model::KeyUpdateRequest request;
    if (const QString error = parseUpdate(context.args(), &request); !error.isEmpty())
        co_return context.usage(error);
    QStringList changes;
    if (request.enabled)
        changes
            << QStringLiteral("enabled %1").arg(*request.enabled ? QStringLiteral("true") : QStringLiteral("false"));
    if (request.expires)
        changes << QStringLiteral("expires %1")
                       .arg(request.expires->isValid() ? TimeArgument::format(*request.expires)
                                                       : QStringLiteral("none"));
    if (request.notBefore)
        changes << QStringLiteral("not before %1")
                       .arg(request.notBefore->isValid() ? TimeArgument::format(*request.notBefore)
                                                         : QStringLiteral("none"));
    if (request.tags)
        changes << QStringLiteral("tags %1").arg(request.tags->isEmpty() ? QStringLiteral("(none)")
                                                                         : KeyJson::tagsText(*request.tags));
    if (request.allowRsa15)
        changes << QStringLiteral("allow RSA1_5 %1")
                       .arg(*request.allowRsa15 ? QStringLiteral("true") : QStringLiteral("false"));
    const QString vaultName = request.vault;
    const QString name = request.name;
    auto updatedTask = context.services().keys().update(std::move(request), context.operationContext());
    auto updated = co_await updatedTask;
    if (!updated)
        co_return context.fail(updated.error());
    auto key = context.services().keys().show(vaultName, name);
    if (!key)
        co_return context.fail(key.error());
    const auto vault = readableVault(context, vaultName);
    co_return context.done(QStringLiteral("Updated key '%1' in vault '%2', version %3: %4")
                               .arg(name, vaultName, updated->id, changes.join(QStringLiteral(", "))),
                           KeyJson::bundle(key.value(), updated.value(), vault ? &*vault : nullptr));
}

QCoro::Task<int> KeyCommands::policy(CommandContext& context)
{
    const CliArguments& args = context.args();
    if (const QString error = parsePolicy(args); !error.isEmpty())
        co_return context.usage(error);
    const QString vaultName = args.positional(0);
    const QString name = args.positional(1);
    auto current = context.services().keys().policy(vaultName, name);
    if (!current)
        co_return context.fail(current.error());
    const bool clear = args.has(QStringLiteral("clear"));
    const bool setting = clear || args.has(QStringLiteral("expiry")) || args.has(QStringLiteral("rotate-after")) ||
                         args.has(QStringLiteral("rotate-before-expiry")) || args.has(QStringLiteral("notify-before"));
    if (!setting) {
        if (context.json()) {
            context.console().printJson(KeyJson::policy(vaultName, name, current.value()));
            co_return Console::Success;
        }
        Table table{QStringList()};
        table.addRow({QStringLiteral("Key"), model::KeyRecord::keyResourceId(vaultName, name)});
        table.addRow({QStringLiteral("Expiry time"),
                      current->expiryTime.isEmpty() ? QStringLiteral("none") : current->expiryTime});
        if (current->actions.isEmpty())
            table.addRow({QStringLiteral("Lifetime actions"), QStringLiteral("none")});
        for (const model::KeyLifetimeAction& action : current->actions)
            table.addRow({QStringLiteral("Lifetime action"), model::describeLifetimeAction(action)});
        context.console().print(table.render());
        co_return Console::Success;
    }
    // The options given replace their part of the current policy; the rest stays.
    model::KeyRotationPolicy policy = clear ? model::KeyRotationPolicy{} : current.value();
    if (args.has(QStringLiteral("expiry")))
        policy.expiryTime = args.value(QStringLiteral("expiry")).toUpper();
    auto replaceAction = [&policy](model::KeyLifetimeAction::Kind kind, const QString& after, const QString& before) {
        policy.actions.removeIf([kind](const model::KeyLifetimeAction& a) { return a.kind == kind; });
        model::KeyLifetimeAction action;
        action.kind = kind;
        action.timeAfterCreate = after.toUpper();
        action.timeBeforeExpiry = before.toUpper();
        policy.actions << action;
    };
    if (args.has(QStringLiteral("rotate-after")) || args.has(QStringLiteral("rotate-before-expiry")))
        replaceAction(model::KeyLifetimeAction::Kind::Rotate, args.value(QStringLiteral("rotate-after")),
                      args.value(QStringLiteral("rotate-before-expiry")));
    if (args.has(QStringLiteral("notify-before")))
        replaceAction(model::KeyLifetimeAction::Kind::Notify, QString(), args.value(QStringLiteral("notify-before")));
    auto setTask = context.services().keys().setPolicy(vaultName, name, policy, context.operationContext());
    auto set = co_await setTask;
    if (!set)
        co_return context.fail(set.error());
    co_return context.done(QStringLiteral("Set the rotation policy of key '%1' in vault '%2': %3")
                               .arg(name, vaultName, policyText(set.value())),
                           KeyJson::policy(vaultName, name, set.value()));
}

QCoro::Task<int> KeyCommands::due(CommandContext& context)
{
    auto& keys = context.services().keys();
    if (!context.args().has(QStringLiteral("apply"))) {
        const auto items = keys.due();
        if (!items)
            co_return context.fail(items.error());
        if (context.json()) {
            QJsonArray values;
            for (const model::KeyDueItem& item : items.value())
                values << KeyJson::dueItem(item);
            context.console().printJson(JsonFormat::list(values));
            co_return Console::Success;
        }
        if (items->isEmpty()) {
            context.console().print(QStringLiteral("Nothing is due"));
            co_return Console::Success;
        }
        Table table({QStringLiteral("VAULT"), QStringLiteral("KEY"), QStringLiteral("ACTION"), QStringLiteral("DUE"),
                     QStringLiteral("DESCRIPTION")});
        for (const model::KeyDueItem& item : items.value())
            table.addRow({item.key.vault, item.key.name, model::lifetimeActionKindName(item.action.kind),
                          TimeArgument::format(item.dueAt), item.description});
        context.console().print(table.render());
        co_return Console::Success;
    }
    auto appliedTask = keys.applyDue(context.operationContext());
    const QList<model::KeyDueResult> results = co_await appliedTask;
    int failed = 0;
    QJsonArray values;
    QStringList lines;
    for (const model::KeyDueResult& result : results) {
        QJsonObject o = KeyJson::dueItem(result.item);
        o.insert(QStringLiteral("done"), result.done);
        o.insert(QStringLiteral("message"), result.message);
        values << o;
        const QString line = QStringLiteral("key '%1' in vault '%2': %3 %4")
                                 .arg(result.item.key.name, result.item.key.vault,
                                      model::lifetimeActionKindName(result.item.action.kind),
                                      result.done ? result.message : QStringLiteral("failed: ") + result.message);
        if (!result.done) {
            ++failed;
            if (!context.json())
                context.console().fail(line);
        } else {
            lines << line;
        }
    }
    if (context.json())
        context.console().printJson(JsonFormat::list(values));
    else if (results.isEmpty())
        context.console().print(QStringLiteral("Nothing was due"));
    else if (!lines.isEmpty())
        context.console().print(lines.join(QLatin1Char('\n')));
    if (failed > 0) {
        if (context.json())
            context.console().fail(QStringLiteral("%1 of %2 due actions failed").arg(failed).arg(results.size()));
        co_return Console::Refused;
    }
    co_return Console::Success;
}

} // namespace custos::app
