#include "AuditCommands.h"
#include "CommandContext.h"
#include "Table.h"
#include "TimeArgument.h"

#include "model/audit/AuditFormats.h"
#include "model/audit/AuditLog.h"
#include "model/audit/SyslogTransport.h"
#include "model/services/AuditForwarder.h"
#include "model/services/ServicePath.h"
#include "model/services/Services.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace custos::app {

using model::AuditEvent;

namespace {

QString render(const QList<AuditEvent>& events, const QString& format, bool json)
{
    QString out;
    if (format == QLatin1String("jsonl")) {
        for (const AuditEvent& e : events)
            out += QString::fromUtf8(QJsonDocument(model::AuditLog::toJson(e)).toJson(QJsonDocument::Compact)) +
                   QLatin1Char('\n');
    } else if (format == QLatin1String("csv")) {
        out += model::AuditFormats::csvHeader();
        for (const AuditEvent& e : events)
            out += model::AuditFormats::csvLine(e);
    } else if (format == QLatin1String("cef")) {
        for (const AuditEvent& e : events)
            out += model::AuditFormats::cefLine(e) + QLatin1Char('\n');
    } else if (json) {
        QJsonArray values;
        for (const AuditEvent& e : events)
            values << model::AuditLog::toJson(e);
        out = QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("value"), values}}).toJson());
    } else {
        Table table({QStringLiteral("SEQ"), QStringLiteral("TIME"), QStringLiteral("OPERATOR"),
                     QStringLiteral("OPERATION"), QStringLiteral("RESOURCE"), QStringLiteral("RESULT"),
                     QStringLiteral("REASON")});
        for (const AuditEvent& e : events)
            table.addRow({QString::number(e.seq), TimeArgument::format(e.time), e.operatorName, e.operation, e.resource,
                          model::auditResultName(e.result), e.reason.isEmpty() ? e.justification : e.reason});
        out = table.render();
    }
    return out;
}
} // namespace

QList<CommandSpec> AuditCommands::specs()
{
    const QString a = QStringLiteral("audit");
    QList<OptionSpec> listOptions;
    for (const char* name :
         {"since", "until", "principal", "operation", "result", "resource", "search", "limit", "format", "out"})
        listOptions << OptionSpec{QString::fromLatin1(name), true};
    return {
        {a,
         QStringLiteral("list"),
         {},
         listOptions,
         false,
         CommandNeeds::Login,
         &AuditCommands::list,
         QStringLiteral("audit list [--since T] [--until T] [--principal P] [--operation OP] "
                        "[--result Success|Denied|Failed] [--resource PREFIX] [--search TEXT] [--limit N] "
                        "[--format table|jsonl|csv|cef] [--out F]"),
         &AuditCommands::checkList},
        {a,
         QStringLiteral("forward"),
         {},
         {OptionSpec{QStringLiteral("syslog"), true}},
         true,
         CommandNeeds::Login,
         &AuditCommands::forward,
         QStringLiteral("audit forward --syslog udp://HOST:PORT|tcp://HOST:PORT"),
         &AuditCommands::checkForward},
    };
}

QString AuditCommands::parseFilter(const CliArguments& args, model::AuditFilter* filter)
{
    for (const QString& name : {QStringLiteral("since"), QStringLiteral("until")}) {
        if (!args.has(name))
            continue;
        const auto time = TimeArgument::parse(args.value(name), TimeArgument::Direction::Past);
        if (!time)
            return QStringLiteral("--%1 takes a date (2025-06-30), a UTC time (2025-06-30T12:00:00Z) or a duration "
                                  "back from now (P7D), not '%2'")
                .arg(name, args.value(name));
        (name == QLatin1String("since") ? filter->since : filter->until) = *time;
    }
    filter->principal = args.value(QStringLiteral("principal"));
    filter->operation = args.value(QStringLiteral("operation"));
    if (args.has(QStringLiteral("result"))) {
        model::AuditResult result;
        if (!model::parseAuditResult(args.value(QStringLiteral("result")), &result))
            return QStringLiteral("--result takes Success, Denied or Failed, not '%1'")
                .arg(args.value(QStringLiteral("result")));
        filter->result = result;
    }
    filter->resourcePrefix = args.value(QStringLiteral("resource"));
    filter->search = args.value(QStringLiteral("search"));
    if (args.has(QStringLiteral("limit"))) {
        bool ok = false;
        filter->limit = args.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || filter->limit <= 0)
            return QStringLiteral("--limit takes a positive number, not '%1'").arg(args.value(QStringLiteral("limit")));
    }
    const QString format = args.value(QStringLiteral("format"));
    if (args.has(QStringLiteral("format")) &&
        !QStringList{QStringLiteral("table"), QStringLiteral("jsonl"), QStringLiteral("csv"), QStringLiteral("cef")}
             .contains(format))
        return QStringLiteral("--format takes table, jsonl, csv or cef, not '%1'").arg(format);
    if (args.has(QStringLiteral("out")) && args.value(QStringLiteral("out")).isEmpty())
        return QStringLiteral("--out takes a file name");
    return {};
}

