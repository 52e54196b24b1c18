#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `operator lockout show | lockout set [--attempts N] [--minutes M]` over OperatorService's lockout
// policy (an extension of CLI.md's grammar): one spec whose first argument is the action.
class OperatorLockoutCommands
{
public:
    static QList<CommandSpec> specs();

private:
    static QCoro::Task<int> lockout(CommandContext& context);
};

} // namespace custos::app
