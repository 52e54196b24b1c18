#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `init --operator NAME [--roles LIST] [--kdf-memory MiB]` creates a workspace with an embedded
// SoftHSM2 token; with `--attach --module PATH --token-label L` it attaches to an existing token
// (its PINs from --pin-file and --so-pin-file, else asked on the terminal).
class InitCommand
{
public:
    static QList<CommandSpec> specs();

private:
    static QCoro::Task<int> run(CommandContext& context);
};

} // namespace custos::app
