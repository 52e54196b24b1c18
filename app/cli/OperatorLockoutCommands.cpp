#include "OperatorLockoutCommands.h"
#include "CommandContext.h"
#include "Table.h"

#include "model/services/Services.h"

namespace custos::app {

namespace {
const QString kAttempts = QStringLiteral("attempts");
const QString kMinutes = QStringLiteral("minutes");

// A positive whole number, or nullopt.
std::optional<int> count(const QString& text)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok)
        return std::nullopt;
    return value;
}

// The action and its options before anything is opened: a wrong form is a usage error.
int checkLockout(CommandContext& context)
{
    const CliArguments& args = context.args();
    const QString action = args.positional(0);
    const bool hasOption = args.has(kAttempts) || args.has(kMinutes);
    if (action == QLatin1String("show") && args.positionals().size() == 1 && !hasOption)
        return Console::Success;
    if (action != QLatin1String("set") || args.positionals().size() != 1 || !hasOption)
        return context.usage(
            QStringLiteral("expected 'operator lockout show' or 'operator lockout set [--attempts N] [--minutes M]' "
                           "with at least one of the options"));
    for (const QString& option : {kAttempts, kMinutes}) {
        if (args.has(option) && !count(args.value(option)))
            return context.usage(
                QStringLiteral("invalid --%1 '%2': expected a whole number").arg(option, args.value(option)));
    }
    return Console::Success;
}

QJsonObject policyJson(const model::LockoutPolicy& policy)
{
    return QJsonObject{{QStringLiteral("maxFailedAttempts"), policy.maxFailedAttempts},
                       {QStringLiteral("lockoutMinutes"), policy.lockoutMinutes}};
}

QString policyText(const model::LockoutPolicy& policy)
{
    return QStringLiteral("%1 failed logins lock an operator for %2 minutes")
        .arg(policy.maxFailedAttempts)
        .arg(policy.lockoutMinutes);
}
} // namespace

QList<CommandSpec> OperatorLockoutCommands::specs()
{
    // clang-format off
    return {
        {QStringLiteral("operator"), QStringLiteral("lockout"), {QStringLiteral("ACTION")},
         {{kAttempts, true}, {kMinutes, true}}, true, CommandNeeds::Login, &OperatorLockoutCommands::lockout,
         QStringLiteral("operator lockout show | lockout set [--attempts N] [--minutes M]"), &checkLockout},
    };
    // clang-format on
}

QCoro::Task<int> OperatorLockoutCommands::lockout(CommandContext& context)
{
    model::OperatorService& operators = context.services().operators();
    const QString action = context.args().positional(0);
    if (action == QLatin1String("show")) {
        auto current = operators.lockoutPolicy();
        if (!current)
            co_return context.fail(current.error());
        if (context.json())
            context.console().printJson(policyJson(current.value()));
        else
            context.console().print(policyText(current.value()));
        co_return Console::Success;
    }
    // set: an option left out keeps its current value (reading it needs operators/read; an
    // operator without it gives both options).
    const bool both = context.args().has(kAttempts) && context.args().has(kMinutes);
    model::LockoutPolicy policy;
    if (!both) {
        auto current = operators.lockoutPolicy();
        if (!current)
            co_return context.fail(current.error());
        policy = current.value();
    }
    if (context.args().has(kAttempts))
        policy.maxFailedAttempts = count(context.args().value(kAttempts)).value_or(0);
    if (context.args().has(kMinutes))
        policy.lockoutMinutes = count(context.args().value(kMinutes)).value_or(0);
    auto setTask = operators.setLockoutPolicy(policy, context.operationContext());
    auto set = co_await setTask;
    if (!set)
        co_return context.fail(set.error());
    co_return context.done(QStringLiteral("Lockout policy set: ") + policyText(set.value()), policyJson(set.value()));
}

} // namespace custos::app
