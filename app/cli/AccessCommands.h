#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `access who --scope S --permission P` and `access what --principal P` over AccessService.
class AccessCommands
{
public:
    static QList<CommandSpec> specs();

private:
    static QCoro::Task<int> who(CommandContext& context);
    static QCoro::Task<int> what(CommandContext& context);
};

} // namespace custos::app
