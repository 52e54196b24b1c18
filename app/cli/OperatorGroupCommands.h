#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `operator group add GROUP | group member GROUP NAME [--remove] | group list` over
// AccessGroupService: one spec ("operator group") whose first argument is the action.
class OperatorGroupCommands
{
public:
    static QList<CommandSpec> specs();

private:
    static QCoro::Task<int> group(CommandContext& context);
    static QCoro::Task<int> add(CommandContext& context);
    static QCoro::Task<int> member(CommandContext& context);
    static QCoro::Task<int> list(CommandContext& context);
};

} // namespace custos::app
