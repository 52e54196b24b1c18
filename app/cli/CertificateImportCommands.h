#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `cert import VAULT NAME --in F [--password-file F] [--protection hsm|software] [--exportable]`
// (CLI.md): a certificate with its chain and private key from PKCS#12 or PEM, detected by content.
class CertificateImportCommands
{
public:
    static QList<CommandSpec> specs();

private:
    static int checkImport(CommandContext& context);
    static QCoro::Task<int> importCertificate(CommandContext& context);
};

} // namespace custos::app
