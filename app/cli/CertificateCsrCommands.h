#pragma once

#include "CliArguments.h"
#include "CommandSpec.h"

#include "model/services/CertificateService.h"

namespace custos::app {

// External CAs (CLI.md): `cert csr` writes a CSR for a new pending certificate, `cert merge` and
// `ca merge` take the signed certificate back; `ca sign-csr` (an extension of CLI.md) lets a Custos
// CA sign a CSR made elsewhere. `ca create --issuer external --csr-out F` comes through CaCommands.
class CertificateCsrCommands
{
public:
    static QList<CommandSpec> specs();
    // `ca create --issuer external`: creates the pending CA and writes its CSR to --csr-out.
    static QCoro::Task<int> createExternalCa(CommandContext& context, model::CaCreateRequest request);

private:
    static QString parseCsr(const CliArguments& args, model::CertificateIssueRequest* request);
    static int checkCsr(CommandContext& context);
    static int checkSign(CommandContext& context);
    static QCoro::Task<int> csr(CommandContext& context);
    static QCoro::Task<int> merge(CommandContext& context);
    static QCoro::Task<int> signCsr(CommandContext& context);
};

} // namespace custos::app
