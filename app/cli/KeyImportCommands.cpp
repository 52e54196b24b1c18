#include "KeyImportCommands.h"

#include "CommandContext.h"
#include "KeyCommands.h"
#include "KeyFiles.h"
#include "KeyJson.h"
#include "PassphraseSource.h"
#include "TimeArgument.h"
#include "VaultCommands.h"

#include "model/services/Services.h"

#include <QJsonArray>

#include <cstdio>

namespace custos::app {

namespace {

const QString kIn = QStringLiteral("in");
const QString kFormat = QStringLiteral("format");
const QString kItem = QStringLiteral("item");
const QString kOps = QStringLiteral("ops");
const QString kProtection = QStringLiteral("protection");

QString isoOrEmpty(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString();
}

// What the options say, checked before anything is read (usage errors, exit 2).
QString parseOptions(const CliArguments& args, model::KeyImportRequest* request, int* item)
{
    request->vault = args.positional(0);
    request->name = args.positional(1);
    if (args.value(kIn).isEmpty())
        return QStringLiteral("'key import' needs --in F (a key file: PEM, DER, PKCS#8, PKCS#12, JWK, a raw AES key "
                              "or a .byok file)");
    if (args.has(kFormat) && !crypto::import::parseKeyFileFormat(args.value(kFormat), &request->source.format))
        return QStringLiteral("--format takes auto, pem, der, pkcs8, pkcs12, jwk, raw or byok, not '%1'")
            .arg(args.value(kFormat));
    if (args.has(kProtection)) {
        model::Protection protection = model::Protection::Hsm;
        if (!model::parseProtection(args.value(kProtection), &protection))
            return QStringLiteral("--protection takes hsm or software, not '%1'").arg(args.value(kProtection));
        request->protection = protection;
    }
    request->exportable = args.has(QStringLiteral("exportable"));
    if (request->exportable && request->protection == model::Protection::Hsm)
        return QStringLiteral("--exportable needs --protection software: HSM keys never leave the token");
    if (args.has(kOps)) {
        for (const QString& op : args.value(kOps).split(QLatin1Char(','), Qt::SkipEmptyParts))
            request->keyOps << op.trimmed();
        if (request->keyOps.isEmpty())
            return QStringLiteral("--ops takes a list such as verify,encrypt");
    }
    request->kek = args.value(QStringLiteral("kek"));
    request->asVersion = args.has(QStringLiteral("as-version"));
    *item = -1;
    if (args.has(kItem)) {
        bool ok = false;
        *item = args.value(kItem).toInt(&ok);
        if (!ok || *item < 0)
            return QStringLiteral("--item takes the number of a key in the file (0, 1, ... as --dry-run lists "
                                  "them), not '%1'")
                .arg(args.value(kItem));
        request->keyIndex = *item;
    }
    if (args.has(QStringLiteral("expires"))) {
        const auto expires =
            TimeArgument::parse(args.value(QStringLiteral("expires")), TimeArgument::Direction::Future);
        if (!expires)
            return QStringLiteral("--expires takes a date (2027-12-31), a UTC time or a duration (P1Y), not '%1'")
                .arg(args.value(QStringLiteral("expires")));
        request->expires = *expires;
    }
    if (args.has(QStringLiteral("tags"))) {
        const auto tags = VaultCommands::parseTags(args.value(QStringLiteral("tags")));
        if (!tags)
            return QStringLiteral("--tags takes k=v;k2=v2, not '%1'").arg(args.value(QStringLiteral("tags")));
        request->tags = *tags;
    }
    return {};
}

QJsonObject candidateJson(const model::KeyImportCandidate& c)
{
    QJsonObject o{
        {QStringLiteral("index"), c.index},
        {QStringLiteral("label"), c.label},
        {QStringLiteral("kty"), model::keyTypeName(c.kind)},
        {QStringLiteral("publicOnly"), c.publicOnly},
        {QStringLiteral("keyOps"), QJsonArray::fromStringList(c.keyOps)},
        {QStringLiteral("warnings"), QJsonArray::fromStringList(c.warnings)},
    };
    if (c.kind == crypto::KeyKind::Ec)
        o.insert(QStringLiteral("crv"), c.curve);
    else
        o.insert(QStringLiteral("size"), c.size);
    if (!c.fingerprint.isEmpty())
        o.insert(QStringLiteral("fingerprint"), c.fingerprint);
    if (!c.certificateDer.isEmpty())
        o.insert(QStringLiteral("certificate"),
                 QJsonObject{{QStringLiteral("subject"), c.certificateSubject},
                             {QStringLiteral("issuer"), c.certificateIssuer},
                             {QStringLiteral("notAfter"), isoOrEmpty(c.certificateNotAfter)}});
    o.insert(QStringLiteral("chain"), QJsonArray::fromStringList(c.chainSubjects));
    QJsonArray duplicates;
    for (const model::KeyImportDuplicate& d : c.duplicates)
        duplicates << QJsonObject{{QStringLiteral("vault"), d.vault},
                                  {QStringLiteral("name"), d.name},
                                  {QStringLiteral("version"), d.versionId},
                                  {QStringLiteral("deleted"), d.deleted}};
    o.insert(QStringLiteral("duplicates"), duplicates);
    o.insert(QStringLiteral("refusal"), c.refusal.isEmpty() ? QJsonValue() : QJsonValue(c.refusal));
    return o;
}

QJsonObject previewJson(const model::KeyImportPreview& p)
{
    QJsonArray keys;
    for (const model::KeyImportCandidate& c : p.keys)
        keys << candidateJson(c);
    QJsonObject o{
        {QStringLiteral("format"), p.format},
        {QStringLiteral("encryption"), p.encryption.isEmpty() ? QJsonValue() : QJsonValue(p.encryption)},
        {QStringLiteral("warnings"), QJsonArray::fromStringList(p.warnings)},
        {QStringLiteral("keys"), keys},
    };
    if (p.isByok)
        o.insert(QStringLiteral("byok"),
                 QJsonObject{{QStringLiteral("kid"), p.byokKid}, {QStringLiteral("generator"), p.byokGenerator}});
    return o;
}

QString candidateLine(const model::KeyImportCandidate& c)
{
    const QString shape = c.kind == crypto::KeyKind::Ec
                              ? QStringLiteral("EC %1").arg(c.curve)
                              : QStringLiteral("%1 %2").arg(model::keyTypeName(c.kind)).arg(c.size);
    return QStringLiteral("%1: %2 (%3%4)")
        .arg(c.index)
        .arg(c.label, shape, c.publicOnly ? QStringLiteral(", public key only") : QString());
}

// Which key of the file; Invalid listing them when the file holds several and --item is missing.
Outcome<model::KeyImportCandidate> chooseCandidate(const model::KeyImportPreview& preview, int item,
                                                   const QString& path)
{
    if (item < 0 && preview.keys.size() > 1) {
        QStringList lines;
        for (const model::KeyImportCandidate& c : preview.keys)
            lines << candidateLine(c);
        return makeError(ErrorKind::Invalid, QStringLiteral("'%1' holds %2 keys: choose one with --item N (%3)")
                                                 .arg(path)
                                                 .arg(preview.keys.size())
                                                 .arg(lines.join(QStringLiteral("; "))));
    }
    const int index = item < 0 ? 0 : item;
    if (index >= preview.keys.size())
        return makeError(ErrorKind::Invalid, QStringLiteral("--item %1: '%2' holds %3 key(s), numbered from 0")
                                                 .arg(index)
                                                 .arg(path)
                                                 .arg(preview.keys.size()));
    return preview.keys.at(index);
}

} // namespace

QList<CommandSpec> KeyImportCommands::specs()
{
    auto opt = [](const char* name, bool value = true) { return OptionSpec{QString::fromLatin1(name), value}; };
    // clang-format off
    return {
        {QStringLiteral("key"), QStringLiteral("import"), {QStringLiteral("VAULT"), QStringLiteral("NAME")},
         {opt("in"), opt("format"), opt("password-file"), opt("kek"), opt("protection"), opt("exportable", false),
          opt("ops"), opt("as-version", false), opt("dry-run", false), opt("item"), opt("allow-duplicate", false),
          opt("expires"), opt("tags")}, true, CommandNeeds::Login,
         &KeyImportCommands::importKey,
         QStringLiteral("key import VAULT NAME --in F [--format auto|pem|der|pkcs8|pkcs12|jwk|raw|byok] "
                        "[--password-file F] [--kek KEKNAME] [--protection hsm|software] [--exportable] "
                        "[--ops verify,...] [--as-version] [--dry-run] [--item N] [--allow-duplicate] "
                        "[--expires P1Y|DATE] [--tags k=v;...]"),
         &KeyImportCommands::checkImport},
    };
    // clang-format on
}

int KeyImportCommands::checkImport(CommandContext& context)
{
    model::KeyImportRequest request;
    int item = -1;
    const QString error = parseOptions(context.args(), &request, &item);
    return error.isEmpty() ? int(Console::Success) : context.usage(error);
}

QCoro::Task<int> KeyImportCommands::importKey(CommandContext& context)
{
    const CliArguments& args = context.args();
    model::KeyImportRequest request;
    int item = -1;
    if (const QString error = parseOptions(args, &request, &item); !error.isEmpty())
        co_return context.usage(error);
    const QString path = args.value(kIn);
    // Key files are small: a bigger one (or a directory) is refused before anything is read.
    auto bytes = KeyFiles::read(path, QStringLiteral("--in file"), crypto::import::kMaxKeyFileBytes);
    if (!bytes)
        co_return context.fail(bytes.error());
    request.source.bytes = bytes.take();
    request.source.fileName = path;
    if (args.has(QStringLiteral("password-file"))) {
        auto password =
            PassphraseSource::readFile(args.value(QStringLiteral("password-file")), QStringLiteral("password"));
        if (!password)
            co_return context.fail(password.error());
        request.source.password = std::make_shared<const crypto::SecureBuffer>(password.take());
    }

    model::KeyImportService& imports = context.services().keyImports();
    auto previewTask = imports.preview(request.source, request.vault);
    auto preview = co_await previewTask;
    if (!preview)
        co_return context.fail(preview.error());
    if (args.has(QStringLiteral("dry-run"))) {
        context.console().printJson(previewJson(preview.value()));
        co_return Console::Success;
    }
    if (!preview->isByok) {
        auto chosen = chooseCandidate(preview.value(), item, path);
        if (!chosen)
            co_return context.fail(chosen.error());
        request.keyIndex = chosen->index;
        // The same public key elsewhere: said before anything is imported (the wizard asks the same).
        QStringList elsewhere;
        for (const model::KeyImportDuplicate& d : chosen->duplicates) {
            const bool sameKey = d.vault.compare(request.vault, Qt::CaseInsensitive) == 0 &&
                                 d.name.compare(request.name, Qt::CaseInsensitive) == 0;
            if (!(request.asVersion && sameKey))
                elsewhere << QStringLiteral("key '%1' in vault '%2'%3")
                                 .arg(d.name, d.vault, d.deleted ? QStringLiteral(" (deleted)") : QString());
        }
        elsewhere.removeDuplicates();
        if (!elsewhere.isEmpty() && !args.has(QStringLiteral("allow-duplicate")))
            co_return context.fail(makeError(
                ErrorKind::Conflict,
                QStringLiteral("the key in '%1' is already in Custos as %2: add it as a new version of that key "
                               "(--as-version with its name), or import it under a new name anyway "
                               "(--allow-duplicate)")
                    .arg(path, elsewhere.join(QStringLiteral(", ")))));
    }

    auto importTask = imports.importKey(std::move(request), context.operationContext());
    auto imported = co_await importTask;
    if (!imported)
        co_return context.fail(imported.error());
    const model::KeyImportResult& r = imported.value();
    for (const QString& warning : r.warnings)
        std::fprintf(stderr, "custosctl: warning: %s\n", qPrintable(warning));
    std::fflush(stderr);
    const model::KeyRecord& key = r.key;
    const auto vault = KeyCommands::readableVault(context, key.vault);
    QJsonObject json = KeyJson::bundle(key, key.currentVersion, vault ? &*vault : nullptr);
    json.insert(QStringLiteral("format"), r.format);
    if (!r.fingerprint.isEmpty())
        json.insert(QStringLiteral("fingerprint"), r.fingerprint);
    json.insert(QStringLiteral("newVersion"), r.newVersion);
    json.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(r.warnings));
    const QString what = r.newVersion ? QStringLiteral("a new version of key '%1'").arg(key.name)
                                      : QStringLiteral("key '%1'").arg(key.name);
    co_return context.done(
        QStringLiteral("Imported %1 into vault '%2' from %3 (%4, %5%6), version %7")
            .arg(what, key.vault, r.format, KeyJson::typeText(key),
                 r.publicOnly ? QStringLiteral("public key only") : model::protectionName(key.protection),
                 r.fingerprint.isEmpty() ? QString() : QStringLiteral(", SHA-256 %1").arg(r.fingerprint),
                 key.currentVersion.id),
        json);
}

} // namespace custos::app
