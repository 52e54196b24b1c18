#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `doctor [--repair]` (CLI.md): what a crash, a full disk or a lost token left in the workspace,
// each finding explained (model/services/WorkspaceDoctor.h). Exit 0 when it finds nothing (or
// --repair fixed everything), 1 when findings remain.
class DoctorCommand
{
public:
    static QList<CommandSpec> specs();

private:
    static QCoro::Task<int> run(CommandContext& context);
};

} // namespace custos::app
