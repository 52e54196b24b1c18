#pragma once

#include "CliArguments.h"
#include "CommandSpec.h"

#include "model/audit/AuditLog.h"

#include "model/audit/AuditEvent.h"

namespace custos::app {

// `audit list` (table, jsonl, csv, cef; --json wraps the events in {"value": [...]}) and `audit
// forward --syslog URL`. `audit verify`, `key` and `archive` are AuditTrailCommands.
class AuditCommands
{
public:
    static QList<CommandSpec> specs();

private:
    // Option values of `audit list`, parsed before any login; the usage error, or empty.
    static QString parseFilter(const CliArguments& args, model::AuditFilter* filter);
    static int checkList(CommandContext& context);
    static QCoro::Task<int> list(CommandContext& context);
    static int checkForward(CommandContext& context);
    static QCoro::Task<int> forward(CommandContext& context);
};

} // namespace custos::app
