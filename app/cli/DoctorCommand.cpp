#include "DoctorCommand.h"
#include "CommandContext.h"

#include "model/services/Services.h"
#include "model/services/WorkspaceDoctor.h"

#include <QJsonArray>
#include <QJsonObject>

namespace custos::app {

using model::DoctorFinding;
using model::DoctorReport;

namespace {

QJsonObject toJson(const DoctorFinding& f, bool repairRan)
{
    QJsonObject object{{QStringLiteral("kind"), model::doctorKindName(f.kind)},
                       {QStringLiteral("subject"), f.subject},
                       {QStringLiteral("explanation"), f.explanation},
                       {QStringLiteral("remedy"), f.remedy},
                       {QStringLiteral("repairable"), f.repairable}};
    if (!f.operation.isEmpty())
        object.insert(QStringLiteral("operation"), f.operation);
    if (!f.resource.isEmpty())
        object.insert(QStringLiteral("resource"), f.resource);
    if (repairRan)
        object.insert(QStringLiteral("repaired"), f.repaired);
    if (!f.repairError.isEmpty())
        object.insert(QStringLiteral("repairError"), f.repairError);
    return object;
}

QString findingText(const DoctorFinding& f, bool repairRan)
{
    QString text = QStringLiteral("%1 %2\n  %3\n").arg(model::doctorKindName(f.kind), f.subject, f.explanation);
    if (!repairRan)
        text += QStringLiteral("  %1: %2\n")
                    .arg(f.repairable ? QStringLiteral("--repair will") : QStringLiteral("to do"), f.remedy);
    else if (f.repaired)
        text += QStringLiteral("  repaired: %1\n").arg(f.remedy);
    else if (!f.repairError.isEmpty())
        text += QStringLiteral("  NOT repaired (%1): %2\n").arg(f.repairError, f.remedy);
    else
        text += QStringLiteral("  NOT repaired: %1\n").arg(f.remedy);
    return text;
}

QString summaryText(const DoctorReport& r)
{
    QString text = QStringLiteral("Checked: database integrity, the audit chain (%1 events), %2 token key objects "
                                  "against %3 HSM key versions, interrupted operations.\n")
                       .arg(r.auditEvents)
                       .arg(r.tokenKeyObjects)
                       .arg(r.hsmKeyVersions);
    if (!r.exclusive)
        text += QStringLiteral("Note: another Custos process has the workspace open; an operation it is running "
                               "shows as interrupted until it finishes.\n");
    return text;
}

} // namespace

QList<CommandSpec> DoctorCommand::specs()
{
    return {{QStringLiteral("doctor"),
             {},
             {},
             {OptionSpec{QStringLiteral("repair"), false}},
             true,
             CommandNeeds::Login,
             &DoctorCommand::run,
             QStringLiteral("doctor [--repair]")}};
}

QCoro::Task<int> DoctorCommand::run(CommandContext& context)
{
    const bool repair = context.args().has(QStringLiteral("repair"));
    auto task = repair ? model::repairWorkspace(context.services(), context.operationContext())
                       : model::examineWorkspace(context.services());
    const Outcome<DoctorReport> report = co_await task;
    if (!report)
        co_return context.fail(report.error());
    const DoctorReport& r = report.value();
    const int status = r.unrepaired() == 0 ? Console::Success : Console::Refused;
    if (context.json()) {
        QJsonArray findings;
        for (const DoctorFinding& f : r.findings)
            findings.append(toJson(f, r.repairRan));
        context.console().printJson({{QStringLiteral("findings"), findings},
                                     {QStringLiteral("unrepaired"), r.unrepaired()},
                                     {QStringLiteral("auditEvents"), r.auditEvents},
                                     {QStringLiteral("tokenKeyObjects"), r.tokenKeyObjects},
                                     {QStringLiteral("hsmKeyVersions"), r.hsmKeyVersions},
                                     {QStringLiteral("exclusive"), r.exclusive},
                                     {QStringLiteral("repairRan"), r.repairRan}});
        co_return status;
    }
    QString text = summaryText(r);
    if (r.findings.isEmpty()) {
        text += QStringLiteral("No findings.\n");
    } else {
        text += QStringLiteral("%1 finding(s)%2:\n")
                    .arg(r.findings.size())
                    .arg(r.repairRan ? QStringLiteral(", %1 not repaired").arg(r.unrepaired()) : QString());
        for (const DoctorFinding& f : r.findings)
            text += findingText(f, r.repairRan);
        if (!r.repairRan && r.unrepaired() > 0)
            text += QStringLiteral("Run 'custosctl doctor --repair' to fix the repairable ones (audited).\n");
    }
    context.console().print(text);
    co_return status;
}

} // namespace custos::app
