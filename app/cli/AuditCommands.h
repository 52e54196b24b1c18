#pragma once

#include "CliArguments.h"
#include "CommandSpec.h"

#include "model/audit/AuditLog.h"

#include "model/audit/AuditEvent.h"

namespace custos::app {

// `audit list` (table, jsonl, csv; --json wraps the events in {"value": [...]}) and `audit verify`.
class AuditCommands
{
public:
    static QList<CommandSpec> specs();
    static QString csvHeader();
    static QString csvLine(const model::AuditEvent& event); // RFC 4180 quoting, approvers joined with ';'

private:
    // Option values of `audit list`, parsed before any login; the usage error, or empty.
    static QString parseFilter(const CliArguments& args, model::AuditFilter* filter);
    static int checkList(CommandContext& context);
    static QCoro::Task<int> list(CommandContext& context);
    static QCoro::Task<int> verify(CommandContext& context);
};

} // namespace custos::app
