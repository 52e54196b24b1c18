#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `batch --in F [--keep-going]` (CLI.md): one command per line of F, in the grammar of the command
// line without 'custosctl', run in order under the batch's one login. Every line is parsed before
// any runs, so a typo on line 150 runs nothing (exit 2, "F:150: ..."). Each line is its own
// operation with its own audit event; the batch stops at the first failure (its line named) unless
// --keep-going. Lines may not name another workspace or operator, log in themselves, or nest.
class BatchCommand
{
public:
    static QList<CommandSpec> specs();

private:
    static QCoro::Task<int> run(CommandContext& context);
};

} // namespace custos::app
