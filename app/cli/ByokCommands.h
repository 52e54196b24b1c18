#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `byok wrap`: a .byok file (Azure Key Vault's BYOK transfer format) from a key exchange key's
// public key and a target key file, in software and without a workspace: for tests and for admins
// moving keys out of OpenSSL into Key Vault or Custos.
class ByokCommands
{
public:
    static QList<CommandSpec> specs();

private:
    static int checkWrap(CommandContext& context);
    static QCoro::Task<int> wrap(CommandContext& context);
};

} // namespace custos::app
