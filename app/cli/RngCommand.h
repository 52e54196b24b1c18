#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `rng --bytes N [--out F]`: C_GenerateRandom on the workspace's token (audited with the count,
// never the bytes). Raw bytes to --out or stdout; refused when stdout is a terminal.
class RngCommand
{
public:
    static QList<CommandSpec> specs();

private:
    static int check(CommandContext& context);
    static QCoro::Task<int> run(CommandContext& context);
};

} // namespace custos::app
