#pragma once

#include "CommandSpec.h"

namespace custos::app {

// The tamper evidence of the audit trail: `audit verify` (the workspace's trail, with archives, or
// an exported file offline with the audit public key), `audit key`, `audit archive` and
// `audit checkpoints show|set --interval N`.
class AuditTrailCommands
{
public:
    static QList<CommandSpec> specs();

private:
    static int checkVerify(CommandContext& context);
    static QCoro::Task<int> verify(CommandContext& context);
    static QCoro::Task<int> key(CommandContext& context);
    static int checkCheckpoints(CommandContext& context);
    static QCoro::Task<int> checkpoints(CommandContext& context);
    static int checkArchive(CommandContext& context);
    static QCoro::Task<int> archive(CommandContext& context);
};

} // namespace custos::app
