#include "CaCommands.h"
#include "CertificateCommands.h"
#include "CertificateCsrCommands.h"
#include "CertificateJson.h"
#include "CommandContext.h"
#include "JsonFormat.h"
#include "KeyFiles.h"
#include "Table.h"
#include "TimeArgument.h"

#include "crypto/x509/RevocationList.h"
#include "model/services/Services.h"

#include <QJsonArray>

namespace custos::app {

using model::CertificateRecord;

namespace {

const QString kVault = QStringLiteral("VAULT");
const QString kName = QStringLiteral("NAME");

QString intOption(const CliArguments& args, const QString& option, int minimum, int* out)
{
    if (!args.has(option))
        return {};
    bool ok = false;
    const int value = args.value(option).toInt(&ok);
    if (!ok || value < minimum)
        return QStringLiteral("--%1 takes a number of at least %2, not '%3'")
            .arg(option)
            .arg(minimum)
            .arg(args.value(option));
    *out = value;
    return {};
}

// One certificate signed with `ca sign-csr`, for `ca issued --json`. Times are NumericDate.
QJsonObject issuedJson(const QString& caResource, const model::ExternallySignedCertificate& c)
{
    QJsonObject attributes{{QStringLiteral("enabled"), !c.isRevoked()},
                           {QStringLiteral("created"), JsonFormat::numericDate(c.created)},
                           {QStringLiteral("nbf"), JsonFormat::numericDate(c.notBefore)},
                           {QStringLiteral("exp"), JsonFormat::numericDate(c.notAfter)}};
    QJsonObject o{{QStringLiteral("id"), caResource + QStringLiteral("/issued/") + c.serialHex},
                  {QStringLiteral("serial"), c.serialHex},
                  {QStringLiteral("subject"), c.subject},
                  {QStringLiteral("issuerVersion"), c.issuerVersionId},
                  {QStringLiteral("sha256"), c.sha256},
                  {QStringLiteral("createdBy"), c.createdBy},
                  {QStringLiteral("attributes"), attributes},
                  {QStringLiteral("cer"), QString::fromLatin1(c.der.toBase64())}};
    if (c.isRevoked()) {
        o.insert(QStringLiteral("revoked"), JsonFormat::numericDate(c.revoked));
        o.insert(QStringLiteral("revocationReason"), c.revocationReason);
    }
    return o;
}

} // namespace

QList<CommandSpec> CaCommands::specs()
{
    const QString c = QStringLiteral("ca");
    auto opt = [](const char* name, bool value = true) { return OptionSpec{QString::fromLatin1(name), value}; };
    const auto login = CommandNeeds::Login;
    // clang-format off
    return {
        {c, QStringLiteral("create"), {kVault, kName},
         {opt("subject"), opt("issuer"), opt("kty"), opt("size"), opt("curve"), opt("months"), opt("path-length"),
          opt("name-constraint"), opt("crl-url"), opt("aia-url"), opt("crl-days"), opt("protection"), opt("csr-out")}, true, login,
         &CaCommands::create,
         QStringLiteral("ca create VAULT NAME --subject DN [--issuer VAULT/CA | --issuer external --csr-out F] [--kty RSA|EC] [--size N] [--curve C] "
                        "[--months N] [--path-length N] [--name-constraint dns:X ...] [--crl-url URL] [--aia-url URL] "
                        "[--crl-days N] [--protection hsm|software]"),
         &CaCommands::checkCreate},
        {c, QStringLiteral("list"), {kVault}, {}, false, login, &CaCommands::list, QStringLiteral("ca list VAULT")},
        {c, QStringLiteral("show"), {kVault, kName}, {}, false, login, &CaCommands::show,
         QStringLiteral("ca show VAULT NAME")},
        {c, QStringLiteral("export"), {kVault, kName}, {opt("out"), opt("chain", false)}, false, login,
         &CaCommands::exportCertificate, QStringLiteral("ca export VAULT NAME [--chain] [--out F]")},
        {c, QStringLiteral("revoke"), {kVault, kName}, {opt("serial"), opt("revocation-reason")}, true, login,
         &CaCommands::revoke,
         QStringLiteral("ca revoke VAULT NAME --serial HEX [--revocation-reason REASON]")},
        {c, QStringLiteral("crl"), {kVault, kName}, {opt("out"), opt("format")}, true, login, &CaCommands::crl,
         QStringLiteral("ca crl VAULT NAME [--format pem|der] [--out F]")},
        {c, QStringLiteral("issued"), {kVault, kName}, {}, false, login, &CaCommands::issued,
         QStringLiteral("ca issued VAULT NAME")},
    };
    // clang-format on
}

QString CaCommands::parseCreate(const CliArguments& args, model::CaCreateRequest* r)
{
    r->vault = args.positional(0);
    r->name = args.positional(1);
    if (!args.has(QStringLiteral("subject")))
        return QStringLiteral("'ca create' needs --subject DN, e.g. --subject \"CN=Example Root CA\"");
    r->subject = args.value(QStringLiteral("subject"));
    r->issuer = args.value(QStringLiteral("issuer"));
    const bool external = r->issuer.compare(QLatin1String("external"), Qt::CaseInsensitive) == 0;
    if (external != args.has(QStringLiteral("csr-out")))
        return external ? QStringLiteral("'ca create --issuer external' needs --csr-out F (the CSR's file)")
                        : QStringLiteral("--csr-out goes with --issuer external (a CA signed by an external CA)");
    if (args.has(QStringLiteral("kty")) && !model::parseKeyType(args.value(QStringLiteral("kty")), &r->kty))
        return QStringLiteral("--kty takes RSA or EC, not '%1'").arg(args.value(QStringLiteral("kty")));
    if (QString e = intOption(args, QStringLiteral("size"), 1, &r->size); !e.isEmpty())
        return e;
    r->curve = args.value(QStringLiteral("curve"));
    if (QString e = intOption(args, QStringLiteral("months"), 1, &r->months); !e.isEmpty())
        return e;
    if (QString e = intOption(args, QStringLiteral("path-length"), 0, &r->pathLength); !e.isEmpty())
        return e;
    if (QString e = intOption(args, QStringLiteral("crl-days"), 1, &r->crlDays); !e.isEmpty())
        return e;
    for (const QString& constraint : args.values(QStringLiteral("name-constraint"))) {
        if (!constraint.startsWith(QLatin1String("dns:")))
            return QStringLiteral("--name-constraint takes dns:NAME (a permitted DNS subtree), not '%1'")
                .arg(constraint);
        r->permittedDnsSubtrees << constraint.mid(4);
    }
    r->crlUrl = args.value(QStringLiteral("crl-url"));
    r->aiaUrl = args.value(QStringLiteral("aia-url"));
    if (args.has(QStringLiteral("protection"))) {
        model::Protection protection = model::Protection::Hsm;
        if (!model::parseProtection(args.value(QStringLiteral("protection")), &protection))
            return QStringLiteral("--protection takes hsm or software, not '%1'")
                .arg(args.value(QStringLiteral("protection")));
        r->protection = protection;
    }
    return {};
}

int CaCommands::checkCreate(CommandContext& context)
{
    model::CaCreateRequest request;
    const QString error = parseCreate(context.args(), &request);
    return error.isEmpty() ? int(Console::Success) : context.usage(error);
}

QCoro::Task<int> CaCommands::create(CommandContext& context)
{
    model::CaCreateRequest request;
    if (const QString error = parseCreate(context.args(), &request); !error.isEmpty())
        co_return context.usage(error);
    if (request.issuer.compare(QLatin1String("external"), Qt::CaseInsensitive) == 0) {
        auto externalTask = CertificateCsrCommands::createExternalCa(context, std::move(request));
        co_return co_await externalTask;
    }
    auto createdTask = context.services().certificates().createCa(std::move(request), context.operationContext());
    auto created = co_await createdTask;
    if (!created)
        co_return context.fail(created.error());
    const CertificateRecord& c = created.value();
    co_return context.done(
        QStringLiteral("Created CA '%1' in vault '%2' (%3, expires %4), version %5")
            .arg(c.name, c.vault,
                 c.policy.issuer == QLatin1String("Self") ? QStringLiteral("root") : QStringLiteral("intermediate"),
                 TimeArgument::format(c.currentVersion.notAfter), c.currentVersion.id),
        CertificateJson::bundle(c));
}

QCoro::Task<int> CaCommands::list(CommandContext& context)
{
    const auto cas = context.services().certificates().list(context.args().positional(0), true);
    if (!cas)
        co_return context.fail(cas.error());
    if (context.json()) {
        QJsonArray values;
        for (const CertificateRecord& c : cas.value())
            values << CertificateJson::bundle(c);
        context.console().printJson(JsonFormat::list(values));
        co_return Console::Success;
    }
    Table table({QStringLiteral("NAME"), QStringLiteral("SUBJECT"), QStringLiteral("EXPIRES"), QStringLiteral("ISSUER"),
                 QStringLiteral("CRL NUMBER"), QStringLiteral("CRL NEXT UPDATE")});
    for (const CertificateRecord& c : cas.value())
        table.addRow({c.name, c.policy.subject, TimeArgument::format(c.currentVersion.notAfter), c.policy.issuer,
                      QString::number(c.ca.crlNumber),
                      c.ca.crlNextUpdate.isValid() ? TimeArgument::format(c.ca.crlNextUpdate) : QStringLiteral("-")});
    context.console().print(table.render());
    co_return Console::Success;
}

QCoro::Task<int> CaCommands::show(CommandContext& context)
{
    auto found = context.services().certificates().show(context.args().positional(0), context.args().positional(1));
    if (!found)
        co_return context.fail(found.error());
    if (!found->isCa)
        co_return context.fail(QStringLiteral("'%1' is a certificate, not a CA: use 'cert show'").arg(found->name));
    if (context.json()) {
        context.console().printJson(CertificateJson::bundle(found.value()));
        co_return Console::Success;
    }
    const CertificateRecord& c = found.value();
    Table table{QStringList()};
    table.addRow({QStringLiteral("Name"), c.name});
    table.addRow({QStringLiteral("Id"), c.resourceId()});
    table.addRow({QStringLiteral("Subject"), c.policy.subject});
    table.addRow({QStringLiteral("Issuer"), c.policy.issuer});
    table.addRow({QStringLiteral("Serial"), c.currentVersion.serialHex});
    table.addRow({QStringLiteral("Not after"), TimeArgument::format(c.currentVersion.notAfter)});
    table.addRow({QStringLiteral("Path length"),
                  c.ca.pathLength < 0 ? QStringLiteral("unlimited") : QString::number(c.ca.pathLength)});
    table.addRow({QStringLiteral("Name constraints"), c.ca.permittedDnsSubtrees.isEmpty()
                                                          ? QStringLiteral("-")
                                                          : c.ca.permittedDnsSubtrees.join(QStringLiteral(", "))});
    table.addRow({QStringLiteral("CRL URL"), c.ca.crlUrl.isEmpty() ? QStringLiteral("-") : c.ca.crlUrl});
    table.addRow({QStringLiteral("AIA URL"), c.ca.aiaUrl.isEmpty() ? QStringLiteral("-") : c.ca.aiaUrl});
    table.addRow({QStringLiteral("CRL validity"), QStringLiteral("%1 days").arg(c.ca.crlDays)});
    table.addRow({QStringLiteral("CRL number"), QString::number(c.ca.crlNumber)});
    table.addRow({QStringLiteral("CRL next update"),
                  c.ca.crlNextUpdate.isValid() ? TimeArgument::format(c.ca.crlNextUpdate) : QStringLiteral("-")});
    table.addRow({QStringLiteral("Protection"), model::protectionName(c.policy.protection)});
    context.console().print(table.render());
    co_return Console::Success;
}

QCoro::Task<int> CaCommands::exportCertificate(CommandContext& context)
{
    const QString vault = context.args().positional(0);
    const QString name = context.args().positional(1);
    auto found = context.services().certificates().show(vault, name);
    if (!found)
        co_return context.fail(found.error());
    if (!found->isCa)
        co_return context.fail(QStringLiteral("'%1' is a certificate, not a CA: use 'cert export'").arg(name));
    auto chain = context.services().certificates().chain(vault, name);
    if (!chain)
        co_return context.fail(chain.error());
    co_return CertificateCommands::writeCertificates(context, QStringLiteral("CA '%1' of vault '%2'").arg(name, vault),
                                                     chain.value(), QStringLiteral("pem"),
                                                     context.args().has(QStringLiteral("chain")));
}

QCoro::Task<int> CaCommands::revoke(CommandContext& context)
{
    const CliArguments& args = context.args();
    if (!args.has(QStringLiteral("serial")))
        co_return context.usage(QStringLiteral("'ca revoke' needs --serial HEX (as `cert show` prints it)"));
    const QString vault = args.positional(0);
    const QString name = args.positional(1);
    auto revokedTask = context.services().certificates().revoke(vault, name, args.value(QStringLiteral("serial")),
                                                                args.value(QStringLiteral("revocation-reason")),
                                                                context.operationContext());
    auto revoked = co_await revokedTask;
    if (!revoked)
        co_return context.fail(revoked.error());
    QJsonObject json{{QStringLiteral("serial"), revoked->serialHex},
                     {QStringLiteral("revocationReason"), revoked->revocationReason}};
    if (!revoked->id.isEmpty()) // empty: signed with `ca sign-csr`, no Custos certificate version
        json.insert(QStringLiteral("version"), revoked->id);
    co_return context.done(QStringLiteral("Revoked serial %1 of CA '%2' in vault '%3' (%4)")
                               .arg(revoked->serialHex, name, vault, revoked->revocationReason),
                           json);
}

QCoro::Task<int> CaCommands::issued(CommandContext& context)
{
    const QString vault = context.args().positional(0);
    const QString name = context.args().positional(1);
    const auto signedForCsrs = context.services().certificates().issuedFor(vault, name);
    if (!signedForCsrs)
        co_return context.fail(signedForCsrs.error());
    if (context.json()) {
        const QString caResource = CertificateRecord::certificateResourceId(vault, name);
        QJsonArray values;
        for (const model::ExternallySignedCertificate& c : signedForCsrs.value())
            values << issuedJson(caResource, c);
        context.console().printJson(JsonFormat::list(values));
        co_return Console::Success;
    }
    Table table(
        {QStringLiteral("SERIAL"), QStringLiteral("SUBJECT"), QStringLiteral("NOT AFTER"), QStringLiteral("REVOKED")});
    for (const model::ExternallySignedCertificate& c : signedForCsrs.value())
        table.addRow({c.serialHex, c.subject, TimeArgument::format(c.notAfter),
                      c.isRevoked() ? QStringLiteral("%1 (%2)").arg(TimeArgument::format(c.revoked), c.revocationReason)
                                    : QStringLiteral("-")});
    context.console().print(table.render());
    co_return Console::Success;
}

QCoro::Task<int> CaCommands::crl(CommandContext& context)
{
    const CliArguments& args = context.args();
    const QString format =
        args.has(QStringLiteral("format")) ? args.value(QStringLiteral("format")).toLower() : QStringLiteral("pem");
    if (format != QLatin1String("pem") && format != QLatin1String("der"))
        co_return context.usage(QStringLiteral("--format takes pem or der, not '%1'").arg(format));
    if (args.has(QStringLiteral("out"))) {
        if (auto writable = KeyFiles::checkWritable(args.value(QStringLiteral("out")), QStringLiteral("--out file"));
            !writable)
            co_return context.fail(writable.error());
    }
    const QString vault = args.positional(0);
    const QString name = args.positional(1);
    auto issuedTask = context.services().certificates().issueCrl(vault, name, context.operationContext());
    auto issued = co_await issuedTask;
    if (!issued)
        co_return context.fail(issued.error());
    const bool der = format == QLatin1String("der");
    const QByteArray bytes = der ? issued.value() : crypto::x509::revocationListPem(issued.value());
    if (!args.has(QStringLiteral("out"))) {
        if (auto written = KeyFiles::writeStdout(bytes, der); !written)
            co_return context.fail(written.error());
        co_return Console::Success;
    }
    const QString path = args.value(QStringLiteral("out"));
    if (auto written = KeyFiles::write(path, bytes, false, QStringLiteral("--out file")); !written)
        co_return context.fail(written.error());
    co_return context.done(QStringLiteral("Issued a CRL of CA '%1' in vault '%2' to '%3'").arg(name, vault, path),
                           QJsonObject{{QStringLiteral("file"), path}, {QStringLiteral("format"), format}});
}

} // namespace custos::app
