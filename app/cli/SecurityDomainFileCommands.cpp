#include "SecurityDomainFileCommands.h"
#include "CommandContext.h"
#include "CustodianArguments.h"
#include "KeyFiles.h"

#include "crypto/Digest.h"
#include "crypto/keys/PublicKeyExport.h"
#include "crypto/sd/RestoreBlob.h"
#include "crypto/sd/SecurityDomainFile.h"
#include "crypto/sd/ShareCollector.h"
#include "model/audit/AuditKey.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <cstdio>

namespace custos::app {

using crypto::SecureBuffer;
using crypto::sd::SecurityDomainFile;
using crypto::sd::ShareCollector;

namespace {

const QString kSdFile = QStringLiteral("sd-file");
const QString kExchangeKey = QStringLiteral("exchange-key");
const QString kOut = QStringLiteral("out");
const QString kKey = QStringLiteral("key");
const QString kSignature = QStringLiteral("signature");
const QString kTranscriptFormat = QStringLiteral("custos-ceremony-transcript-1");

// Progress of a ceremony ("1 of 2 shares collected") and tolerated oddities go to stderr, so
// stdout keeps only the result (or its JSON).
void note(const QString& text)
{
    const QByteArray bytes = (text + QLatin1Char('\n')).toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

struct LoadedFile
{
    SecurityDomainFile file;
    QByteArray sha256Hex;
};

Outcome<LoadedFile> loadSecurityDomain(const QString& path)
{
    auto bytes = KeyFiles::read(path, QStringLiteral("security-domain file"));
    if (!bytes)
        return bytes.error();
    auto file = SecurityDomainFile::parse(bytes.value());
    if (!file)
        return makeError(file.error().kind, QStringLiteral("%1: %2").arg(path, file.error().message));
    return LoadedFile{file.take(), crypto::sha256(bytes.value()).toHex()};
}

void noteWarnings(const QString& path, const QStringList& warnings)
{
    for (const QString& warning : warnings)
        note(QStringLiteral("custosctl: warning: %1: %2").arg(path, warning));
}

QString custodianLabel(int index, const CustodianSource& source)
{
    return QStringLiteral("custodian %1 ('%2')").arg(index + 1).arg(source.location);
}

QString shareList(const QList<int>& indexes)
{
    QStringList numbers;
    for (const int index : indexes)
        numbers << QString::number(index + 1);
    return (indexes.size() == 1 ? QStringLiteral("share ") : QStringLiteral("shares ")) +
           numbers.join(QStringLiteral(", "));
}

// Every option check of a command with custodians: the usage error, or empty.
QString checkCustodians(const CliArguments& args)
{
    auto sources = CustodianArguments::parse(args);
    if (!sources)
        return sources.error().message;
    if (sources->isEmpty())
        return QStringLiteral("'%1' needs at least one --custodian PATH|pkcs11:URI").arg(args.command()->fullName());
    return {};
}

// ---- sd transcript verify -------------------------------------------------------------------

QString stringMember(const QJsonObject& object, const QString& name, const QString& where, QStringList* problems)
{
    const QJsonValue value = object.value(name);
    if (!value.isString() || value.toString().isEmpty())
        problems->append(QStringLiteral("%1%2 is missing or not a non-empty string").arg(where, name));
    return value.toString();
}

int intMember(const QJsonObject& object, const QString& name, int low, int high, QStringList* problems)
{
    const QJsonValue value = object.value(name);
    const double number = value.toDouble(-1);
    if (!value.isDouble() || number != double(int(number)) || number < low || number > high) {
        problems->append(QStringLiteral("%1 must be an integer in %2..%3").arg(name).arg(low).arg(high));
        return 0;
    }
    return int(number);
}

bool isUtcTime(const QString& text)
{
    if (!text.endsWith(QLatin1Char('Z')))
        return false;
    return QDateTime::fromString(text, Qt::ISODateWithMs).isValid();
}

struct Transcript
{
    QString ceremony, workspaceId, workspaceName, date, workstation, operatorName, fileSha256, domainKeyId,
        auditKeyFingerprint;
    QStringList witnesses;
    QStringList custodians; // "holder (x5t_256)"
    int required = 0;
    int custodianCount = 0;
    int steps = 0;
    QStringList failedSteps;
};

// The members SD-COMMON.md's transcript format requires, each with its type; every problem named.
Outcome<Transcript> readTranscript(const QByteArray& json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("not JSON at offset %1: %2").arg(error.offset).arg(error.errorString()));
    if (!document.isObject())
        return makeError(ErrorKind::Invalid, QStringLiteral("not a JSON object"));
    const QJsonObject o = document.object();
    QStringList problems;
    Transcript t;
    if (o.value(QStringLiteral("format")).toString() != kTranscriptFormat)
        problems << QStringLiteral("format is not \"%1\"").arg(kTranscriptFormat);
    t.ceremony = stringMember(o, QStringLiteral("ceremony"), {}, &problems);
    if (!t.ceremony.isEmpty() && t.ceremony != QLatin1String("download") && t.ceremony != QLatin1String("rotate") &&
        t.ceremony != QLatin1String("restore"))
        problems << QStringLiteral("ceremony \"%1\" is not download, rotate or restore").arg(t.ceremony);
    t.workspaceId = stringMember(o, QStringLiteral("workspaceId"), {}, &problems);
    t.workspaceName = stringMember(o, QStringLiteral("workspaceName"), {}, &problems);
    t.date = stringMember(o, QStringLiteral("date"), {}, &problems);
    if (!t.date.isEmpty() && !isUtcTime(t.date))
        problems << QStringLiteral("date \"%1\" is not an ISO 8601 UTC time").arg(t.date);
    t.workstation = stringMember(o, QStringLiteral("workstation"), {}, &problems);
    t.operatorName = stringMember(o, QStringLiteral("operator"), {}, &problems);
    const QJsonValue witnesses = o.value(QStringLiteral("witnesses"));
    if (!witnesses.isArray())
        problems << QStringLiteral("witnesses is missing or not an array");
    for (const QJsonValue& w : witnesses.toArray()) {
        if (!w.isString())
            problems << QStringLiteral("witnesses holds a value that is not a name");
        t.witnesses << w.toString();
    }
    const QJsonValue custodians = o.value(QStringLiteral("custodians"));
    if (!custodians.isArray() || custodians.toArray().isEmpty())
        problems << QStringLiteral("custodians is missing, empty or not an array");
    const QJsonArray custodianArray = custodians.toArray();
    for (qsizetype i = 0; i < custodianArray.size(); ++i) {
        const QString where = QStringLiteral("custodians[%1].").arg(i);
        const QJsonObject c = custodianArray.at(i).toObject();
        const QString holder = stringMember(c, QStringLiteral("holder"), where, &problems);
        const QString x5t = stringMember(c, QStringLiteral("x5t_256"), where, &problems);
        t.custodians << QStringLiteral("%1 (%2)").arg(holder, x5t);
    }
    t.required = intMember(o, QStringLiteral("required"), crypto::sd::kMinQuorum, crypto::sd::kMaxQuorum, &problems);
    t.custodianCount = intMember(o, QStringLiteral("custodianCount"), crypto::sd::kMinCustodians,
                                 crypto::sd::kMaxCustodians, &problems);
    if (t.required > 0 && t.custodianCount > 0 && t.required > t.custodianCount)
        problems
            << QStringLiteral("required (%1) is more than custodianCount (%2)").arg(t.required).arg(t.custodianCount);
    t.fileSha256 = stringMember(o, QStringLiteral("fileSha256"), {}, &problems);
    static const QRegularExpression hex(QStringLiteral("^[0-9a-fA-F]{64}$"));
    if (!t.fileSha256.isEmpty() && !hex.match(t.fileSha256).hasMatch())
        problems << QStringLiteral("fileSha256 is not a SHA-256 in hex");
    t.domainKeyId = stringMember(o, QStringLiteral("domainKeyId"), {}, &problems);
    t.auditKeyFingerprint = stringMember(o, QStringLiteral("auditKeyFingerprint"), {}, &problems);
    const QJsonValue steps = o.value(QStringLiteral("steps"));
    if (!steps.isArray() || steps.toArray().isEmpty())
        problems << QStringLiteral("steps is missing, empty or not an array");
    const QJsonArray stepArray = steps.toArray();
    for (qsizetype i = 0; i < stepArray.size(); ++i) {
        const QString where = QStringLiteral("steps[%1].").arg(i);
        const QJsonObject s = stepArray.at(i).toObject();
        const QString time = stringMember(s, QStringLiteral("time"), where, &problems);
        if (!time.isEmpty() && !isUtcTime(time))
            problems << QStringLiteral("%1time \"%2\" is not an ISO 8601 UTC time").arg(where, time);
        const QString step = stringMember(s, QStringLiteral("step"), where, &problems);
        const QString result = stringMember(s, QStringLiteral("result"), where, &problems);
        if (!result.isEmpty() && result.compare(QLatin1String("Success"), Qt::CaseInsensitive) != 0 &&
            result.compare(QLatin1String("ok"), Qt::CaseInsensitive) != 0)
            t.failedSteps << QStringLiteral("%1: %2").arg(step, result);
    }
    t.steps = int(stepArray.size());
    if (!problems.isEmpty())
        return makeError(ErrorKind::Invalid, problems.join(QStringLiteral("; ")));
    return t;
}

// Fingerprints compare without separators and case: "AB:CD" equals "abcd".
QString normalisedFingerprint(QString text)
{
    text.remove(QLatin1Char(':'));
    return text.toLower();
}

} // namespace

QList<CommandSpec> SecurityDomainFileCommands::specs()
{
    const QString sd = QStringLiteral("sd");
    QList<OptionSpec> restoreBlobOptions{{kSdFile, true}, {kExchangeKey, true}, {kOut, true}};
    restoreBlobOptions << CustodianArguments::options();
    return {
        {sd,
         QStringLiteral("inspect"),
         {QStringLiteral("SD.json")},
         {},
         false,
         CommandNeeds::Nothing,
         &SecurityDomainFileCommands::inspect,
         QStringLiteral("sd inspect SD.json")},
        {sd,
         QStringLiteral("restore-blob"),
         {},
         restoreBlobOptions,
         false,
         CommandNeeds::Nothing,
         &SecurityDomainFileCommands::restoreBlob,
         QStringLiteral("sd restore-blob --sd-file SD.json --exchange-key EX.cer --custodian PATH|pkcs11:URI "
                        "[--custodian-password-file F | --custodian-pin-file F] ... --out BLOB.json"),
         &SecurityDomainFileCommands::checkRestoreBlob},
        {sd,
         QStringLiteral("verify-share"),
         {QStringLiteral("SD.json")},
         CustodianArguments::options(),
         false,
         CommandNeeds::Nothing,
         &SecurityDomainFileCommands::verifyShare,
         QStringLiteral("sd verify-share SD.json --custodian PATH|pkcs11:URI [--custodian-password-file F | "
                        "--custodian-pin-file F]"),
         &SecurityDomainFileCommands::checkVerifyShare},
        {sd,
         QStringLiteral("transcript"),
         {QStringLiteral("ACTION"), QStringLiteral("FILE")},
         {{kKey, true}, {kSignature, true}},
         false,
         CommandNeeds::Nothing,
         &SecurityDomainFileCommands::transcript,
         QStringLiteral("sd transcript verify F --key AUDIT.pem [--signature F.sig]"),
         &SecurityDomainFileCommands::checkTranscript},
    };
}

QCoro::Task<int> SecurityDomainFileCommands::inspect(CommandContext& context)
{
    const QString path = context.args().positional(0);
    auto loaded = loadSecurityDomain(path);
    if (!loaded)
        co_return context.fail(loaded.error());
    const crypto::sd::SecurityDomainSummary s = crypto::sd::summarise(loaded->file);
    if (context.json()) {
        QJsonArray items;
        for (const auto& item : s.items)
            items.append(QJsonObject{{QStringLiteral("tag"), item.tag},
                                     {QStringLiteral("ciphertextBytes"), item.ciphertextBytes}});
        context.console().printJson(QJsonObject{{QStringLiteral("name"), path},
                                                {QStringLiteral("sha256"), QString::fromLatin1(loaded->sha256Hex)},
                                                {QStringLiteral("version"), s.version},
                                                {QStringLiteral("required"), s.required},
                                                {QStringLiteral("custodians"), s.custodians},
                                                {QStringLiteral("x5t_256"), QJsonArray::fromStringList(s.thumbprints)},
                                                {QStringLiteral("items"), items},
                                                {QStringLiteral("warnings"), QJsonArray::fromStringList(s.warnings)}});
        co_return Console::Success;
    }
    QString text = QStringLiteral("Security-domain file '%1' (SHA-256 %2)\n").arg(path, loaded->sha256Hex);
    text += QStringLiteral("version %1, quorum %2 of %3 custodians\n").arg(s.version).arg(s.required).arg(s.custodians);
    text += QStringLiteral("custodian certificates (x5t_256):\n");
    for (qsizetype i = 0; i < s.thumbprints.size(); ++i)
        text += QStringLiteral("  share %1: %2\n").arg(i + 1).arg(s.thumbprints.at(i));
    text += QStringLiteral("EncData items:\n");
    for (const auto& item : s.items)
        text += QStringLiteral("  %1: %2 bytes of ciphertext\n").arg(item.tag).arg(item.ciphertextBytes);
    for (const QString& warning : s.warnings)
        text += QStringLiteral("warning: %1\n").arg(warning);
    context.console().print(text);
    co_return Console::Success;
}

int SecurityDomainFileCommands::checkRestoreBlob(CommandContext& context)
{
    const CliArguments& args = context.args();
    for (const QString& option : {kSdFile, kExchangeKey, kOut}) {
        if (args.value(option).isEmpty())
            return context.usage(QStringLiteral("'sd restore-blob' needs --%1").arg(option));
    }
    if (const QString problem = checkCustodians(args); !problem.isEmpty())
        return context.usage(problem);
    return Console::Success;
}

QCoro::Task<int> SecurityDomainFileCommands::restoreBlob(CommandContext& context)
{
    const CliArguments& args = context.args();
    const QString sdPath = args.value(kSdFile);
    const QString out = args.value(kOut);
    auto loaded = loadSecurityDomain(sdPath);
    if (!loaded)
        co_return context.fail(loaded.error());
    noteWarnings(sdPath, loaded->file.warnings);
    const auto exchangeBytes = KeyFiles::read(args.value(kExchangeKey), QStringLiteral("exchange key"));
    if (!exchangeBytes)
        co_return context.fail(exchangeBytes.error());
    const auto exchange = crypto::sd::readExchangeCertificate(exchangeBytes.value());
    if (!exchange)
        co_return context.fail(QStringLiteral("%1: %2").arg(args.value(kExchangeKey), exchange.error().message));
    // Before any custodian types a password: the result must have somewhere to go.
    if (auto writable = KeyFiles::checkWritable(out, QStringLiteral("--out file")); !writable)
        co_return context.fail(writable.error());
    const QList<CustodianSource> sources = CustodianArguments::parse(args).value();
    const SecurityDomainFile& file = loaded->file;
    // When every share has its own certificate, each key opens at most one share: fewer custodians
    // than M can never make the quorum (az's own pre-check, counted the same way).
    QSet<QString> thumbprints;
    for (const auto& share : file.shares)
        thumbprints.insert(share.x5t256);
    if (thumbprints.size() == file.shares.size() && sources.size() < file.required)
        co_return context.fail(QStringLiteral("the security domain needs the shares of %1 custodians (quorum %1 of "
                                              "%2) and %3 --custodian given: nothing written")
                                   .arg(file.required)
                                   .arg(file.custodianCount())
                                   .arg(sources.size()));

    ShareCollector collector(file);
    for (qsizetype i = 0; i < sources.size(); ++i) {
        const QString label = custodianLabel(int(i), sources.at(i));
        if (collector.complete()) {
            note(QStringLiteral("%1: not needed, the quorum is complete").arg(label));
            continue;
        }
        // One custodian's key at a time: opened, used, wiped before the next is opened.
        auto key = CustodianArguments::open(sources.at(i));
        if (!key)
            co_return context.fail(QStringLiteral("%1: %2: nothing written").arg(label, key.error().message));
        auto presented = collector.present(*key.value());
        key.value()->wipe();
        key.value().reset();
        if (!presented) {
            note(QStringLiteral("%1: %2; %3 of %4 shares collected")
                     .arg(label, presented.error().message)
                     .arg(collector.collected())
                     .arg(collector.required()));
            continue;
        }
        for (const QString& failed : presented->failedShares)
            note(QStringLiteral("%1: %2").arg(label, failed));
        note(QStringLiteral("%1: %2 opened %3; %4 of %5 shares collected")
                 .arg(label, presented->holder, shareList(presented->shareIndexes))
                 .arg(collector.collected())
                 .arg(collector.required()));
    }
    if (!collector.complete())
        co_return context.fail(QStringLiteral("%1 of %2 shares collected: %2 needed (quorum %2 of %3); nothing written")
                                   .arg(collector.collected())
                                   .arg(collector.required())
                                   .arg(file.custodianCount()));
    auto master = collector.masterSecret();
    collector.wipe();
    if (!master)
        co_return context.fail(QStringLiteral("%1: nothing written").arg(master.error().message));
    auto blob = crypto::sd::createRestoreBlob(file, master.value(), exchange.value());
    master->clear();
    if (!blob)
        co_return context.fail(blob.error());
    // Atomic: a temporary file renamed over `out`, so a failure leaves nothing behind.
    if (auto written = KeyFiles::write(out, blob->toJson(), true, QStringLiteral("--out file")); !written)
        co_return context.fail(written.error());
    co_return context.done(
        QStringLiteral("Wrote the restore blob to '%1' (%2 EncData items, wrapped to exchange key x5t_256 %3)")
            .arg(out)
            .arg(blob->items.size())
            .arg(blob->wrappedKey.x5t256),
        QJsonObject{{QStringLiteral("name"), out},
                    {QStringLiteral("items"), int(blob->items.size())},
                    {QStringLiteral("x5t_256"), blob->wrappedKey.x5t256},
                    {QStringLiteral("sharesCollected"), file.required}});
}

int SecurityDomainFileCommands::checkVerifyShare(CommandContext& context)
{
    if (const QString problem = checkCustodians(context.args()); !problem.isEmpty())
        return context.usage(problem);
    return Console::Success;
}

QCoro::Task<int> SecurityDomainFileCommands::verifyShare(CommandContext& context)
{
    const QString path = context.args().positional(0);
    auto loaded = loadSecurityDomain(path);
    if (!loaded)
        co_return context.fail(loaded.error());
    noteWarnings(path, loaded->file.warnings);
    const QList<CustodianSource> sources = CustodianArguments::parse(context.args()).value();
    QJsonArray results;
    int status = Console::Success;
    for (qsizetype i = 0; i < sources.size(); ++i) {
        const QString label = sources.size() == 1 ? QStringLiteral("custodian '%1'").arg(sources.at(i).location)
                                                  : custodianLabel(int(i), sources.at(i));
        auto key = CustodianArguments::open(sources.at(i));
        if (!key) {
            status = context.fail(QStringLiteral("%1: %2").arg(label, key.error().message));
            continue;
        }
        // Nothing is kept or combined: the drill only proves the key opens its shares.
        const auto checked = ShareCollector::verifyShare(loaded->file, *key.value());
        key.value()->wipe();
        key.value().reset();
        if (!checked) {
            status = context.fail(QStringLiteral("%1: %2").arg(label, checked.error().message));
            continue;
        }
        const bool ok = checked->failedShares.isEmpty();
        results.append(QJsonObject{{QStringLiteral("holder"), checked->holder},
                                   {QStringLiteral("x5t_256"), checked->x5t256},
                                   {QStringLiteral("shares"), int(checked->shareIndexes.size())},
                                   {QStringLiteral("failed"), QJsonArray::fromStringList(checked->failedShares)},
                                   {QStringLiteral("ok"), ok}});
        if (!ok) {
            status = context.fail(
                QStringLiteral("%1: %2 (%3): %4")
                    .arg(label, checked->holder, checked->x5t256, checked->failedShares.join(QStringLiteral("; "))));
            continue;
        }
        if (!context.json())
            context.console().print(
                QStringLiteral("%1 (x5t_256 %2) opens %3 of '%4' (%5 %6 of %7 custodian shares; "
                               "quorum %8): nothing reconstructed")
                    .arg(checked->holder, checked->x5t256, shareList(checked->shareIndexes), path)
                    .arg(checked->shareIndexes.size())
                    .arg(checked->shareIndexes.size() == 1 ? QStringLiteral("share") : QStringLiteral("shares"))
                    .arg(loaded->file.custodianCount())
                    .arg(loaded->file.required));
    }
    if (context.json())
        context.console().printJson(QJsonObject{{QStringLiteral("name"), path}, {QStringLiteral("value"), results}});
    co_return status;
}

int SecurityDomainFileCommands::checkTranscript(CommandContext& context)
{
    const CliArguments& args = context.args();
    if (args.positional(0) != QLatin1String("verify"))
        return context.usage(
            QStringLiteral("expected 'sd transcript verify F --key AUDIT.pem', not '%1'").arg(args.positional(0)));
    if (args.value(kKey).isEmpty())
        return context.usage(QStringLiteral("'sd transcript verify' needs --key AUDIT.pem (from 'custosctl audit key "
                                            "--out AUDIT.pem' on the workspace)"));
    if (args.has(kSignature) && args.value(kSignature).isEmpty())
        return context.usage(QStringLiteral("--signature needs a file name"));
    return Console::Success;
}

QCoro::Task<int> SecurityDomainFileCommands::transcript(CommandContext& context)
{
    const CliArguments& args = context.args();
    const QString path = args.positional(1);
    const QString signaturePath = args.has(kSignature) ? args.value(kSignature) : path + QStringLiteral(".sig");
    const auto json = KeyFiles::read(path, QStringLiteral("transcript"));
    if (!json)
        co_return context.fail(json.error());
    const auto signature = KeyFiles::read(signaturePath, QStringLiteral("transcript signature"));
    if (!signature)
        co_return context.fail(signature.error());
    const auto keyBytes = KeyFiles::read(args.value(kKey), QStringLiteral("audit key"));
    if (!keyBytes)
        co_return context.fail(keyBytes.error());
    const auto key = crypto::publicKeyDerFromPemOrDer(keyBytes.value());
    if (!key)
        co_return context.fail(QStringLiteral("%1: %2").arg(args.value(kKey), key.error().message));
    const QString fingerprint = model::auditKeyFingerprint(key.value());
    // The signature covers the file's exact bytes: check it before trusting anything in them.
    if (!model::verifyAuditSignature(key.value(), json.value(), signature.value()))
        co_return context.fail(
            QStringLiteral("transcript '%1' does not verify: the signature '%2' is not the audit key "
                           "%3's signature over it (the transcript was changed, or it was signed "
                           "by another workspace's audit key)")
                .arg(path, signaturePath, fingerprint));
    const auto transcript = readTranscript(json.value());
    if (!transcript)
        co_return context.fail(QStringLiteral("transcript '%1' is signed but not a ceremony transcript: %2")
                                   .arg(path, transcript.error().message));
    const Transcript& t = transcript.value();
    if (normalisedFingerprint(t.auditKeyFingerprint) != normalisedFingerprint(fingerprint))
        co_return context.fail(QStringLiteral("transcript '%1' names audit key %2 but is signed by %3")
                                   .arg(path, t.auditKeyFingerprint, fingerprint));
    const QString sha256 = QString::fromLatin1(crypto::sha256(json.value()).toHex());
    if (context.json()) {
        context.console().printJson(
            QJsonObject{{QStringLiteral("name"), path},
                        {QStringLiteral("verified"), true},
                        {QStringLiteral("sha256"), sha256},
                        {QStringLiteral("auditKeyFingerprint"), fingerprint},
                        {QStringLiteral("ceremony"), t.ceremony},
                        {QStringLiteral("date"), t.date},
                        {QStringLiteral("workspaceId"), t.workspaceId},
                        {QStringLiteral("workspaceName"), t.workspaceName},
                        {QStringLiteral("operator"), t.operatorName},
                        {QStringLiteral("required"), t.required},
                        {QStringLiteral("custodianCount"), t.custodianCount},
                        {QStringLiteral("fileSha256"), t.fileSha256},
                        {QStringLiteral("steps"), t.steps},
                        {QStringLiteral("failedSteps"), QJsonArray::fromStringList(t.failedSteps)}});
        co_return Console::Success;
    }
    QString text = QStringLiteral("Transcript '%1' verifies: signed by the audit key %2\n").arg(path, fingerprint);
    text += QStringLiteral("SHA-256 of the transcript: %1\n").arg(sha256);
    text += QStringLiteral("%1 ceremony on %2 at %3 by %4, witnesses: %5\n")
                .arg(t.ceremony, t.date, t.workstation, t.operatorName,
                     t.witnesses.isEmpty() ? QStringLiteral("none") : t.witnesses.join(QStringLiteral(", ")));
    text += QStringLiteral("workspace %1 (%2), domain key %3\n").arg(t.workspaceName, t.workspaceId, t.domainKeyId);
    text += QStringLiteral("quorum %1 of %2; custodians: %3\n")
                .arg(t.required)
                .arg(t.custodianCount)
                .arg(t.custodians.join(QStringLiteral(", ")));
    text += QStringLiteral("security-domain file SHA-256: %1\n").arg(t.fileSha256);
    text += QStringLiteral("%1 steps").arg(t.steps);
    if (!t.failedSteps.isEmpty())
        text += QStringLiteral(", not successful: %1").arg(t.failedSteps.join(QStringLiteral("; ")));
    context.console().print(text);
    co_return Console::Success;
}

} // namespace custos::app
