#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `backup create --out F | backup restore --in F | backup verify --in F | backup inspect --in F`:
// the full workspace backup (WorkspaceBackupService), bound to the security domain.
class BackupCommands
{
public:
    static QList<CommandSpec> specs();

private:
    static int checkOut(CommandContext& context);
    static int checkIn(CommandContext& context);
    static QCoro::Task<int> create(CommandContext& context);
    static QCoro::Task<int> restore(CommandContext& context);
    static QCoro::Task<int> verify(CommandContext& context);
    static QCoro::Task<int> inspect(CommandContext& context);
};

} // namespace custos::app
