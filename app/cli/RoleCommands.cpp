#include "RoleCommands.h"
#include "CommandContext.h"
#include "JsonFormat.h"
#include "Table.h"
#include "TimeArgument.h"

#include "model/services/Services.h"

namespace custos::app {

using model::RoleAssignment;
using model::RoleDefinition;

namespace {
const QString kPrincipal = QStringLiteral("principal");
const QString kRole = QStringLiteral("role");
const QString kScope = QStringLiteral("scope");

// --principal, --role and --scope are required for assign and unassign; --expires must parse.
QString parseAssignment(const CliArguments& args, QDateTime* expires)
{
    for (const QString& name : {kPrincipal, kRole, kScope}) {
        if (args.value(name).isEmpty())
            return QStringLiteral("'%1' needs --%2").arg(args.command()->fullName(), name);
    }
    if (args.has(QStringLiteral("expires"))) {
        const auto parsed = TimeArgument::parse(args.value(QStringLiteral("expires")), TimeArgument::Direction::Future);
        if (!parsed)
            return QStringLiteral("--expires takes a date (2025-12-31), a UTC time or a duration (P30D), not '%1'")
                .arg(args.value(QStringLiteral("expires")));
        *expires = *parsed;
    }
    return {};
}

int checkAssignment(CommandContext& context)
{
    QDateTime expires;
    const QString error = parseAssignment(context.args(), &expires);
    return error.isEmpty() ? int(Console::Success) : context.usage(error);
}

const QString kPermissions = QStringLiteral("permissions");
const QString kNotPermissions = QStringLiteral("not-permissions");
const QString kDescription = QStringLiteral("description");

// "keys/sign/action,keys/verify/action" (also repeated options) into a list.
QStringList permissionList(const CliArguments& args, const QString& option)
{
    QStringList out;
    for (const QString& value : args.values(option)) {
        for (const QString& item : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!item.trimmed().isEmpty())
                out << item.trimmed();
        }
    }
    return out;
}

int checkCreate(CommandContext& context)
{
    if (permissionList(context.args(), kPermissions).isEmpty())
        return context.usage(QStringLiteral("'role create' needs --permissions LIST (comma-separated permissions of "
                                            "ROLES.md, e.g. keys/sign/action,keys/read/action)"));
    return Console::Success;
}

int checkUpdate(CommandContext& context)
{
    const CliArguments& args = context.args();
    if (!args.has(kPermissions) && !args.has(kNotPermissions) && !args.has(kDescription))
        return context.usage(QStringLiteral("'role update' needs --permissions, --not-permissions or --description"));
    if (args.has(kPermissions) && permissionList(args, kPermissions).isEmpty())
        return context.usage(QStringLiteral("--permissions needs at least one permission"));
    return Console::Success;
}

// "active", or "expired" once its expiry passed: an expired assignment no longer counts.
QString assignmentStatus(const RoleAssignment& a)
{
    return a.isActiveAt(QDateTime::currentDateTimeUtc()) ? QStringLiteral("active") : QStringLiteral("expired");
}
} // namespace

QList<CommandSpec> RoleCommands::specs()
{
    const QString r = QStringLiteral("role");
    const OptionSpec principal{kPrincipal, true}, role{kRole, true}, scope{kScope, true};
    const auto login = CommandNeeds::Login;
    // clang-format off
    return {
        {r, QStringLiteral("list"), {}, {}, false, login, &RoleCommands::list, QStringLiteral("role list")},
        {r, QStringLiteral("show"), {QStringLiteral("ROLE")}, {}, false, login, &RoleCommands::show,
         QStringLiteral("role show ROLE")},
        {r, QStringLiteral("assign"), {}, {principal, role, scope, {QStringLiteral("expires"), true}}, true, login,
         &RoleCommands::assign,
         QStringLiteral("role assign --principal P --role ROLE --scope SCOPE [--expires DATE|P30D]"),
         &checkAssignment},
        {r, QStringLiteral("unassign"), {}, {principal, role, scope}, true, login, &RoleCommands::unassign,
         QStringLiteral("role unassign --principal P --role ROLE --scope SCOPE"), &checkAssignment},
        {r, QStringLiteral("assignments"), {}, {principal, scope}, false, login, &RoleCommands::assignments,
         QStringLiteral("role assignments [--principal P] [--scope S]")},
        {r, QStringLiteral("create"), {QStringLiteral("ROLE")}, {{kPermissions, true}, {kNotPermissions, true},
         {kDescription, true}}, true, login, &RoleCommands::create,
         QStringLiteral("role create ROLE --permissions LIST [--not-permissions LIST] [--description T]"),
         &checkCreate},
        {r, QStringLiteral("update"), {QStringLiteral("ROLE")}, {{kPermissions, true}, {kNotPermissions, true},
         {kDescription, true}}, true, login, &RoleCommands::update,
         QStringLiteral("role update ROLE [--permissions LIST] [--not-permissions LIST] [--description T]"),
         &checkUpdate},
        {r, QStringLiteral("delete"), {QStringLiteral("ROLE")}, {}, true, login, &RoleCommands::remove,
         QStringLiteral("role delete ROLE")},
        {r, QStringLiteral("sod-report"), {}, {}, false, login, &RoleCommands::sodReport,
         QStringLiteral("role sod-report")},
    };
    // clang-format on
}

