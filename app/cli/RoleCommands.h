#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `role list|show|create|update|delete|assign|unassign|assignments|sod-report` over RoleService
// and AccessService.
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
    static QCoro::Task<int> create(CommandContext& context);
    static QCoro::Task<int> update(CommandContext& context);
    static QCoro::Task<int> remove(CommandContext& context);
    static QCoro::Task<int> sodReport(CommandContext& context);
};

} // namespace custos::app
