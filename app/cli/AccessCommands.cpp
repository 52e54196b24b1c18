#include "AccessCommands.h"
#include "CommandContext.h"
#include "JsonFormat.h"
#include "Table.h"
#include "TimeArgument.h"

#include "model/services/Services.h"

namespace custos::app {

namespace {
const QString kScope = QStringLiteral("scope");
const QString kPermission = QStringLiteral("permission");
const QString kPrincipal = QStringLiteral("principal");

int checkWho(CommandContext& context)
{
    for (const QString& name : {kScope, kPermission}) {
        if (context.args().value(name).isEmpty())
            return context.usage(QStringLiteral("'access who' needs --%1").arg(name));
    }
    return Console::Success;
}

int checkWhat(CommandContext& context)
{
    if (context.args().value(kPrincipal).isEmpty())
        return context.usage(QStringLiteral("'access what' needs --principal P (an operator or an operator group)"));
    return Console::Success;
}

QString through(const QString& group)
{
    return group.isEmpty() ? QStringLiteral("direct") : QStringLiteral("group ") + group;
}
} // namespace

QList<CommandSpec> AccessCommands::specs()
{
    const QString a = QStringLiteral("access");
    const auto login = CommandNeeds::Login;
    // clang-format off
    return {
        {a, QStringLiteral("who"), {}, {{kScope, true}, {kPermission, true}}, false, login, &AccessCommands::who,
         QStringLiteral("access who --scope SCOPE --permission PERM"), &checkWho},
        {a, QStringLiteral("what"), {}, {{kPrincipal, true}}, false, login, &AccessCommands::what,
         QStringLiteral("access what --principal P"), &checkWhat},
    };
    // clang-format on
}

QCoro::Task<int> AccessCommands::who(CommandContext& context)
{
    const auto holders =
        context.services().access().who(context.args().value(kScope), context.args().value(kPermission));
    if (!holders)
        co_return context.fail(holders.error());
    if (context.json()) {
        QJsonArray values;
        for (const model::AccessHolder& h : holders.value())
            values << QJsonObject{{QStringLiteral("operatorName"), h.operatorName},
                                  {QStringLiteral("enabled"), h.enabled},
                                  {QStringLiteral("through"), through(h.group)},
                                  {QStringLiteral("roleDefinitionName"), h.role},
                                  {QStringLiteral("scope"), h.assignmentScope},
                                  {QStringLiteral("assignmentId"), h.assignmentId},
                                  {QStringLiteral("exp"), JsonFormat::numericDate(h.expires)}};
        context.console().printJson(JsonFormat::list(values));
        co_return Console::Success;
    }
    Table table({QStringLiteral("OPERATOR"), QStringLiteral("THROUGH"), QStringLiteral("ROLE"),
                 QStringLiteral("ASSIGNED AT"), QStringLiteral("EXPIRES"), QStringLiteral("ASSIGNMENT")});
    for (const model::AccessHolder& h : holders.value())
        table.addRow({h.enabled ? h.operatorName : h.operatorName + QStringLiteral(" (disabled)"), through(h.group),
                      h.role, h.assignmentScope,
                      h.expires.isValid() ? TimeArgument::format(h.expires) : QStringLiteral("never"), h.assignmentId});
    context.console().print(table.render());
    co_return Console::Success;
}

QCoro::Task<int> AccessCommands::what(CommandContext& context)
{
    const auto scopes = context.services().access().what(context.args().value(kPrincipal));
    if (!scopes)
        co_return context.fail(scopes.error());
    if (context.json()) {
        QJsonArray values;
        for (const model::ScopeAccess& s : scopes.value()) {
            QJsonArray via;
            for (const model::EffectiveGrant& g : s.via)
                via << QJsonObject{{QStringLiteral("roleDefinitionName"), g.role},
                                   {QStringLiteral("through"), through(g.group)},
                                   {QStringLiteral("assignmentId"), g.assignmentId},
                                   {QStringLiteral("exp"), JsonFormat::numericDate(g.expires)}};
            values << QJsonObject{{QStringLiteral("scope"), s.scope},
                                  {QStringLiteral("permissions"), QJsonArray::fromStringList(s.permissions)},
                                  {QStringLiteral("via"), via}};
        }
        context.console().printJson(JsonFormat::list(values));
        co_return Console::Success;
    }
    if (scopes->isEmpty()) {
        context.console().print(
            QStringLiteral("'%1' holds no active assignment").arg(context.args().value(kPrincipal)));
        co_return Console::Success;
    }
    QString text;
    for (const model::ScopeAccess& s : scopes.value()) {
        QStringList via;
        for (const model::EffectiveGrant& g : s.via)
            via << QStringLiteral("%1 (%2)").arg(g.role, through(g.group));
        text += QStringLiteral("%1  via %2\n").arg(s.scope, via.join(QStringLiteral(", ")));
        for (const QString& permission : s.permissions)
            text += QStringLiteral("  %1\n").arg(permission);
    }
    context.console().print(text);
    co_return Console::Success;
}

} // namespace custos::app