int AuditCommands::checkList(CommandContext& context)
{
    model::AuditFilter filter;
    const QString error = parseFilter(context.args(), &filter);
    return error.isEmpty() ? int(Console::Success) : context.usage(error);
}

QCoro::Task<int> AuditCommands::list(CommandContext& context)
{
    const CliArguments& args = context.args();
    model::AuditFilter filter;
    if (const QString error = parseFilter(args, &filter); !error.isEmpty())
        co_return context.usage(error);
    const QString format = args.value(QStringLiteral("format"));
    // An explicit --format wins over --json; --json alone gives {"value": [...]}.
    const bool json = context.json() && format.isEmpty();
    if (!args.has(QStringLiteral("out"))) {
        const auto events = context.services().audit().list(filter);
        if (!events)
            co_return context.fail(events.error());
        context.console().print(render(events.value(), format, json));
        co_return Console::Success;
    }
    // Writing a file is an export: audit/export, audited, atomic (the service does all three).
    const QString path = args.value(QStringLiteral("out"));
    auto exportTask = context.services().audit().exportTo(
        filter, path, format.isEmpty() ? (json ? QStringLiteral("json") : QStringLiteral("table")) : format,
        [format, json](const QList<model::AuditEvent>& events) { return render(events, format, json).toUtf8(); },
        context.operationContext());
    const auto exported = co_await exportTask;
    if (!exported)
        co_return context.fail(exported.error());
    co_return context.done(QStringLiteral("Wrote %1 audit events to '%2'").arg(exported.value()).arg(path),
                           QJsonObject{{QStringLiteral("name"), path}, {QStringLiteral("events"), exported.value()}});
}

int AuditCommands::checkForward(CommandContext& context)
{
    if (!context.args().has(QStringLiteral("syslog")))
        return context.usage(QStringLiteral("audit forward needs --syslog udp://HOST:PORT or tcp://HOST:PORT"));
    const auto target = model::SyslogTarget::parse(context.args().value(QStringLiteral("syslog")));
    return target ? int(Console::Success) : context.usage(QStringLiteral("--syslog ") + target.error().message);
}

// Sends what is pending and exits: run it from a systemd timer or cron for continuous forwarding.
QCoro::Task<int> AuditCommands::forward(CommandContext& context)
{
    model::AuditForwarder forwarder(context.services().path());
    auto forwarding = forwarder.forward(context.args().value(QStringLiteral("syslog")), context.operationContext());
    const auto forwarded = co_await forwarding;
    if (!forwarded)
        co_return context.fail(forwarded.error());
    const model::AuditForwardResult& r = forwarded.value();
    const QString text = r.count == 0 ? QStringLiteral("No audit events pending for %1").arg(r.target)
                                      : QStringLiteral("Forwarded %1 audit events (seq %2 to %3) to %4")
                                            .arg(r.count)
                                            .arg(r.firstSeq)
                                            .arg(r.lastSeq)
                                            .arg(r.target);
    co_return context.done(text, QJsonObject{{QStringLiteral("target"), r.target},
                                             {QStringLiteral("firstSeq"), r.firstSeq},
                                             {QStringLiteral("lastSeq"), r.lastSeq},
                                             {QStringLiteral("count"), r.count}});
}

} // namespace custos::app
