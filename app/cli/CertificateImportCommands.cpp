#include "CertificateImportCommands.h"

#include "CertificateJson.h"
#include "CommandContext.h"
#include "KeyFiles.h"
#include "PassphraseSource.h"

#include "model/services/Services.h"

#include <QJsonArray>

#include <cstdio>

namespace custos::app {

QList<CommandSpec> CertificateImportCommands::specs()
{
    auto opt = [](const char* name, bool value = true) { return OptionSpec{QString::fromLatin1(name), value}; };
    // clang-format off
    return {
        {QStringLiteral("cert"), QStringLiteral("import"), {QStringLiteral("VAULT"), QStringLiteral("NAME")},
         {opt("in"), opt("key"), opt("password-file"), opt("protection"), opt("exportable", false)}, true, CommandNeeds::Login,
         &CertificateImportCommands::importCertificate,
         QStringLiteral("cert import VAULT NAME --in F [--key F] [--password-file F] [--protection hsm|software] [--exportable]"),
         &CertificateImportCommands::checkImport},
    };
    // clang-format on
}

int CertificateImportCommands::checkImport(CommandContext& context)
{
    const CliArguments& args = context.args();
    if (args.value(QStringLiteral("in")).isEmpty())
        return context.usage(
            QStringLiteral("'cert import' needs --in F (PKCS#12 or PEM with its private key, or PEM, DER or "
                           "PKCS#7 with --key F, or without a key for a verify-only certificate)"));
    if (args.has(QStringLiteral("protection"))) {
        model::Protection protection = model::Protection::Hsm;
        if (!model::parseProtection(args.value(QStringLiteral("protection")), &protection))
            return context.usage(QStringLiteral("--protection takes hsm or software, not '%1'")
                                     .arg(args.value(QStringLiteral("protection"))));
        if (protection == model::Protection::Hsm && args.has(QStringLiteral("exportable")))
            return context.usage(QStringLiteral("--exportable needs --protection software: HSM keys never leave "
                                                "the token"));
    }
    return Console::Success;
}

QCoro::Task<int> CertificateImportCommands::importCertificate(CommandContext& context)
{
    const CliArguments& args = context.args();
    model::CertificateImportRequest request;
    request.vault = args.positional(0);
    request.name = args.positional(1);
    auto bytes = KeyFiles::read(args.value(QStringLiteral("in")), QStringLiteral("--in file"));
    if (!bytes)
        co_return context.fail(bytes.error());
    request.fileBytes = bytes.take();
    request.fileName = args.value(QStringLiteral("in"));
    if (args.has(QStringLiteral("key"))) {
        auto key = KeyFiles::read(args.value(QStringLiteral("key")), QStringLiteral("--key file"));
        if (!key)
            co_return context.fail(key.error());
        request.keyFileBytes = key.take();
        request.keyFileName = args.value(QStringLiteral("key"));
    }
    if (args.has(QStringLiteral("password-file"))) {
        auto password =
            PassphraseSource::readFile(args.value(QStringLiteral("password-file")), QStringLiteral("password"));
        if (!password)
            co_return context.fail(password.error());
        request.password = std::make_shared<const crypto::SecureBuffer>(password.take());
    }
    if (args.has(QStringLiteral("protection"))) {
        model::Protection protection = model::Protection::Hsm;
        model::parseProtection(args.value(QStringLiteral("protection")), &protection); // checked in checkImport
        request.protection = protection;
    }
    request.exportable = args.has(QStringLiteral("exportable"));
    auto importedTask =
        context.services().certificates().importCertificate(std::move(request), context.operationContext());
    auto imported = co_await importedTask;
    if (!imported)
        co_return context.fail(imported.error());
    const model::CertificateImportResult& r = imported.value();
    for (const QString& warning : r.warnings)
        std::fprintf(stderr, "custosctl: warning: %s\n", qPrintable(warning));
    std::fflush(stderr);
    const model::CertificateRecord& c = r.certificate;
    QJsonObject json = CertificateJson::bundle(c);
    json.insert(QStringLiteral("format"), r.format);
    json.insert(QStringLiteral("chainLength"), r.chainLength);
    json.insert(QStringLiteral("hasPrivateKey"), r.hasPrivateKey);
    json.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(r.warnings));
    // Without its private key: a trust anchor or verify-only certificate (its key verifies only).
    co_return context.done(QStringLiteral("Imported certificate '%1' into vault '%2' from %3 (serial %4, %5 "
                                          "certificate%6 in the chain, %7), version %8")
                               .arg(c.name, c.vault, r.format, c.currentVersion.serialHex)
                               .arg(r.chainLength)
                               .arg(r.chainLength == 1 ? QString() : QStringLiteral("s"),
                                    r.hasPrivateKey ? QStringLiteral("with its private key")
                                                    : QStringLiteral("without its private key: verify only"),
                                    c.currentVersion.id),
                           json);
}

} // namespace custos::app
