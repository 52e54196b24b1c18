#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `key export VAULT NAME --format pem|jwk [--version V] [--out F]` (the public part) and
// `key export VAULT NAME --private --format pkcs8 --password-file F --out F` (exportable software keys).
class KeyExportCommands
{
public:
    static QList<CommandSpec> specs();

private:
    static int check(CommandContext& context);
    static QCoro::Task<int> exportKey(CommandContext& context);
    static QCoro::Task<int> exportPrivate(CommandContext& context);
};

} // namespace custos::app
