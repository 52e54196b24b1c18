#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `sd custodian create NAME ...` (CLI.md): a new custodian for the security domain. The file form
// (`--out-key F --out-cert F --password-file F`, defaults NAME.key and NAME.cer as az names them)
// needs no workspace: an encrypted PKCS#8 key and its self-signed certificate, written atomically,
// never over an existing file. The token form (`--token-label L [--pin-file F] [--object-label O]`)
// makes the key pair on a card of the workspace's module through the audited service and writes
// the certificate (`--out-cert`, default NAME.cer). `--size 2048|3072|4096` (default 3072).
class SdCustodianCommands
{
public:
    static QList<CommandSpec> specs();

private:
    static int check(CommandContext& context);
    static QCoro::Task<int> create(CommandContext& context);
    static QCoro::Task<int> createFiles(CommandContext& context);
    static QCoro::Task<int> createOnToken(CommandContext& context);
};

} // namespace custos::app
