#include "SecurityDomainCommands.h"

#include "CommandContext.h"
#include "CustodianArguments.h"
#include "KeyFiles.h"
#include "PassphraseSource.h"

#include "model/services/Services.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QTextStream>

namespace custos::app {

namespace {

QList<OptionSpec> downloadOptions()
{
    return {{QStringLiteral("cert"), true},
            {QStringLiteral("quorum"), true},
            {QStringLiteral("out"), true},
            {QStringLiteral("witness"), true},
            {QStringLiteral("transcript"), true}};
}

// The transcript's default place: next to the file ("sd.json" -> "sd.transcript.json").
QString transcriptPath(const CliArguments& args)
{
    if (args.has(QStringLiteral("transcript")))
        return args.value(QStringLiteral("transcript"));
    const QFileInfo out(args.value(QStringLiteral("out")));
    return out.dir().filePath(out.completeBaseName() + QStringLiteral(".transcript.json"));
}

QCoro::Task<int> produce(CommandContext& context, bool rotate)
{
    const CliArguments& args = context.args();
    model::SecurityDomainDownloadRequest request;
    for (const QString& path : args.values(QStringLiteral("cert"))) {
        auto bytes = KeyFiles::read(path, QStringLiteral("--cert file"));
        if (!bytes)
            co_return context.fail(bytes.error());
        request.certificates << bytes.value();
    }
    request.quorum = args.value(QStringLiteral("quorum")).toInt();
    request.witnesses = args.values(QStringLiteral("witness"));
    request.outPath = args.value(QStringLiteral("out"));
    const QString transcript = transcriptPath(args);
    for (const QString& path : {request.outPath, transcript})
        if (auto writable = KeyFiles::checkWritable(path, QStringLiteral("output file")); !writable)
            co_return context.fail(writable.error());
    model::SecurityDomainService& service = context.services().securityDomain();
    auto task = rotate ? service.rotate(request, context.operationContext())
                       : service.download(request, context.operationContext());
    const auto result = co_await task;
    if (!result)
        co_return context.fail(result.error());
    // The file is on disk and recorded; the transcript is the ceremony's paper trail.
    if (auto written = KeyFiles::write(transcript, result->transcript.json, false, QStringLiteral("transcript"));
        !written)
        co_return context.fail(written.error());
    if (auto written = KeyFiles::write(transcript + QStringLiteral(".sig"), result->transcript.signature, false,
                                       QStringLiteral("transcript signature"));
        !written)
        co_return context.fail(written.error());
    QJsonArray custodians;
    QStringList holders;
    for (const auto& c : result->custodians) {
        custodians.append(QJsonObject{{QStringLiteral("holder"), c.holder}, {QStringLiteral("x5t_256"), c.x5t256}});
        holders << QStringLiteral("%1 (%2)").arg(c.holder, c.x5t256);
    }
    QString line =
        QStringLiteral("%1 security domain %2 of %3 to '%4' (SHA-256 %5), domain key %6; custodians: %7; "
                       "transcript '%8' (SHA-256 %9)")
            .arg(rotate ? QStringLiteral("Rotated the domain key and wrote the") : QStringLiteral("Wrote the"))
            .arg(result->required)
            .arg(result->custodians.size())
            .arg(request.outPath, result->fileSha256, result->domainKeyId, holders.join(QStringLiteral(", ")),
                 transcript, result->transcript.sha256);
    if (result->supersededPrevious)
        line += QStringLiteral("\nThe previous custodian set is superseded. Files made for it still open with its "
                               "shares: run 'custosctl sd rotate' so that new backups need the new custodians.");
    co_return context.done(line, QJsonObject{{QStringLiteral("name"), request.outPath},
                                             {QStringLiteral("sha256"), result->fileSha256},
                                             {QStringLiteral("required"), result->required},
                                             {QStringLiteral("custodians"), custodians},
                                             {QStringLiteral("domainKeyId"), result->domainKeyId},
                                             {QStringLiteral("rotated"), result->rotated},
                                             {QStringLiteral("supersededPrevious"), result->supersededPrevious},
                                             {QStringLiteral("transcript"), transcript},
                                             {QStringLiteral("transcriptSha256"), result->transcript.sha256}});
}

QJsonObject fileJson(const model::SecurityDomainFileRecord& f)
{
    QJsonArray custodians;
    for (const auto& c : f.custodians)
        custodians.append(QJsonObject{{QStringLiteral("holder"), c.holder},
                                      {QStringLiteral("x5t_256"), c.x5t256},
                                      {QStringLiteral("notAfter"), c.notAfter}});
    QJsonObject o{{QStringLiteral("time"), f.time.toUTC().toString(Qt::ISODate)},
                  {QStringLiteral("operator"), f.operatorName},
                  {QStringLiteral("kind"), f.kind},
                  {QStringLiteral("required"), f.required},
                  {QStringLiteral("custodians"), custodians},
                  {QStringLiteral("sha256"), f.fileSha256},
                  {QStringLiteral("domainKeyId"), f.domainKeyId},
                  {QStringLiteral("state"), f.state}};
    if (!f.sourceWorkspaceId.isEmpty())
        o.insert(QStringLiteral("sourceWorkspace"), f.sourceWorkspaceId);
    return o;
}

// Progress of a ceremony goes to stderr: stdout keeps the one result line (or JSON).
void progressLine(CommandContext&, const QString& text)
{
    QTextStream(stderr) << text << Qt::endl;
}

} // namespace

QList<CommandSpec> SecurityDomainCommands::specs()
{
    const QString sd = QStringLiteral("sd");
    QList<OptionSpec> restoreOptions = CustodianArguments::options();
    restoreOptions << OptionSpec{QStringLiteral("sd-file"), true};
    return {
        {sd,
         QStringLiteral("download"),
         {},
         downloadOptions(),
         true,
         CommandNeeds::Login,
         &SecurityDomainCommands::download,
         QStringLiteral("sd download --cert C.cer (3..10 times) --quorum M --out SD.json [--witness NAME ...] "
                        "[--transcript F]"),
         &SecurityDomainCommands::checkDownload},
        {sd,
         QStringLiteral("rotate"),
         {},
         downloadOptions(),
         true,
         CommandNeeds::Login,
         &SecurityDomainCommands::rotate,
         QStringLiteral("sd rotate --cert C.cer (3..10 times) --quorum M --out SD.json [--witness NAME ...] "
                        "[--transcript F]"),
         &SecurityDomainCommands::checkDownload},
        {sd,
         QStringLiteral("restore"),
         {},
         restoreOptions,
         true,
         CommandNeeds::Login,
         &SecurityDomainCommands::restore,
         QStringLiteral(
             "sd restore --sd-file SD.json --custodian PATH|pkcs11:URI ... (at least M; each may be followed "
             "by --custodian-password-file F or --custodian-pin-file F)")},
        {sd,
         QStringLiteral("status"),
         {},
         {},
         false,
         CommandNeeds::Login,
         &SecurityDomainCommands::status,
         QStringLiteral("sd status")},
    };
}

int SecurityDomainCommands::checkDownload(CommandContext& context)
{
    const CliArguments& args = context.args();
    const int n = int(args.values(QStringLiteral("cert")).size());
    if (n < 3 || n > 10)
        return context.usage(QStringLiteral("give 3 to 10 custodian certificates with --cert, not %1").arg(n));
    bool ok = false;
    const int m = args.value(QStringLiteral("quorum")).toInt(&ok);
    if (!ok || m < 2 || m > n)
        return context.usage(QStringLiteral("--quorum takes a number from 2 to %1 (the custodians given), not '%2'")
                                 .arg(n)
                                 .arg(args.value(QStringLiteral("quorum"))));
    if (args.value(QStringLiteral("out")).isEmpty())
        return context.usage(QStringLiteral("--out SD.json is required: the security-domain file"));
    return Console::Success;
}

QCoro::Task<int> SecurityDomainCommands::download(CommandContext& context)
{
    auto task = produce(context, false);
    const int status = co_await task;
    co_return status;
}

QCoro::Task<int> SecurityDomainCommands::rotate(CommandContext& context)
{
    auto task = produce(context, true);
    const int status = co_await task;
    co_return status;
}

QCoro::Task<int> SecurityDomainCommands::restore(CommandContext& context)
{
    const CliArguments& args = context.args();
    auto sources = CustodianArguments::parse(args);
    if (!sources)
        co_return context.usage(sources.error().message);
    if (args.value(QStringLiteral("sd-file")).isEmpty())
        co_return context.usage(QStringLiteral("--sd-file SD.json is required"));
    auto bytes = KeyFiles::read(args.value(QStringLiteral("sd-file")), QStringLiteral("--sd-file"));
    if (!bytes)
        co_return context.fail(bytes.error());
    model::SecurityDomainService& service = context.services().securityDomain();
    const model::OperationContext operation = context.operationContext();
    auto beginTask = service.beginRestore(bytes.value(), operation);
    auto ceremony = co_await beginTask;
    if (!ceremony)
        co_return context.fail(ceremony.error());
    if (sources->size() < ceremony.value()->required())
        co_return context.fail(QStringLiteral("%1 custodian(s) given: this security domain needs %2")
                                   .arg(sources->size())
                                   .arg(ceremony.value()->required()));
    // One custodian at a time: open, decrypt their shares, wipe, next. A failing custodian is named
    // and the ceremony goes on with the next.
    for (const CustodianSource& source : sources.value()) {
        if (ceremony.value()->collected() >= ceremony.value()->required())
            break;
        std::shared_ptr<crypto::sd::CustodianKey> key;
        if (source.isToken()) {
            auto read = PassphraseSource::secret(source.pinFile, QStringLiteral("custodian-pin-file"),
                                                 QStringLiteral("PIN for %1: ").arg(source.location), false);
            if (!read) {
                progressLine(context, QStringLiteral("%1: %2").arg(source.location, read.error().message));
                continue;
            }
            auto pin = std::make_shared<crypto::SecureBuffer>(read.take());
            auto openTask = service.openTokenCustodian(source.location, pin);
            auto opened = co_await openTask;
            pin->clear();
            if (!opened) {
                progressLine(context, QStringLiteral("%1: %2").arg(source.location, opened.error().message));
                continue;
            }
            key = opened.value();
        } else {
            auto opened = CustodianArguments::open(source);
            if (!opened) {
                progressLine(context, QStringLiteral("%1: %2").arg(source.location, opened.error().message));
                continue;
            }
            key = std::shared_ptr<crypto::sd::CustodianKey>(opened.take());
        }
        auto presentTask = service.presentCustodian(ceremony.value(), key, operation);
        const auto progress = co_await presentTask;
        if (!progress) {
            progressLine(context, QStringLiteral("%1: %2").arg(source.location, progress.error().message));
            continue;
        }
        progressLine(context, QStringLiteral("%1: %2 of %3 shares collected")
                                  .arg(progress->holder)
                                  .arg(progress->collected)
                                  .arg(progress->required));
    }
    auto completeTask = service.completeRestore(ceremony.value(), operation);
    const auto restored = co_await completeTask;
    if (!restored)
        co_return context.fail(restored.error());
    co_return context.done(
        QStringLiteral("Restored the security domain of workspace '%1' (%2): domain key %3 is active (%4 domain key(s) "
                       "in the token); restore its latest backup next (custosctl backup restore --in F)")
            .arg(restored->sourceWorkspaceName, restored->sourceWorkspaceId, restored->domainKeyId)
            .arg(restored->domainKeys),
        QJsonObject{{QStringLiteral("domainKeyId"), restored->domainKeyId},
                    {QStringLiteral("domainKeys"), restored->domainKeys},
                    {QStringLiteral("sourceWorkspaceId"), restored->sourceWorkspaceId},
                    {QStringLiteral("sourceWorkspaceName"), restored->sourceWorkspaceName}});
}

QCoro::Task<int> SecurityDomainCommands::status(CommandContext& context)
{
    const auto status = context.services().securityDomain().status();
    if (!status)
        co_return context.fail(status.error());
    if (context.json()) {
        QJsonArray history;
        for (const auto& f : status->history)
            history.append(fileJson(f));
        context.console().printJson(QJsonObject{{QStringLiteral("activated"), status->activated},
                                                {QStringLiteral("activeDomainKeyId"), status->activeDomainKey.id},
                                                {QStringLiteral("retiredDomainKeys"), status->retiredDomainKeys},
                                                {QStringLiteral("value"), history}});
        co_return Console::Success;
    }
    QStringList lines;
    lines << (status->activated
                  ? QStringLiteral("Security domain: activated")
                  : QStringLiteral("Security domain: NOT activated: %1").arg(model::notActivatedMessage()));
    lines << QStringLiteral("Active domain key: %1 (%2 retired)")
                 .arg(status->activeDomainKey.id)
                 .arg(status->retiredDomainKeys);
    for (const auto& f : status->history) {
        QStringList holders;
        for (const auto& c : f.custodians)
            holders << (c.holder.isEmpty() ? c.x5t256 : c.holder);
        lines << QStringLiteral("%1  %2 %3 of %4 by %5, SHA-256 %6, domain key %7 [%8]: %9")
                     .arg(f.time.toUTC().toString(Qt::ISODate), f.kind)
                     .arg(f.required)
                     .arg(f.custodians.size())
                     .arg(f.operatorName, f.fileSha256, f.domainKeyId, f.state, holders.join(QStringLiteral(", ")));
    }
    for (const auto& c : status->expiringCustodians)
        lines << QStringLiteral("Custodian certificate of %1 expires %2").arg(c.holder, c.notAfter);
    context.console().print(lines.join(QLatin1Char('\n')));
    co_return Console::Success;
}

} // namespace custos::app
