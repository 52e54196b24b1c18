#pragma once

#include "CliArguments.h"
#include "CommandSpec.h"

#include "model/services/CertificateService.h"

namespace custos::app {

// `cert issue|list|show|versions|export` (CLI.md). Export writes the certificate (PEM or DER), with
// --chain the leaf first through the root.
class CertificateCommands
{
public:
    static QList<CommandSpec> specs();
    static QString parseIssue(const CliArguments& args, model::CertificateIssueRequest* request);
    // --months, --size: a positive number when given (else `out` stays); the usage error otherwise.
    static QString positiveInt(const CliArguments& args, const QString& option, int* out);
    // --ku, --eku: comma lists, the option repeatable.
    static QStringList listOption(const CliArguments& args, const QString& option);
    // Writes PEM or DER of `chainDer` (only the first without --chain) to --out or stdout.
    static int writeCertificates(CommandContext& context, const QString& what, const QList<QByteArray>& chainDer,
                                 const QString& format, bool chain);

private:
    static int checkIssue(CommandContext& context);
    static int checkExport(CommandContext& context);
    static QCoro::Task<int> issue(CommandContext& context);
    static QCoro::Task<int> list(CommandContext& context);
    static QCoro::Task<int> show(CommandContext& context);
    static QCoro::Task<int> versions(CommandContext& context);
    static QCoro::Task<int> exportCertificate(CommandContext& context);
    static QCoro::Task<int> exportPkcs12(CommandContext& context);
};

} // namespace custos::app
