#pragma once

#include "model/audit/AuditLog.h"
#include "model/audit/AuditQuery.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>

namespace custos::ui {

// The viewer's export through AuditService::exportTo, which selects with an AuditFilter (one
// operator, one operation, one result, a substring). The viewer's query can say more (several
// operators, operation patterns, several results, words), so: the narrowest AuditFilter that
// contains the query, and a render step that keeps only the events the query matches in memory
// (free text there: every word as a case-insensitive substring of the event's text fields).
model::AuditFilter exportFilter(const model::AuditQuery& query);
// Whether exportFilter says all the query says (then JSON lines, which AuditService writes itself
// so the file verifies, hold exactly the events shown).
bool exportFilterIsExact(const model::AuditQuery& query);
bool matchesInMemory(const model::AuditQuery& query, const model::AuditEvent& event);
// format "jsonl" (AuditLog::toJson, one object a line), "csv" (RFC 4180) or "cef"; empty
// function for an unknown format.
std::function<QByteArray(const QList<model::AuditEvent>&)> exportRenderer(const model::AuditQuery& query,
                                                                          const QString& format);

} // namespace custos::ui
