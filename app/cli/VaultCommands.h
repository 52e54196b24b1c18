#pragma once

#include "CliArguments.h"
#include "CommandSpec.h"

#include "model/services/VaultService.h"

#include <QMap>

#include <optional>

namespace custos::app {

// `vault create|update|list|show|delete|list-deleted|recover|purge` over VaultService.
class VaultCommands
{
public:
    static QList<CommandSpec> specs();
    // "k=v;k2=v2" ("" clears); nullopt when a pair has no '=' or an empty key.
    static std::optional<QMap<QString, QString>> parseTags(const QString& text);

private:
    // Option values, parsed before any login; the message of a usage error, or empty.
    static QString parseCreate(const CliArguments& args, model::VaultCreateRequest* request);
    static QString parseUpdate(const CliArguments& args, QMap<QString, QString>* tags);
    static int checkCreate(CommandContext& context);
    static int checkUpdate(CommandContext& context);
    static QCoro::Task<int> create(CommandContext& context);
    static QCoro::Task<int> update(CommandContext& context);
    static QCoro::Task<int> list(CommandContext& context);
    static QCoro::Task<int> show(CommandContext& context);
    static QCoro::Task<int> remove(CommandContext& context);
    static QCoro::Task<int> listDeleted(CommandContext& context);
    static QCoro::Task<int> recover(CommandContext& context);
    static QCoro::Task<int> purge(CommandContext& context);
};

} // namespace custos::app
