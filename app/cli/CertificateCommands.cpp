#include "CertificateCommands.h"
#include "CertificateBatch.h"
#include "CertificateJson.h"
#include "CommandContext.h"
#include "JsonFormat.h"
#include "KeyFiles.h"
#include "PassphraseSource.h"
#include "Table.h"
#include "TimeArgument.h"

#include "crypto/x509/CertificateInfo.h"
#include "model/services/Services.h"

#include <QJsonArray>

#include <cstdio>

namespace custos::app {

using model::CertificateRecord;
using model::CertificateVersion;

namespace {

const QString kVault = QStringLiteral("VAULT");
const QString kName = QStringLiteral("NAME");

QString statusText(const CertificateVersion& v)
{
    if (v.isPending())
        return QStringLiteral("pending");
    if (v.isRevoked())
        return QStringLiteral("revoked");
    if (v.notAfter.isValid() && v.notAfter <= QDateTime::currentDateTimeUtc())
        return QStringLiteral("expired");
    return QStringLiteral("valid");
}

QString timeOrNone(const QDateTime& time)
{
    return time.isValid() ? TimeArgument::format(time) : QStringLiteral("-");
}

} // namespace

QList<CommandSpec> CertificateCommands::specs()
{
    const QString c = QStringLiteral("cert");
    auto opt = [](const char* name, bool value = true) { return OptionSpec{QString::fromLatin1(name), value}; };
    const auto login = CommandNeeds::Login;
    // clang-format off
    return {
        {c, QStringLiteral("issue"), {QStringLiteral("[VAULT]"), QStringLiteral("[NAME]")},
         {opt("batch"), opt("ca"), opt("self-signed", false), opt("profile"), opt("subject"), opt("san"), opt("ku"), opt("eku"),
          opt("months"), opt("kty"), opt("size"), opt("curve"), opt("protection"), opt("exportable", false),
          opt("reuse-key", false), opt("renew-at"), opt("renew-days-before"), opt("notify-days-before"),
          opt("contact")}, true, login, &CertificateCommands::issue,
         QStringLiteral("cert issue --batch F.jsonl | cert issue VAULT NAME --ca VAULT/CA | --self-signed --profile tls-server|tls-client|"
                        "tls-server-client|code-signing|custom --subject DN [--san dns:X|ip:X|email:X|uri:X ...] "
                        "[--ku LIST] [--eku LIST] [--months N] [--kty RSA|EC] [--size N] [--curve C] "
                        "[--protection hsm|software] [--exportable] [--reuse-key] [--renew-at 80% | "
                        "--renew-days-before N] [--notify-days-before N] [--contact EMAIL ...]"),
         &CertificateCommands::checkIssue},
        {c, QStringLiteral("create"), {kVault, kName},
         {opt("ca"), opt("self-signed", false), opt("profile"), opt("subject"), opt("san"), opt("ku"), opt("eku"),
          opt("months"), opt("kty"), opt("size"), opt("curve"), opt("protection"), opt("exportable", false),
          opt("reuse-key", false), opt("renew-at"), opt("renew-days-before"), opt("notify-days-before"),
          opt("contact")}, true, login, &CertificateCommands::issue,
         QStringLiteral("cert create VAULT NAME --self-signed --profile tls-server|tls-client|"
                        "tls-server-client|code-signing|custom --subject DN [--san dns:X|ip:X|email:X|uri:X ...] "
                        "[--ku LIST] [--eku LIST] [--months N] [--kty RSA|EC] [--size N] [--curve C] "
                        "[--protection hsm|software] [--exportable] [--reuse-key] [--renew-at 80% | "
                        "--renew-days-before N] [--notify-days-before N] [--contact EMAIL ...]"),
         &CertificateCommands::checkIssue},
        {c, QStringLiteral("list"), {kVault}, {}, false, login, &CertificateCommands::list,
         QStringLiteral("cert list VAULT")},
        {c, QStringLiteral("show"), {kVault, kName}, {}, false, login, &CertificateCommands::show,
         QStringLiteral("cert show VAULT NAME")},
        {c, QStringLiteral("versions"), {kVault, kName}, {}, false, login, &CertificateCommands::versions,
         QStringLiteral("cert versions VAULT NAME")},
        {c, QStringLiteral("export"), {kVault, kName},
         {opt("format"), opt("chain", false), opt("version"), opt("out"), opt("legacy", false), opt("password-file")},
         false, login, &CertificateCommands::exportCertificate,
         QStringLiteral("cert export VAULT NAME --format pem|der [--chain] [--version V] [--out F] | "
                        "--format pkcs12 [--legacy] --password-file F --out F"),
         &CertificateCommands::checkExport},
    };
    // clang-format on
}

QString CertificateCommands::positiveInt(const CliArguments& args, const QString& option, int* out)
{
    if (!args.has(option))
        return {};
    bool ok = false;
    const int value = args.value(option).toInt(&ok);
    if (!ok || value <= 0)
        return QStringLiteral("--%1 takes a positive number, not '%2'").arg(option, args.value(option));
    *out = value;
    return {};
}

QStringList CertificateCommands::listOption(const CliArguments& args, const QString& option)
{
    QStringList items;
    for (const QString& value : args.values(option)) {
        for (const QString& item : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
            items << item.trimmed();
    }
    return items;
}

QString CertificateCommands::parseIssue(const CliArguments& args, model::CertificateIssueRequest* r)
{
    r->vault = args.positional(0);
    r->name = args.positional(1);
    const bool selfSigned = args.has(QStringLiteral("self-signed"));
    if (args.command() && args.command()->subcommand == QLatin1String("create") && !selfSigned)
        return QStringLiteral("'cert create' makes a self-signed certificate: add --self-signed (or use 'cert issue "
                              "--ca VAULT/CA')");
    if (selfSigned == args.has(QStringLiteral("ca")))
        return QStringLiteral("'cert issue' needs exactly one issuer: --ca VAULT/CA or --self-signed");
    r->issuer = selfSigned ? QStringLiteral("Self") : args.value(QStringLiteral("ca"));
    if (!args.has(QStringLiteral("profile")))
        return QStringLiteral(
            "'cert issue' needs --profile tls-server|tls-client|tls-server-client|code-signing|custom");
    r->profile = args.value(QStringLiteral("profile"));
    if (!args.has(QStringLiteral("subject")))
        return QStringLiteral("'cert issue' needs --subject DN, e.g. --subject \"CN=web01.example.test\"");
    r->subject = args.value(QStringLiteral("subject"));
    r->subjectAltNames = args.values(QStringLiteral("san"));
    r->keyUsages = listOption(args, QStringLiteral("ku"));
    r->extendedKeyUsages = listOption(args, QStringLiteral("eku"));
    if (QString e = positiveInt(args, QStringLiteral("months"), &r->months); !e.isEmpty())
        return e;
    if (args.has(QStringLiteral("kty")) && !model::parseKeyType(args.value(QStringLiteral("kty")), &r->kty))
        return QStringLiteral("--kty takes RSA or EC, not '%1'").arg(args.value(QStringLiteral("kty")));
    if (QString e = positiveInt(args, QStringLiteral("size"), &r->size); !e.isEmpty())
        return e;
    r->curve = args.value(QStringLiteral("curve"));
    if (args.has(QStringLiteral("protection"))) {
        model::Protection protection = model::Protection::Hsm;
        if (!model::parseProtection(args.value(QStringLiteral("protection")), &protection))
            return QStringLiteral("--protection takes hsm or software, not '%1'")
                .arg(args.value(QStringLiteral("protection")));
        r->protection = protection;
    }
    r->exportable = args.has(QStringLiteral("exportable"));
    r->reuseKey = args.has(QStringLiteral("reuse-key"));
    if (args.has(QStringLiteral("renew-at")) && args.has(QStringLiteral("renew-days-before")))
        return QStringLiteral("--renew-at and --renew-days-before exclude each other: one renewal trigger");
    if (args.has(QStringLiteral("renew-at"))) {
        QString text = args.value(QStringLiteral("renew-at"));
        bool ok = text.endsWith(QLatin1Char('%'));
        text.chop(1);
        const int percentage = ok ? text.toInt(&ok) : 0;
        if (!ok)
            return QStringLiteral("--renew-at takes a percentage of the lifetime such as 80%, not '%1'")
                .arg(args.value(QStringLiteral("renew-at")));
        r->actions << model::CertificateLifetimeAction{model::CertificateLifetimeAction::Kind::AutoRenew, percentage,
                                                       0};
    }
    int days = 0;
    if (QString e = positiveInt(args, QStringLiteral("renew-days-before"), &days); !e.isEmpty())
        return e;
    if (days)
        r->actions << model::CertificateLifetimeAction{model::CertificateLifetimeAction::Kind::AutoRenew, 0, days};
    days = 0;
    if (QString e = positiveInt(args, QStringLiteral("notify-days-before"), &days); !e.isEmpty())
        return e;
    if (days)
        r->actions << model::CertificateLifetimeAction{model::CertificateLifetimeAction::Kind::EmailContacts, 0, days};
    r->contacts = args.values(QStringLiteral("contact"));
    return {};
}

int CertificateCommands::checkIssue(CommandContext& context)
{
    const CliArguments& args = context.args();
    if (args.has(QStringLiteral("batch"))) {
        if (!args.positionals().isEmpty() || args.has(QStringLiteral("subject")) || args.has(QStringLiteral("ca")))
            return context.usage(QStringLiteral("'cert issue --batch F' takes everything from the file: no VAULT, "
                                                "NAME or other options"));
        return CertificateBatch::check(context);
    }
    if (args.positionals().size() != 2)
        return context.usage(QStringLiteral("'cert issue' needs VAULT NAME (or --batch F.jsonl)"));
    model::CertificateIssueRequest request;
    const QString error = parseIssue(context.args(), &request);
    return error.isEmpty() ? int(Console::Success) : context.usage(error);
}

int CertificateCommands::checkExport(CommandContext& context)
{
    const QString format = context.args().value(QStringLiteral("format")).toLower();
    const CliArguments& args = context.args();
    if (format.isEmpty())
        return context.usage(QStringLiteral("'cert export' needs --format pem|der|pkcs12"));
    if (format == QLatin1String("pkcs12")) {
        if (args.value(QStringLiteral("password-file")).isEmpty())
            return context.usage(QStringLiteral("--format pkcs12 needs --password-file F (the PKCS#12 password)"));
        if (args.value(QStringLiteral("out")).isEmpty())
            return context.usage(QStringLiteral("--format pkcs12 needs --out F (the file holds the private key)"));
        if (args.has(QStringLiteral("version")))
            return context.usage(QStringLiteral("--format pkcs12 exports the current version: drop --version"));
        return Console::Success; // the PKCS#12 file holds the chain: --chain changes nothing
    }
    if (args.has(QStringLiteral("legacy")) || args.has(QStringLiteral("password-file")))
        return context.usage(QStringLiteral("--legacy and --password-file apply only to --format pkcs12"));
    if (format != QLatin1String("pem") && format != QLatin1String("der"))
        return context.usage(QStringLiteral("--format takes pem, der or pkcs12, not '%1'").arg(format));
    if (format == QLatin1String("der") && context.args().has(QStringLiteral("chain")))
        return context.usage(QStringLiteral("--chain needs --format pem (DER holds one certificate)"));
    return Console::Success;
}

int CertificateCommands::writeCertificates(CommandContext& context, const QString& what,
                                           const QList<QByteArray>& chainDer, const QString& format, bool chain)
{
    const CliArguments& args = context.args();
    QByteArray bytes;
    const bool der = format == QLatin1String("der");
    if (der) {
        bytes = chainDer.value(0);
    } else {
        for (int i = 0; i < (chain ? chainDer.size() : 1); ++i)
            bytes += crypto::x509::certificatePem(chainDer.at(i));
    }
    if (!args.has(QStringLiteral("out"))) {
        if (auto written = KeyFiles::writeStdout(bytes, der); !written)
            return context.fail(written.error());
        return Console::Success;
    }
    const QString path = args.value(QStringLiteral("out"));
    if (auto written = KeyFiles::write(path, bytes, false, QStringLiteral("--out file")); !written)
        return context.fail(written.error());
    const int count = chain ? int(chainDer.size()) : 1;
    return context.done(QStringLiteral("Exported %1 (%2 certificate%3, %4) to '%5'")
                            .arg(what)
                            .arg(count)
                            .arg(count == 1 ? QString() : QStringLiteral("s"), format.toUpper(), path),
                        QJsonObject{{QStringLiteral("file"), path},
                                    {QStringLiteral("format"), format},
                                    {QStringLiteral("certificates"), count}});
}

QCoro::Task<int> CertificateCommands::issue(CommandContext& context)
{
    if (context.args().has(QStringLiteral("batch"))) {
        auto batch = CertificateBatch::run(context);
        co_return co_await batch;
    }
    model::CertificateIssueRequest request;
    if (const QString error = parseIssue(context.args(), &request); !error.isEmpty())
        co_return context.usage(error);
    auto issuedTask = context.services().certificates().issue(std::move(request), context.operationContext());
    auto issued = co_await issuedTask;
    if (!issued)
        co_return context.fail(issued.error());
    const CertificateRecord& c = issued.value();
    co_return context.done(QStringLiteral("Issued certificate '%1' in vault '%2' (serial %3, expires %4), version %5")
                               .arg(c.name, c.vault, c.currentVersion.serialHex,
                                    TimeArgument::format(c.currentVersion.notAfter), c.currentVersion.id),
                           CertificateJson::bundle(c));
}

QCoro::Task<int> CertificateCommands::list(CommandContext& context)
{
    const auto certificates = context.services().certificates().list(context.args().positional(0));
    if (!certificates)
        co_return context.fail(certificates.error());
    if (context.json()) {
        QJsonArray values;
        for (const CertificateRecord& c : certificates.value())
            values << CertificateJson::bundle(c);
        context.console().printJson(JsonFormat::list(values));
        co_return Console::Success;
    }
    Table table({QStringLiteral("NAME"), QStringLiteral("KIND"), QStringLiteral("SUBJECT"), QStringLiteral("EXPIRES"),
                 QStringLiteral("STATUS"), QStringLiteral("ISSUER")});
    for (const CertificateRecord& c : certificates.value())
        table.addRow({c.name, c.isCa ? QStringLiteral("CA") : QStringLiteral("certificate"), c.policy.subject,
                      timeOrNone(c.currentVersion.notAfter), statusText(c.currentVersion), c.policy.issuer});
    context.console().print(table.render());
    co_return Console::Success;
}

QCoro::Task<int> CertificateCommands::show(CommandContext& context)
{
    auto found = context.services().certificates().show(context.args().positional(0), context.args().positional(1));
    if (!found)
        co_return context.fail(found.error());
    const CertificateRecord& c = found.value();
    if (context.json()) {
        context.console().printJson(CertificateJson::bundle(c));
        co_return Console::Success;
    }
    Table table{QStringList()};
    table.addRow({QStringLiteral("Name"), c.name});
    table.addRow({QStringLiteral("Id"), c.resourceId()});
    table.addRow(
        {QStringLiteral("Kind"), c.isCa ? QStringLiteral("certificate authority") : QStringLiteral("certificate")});
    table.addRow({QStringLiteral("Version"), c.currentVersion.id});
    table.addRow({QStringLiteral("Status"), statusText(c.currentVersion)});
    if (!c.currentVersion.isPending()) {
        if (auto info = crypto::x509::inspectCertificate(c.currentVersion.der)) {
            table.addRow({QStringLiteral("Subject"), info->subject});
            table.addRow({QStringLiteral("Issuer"), info->issuer});
            table.addRow({QStringLiteral("Serial"), info->serialHex});
            table.addRow({QStringLiteral("Not before"), TimeArgument::format(info->notBefore)});
            table.addRow({QStringLiteral("Not after"), TimeArgument::format(info->notAfter)});
            QStringList sans;
            for (const auto& san : info->subjectAltNames)
                sans << crypto::x509::subjectAltNameText(san);
            table.addRow(
                {QStringLiteral("SANs"), sans.isEmpty() ? QStringLiteral("-") : sans.join(QStringLiteral(", "))});
            table.addRow({QStringLiteral("Key"), info->keyDescription});
            table.addRow({QStringLiteral("Key usage"), info->keyUsages.join(QStringLiteral(", "))});
            table.addRow({QStringLiteral("Extended key usage"),
                          info->extendedKeyUsages.isEmpty() ? QStringLiteral("-")
                                                            : info->extendedKeyUsages.join(QStringLiteral(", "))});
            table.addRow({QStringLiteral("SHA-256"), crypto::x509::colonHex(info->sha256Fingerprint)});
        }
    }
    if (c.currentVersion.isRevoked())
        table.addRow(
            {QStringLiteral("Revoked"), QStringLiteral("%1 (%2)").arg(TimeArgument::format(c.currentVersion.revoked),
                                                                      c.currentVersion.revocationReason)});
    table.addRow({QStringLiteral("Issuer policy"), c.policy.issuer});
    table.addRow({QStringLiteral("Protection"), model::protectionName(c.policy.protection)});
    context.console().print(table.render());
    co_return Console::Success;
}

QCoro::Task<int> CertificateCommands::versions(CommandContext& context)
{
    const QString vault = context.args().positional(0);
    const QString name = context.args().positional(1);
    auto certificate = context.services().certificates().show(vault, name);
    if (!certificate)
        co_return context.fail(certificate.error());
    auto versions = context.services().certificates().versions(vault, name);
    if (!versions)
        co_return context.fail(versions.error());
    if (context.json()) {
        QJsonArray values;
        for (const CertificateVersion& v : versions.value())
            values << CertificateJson::version(certificate.value(), v);
        context.console().printJson(JsonFormat::list(values));
        co_return Console::Success;
    }
    Table table({QStringLiteral("VERSION"), QStringLiteral("SERIAL"), QStringLiteral("NOT BEFORE"),
                 QStringLiteral("NOT AFTER"), QStringLiteral("STATUS")});
    for (const CertificateVersion& v : versions.value())
        table.addRow({v.id, v.serialHex.isEmpty() ? QStringLiteral("-") : v.serialHex, timeOrNone(v.notBefore),
                      timeOrNone(v.notAfter), statusText(v)});
    context.console().print(table.render());
    co_return Console::Success;
}

QCoro::Task<int> CertificateCommands::exportCertificate(CommandContext& context)
{
    const CliArguments& args = context.args();
    const QString vault = args.positional(0);
    const QString name = args.positional(1);
    if (args.has(QStringLiteral("out"))) {
        if (auto writable = KeyFiles::checkWritable(args.value(QStringLiteral("out")), QStringLiteral("--out file"));
            !writable)
            co_return context.fail(writable.error());
    }
    if (args.value(QStringLiteral("format")).toLower() == QLatin1String("pkcs12")) {
        auto pkcs12Task = exportPkcs12(context);
        const int exitCode = co_await pkcs12Task;
        co_return exitCode;
    }
    auto chain = context.services().certificates().chain(vault, name, args.value(QStringLiteral("version")));
    if (!chain)
        co_return context.fail(chain.error());
    co_return writeCertificates(context, QStringLiteral("certificate '%1' of vault '%2'").arg(name, vault),
                                chain.value(), args.value(QStringLiteral("format")).toLower(),
                                args.has(QStringLiteral("chain")));
}

// `--format pkcs12`: the certificate, its chain and its exportable private key, password-protected.
QCoro::Task<int> CertificateCommands::exportPkcs12(CommandContext& context)
{
    const CliArguments& args = context.args();
    const QString vault = args.positional(0);
    const QString name = args.positional(1);
    const QString path = args.value(QStringLiteral("out"));
    const bool legacy = args.has(QStringLiteral("legacy"));
    auto password = PassphraseSource::readFile(args.value(QStringLiteral("password-file")), QStringLiteral("password"));
    if (!password)
        co_return context.fail(password.error());
    if (auto writable = KeyFiles::checkWritable(path, QStringLiteral("--out file")); !writable)
        co_return context.fail(writable.error());
    if (legacy)
        std::fprintf(stderr, "custosctl: warning: --legacy uses 3DES and RC2-40 with a SHA-1 MAC, which are weak: "
                             "use it only for consumers that cannot read AES-256 PKCS#12 files\n");
    std::fflush(stderr);
    auto shared = std::make_shared<const crypto::SecureBuffer>(password.take());
    auto exportedTask =
        context.services().certificates().exportPkcs12(vault, name, shared, legacy, context.operationContext());
    auto exported = co_await exportedTask;
    if (!exported)
        co_return context.fail(exported.error());
    if (auto written = KeyFiles::write(path, exported.value(), true, QStringLiteral("--out file")); !written)
        co_return context.fail(written.error());
    const QString profile = legacy ? QStringLiteral("legacy 3DES/RC2") : QStringLiteral("AES-256, PBKDF2");
    co_return context.done(QStringLiteral("Exported certificate '%1' of vault '%2' with its private key as PKCS#12 "
                                          "(%3) to '%4'")
                               .arg(name, vault, profile, path),
                           QJsonObject{{QStringLiteral("file"), path},
                                       {QStringLiteral("format"), QStringLiteral("pkcs12")},
                                       {QStringLiteral("legacy"), legacy}});
}

} // namespace custos::app
