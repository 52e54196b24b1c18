#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `key delete|list-deleted|recover|purge` over KeyService (soft delete with the vault's retention).
class KeyDeletionCommands
{
public:
    static QList<CommandSpec> specs();

private:
    static QCoro::Task<int> remove(CommandContext& context);
    static QCoro::Task<int> listDeleted(CommandContext& context);
    static QCoro::Task<int> recover(CommandContext& context);
    static QCoro::Task<int> purge(CommandContext& context);
};

} // namespace custos::app
