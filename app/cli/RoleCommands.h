#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `role list|show|assign|unassign|assignments` over RoleService.
class RoleCommands
{
public:
    static QList<CommandSpec> specs();

private:
    static QCoro::Task<int> list(CommandContext& context);
    static QCoro::Task<int> show(CommandContext& context);
    static QCoro::Task<int> assign(CommandContext& context);
    static QCoro::Task<int> unassign(CommandContext& context);
    static QCoro::Task<int> assignments(CommandContext& context);
};

} // namespace custos::app
