#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `cert renew|due|delete|list-deleted|recover|purge` (CLI.md).
class CertificateLifecycleCommands
{
public:
    static QList<CommandSpec> specs();

private:
    static QCoro::Task<int> renew(CommandContext& context);
    static QCoro::Task<int> due(CommandContext& context);
    static QCoro::Task<int> remove(CommandContext& context);
    static QCoro::Task<int> listDeleted(CommandContext& context);
    static QCoro::Task<int> recover(CommandContext& context);
    static QCoro::Task<int> purge(CommandContext& context);
};

} // namespace custos::app