QCoro::Task<int> RoleCommands::list(CommandContext& context)
{
    const auto roles = context.services().roles().listRoles();
    if (!roles)
        co_return context.fail(roles.error());
    if (context.json()) {
        QJsonArray values;
        for (const RoleDefinition& role : roles.value())
            values << JsonFormat::role(role);
        context.console().printJson(JsonFormat::list(values));
        co_return Console::Success;
    }
    Table table({QStringLiteral("NAME"), QStringLiteral("TYPE"), QStringLiteral("DESCRIPTION")});
    for (const RoleDefinition& role : roles.value())
        table.addRow(
            {role.name, role.builtIn ? QStringLiteral("built-in") : QStringLiteral("custom"), role.description});
    context.console().print(table.render());
    co_return Console::Success;
}

QCoro::Task<int> RoleCommands::show(CommandContext& context)
{
    const auto role = context.services().roles().showRole(context.args().positional(0));
    if (!role)
        co_return context.fail(role.error());
    if (context.json()) {
        context.console().printJson(JsonFormat::role(role.value(), true));
        co_return Console::Success;
    }
    QString text;
    text += QStringLiteral("Name:         %1\n").arg(role->name);
    text +=
        QStringLiteral("Type:         %1\n").arg(role->builtIn ? QStringLiteral("built-in") : QStringLiteral("custom"));
    text += QStringLiteral("Description:  %1\n").arg(role->description);
    text += QStringLiteral("Actions:      %1\n").arg(role->actions.join(QStringLiteral(", ")));
    if (!role->notActions.isEmpty())
        text += QStringLiteral("Not actions:  %1\n").arg(role->notActions.join(QStringLiteral(", ")));
    text += QStringLiteral("Permissions:\n");
    for (const QString& permission : model::effectivePermissions(role.value()))
        text += QStringLiteral("  %1\n").arg(permission);
    context.console().print(text);
    co_return Console::Success;
}

QCoro::Task<int> RoleCommands::assign(CommandContext& context)
{
    const CliArguments& args = context.args();
    QDateTime expires;
    if (const QString error = parseAssignment(args, &expires); !error.isEmpty())
        co_return context.usage(error);
    auto assignedTask = context.services().roles().assign(args.value(kPrincipal), args.value(kRole), args.value(kScope),
                                                          expires, context.operationContext());
    auto assigned = co_await assignedTask;
    if (!assigned)
        co_return context.fail(assigned.error());
    const RoleAssignment& a = assigned.value();
    co_return context.done(
        QStringLiteral("Assigned role '%1' to '%2' at '%3'%4 (assignment %5)")
            .arg(a.role, a.principal, a.scope,
                 a.expires.isValid() ? QStringLiteral(" until ") + TimeArgument::format(a.expires) : QString(), a.id),
        JsonFormat::assignment(a));
}

QCoro::Task<int> RoleCommands::unassign(CommandContext& context)
{
    const CliArguments& args = context.args();
    QDateTime unused;
    if (const QString error = parseAssignment(args, &unused); !error.isEmpty())
        co_return context.usage(error);
    auto removedTask = context.services().roles().unassign(args.value(kPrincipal), args.value(kRole),
                                                           args.value(kScope), context.operationContext());
    auto removed = co_await removedTask;
    if (!removed)
        co_return context.fail(removed.error());
    co_return context.done(QStringLiteral("Unassigned role '%1' from '%2' at '%3'")
                               .arg(args.value(kRole), args.value(kPrincipal), args.value(kScope)),
                           QJsonObject{{QStringLiteral("principalName"), args.value(kPrincipal)},
                                       {QStringLiteral("roleDefinitionName"), args.value(kRole)},
                                       {QStringLiteral("scope"), args.value(kScope)},
                                       {QStringLiteral("unassigned"), true}});
}

QCoro::Task<int> RoleCommands::assignments(CommandContext& context)
{
    const auto list =
        context.services().roles().assignments(context.args().value(kPrincipal), context.args().value(kScope));
    if (!list)
        co_return context.fail(list.error());
    if (context.json()) {
        QJsonArray values;
        for (const RoleAssignment& a : list.value()) {
            QJsonObject value = JsonFormat::assignment(a);
            value.insert(QStringLiteral("status"), assignmentStatus(a));
            values << value;
        }
        context.console().printJson(JsonFormat::list(values));
        co_return Console::Success;
    }
    Table table({QStringLiteral("PRINCIPAL"), QStringLiteral("ROLE"), QStringLiteral("SCOPE"),
                 QStringLiteral("EXPIRES"), QStringLiteral("STATUS"), QStringLiteral("ID")});
    for (const RoleAssignment& a : list.value())
        table.addRow({a.principal, a.role, a.scope,
                      a.expires.isValid() ? TimeArgument::format(a.expires) : QStringLiteral("never"),
                      assignmentStatus(a), a.id});
    context.console().print(table.render());
    co_return Console::Success;
}

