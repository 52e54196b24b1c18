#include "OperatorCommands.h"
#include "CommandContext.h"
#include "JsonFormat.h"
#include "OperatorCardCommand.h"
#include "OperatorLockoutCommands.h"
#include "PassphraseSource.h"
#include "Table.h"
#include "TimeArgument.h"

#include "model/services/Services.h"
#include "model/session/Session.h"

namespace custos::app {

using model::Operator;

namespace {
QString stateText(const Operator& op)
{
    if (!op.enabled)
        return QStringLiteral("disabled");
    if (op.lockedUntil.isValid() && op.lockedUntil > QDateTime::currentDateTimeUtc())
        return QStringLiteral("locked until ") + TimeArgument::format(op.lockedUntil);
    return QStringLiteral("enabled");
}

// A secret of its own option, or the terminal; "no terminal" is a usage error.
Outcome<crypto::SecureBuffer> newPassphrase(CommandContext& context, const QString& operatorName, int* exitCode)
{
    auto secret = PassphraseSource::secret(context.args().value(QStringLiteral("new-passphrase-file")),
                                           QStringLiteral("new-passphrase-file"),
                                           QStringLiteral("New passphrase for %1: ").arg(operatorName), true);
    if (!secret)
        *exitCode = secret.error().kind == ErrorKind::Invalid ? context.usage(secret.error().message)
                                                              : context.fail(secret.error());
    return secret;
}

QString lastLoginText(const Operator& op)
{
    if (!op.lastLogin.isValid())
        return QStringLiteral("never");
    if (op.lastLoginWorkstation.isEmpty())
        return TimeArgument::format(op.lastLogin);
    return TimeArgument::format(op.lastLogin) + QStringLiteral(" from ") + op.lastLoginWorkstation;
}

QCoro::Task<int> deleteOperator(CommandContext& context)
{
    const QString name = context.args().positional(0);
    auto removedTask = context.services().operators().remove(name, context.operationContext());
    auto removed = co_await removedTask;
    if (!removed)
        co_return context.fail(removed.error());
    co_return context.done(QStringLiteral("Deleted operator '%1'").arg(name),
                           QJsonObject{{QStringLiteral("name"), name},
                                       {QStringLiteral("id"), QStringLiteral("/operators/") + name},
                                       {QStringLiteral("deleted"), true}});
}
} // namespace

QList<CommandSpec> OperatorCommands::specs()
{
    const QString o = QStringLiteral("operator");
    const QString name = QStringLiteral("NAME");
    const OptionSpec newPassphraseFile{QStringLiteral("new-passphrase-file"), true};
    QList<CommandSpec> specs{
        {o,
         QStringLiteral("add"),
         {name},
         {newPassphraseFile, {QStringLiteral("display-name"), true}},
         true,
         CommandNeeds::Login,
         &OperatorCommands::add,
         QStringLiteral("operator add NAME [--new-passphrase-file F] [--display-name TEXT]")},
        {o,
         QStringLiteral("list"),
         {},
         {},
         false,
         CommandNeeds::Login,
         &OperatorCommands::list,
         QStringLiteral("operator list")},
        {o,
         QStringLiteral("show"),
         {name},
         {},
         false,
         CommandNeeds::Login,
         &OperatorCommands::show,
         QStringLiteral("operator show NAME")},
        {o,
         QStringLiteral("disable"),
         {name},
         {},
         true,
         CommandNeeds::Login,
         &OperatorCommands::disable,
         QStringLiteral("operator disable NAME")},
        {o,
         QStringLiteral("enable"),
         {name},
         {},
         true,
         CommandNeeds::Login,
         &OperatorCommands::enable,
         QStringLiteral("operator enable NAME")},
        {o,
         QStringLiteral("delete"),
         {name},
         {},
         true,
         CommandNeeds::Login,
         &deleteOperator,
         QStringLiteral("operator delete NAME")},
        {o,
         QStringLiteral("passwd"),
         {QStringLiteral("[NAME]")},
         {newPassphraseFile},
         true,
         CommandNeeds::Workspace,
         &OperatorCommands::passwd,
         QStringLiteral("operator passwd [NAME] [--new-passphrase-file F]")},
    };
    return specs << OperatorLockoutCommands::specs() << OperatorCardCommand::specs();
}

QCoro::Task<int> OperatorCommands::add(CommandContext& context)
{
    const QString name = context.args().positional(0);
    if (!model::OperatorService::isValidName(name))
        co_return context.fail(
            QStringLiteral("invalid operator name '%1': 1-64 letters, digits, '.', '_' or '-'").arg(name));
    int exitCode = Console::Refused;
    auto passphrase = newPassphrase(context, name, &exitCode);
    if (!passphrase)
        co_return exitCode;
    // Named first: GCC 12 destroys temporaries inside a co_await operand twice (see ServicePath.h).
    const QString displayName = context.args().value(QStringLiteral("display-name"));
    auto addedTask =
        context.services().operators().add(name, passphrase.take(), displayName, context.operationContext());
    auto added = co_await addedTask;
    if (!added)
        co_return context.fail(added.error());
    co_return context.done(QStringLiteral("Added operator '%1'").arg(added->name),
                           JsonFormat::operatorObject(added.value()));
}

QCoro::Task<int> OperatorCommands::list(CommandContext& context)
{
    const auto operators = context.services().operators().list();
    if (!operators)
        co_return context.fail(operators.error());
    if (context.json()) {
        QJsonArray values;
        for (const Operator& op : operators.value())
            values << JsonFormat::operatorObject(op);
        context.console().printJson(JsonFormat::list(values));
        co_return Console::Success;
    }
    Table table(
        {QStringLiteral("NAME"), QStringLiteral("DISPLAY NAME"), QStringLiteral("STATE"), QStringLiteral("CREATED")});
    for (const Operator& op : operators.value())
        table.addRow({op.name, op.displayName, stateText(op), TimeArgument::format(op.created)});
    context.console().print(table.render());
    co_return Console::Success;
}

QCoro::Task<int> OperatorCommands::show(CommandContext& context)
{
    const auto op = context.services().operators().show(context.args().positional(0));
    if (!op)
        co_return context.fail(op.error());
    if (context.json()) {
        QJsonObject json = JsonFormat::operatorObject(op.value());
        json.insert(QStringLiteral("card"), OperatorCardCommand::cardObject(op.value()));
        context.console().printJson(json);
        co_return Console::Success;
    }
    Table table{QStringList()}; // no header: field and value
    table.addRow({QStringLiteral("Name"), op->name});
    table.addRow({QStringLiteral("Display name"), op->displayName});
    table.addRow({QStringLiteral("State"), stateText(op.value())});
    table.addRow({QStringLiteral("Failed attempts"), QString::number(op->failedAttempts)});
    if (op->hasCard())
        table.addRow({QStringLiteral("Card"), OperatorCardCommand::cardSummary(op.value())});
    table.addRow({QStringLiteral("Last login"), lastLoginText(op.value())});
    table.addRow({QStringLiteral("Created"), TimeArgument::format(op->created)});
    table.addRow({QStringLiteral("Updated"), TimeArgument::format(op->updated)});
    context.console().print(table.render());
    co_return Console::Success;
}

QCoro::Task<int> OperatorCommands::disable(CommandContext& context)
{
    auto task = setEnabled(context, false);
    co_return co_await task;
}

QCoro::Task<int> OperatorCommands::enable(CommandContext& context)
{
    auto task = setEnabled(context, true);
    co_return co_await task;
}

QCoro::Task<int> OperatorCommands::setEnabled(CommandContext& context, bool enabled)
{
    auto changedTask =
        context.services().operators().setEnabled(context.args().positional(0), enabled, context.operationContext());
    auto changed = co_await changedTask;
    if (!changed)
        co_return context.fail(changed.error());
    co_return context.done(QStringLiteral("%1 operator '%2'")
                               .arg(enabled ? QStringLiteral("Enabled") : QStringLiteral("Disabled"), changed->name),
                           JsonFormat::operatorObject(changed.value()));
}

QCoro::Task<int> OperatorCommands::passwd(CommandContext& context)
{
    const QString self = context.operatorName();
    const QString target = context.args().positional(0).isEmpty() ? self : context.args().positional(0);
    const bool own = target == self;
    // Own passphrase: the login passphrase is the current one, verified again by the service.
    auto statusTask = context.login(own);
    if (const int status = co_await statusTask; status != Console::Success)
        co_return status;
    crypto::SecureBuffer current = own ? context.takeLoginPassphrase() : crypto::SecureBuffer();
    int exitCode = Console::Refused;
    auto replacement = newPassphrase(context, target, &exitCode);
    if (!replacement)
        co_return exitCode;
    auto changeTask = context.services().operators().changePassphrase(target, std::move(current), replacement.take(),
                                                                      context.operationContext());
    auto changed = co_await changeTask;
    if (!changed)
        co_return context.fail(changed.error());
    co_return context.done(own ? QStringLiteral("Changed the passphrase of operator '%1'").arg(target)
                               : QStringLiteral("Reset the passphrase of operator '%1'").arg(target),
                           QJsonObject{{QStringLiteral("name"), target},
                                       {QStringLiteral("id"), QStringLiteral("/operators/") + target},
                                       {QStringLiteral("passphraseChanged"), true}});
}

} // namespace custos::app
