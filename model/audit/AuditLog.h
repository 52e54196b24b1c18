#pragma once

#include "AuditEvent.h"
#include "model/store/Database.h"

#include <QList>

#include <optional>

namespace custos::model {

struct AuditFilter
{
    QDateTime since, until;   // invalid: open
    QString principal;        // operator name, exact
    QString operation;        // exact
    std::optional<AuditResult> result;
    QString resourcePrefix;   // "/vaults/a" matches "/vaults/a" and "/vaults/a/..."
    QString search;           // substring over operation, resource, reason, justification, details
    int limit = 0;            // 0: all; otherwise the newest `limit` events, still in seq order
    qint64 afterSeq = 0;      // paging: only seq > afterSeq
};

struct AuditVerification
{
    bool ok = true;
    qint64 eventsChecked = 0;
    qint64 firstBadSeq = 0; // 0 when ok
    QString problem;        // "event 5: hash does not match its content (edited?)",
                            // "event 7 missing after 6 (deleted?)", "event 9: previous hash does not
                            // match event 8 (reordered or deleted?)"
};

// The append-only audit trail, hash-chained over a versioned canonical encoding.
// Encoding 1: hash = lowercase hex SHA-256 of the UTF-8 bytes "custos-audit-v1\n" followed by the
// compact JSON of an object with exactly the keys
//   seq, time (ms since epoch UTC, integer), operator, approvers (array), operation, resource,
//   result, reason, justification, correlationId, workstation, osUser, version, details, prevHash
// with keys sorted (QJsonObject's order) and no whitespace. Later encodings add keys; old events keep
// the encoding they were written with, so they still verify.
class AuditLog
{
public:
    explicit AuditLog(Database& db) : m_db(db) {}

    // Inside the caller's transaction: assigns seq, prevHash and hash, inserts, returns the event.
    Outcome<AuditEvent> append(AuditEvent event);
    Outcome<QList<AuditEvent>> list(const AuditFilter& filter);
    Outcome<AuditVerification> verify();
    Outcome<qint64> count();

    static QByteArray canonicalEncoding(const AuditEvent& event); // for tests and later encodings
    static QString computeHash(const AuditEvent& event);
    static QJsonObject toJson(const AuditEvent& event); // CLI.md's field names, incl. seq/prevHash/hash

private:
    Database& m_db;
};

} // namespace custos::model
