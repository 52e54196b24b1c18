#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `token info` (what the workspace's token is) and `token mechanisms` (per JOSE algorithm and
// token-side operation: native, composed or unavailable, and from which mechanisms).
class TokenCommands
{
public:
    static QList<CommandSpec> specs();

private:
    static QCoro::Task<int> info(CommandContext& context);
    static QCoro::Task<int> mechanisms(CommandContext& context);
};

} // namespace custos::app
