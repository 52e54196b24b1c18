#pragma once

// `sd download`, `sd rotate`, `sd restore` and `sd status`: the security-domain ceremonies of an
// open workspace (issue 7). The file-only tools are in SecurityDomainFileCommands, custodian
// creation in SdCustodianCommands.

#include "CommandSpec.h"

namespace custos::app {

class SecurityDomainCommands
{
public:
    static QList<CommandSpec> specs();

private:
    static int checkDownload(CommandContext& context);
    static QCoro::Task<int> download(CommandContext& context);
    static QCoro::Task<int> rotate(CommandContext& context);
    static QCoro::Task<int> restore(CommandContext& context);
    static QCoro::Task<int> status(CommandContext& context);
};

} // namespace custos::app
