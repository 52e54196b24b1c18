#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `key backup VAULT NAME --out F` (one key, every version, wrapped under the domain key; the file
// is written atomically) and `key restore VAULT --in F`.
class KeyBackupCommands
{
public:
    static QList<CommandSpec> specs();

private:
    static int checkBackup(CommandContext& context);
    static int checkRestore(CommandContext& context);
    static QCoro::Task<int> backup(CommandContext& context);
    static QCoro::Task<int> restore(CommandContext& context);
};

} // namespace custos::app
