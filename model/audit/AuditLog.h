#pragma once

#include "AuditEvent.h"
#include "model/store/Database.h"

#include <QList>

#include <optional>

namespace custos::model {

struct AuditFilter
{
    QDateTime since, until; // invalid: open
    QString principal;      // operator name, exact
    QString operation;      // exact
    std::optional<AuditResult> result;
    QString resourcePrefix; // "/vaults/a" matches "/vaults/a" and "/vaults/a/..."
    QString search;         // substring over operation, resource, reason, justification, details
    int limit = 0;          // 0: all; otherwise the newest `limit` events, still in seq order
    qint64 afterSeq = 0;    // paging: only seq > afterSeq
};

struct AuditVerification
{
    // What is wrong with the first bad record (AuditVerifier.h names them).
    enum class Problem { None, Edited, Deleted, Inserted, Reordered, Truncated, ForgedCheckpoint, Unreadable };
    bool ok = true;
    qint64 eventsChecked = 0;
    qint64 firstBadSeq = 0; // 0 when ok
    Problem kind = Problem::None;
    QString problem; // "event 5: hash does not match its content (edited?)", ...
    qint64 checkpointsChecked = 0;
    qint64 lastCheckpointSeq = 0; // the newest checkpoint whose signature verified
    qint64 anchorSeq = 0;         // the token's anchor (0: none read, as offline)
    qint64 archivedEvents = 0;    // events checked in archive files
    // Events after the newest checkpoint: appended by a process that has not ended cleanly (or is
    // still running), so no signature covers them yet. Not a failure; reported.
    qint64 unsignedFrom = 0; // 0 when every event is covered
};
QString auditProblemName(AuditVerification::Problem problem); // "edited", "forged-checkpoint", ...

// The append-only audit trail, hash-chained over a versioned canonical encoding (AuditEncoding.h;
// new events use encoding 2, old ones keep the encoding they were written with). Checkpoints and
// the token's anchor are AuditCheckpoints.h; the full verification is AuditVerifier.h.
class AuditLog
{
public:
    explicit AuditLog(Database& db) : m_db(db) {}

    // Inside the caller's transaction: assigns seq, prevHash and hash, inserts, returns the event.
    Outcome<AuditEvent> append(AuditEvent event);
    Outcome<QList<AuditEvent>> list(const AuditFilter& filter);
    Outcome<AuditVerification> verify(); // the chain alone (no key, no anchor)
    Outcome<qint64> count();

    static QByteArray canonicalEncoding(const AuditEvent& event); // for tests and later encodings
    static QString computeHash(const AuditEvent& event);
    // CLI.md's field names, incl. seq/prevHash/hash, plus "encoding".
    static QJsonObject toJson(const AuditEvent& event);

private:
    Database& m_db;
};

} // namespace custos::model
