#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `quorum show | quorum set --approvals M [--operations NAME,...]` over QuorumService. The
// approvers of a protected command come with that command (--approver, CommandContext).
class QuorumCommands
{
public:
    static QList<CommandSpec> specs();

private:
    static QCoro::Task<int> show(CommandContext& context);
    static QCoro::Task<int> set(CommandContext& context);
};

} // namespace custos::app
