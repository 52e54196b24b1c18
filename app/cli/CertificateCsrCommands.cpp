#include "CertificateCsrCommands.h"
#include "CertificateCommands.h"
#include "CertificateJson.h"
#include "CommandContext.h"
#include "KeyFiles.h"
#include "TimeArgument.h"

#include "crypto/x509/CertificateInfo.h"
#include "crypto/x509/CertificateRequest.h"
#include "model/services/Services.h"

namespace custos::app {

using model::CertificateRecord;

namespace {

const QString kVault = QStringLiteral("VAULT");
const QString kName = QStringLiteral("NAME");

// Checked before anything is created, so a CSR is never made that cannot be written.
Outcome<void> checkOut(const CliArguments& args, const QString& option)
{
    return KeyFiles::checkWritable(args.value(option), QStringLiteral("--%1 file").arg(option));
}

// Writes the pending version's CSR and prints the one line.
int writeCsr(CommandContext& context, const CertificateRecord& c, const QString& option, const QString& what,
             const QString& mergeCommand)
{
    const QString path = context.args().value(option);
    const QByteArray pem = crypto::x509::certificateRequestPem(c.currentVersion.csrDer);
    if (auto written = KeyFiles::write(path, pem, false, QStringLiteral("--%1 file").arg(option)); !written)
        return context.fail(written.error());
    QJsonObject json = CertificateJson::bundle(c);
    json.insert(QStringLiteral("csrFile"), path);
    return context.done(QStringLiteral("Created %1 '%2' in vault '%3', pending: CSR written to '%4' (after the "
                                       "external CA signs it: %5 %3 %2 --in FILE)")
                            .arg(what, c.name, c.vault, path, mergeCommand),
                        json);
}

} // namespace

QList<CommandSpec> CertificateCsrCommands::specs()
{
    auto opt = [](const char* name, bool value = true) { return OptionSpec{QString::fromLatin1(name), value}; };
    const auto login = CommandNeeds::Login;
    const QString cert = QStringLiteral("cert");
    const QString ca = QStringLiteral("ca");
    // clang-format off
    return {
        {cert, QStringLiteral("csr"), {kVault, kName},
         {opt("subject"), opt("san"), opt("profile"), opt("ku"), opt("eku"), opt("months"), opt("kty"), opt("size"),
          opt("curve"), opt("protection"), opt("exportable", false), opt("out")}, true, login,
         &CertificateCsrCommands::csr,
         QStringLiteral("cert csr VAULT NAME --subject DN [--san dns:X|ip:X|email:X|uri:X ...] "
                        "[--profile tls-server|tls-client|tls-server-client|code-signing|custom] [--ku LIST] "
                        "[--eku LIST] [--months N] [--kty RSA|EC] [--size N] [--curve C] [--protection hsm|software] "
                        "[--exportable] --out F"),
         &CertificateCsrCommands::checkCsr},
        {cert, QStringLiteral("merge"), {kVault, kName}, {opt("in")}, true, login, &CertificateCsrCommands::merge,
         QStringLiteral("cert merge VAULT NAME --in F")},
        {ca, QStringLiteral("merge"), {kVault, kName}, {opt("in")}, true, login, &CertificateCsrCommands::merge,
         QStringLiteral("ca merge VAULT NAME --in F")},
        {ca, QStringLiteral("sign-csr"), {kVault, QStringLiteral("CA")},
         {opt("in"), opt("profile"), opt("months"), opt("out")}, true, login, &CertificateCsrCommands::signCsr,
         QStringLiteral("ca sign-csr VAULT CA --in CSR --profile tls-server|tls-client|tls-server-client|code-signing "
                        "[--months N] [--out F]"),
         &CertificateCsrCommands::checkSign},
    };
    // clang-format on
}

QString CertificateCsrCommands::parseCsr(const CliArguments& args, model::CertificateIssueRequest* r)
{
    r->vault = args.positional(0);
    r->name = args.positional(1);
    r->issuer = QStringLiteral("Unknown");
    if (!args.has(QStringLiteral("subject")))
        return QStringLiteral("'cert csr' needs --subject DN, e.g. --subject \"CN=web01.example.test\"");
    if (!args.has(QStringLiteral("out")))
        return QStringLiteral("'cert csr' needs --out F: the file the CSR is written to");
    r->subject = args.value(QStringLiteral("subject"));
    r->subjectAltNames = args.values(QStringLiteral("san"));
    if (args.has(QStringLiteral("profile")))
        r->profile = args.value(QStringLiteral("profile"));
    r->keyUsages = CertificateCommands::listOption(args, QStringLiteral("ku"));
    r->extendedKeyUsages = CertificateCommands::listOption(args, QStringLiteral("eku"));
    if (QString e = CertificateCommands::positiveInt(args, QStringLiteral("months"), &r->months); !e.isEmpty())
        return e;
    if (args.has(QStringLiteral("kty")) && !model::parseKeyType(args.value(QStringLiteral("kty")), &r->kty))
        return QStringLiteral("--kty takes RSA or EC, not '%1'").arg(args.value(QStringLiteral("kty")));
    if (QString e = CertificateCommands::positiveInt(args, QStringLiteral("size"), &r->size); !e.isEmpty())
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
    return {};
}

int CertificateCsrCommands::checkCsr(CommandContext& context)
{
    model::CertificateIssueRequest request;
    const QString error = parseCsr(context.args(), &request);
    return error.isEmpty() ? int(Console::Success) : context.usage(error);
}

int CertificateCsrCommands::checkSign(CommandContext& context)
{
    const CliArguments& args = context.args();
    if (!args.has(QStringLiteral("in")))
        return context.usage(QStringLiteral("'ca sign-csr' needs --in CSR: the certificate signing request to sign"));
    if (!args.has(QStringLiteral("profile")))
        return context.usage(
            QStringLiteral("'ca sign-csr' needs --profile tls-server|tls-client|tls-server-client|code-signing"));
    int months = 0;
    if (QString e = CertificateCommands::positiveInt(args, QStringLiteral("months"), &months); !e.isEmpty())
        return context.usage(e);
    return Console::Success;
}

QCoro::Task<int> CertificateCsrCommands::csr(CommandContext& context)
{
    model::CertificateIssueRequest request;
    if (const QString error = parseCsr(context.args(), &request); !error.isEmpty())
        co_return context.usage(error);
    if (auto writable = checkOut(context.args(), QStringLiteral("out")); !writable)
        co_return context.fail(writable.error());
    auto creating = context.services().certificates().createCsr(std::move(request), context.operationContext());
    auto created = co_await creating;
    if (!created)
        co_return context.fail(created.error());
    co_return writeCsr(context, created.value(), QStringLiteral("out"), QStringLiteral("certificate"),
                       QStringLiteral("custosctl cert merge"));
}

QCoro::Task<int> CertificateCsrCommands::createExternalCa(CommandContext& context, model::CaCreateRequest request)
{
    if (auto writable = checkOut(context.args(), QStringLiteral("csr-out")); !writable)
        co_return context.fail(writable.error());
    auto creating = context.services().certificates().createExternalCa(std::move(request), context.operationContext());
    auto created = co_await creating;
    if (!created)
        co_return context.fail(created.error());
    co_return writeCsr(context, created.value(), QStringLiteral("csr-out"), QStringLiteral("CA"),
                       QStringLiteral("custosctl ca merge"));
}

QCoro::Task<int> CertificateCsrCommands::merge(CommandContext& context)
{
    const CliArguments& args = context.args();
    const bool ca = args.command() && args.command()->command == QLatin1String("ca");
    if (!args.has(QStringLiteral("in")))
        co_return context.usage(QStringLiteral("'%1 merge' needs --in F: the certificate the external CA signed")
                                    .arg(ca ? QStringLiteral("ca") : QStringLiteral("cert")));
    const QString vault = args.positional(0);
    const QString name = args.positional(1);
    auto file = KeyFiles::read(args.value(QStringLiteral("in")), QStringLiteral("--in file"));
    if (!file)
        co_return context.fail(file.error());
    auto& certificates = context.services().certificates();
    // `ca merge` on a certificate and `cert merge` on a CA are mix-ups worth naming.
    if (auto found = certificates.show(vault, name); found && found->isCa != ca)
        co_return context.fail(found->isCa
                                   ? QStringLiteral("'%1' is a CA: use 'ca merge'").arg(name)
                                   : QStringLiteral("'%1' is a certificate, not a CA: use 'cert merge'").arg(name));
    auto merging = certificates.merge(vault, name, file.value(), context.operationContext());
    auto merged = co_await merging;
    if (!merged)
        co_return context.fail(merged.error());
    const auto& v = merged->currentVersion;
    co_return context.done(QStringLiteral("Merged the signed certificate of %1 '%2' in vault '%3' (serial %4, expires "
                                          "%5), version %6")
                               .arg(ca ? QStringLiteral("CA") : QStringLiteral("certificate"), name, vault, v.serialHex,
                                    TimeArgument::format(v.notAfter), v.id),
                           CertificateJson::bundle(merged.value()));
}

QCoro::Task<int> CertificateCsrCommands::signCsr(CommandContext& context)
{
    const CliArguments& args = context.args();
    if (const int status = checkSign(context); status != Console::Success)
        co_return status;
    int months = 12;
    CertificateCommands::positiveInt(args, QStringLiteral("months"), &months);
    if (args.has(QStringLiteral("out"))) {
        if (auto writable = checkOut(args, QStringLiteral("out")); !writable)
            co_return context.fail(writable.error());
    }
    auto csr = KeyFiles::read(args.value(QStringLiteral("in")), QStringLiteral("--in file"));
    if (!csr)
        co_return context.fail(csr.error());
    const QString vault = args.positional(0);
    const QString ca = args.positional(1);
    auto signing = context.services().certificates().signRequest(
        vault, ca, csr.value(), args.value(QStringLiteral("profile")), months, context.operationContext());
    auto signedDer = co_await signing;
    if (!signedDer)
        co_return context.fail(signedDer.error());
    const QByteArray pem = crypto::x509::certificatePem(signedDer.value());
    if (!args.has(QStringLiteral("out"))) {
        if (auto written = KeyFiles::writeStdout(pem, false); !written)
            co_return context.fail(written.error());
        co_return Console::Success;
    }
    const QString path = args.value(QStringLiteral("out"));
    if (auto written = KeyFiles::write(path, pem, false, QStringLiteral("--out file")); !written)
        co_return context.fail(written.error());
    auto info = crypto::x509::inspectCertificate(signedDer.value());
    const QString serial = info ? info->serialHex : QString();
    co_return context.done(
        QStringLiteral("CA '%1' of vault '%2' signed the CSR of '%3' (serial %4, expires %5) to '%6'")
            .arg(ca, vault, info ? info->subject : QString(), serial,
                 info ? TimeArgument::format(info->notAfter) : QString(), path),
        QJsonObject{{QStringLiteral("file"), path}, {QStringLiteral("serial"), serial}});
}

} // namespace custos::app
