#include "AuditTrailCommands.h"
#include "CommandContext.h"
#include "KeyFiles.h"
#include "TimeArgument.h"

#include "crypto/keys/PublicKeyExport.h"
#include "model/audit/AuditKey.h"
#include "model/audit/AuditVerifier.h"
#include "model/services/AuditSettings.h"
#include "model/services/Services.h"

#include <QJsonObject>

namespace custos::app {

namespace {

QJsonObject toJson(const model::AuditVerification& v)
{
    return {{QStringLiteral("ok"), v.ok},
            {QStringLiteral("eventsChecked"), v.eventsChecked},
            {QStringLiteral("firstBadSeq"), v.firstBadSeq},
            {QStringLiteral("kind"), model::auditProblemName(v.kind)},
            {QStringLiteral("problem"), v.problem},
            {QStringLiteral("checkpointsChecked"), v.checkpointsChecked},
            {QStringLiteral("lastCheckpointSeq"), v.lastCheckpointSeq},
            {QStringLiteral("anchorSeq"), v.anchorSeq},
            {QStringLiteral("unsignedFrom"), v.unsignedFrom},
            {QStringLiteral("archivedEvents"), v.archivedEvents}};
}

// Exit 0 when intact, 1 naming the first bad record.
int report(CommandContext& context, const model::AuditVerification& v, const QString& what)
{
    if (context.json())
        context.console().printJson(toJson(v));
    if (!v.ok)
        return context.fail(QStringLiteral("%1 broken at event %2 (%3): %4")
                                .arg(what)
                                .arg(v.firstBadSeq)
                                .arg(model::auditProblemName(v.kind), v.problem));
    if (context.json())
        return Console::Success;
    QString text = QStringLiteral("%1 intact: %2 events verified").arg(what).arg(v.eventsChecked);
    if (v.archivedEvents > 0)
        text += QStringLiteral(" (%1 of them in archives)").arg(v.archivedEvents);
    text += QStringLiteral(", %1 signed checkpoints").arg(v.checkpointsChecked);
    if (v.anchorSeq > 0)
        text += QStringLiteral(", token anchor at event %1").arg(v.anchorSeq);
    if (v.unsignedFrom > 0)
        text += QStringLiteral("\nevents from %1 on are not yet covered by a signed checkpoint (written by a session "
                               "that has not ended, or that ended without closing cleanly)")
                    .arg(v.unsignedFrom);
    context.console().print(text);
    return Console::Success;
}

} // namespace

QList<CommandSpec> AuditTrailCommands::specs()
{
    const QString a = QStringLiteral("audit");
    return {
        // Needs nothing itself: with --file it works on files alone; otherwise it opens and logs in.
        {a,
         QStringLiteral("verify"),
         {},
         {{QStringLiteral("archive"), true}, {QStringLiteral("file"), true}, {QStringLiteral("key"), true}},
         false,
         CommandNeeds::Nothing,
         &AuditTrailCommands::verify,
         QStringLiteral("audit verify [--archive F ...] | audit verify --file F.jsonl --key AUDIT.pem"),
         &AuditTrailCommands::checkVerify},
        {a,
         QStringLiteral("key"),
         {},
         {{QStringLiteral("out"), true}},
         false,
         CommandNeeds::Login,
         &AuditTrailCommands::key,
         QStringLiteral("audit key [--out F]")},
        {a,
         QStringLiteral("archive"),
         {},
         {{QStringLiteral("before"), true}, {QStringLiteral("out"), true}},
         true,
         CommandNeeds::Login,
         &AuditTrailCommands::archive,
         QStringLiteral("audit archive --before T --out F"),
         &AuditTrailCommands::checkArchive},
        {a,
         QStringLiteral("checkpoints"),
         {QStringLiteral("ACTION")},
         {{QStringLiteral("interval"), true}},
         true,
         CommandNeeds::Login,
         &AuditTrailCommands::checkpoints,
         QStringLiteral("audit checkpoints show | checkpoints set --interval N"),
         &AuditTrailCommands::checkCheckpoints},
    };
}

int AuditTrailCommands::checkVerify(CommandContext& context)
{
    const CliArguments& args = context.args();
    const bool file = args.has(QStringLiteral("file"));
    if (file != args.has(QStringLiteral("key")))
        return context.usage(QStringLiteral("--file F.jsonl and --key AUDIT.pem go together"));
    if (file && args.has(QStringLiteral("archive")))
        return context.usage(QStringLiteral("--archive is for the workspace's trail; verify an archive file "
                                            "offline with --file F --key AUDIT.pem"));
    return Console::Success;
}

QCoro::Task<int> AuditTrailCommands::verify(CommandContext& context)
{
    const CliArguments& args = context.args();
    if (args.has(QStringLiteral("file"))) {
        const auto keyBytes = KeyFiles::read(args.value(QStringLiteral("key")), QStringLiteral("audit key"));
        if (!keyBytes)
            co_return context.fail(keyBytes.error());
        auto key = crypto::publicKeyDerFromPemOrDer(keyBytes.value());
        if (!key)
            co_return context.fail(
                QStringLiteral("%1: %2").arg(args.value(QStringLiteral("key")), key.error().message));
        auto summary = model::verifyAuditFile(args.value(QStringLiteral("file")), key.value());
        if (!summary)
            co_return context.fail(summary.error());
        co_return report(context, summary->verification,
                         QStringLiteral("%1 (%2 events, %3 stubs)")
                             .arg(args.value(QStringLiteral("file")))
                             .arg(summary->events)
                             .arg(summary->stubs));
    }
    if (const int status = context.openWorkspace(); status != Console::Success)
        co_return status;
    auto loginTask = context.login();
    if (const int status = co_await loginTask; status != Console::Success)
        co_return status;
    const auto verification = context.services().audit().verify(args.values(QStringLiteral("archive")));
    if (!verification)
        co_return context.fail(verification.error());
    co_return report(context, verification.value(), QStringLiteral("Audit trail"));
}

QCoro::Task<int> AuditTrailCommands::key(CommandContext& context)
{
    const auto key = context.services().audit().auditKey();
    if (!key)
        co_return context.fail(key.error());
    const QString out = context.args().value(QStringLiteral("out"));
    if (out.isEmpty()) {
        if (context.json())
            context.console().printJson(QJsonObject{{QStringLiteral("pem"), QString::fromLatin1(key->publicKeyPem)},
                                                    {QStringLiteral("fingerprint"), key->fingerprint}});
        else
            context.console().print(QString::fromLatin1(key->publicKeyPem).trimmed() +
                                    QStringLiteral("\nSHA-256 fingerprint: ") + key->fingerprint);
        co_return Console::Success;
    }
    if (auto written = KeyFiles::write(out, key->publicKeyPem, false, QStringLiteral("audit key")); !written)
        co_return context.fail(written.error());
    co_return context.done(
        QStringLiteral("Wrote the audit public key to '%1' (SHA-256 fingerprint %2)").arg(out, key->fingerprint),
        QJsonObject{{QStringLiteral("name"), out}, {QStringLiteral("fingerprint"), key->fingerprint}});
}

int AuditTrailCommands::checkCheckpoints(CommandContext& context)
{
    const CliArguments& args = context.args();
    const QString action = args.positional(0);
    if (action == QLatin1String("show") && !args.has(QStringLiteral("interval")))
        return Console::Success;
    if (action == QLatin1String("set")) {
        bool ok = false;
        const int n = args.value(QStringLiteral("interval")).toInt(&ok);
        if (!ok || n < 1 || n > model::kMaxCheckpointInterval)
            return context.usage(QStringLiteral("--interval takes a number of events from 1 to %1, not '%2'")
                                     .arg(model::kMaxCheckpointInterval)
                                     .arg(args.value(QStringLiteral("interval"))));
        return Console::Success;
    }
    return context.usage(QStringLiteral("expected 'audit checkpoints show' or 'audit checkpoints set --interval N', "
                                        "not '%1'")
                             .arg(action));
}

QCoro::Task<int> AuditTrailCommands::checkpoints(CommandContext& context)
{
    model::ServicePath& path = context.services().path();
    if (context.args().positional(0) == QLatin1String("show")) {
        const auto interval = model::auditCheckpointInterval(path);
        if (!interval)
            co_return context.fail(interval.error());
        if (context.json())
            context.console().printJson(QJsonObject{{QStringLiteral("checkpointInterval"), interval.value()}});
        else
            context.console().print(QStringLiteral("The audit key signs the chain head every %1 events, and when a "
                                                   "session that wrote events ends")
                                        .arg(interval.value()));
        co_return Console::Success;
    }
    const int n = context.args().value(QStringLiteral("interval")).toInt();
    auto task = model::setAuditCheckpointInterval(path, n, context.operationContext());
    const auto set = co_await task;
    if (!set)
        co_return context.fail(set.error());
    co_return context.done(QStringLiteral("Audit checkpoint interval set to %1 events").arg(set.value()),
                           QJsonObject{{QStringLiteral("checkpointInterval"), set.value()}});
}

int AuditTrailCommands::checkArchive(CommandContext& context)
{
    const CliArguments& args = context.args();
    if (!args.has(QStringLiteral("before")) || !args.has(QStringLiteral("out")) ||
        args.value(QStringLiteral("out")).isEmpty())
        return context.usage(QStringLiteral("audit archive needs --before T and --out F"));
    if (!TimeArgument::parse(args.value(QStringLiteral("before")), TimeArgument::Direction::Past))
        return context.usage(QStringLiteral("--before takes a date (2025-06-30), a UTC time (2025-06-30T12:00:00Z) or "
                                            "a duration back from now (P90D), not '%1'")
                                 .arg(args.value(QStringLiteral("before"))));
    return Console::Success;
}

QCoro::Task<int> AuditTrailCommands::archive(CommandContext& context)
{
    const CliArguments& args = context.args();
    const QDateTime before = *TimeArgument::parse(args.value(QStringLiteral("before")), TimeArgument::Direction::Past);
    const QString out = args.value(QStringLiteral("out"));
    auto task = context.services().audit().archive(before, out, context.operationContext());
    const auto archived = co_await task;
    if (!archived)
        co_return context.fail(archived.error());
    co_return context.done(QStringLiteral("Archived %1 audit events (up to event %2) to '%3' (SHA-256 %4)")
                               .arg(archived->events)
                               .arg(archived->lastSeq)
                               .arg(out, archived->fileSha256),
                           QJsonObject{{QStringLiteral("name"), out},
                                       {QStringLiteral("events"), archived->events},
                                       {QStringLiteral("lastSeq"), archived->lastSeq},
                                       {QStringLiteral("sha256"), archived->fileSha256}});
}

} // namespace custos::app