QCoro::Task<int> RoleCommands::create(CommandContext& context)
{
    const CliArguments& args = context.args();
    model::RoleDefinition role;
    role.name = args.positional(0);
    role.actions = permissionList(args, kPermissions);
    role.notActions = permissionList(args, kNotPermissions);
    role.description = args.value(kDescription);
    role.builtIn = false;
    auto createdTask = context.services().roles().createRole(role, context.operationContext());
    auto created = co_await createdTask;
    if (!created)
        co_return context.fail(created.error());
    co_return context.done(QStringLiteral("Created role '%1' (%2 permissions)")
                               .arg(created->name)
                               .arg(model::effectivePermissions(created.value()).size()),
                           JsonFormat::role(created.value(), true));
}

QCoro::Task<int> RoleCommands::update(CommandContext& context)
{
    const CliArguments& args = context.args();
    model::RoleService::RoleUpdate change;
    if (args.has(kPermissions))
        change.actions = permissionList(args, kPermissions);
    if (args.has(kNotPermissions))
        change.notActions = permissionList(args, kNotPermissions);
    if (args.has(kDescription))
        change.description = args.value(kDescription);
    auto updatedTask = context.services().roles().updateRole(args.positional(0), change, context.operationContext());
    auto updated = co_await updatedTask;
    if (!updated)
        co_return context.fail(updated.error());
    co_return context.done(QStringLiteral("Updated role '%1' (%2 permissions)")
                               .arg(updated->name)
                               .arg(model::effectivePermissions(updated.value()).size()),
                           JsonFormat::role(updated.value(), true));
}

QCoro::Task<int> RoleCommands::remove(CommandContext& context)
{
    const QString name = context.args().positional(0);
    auto removedTask = context.services().roles().deleteRole(name, context.operationContext());
    auto removed = co_await removedTask;
    if (!removed)
        co_return context.fail(removed.error());
    co_return context.done(QStringLiteral("Deleted role '%1'").arg(name),
                           QJsonObject{{QStringLiteral("roleName"), name}, {QStringLiteral("deleted"), true}});
}

namespace {
QString sodKindName(model::SodFinding::Kind kind)
{
    switch (kind) {
    case model::SodFinding::Kind::Expiring:
        return QStringLiteral("expiring");
    case model::SodFinding::Kind::BroadScope:
        return QStringLiteral("broadScope");
    case model::SodFinding::Kind::ConflictingRoles:
        break;
    }
    return QStringLiteral("conflictingRoles");
}
} // namespace

QCoro::Task<int> RoleCommands::sodReport(CommandContext& context)
{
    const auto findings = context.services().access().sodReport();
    if (!findings)
        co_return context.fail(findings.error());
    if (context.json()) {
        QJsonArray values;
        for (const model::SodFinding& f : findings.value()) {
            QJsonObject o{
                {QStringLiteral("kind"), sodKindName(f.kind)},
                {QStringLiteral("principalName"), f.principal},
                {QStringLiteral("principalType"), f.isGroup ? QStringLiteral("group") : QStringLiteral("operator")},
                {QStringLiteral("roles"), QJsonArray::fromStringList(f.roles)},
                {QStringLiteral("text"), f.text}};
            if (!f.through.isEmpty())
                o.insert(QStringLiteral("through"), QJsonArray::fromStringList(f.through));
            if (!f.usedScopes.isEmpty()) {
                o.insert(QStringLiteral("scope"), f.scope);
                o.insert(QStringLiteral("usedScopes"), QJsonArray::fromStringList(f.usedScopes));
                o.insert(QStringLiteral("assignmentId"), f.assignmentId);
            }
            if (f.expires.isValid()) {
                o.insert(QStringLiteral("scope"), f.scope);
                o.insert(QStringLiteral("exp"), JsonFormat::numericDate(f.expires));
                o.insert(QStringLiteral("assignmentId"), f.assignmentId);
            }
            values << o;
        }
        context.console().printJson(JsonFormat::list(values));
        co_return Console::Success;
    }
    if (findings->isEmpty()) {
        context.console().print(QStringLiteral("No separation-of-duties findings\n"));
        co_return Console::Success;
    }
    QString text;
    for (const model::SodFinding& f : findings.value())
        text += (f.kind == model::SodFinding::Kind::Expiring     ? QStringLiteral("expiring:  ")
                 : f.kind == model::SodFinding::Kind::BroadScope ? QStringLiteral("broad:     ")
                                                                 : QStringLiteral("conflict:  ")) +
                f.text + QLatin1Char('\n');
    context.console().print(text);
    co_return Console::Success;
}

} // namespace custos::app
