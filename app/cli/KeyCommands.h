#pragma once

#include "CliArguments.h"
#include "CommandSpec.h"

#include "model/domain/Vault.h"
#include "model/services/KeyService.h"

#include <optional>

namespace custos::app {

class CommandContext;

// `key create|list|show|versions|set|policy|due|rotate` over KeyService. The other key commands
// live in KeyDeletionCommands, KeyBackupCommands, KeyUseCommands and KeyExportCommands.
class KeyCommands
{
public:
    static QList<CommandSpec> specs();

    // Shared by the key command files.
    // The vault, when the operator may read it (adds recoveryLevel to JSON); never a denial event.
    static std::optional<model::Vault> readableVault(CommandContext& context, const QString& vault);
    // "true"/"false" (also yes/no, 1/0); nullopt otherwise.
    static std::optional<bool> parseBool(const QString& text);
    // --version V, or the current version ("" for the service).
    static QString versionOption(const CliArguments& args);

private:
    static QString parseCreate(const CliArguments& args, model::KeyCreateRequest* request);
    static QString parseUpdate(const CliArguments& args, model::KeyUpdateRequest* request);
    static QString parsePolicy(const CliArguments& args);
    static int checkCreate(CommandContext& context);
    static int checkUpdate(CommandContext& context);
    static int checkPolicy(CommandContext& context);
    static QCoro::Task<int> create(CommandContext& context);
    static QCoro::Task<int> list(CommandContext& context);
    static QCoro::Task<int> show(CommandContext& context);
    static QCoro::Task<int> versions(CommandContext& context);
    static QCoro::Task<int> update(CommandContext& context);
    static QCoro::Task<int> policy(CommandContext& context);
    static QCoro::Task<int> due(CommandContext& context);
    static QCoro::Task<int> rotate(CommandContext& context);
};

} // namespace custos::app
