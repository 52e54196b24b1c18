#include "TokenCommands.h"
#include "CommandContext.h"
#include "JsonFormat.h"
#include "Table.h"

#include "crypto/keys/JoseAlgorithm.h"
#include "model/services/Services.h"

#include <QJsonArray>

namespace custos::app {

QList<CommandSpec> TokenCommands::specs()
{
    const QString t = QStringLiteral("token");
    return {
        {t,
         QStringLiteral("info"),
         {},
         {},
         false,
         CommandNeeds::Login,
         &TokenCommands::info,
         QStringLiteral("token info")},
        {t,
         QStringLiteral("mechanisms"),
         {},
         {},
         false,
         CommandNeeds::Login,
         &TokenCommands::mechanisms,
         QStringLiteral("token mechanisms")},
    };
}

QCoro::Task<int> TokenCommands::info(CommandContext& context)
{
    auto infoTask = context.services().tokens().info();
    const auto info = co_await infoTask;
    if (!info)
        co_return context.fail(info.error());
    const model::TokenInfo& i = info.value();
    if (context.json()) {
        context.console().printJson(QJsonObject{
            {QStringLiteral("name"), i.label},
            {QStringLiteral("label"), i.label},
            {QStringLiteral("manufacturer"), i.manufacturer},
            {QStringLiteral("model"), i.model},
            {QStringLiteral("serialNumber"), i.serial},
            {QStringLiteral("firmwareVersion"), i.firmwareVersion},
            {QStringLiteral("libraryPath"), i.libraryPath},
            {QStringLiteral("libraryDescription"), i.libraryDescription},
            {QStringLiteral("libraryVersion"), i.libraryVersion},
            {QStringLiteral("embedded"), i.embedded},
            {QStringLiteral("keyObjects"), i.keyObjects},
        });
        co_return Console::Success;
    }
    Table table{QStringList()};
    table.addRow({QStringLiteral("Label"), i.label});
    table.addRow({QStringLiteral("Manufacturer"), i.manufacturer});
    table.addRow({QStringLiteral("Model"), i.model});
    table.addRow({QStringLiteral("Serial"), i.serial});
    table.addRow({QStringLiteral("Firmware"), i.firmwareVersion});
    table.addRow({QStringLiteral("Module"), i.libraryPath});
    table.addRow({QStringLiteral("Library"), QStringLiteral("%1 %2").arg(i.libraryDescription, i.libraryVersion)});
    table.addRow({QStringLiteral("Embedded"), i.embedded ? QStringLiteral("yes") : QStringLiteral("no (attached)")});
    table.addRow({QStringLiteral("Key objects"), QString::number(i.keyObjects)});
    context.console().print(table.render());
    co_return Console::Success;
}

QCoro::Task<int> TokenCommands::mechanisms(CommandContext& context)
{
    auto supportTask = context.services().tokens().mechanisms();
    const auto support = co_await supportTask;
    if (!support)
        co_return context.fail(support.error());
    if (context.json()) {
        QJsonArray values;
        for (const crypto::AlgorithmSupport& s : support.value())
            values << QJsonObject{{QStringLiteral("alg"), crypto::joseAlgorithmName(s.algorithm)},
                                  {QStringLiteral("operation"), crypto::keyOperationName(s.operation)},
                                  {QStringLiteral("route"), crypto::mechanismRouteName(s.route)},
                                  {QStringLiteral("mechanisms"), s.mechanisms}};
        context.console().printJson(JsonFormat::list(values));
        co_return Console::Success;
    }
    Table table({QStringLiteral("ALGORITHM"), QStringLiteral("OPERATION"), QStringLiteral("ROUTE"),
                 QStringLiteral("MECHANISMS")});
    for (const crypto::AlgorithmSupport& s : support.value())
        table.addRow({crypto::joseAlgorithmName(s.algorithm), crypto::keyOperationName(s.operation),
                      crypto::mechanismRouteName(s.route), s.mechanisms});
    context.console().print(table.render());
    co_return Console::Success;
}

} // namespace custos::app
