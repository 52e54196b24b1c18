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
        for (const RoleAssignment& a : list.value())
            values << JsonFormat::assignment(a);
        context.console().printJson(JsonFormat::list(values));
        co_return Console::Success;
    }
    Table table({QStringLiteral("PRINCIPAL"), QStringLiteral("ROLE"), QStringLiteral("SCOPE"),
                 QStringLiteral("EXPIRES"), QStringLiteral("ID")});
    for (const RoleAssignment& a : list.value())
        table.addRow({a.principal, a.role, a.scope,
                      a.expires.isValid() ? TimeArgument::format(a.expires) : QStringLiteral("never"), a.id});
    context.console().print(table.render());
    co_return Console::Success;
}

} // namespace custos::app
