#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `status`: the workspace, its token, its KDF setting ("test workspace" below 64 MiB) and counts.
class StatusCommand
{
public:
    static QList<CommandSpec> specs();

private:
    static QCoro::Task<int> run(CommandContext& context);
};

} // namespace custos::app
