#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `operator add|list|show|disable|enable|passwd` over OperatorService.
class OperatorCommands
{
public:
    static QList<CommandSpec> specs();

private:
    static QCoro::Task<int> add(CommandContext& context);
    static QCoro::Task<int> list(CommandContext& context);
    static QCoro::Task<int> show(CommandContext& context);
    static QCoro::Task<int> disable(CommandContext& context);
    static QCoro::Task<int> enable(CommandContext& context);
    static QCoro::Task<int> setEnabled(CommandContext& context, bool enabled);
    static QCoro::Task<int> passwd(CommandContext& context);
};

} // namespace custos::app
