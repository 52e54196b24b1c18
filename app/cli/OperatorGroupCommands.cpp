#include "OperatorGroupCommands.h"
#include "CommandContext.h"
#include "JsonFormat.h"
#include "Table.h"
#include "TimeArgument.h"

#include "model/services/Services.h"

namespace custos::app {

namespace {
const QString kRemove = QStringLiteral("remove");

// How many arguments each action takes after it; a wrong count is a usage error naming the form.
int checkGroup(CommandContext& context)
{
    const CliArguments& args = context.args();
    const QString action = args.positional(0);
    const int count = int(args.positionals().size());
    if (action == QLatin1String("add") && count == 2 && !args.has(kRemove))
        return Console::Success;
    if (action == QLatin1String("member") && count == 3)
        return Console::Success;
    if (action == QLatin1String("list") && count == 1 && !args.has(kRemove))
        return Console::Success;
    return context.usage(QStringLiteral("expected 'operator group add GROUP', 'operator group member GROUP NAME "
                                        "[--remove]' or 'operator group list'"));
}

QJsonObject groupJson(const model::OperatorGroup& group)
{
    QJsonObject attributes;
    attributes.insert(QStringLiteral("created"), JsonFormat::numericDate(group.created));
    return QJsonObject{{QStringLiteral("name"), group.name},
                       {QStringLiteral("id"), QStringLiteral("/operatorGroups/") + group.name},
                       {QStringLiteral("members"), QJsonArray::fromStringList(group.members)},
                       {QStringLiteral("createdBy"), group.createdBy},
                       {QStringLiteral("attributes"), attributes}};
}
} // namespace

QList<CommandSpec> OperatorGroupCommands::specs()
{
    // clang-format off
    return {
        {QStringLiteral("operator"), QStringLiteral("group"),
         {QStringLiteral("ACTION"), QStringLiteral("[GROUP]"), QStringLiteral("[NAME]")}, {{kRemove, false}}, true,
         CommandNeeds::Login, &OperatorGroupCommands::group,
         QStringLiteral("operator group add GROUP | group member GROUP NAME [--remove] | group list"), &checkGroup},
    };
    // clang-format on
}

QCoro::Task<int> OperatorGroupCommands::group(CommandContext& context)
{
    const QString action = context.args().positional(0);
    if (action == QLatin1String("add")) {
        auto task = add(context);
        co_return co_await task;
    }
    if (action == QLatin1String("member")) {
        auto task = member(context);
        co_return co_await task;
    }
    if (action == QLatin1String("list")) {
        auto task = list(context);
        co_return co_await task;
    }
    co_return context.usage(QStringLiteral("unknown action '%1': expected add, member or list").arg(action));
}

QCoro::Task<int> OperatorGroupCommands::add(CommandContext& context)
{
    auto addedTask = context.services().groups().addGroup(context.args().positional(1), context.operationContext());
    auto added = co_await addedTask;
    if (!added)
        co_return context.fail(added.error());
    co_return context.done(QStringLiteral("Added operator group '%1'").arg(added->name), groupJson(added.value()));
}

QCoro::Task<int> OperatorGroupCommands::member(CommandContext& context)
{
    const CliArguments& args = context.args();
    const bool remove = args.has(kRemove);
    auto changedTask = context.services().groups().setMember(args.positional(1), args.positional(2), remove,
                                                             context.operationContext());
    auto changed = co_await changedTask;
    if (!changed)
        co_return context.fail(changed.error());
    co_return context.done((remove ? QStringLiteral("Removed '%1' from operator group '%2'")
                                   : QStringLiteral("Added '%1' to operator group '%2'"))
                               .arg(args.positional(2), changed->name),
                           groupJson(changed.value()));
}

QCoro::Task<int> OperatorGroupCommands::list(CommandContext& context)
{
    const auto groups = context.services().groups().list();
    if (!groups)
        co_return context.fail(groups.error());
    if (context.json()) {
        QJsonArray values;
        for (const model::OperatorGroup& g : groups.value())
            values << groupJson(g);
        context.console().printJson(JsonFormat::list(values));
        co_return Console::Success;
    }
    Table table({QStringLiteral("GROUP"), QStringLiteral("MEMBERS"), QStringLiteral("CREATED")});
    for (const model::OperatorGroup& g : groups.value())
        table.addRow({g.name, g.members.isEmpty() ? QStringLiteral("-") : g.members.join(QStringLiteral(", ")),
                      TimeArgument::format(g.created)});
    context.console().print(table.render());
    co_return Console::Success;
}

} // namespace custos::app
