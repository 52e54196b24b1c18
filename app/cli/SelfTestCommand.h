#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `selftest`: the process's hardening, the known-answer self tests of the primitives and the
// PKCS#11 module probe (ROLES.md: no login). With a workspace (--workspace or CUSTOS_WORKSPACE)
// the probe loads the workspace's module and checks its token without logging in; without one,
// SoftHSM2's default module. Exit 1 when any check fails.
class SelfTestCommand
{
public:
    static QList<CommandSpec> specs();

private:
    static QCoro::Task<int> run(CommandContext& context);
};

} // namespace custos::app
