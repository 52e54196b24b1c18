#pragma once

#include <QDateTime>
#include <QString>

namespace custos::model {
class Database;
}

namespace custos::bench {

// A large audit trail, fast: `count` synthetic events appended after the trail's newest in one
// transaction through one prepared insert (AuditLog::append reads the head per event), with their
// hashes from AuditLog::computeHash in the current encoding, so the chain verifies. Times spread
// evenly over [start, start + spanMs]; 20 operators, 30 operations, 40 vaults; about 94 % Success,
// 4 % Denied (plus a spike of denials in one hour, 6 h before the end) and 2 % Failed; some
// justifications ("ticket CHG-1234"). Operator "op07" and result Denied are the benches' filter.
// Returns the time it took in ms, or -1 after printing why.
double fillAuditTrail(model::Database& db, qint64 count, const QDateTime& start, qint64 spanMs);

// The size of the benches' audit trails: 1,000,000 events; 100,000 with --quick;
// CUSTOS_BENCH_AUDIT_EVENTS overrides both.
qint64 auditEventCount();

// VmRSS of this process in kB (Linux), 0 when unknown.
qint64 residentKb();

} // namespace custos::bench
