#include "QuorumCommands.h"
#include "CommandContext.h"

#include "model/services/Services.h"

#include <QJsonArray>

namespace custos::app {

namespace {
const QString kApprovals = QStringLiteral("approvals");
const QString kOperations = QStringLiteral("operations");

int checkSet(CommandContext& context)
{
    bool ok = false;
    const int approvals = context.args().value(kApprovals).toInt(&ok);
    if (!context.args().has(kApprovals) || !ok || approvals < 1 || approvals > 10)
        return context.usage(QStringLiteral("'quorum set' needs --approvals M, M from 1 (off) to 10, not '%1'")
                                 .arg(context.args().value(kApprovals)));
    return Console::Success;
}

QStringList operationList(const QString& text)
{
    QStringList names;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        names << part.trimmed();
    return names;
}

QString describe(const model::QuorumPolicy& policy)
{
    if (!policy.isOn())
        return QStringLiteral("quorum: off (1: the initiator alone)");
    return QStringLiteral("quorum: %1 operators (the initiator and %2 approver%3) for %4")
        .arg(policy.approvals)
        .arg(policy.approversNeeded())
        .arg(policy.approversNeeded() == 1 ? QString() : QStringLiteral("s"))
        .arg(policy.operations.join(QStringLiteral(", ")));
}

QJsonObject policyJson(const model::QuorumPolicy& policy)
{
    return QJsonObject{{kApprovals, policy.approvals},
                       {QStringLiteral("approversNeeded"), policy.approversNeeded()},
                       {QStringLiteral("enabled"), policy.isOn()},
                       {kOperations, QJsonArray::fromStringList(policy.operations)}};
}
} // namespace

QList<CommandSpec> QuorumCommands::specs()
{
    const QString q = QStringLiteral("quorum");
    // clang-format off
    return {
        {q, QStringLiteral("show"), {}, {}, false, CommandNeeds::Login, &QuorumCommands::show,
         QStringLiteral("quorum show")},
        {q, QStringLiteral("set"), {}, {{kApprovals, true}, {kOperations, true}}, true, CommandNeeds::Login,
         &QuorumCommands::set, QStringLiteral("quorum set --approvals M [--operations NAME,...]"), &checkSet},
    };
    // clang-format on
}

QCoro::Task<int> QuorumCommands::show(CommandContext& context)
{
    const auto policy = context.services().quorum().policy();
    if (!policy)
        co_return context.fail(policy.error());
    if (context.json()) {
        context.console().printJson(policyJson(policy.value()));
        co_return Console::Success;
    }
    context.console().print(describe(policy.value()));
    co_return Console::Success;
}

QCoro::Task<int> QuorumCommands::set(CommandContext& context)
{
    const int approvals = context.args().value(kApprovals).toInt();
    auto task = context.services().quorum().set(approvals, operationList(context.args().value(kOperations)),
                                                context.operationContext());
    auto policy = co_await task;
    if (!policy)
        co_return context.fail(policy.error());
    co_return context.done(QStringLiteral("Set ") + describe(policy.value()), policyJson(policy.value()));
}

} // namespace custos::app
