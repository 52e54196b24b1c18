#pragma once

#include "AuditCheckpoint.h"
#include "AuditLog.h"

#include <QStringList>

class QIODevice;

#include <optional>

namespace custos::model {

class Database;

// What `audit verify` checks in a workspace: the chain, every checkpoint's signature against the
// audit key, the token's anchor and, with archive files, the archived events and their link.
struct AuditVerifyInput
{
    QByteArray publicKeyDer; // the audit key's; empty: chain only
    std::optional<AuditAnchor> anchor;
    bool anchorRead = false;  // false: no anchor check (no token at hand)
    QStringList archiveFiles; // oldest first
};

// A verified export or archive file.
struct AuditFileSummary
{
    AuditVerification verification;
    qint64 firstSeq = 0, lastSeq = 0;
    QString firstPrevHash, lastHash;
    QString sha256; // of the file's bytes
    qint64 events = 0, stubs = 0;
};

// Streams the events straight from SQLite (no QtSql per row): a million events verify in about a
// second. Failures are refined by diagnoseAuditFailure.
Outcome<AuditVerification> verifyAuditTrail(Database& db, const AuditVerifyInput& input);

// An export (`audit list --out F --format jsonl`) or archive file, offline, with only the audit
// public key: JSON lines of events, stubs {"stub":true,"seq","contentHash"} for events a filter
// left out, and checkpoints {"checkpoint":{...}}. It must start at event 1 or just after a signed
// checkpoint it carries. Invalid for a file that is not such a document (with the line number).
Outcome<AuditFileSummary> verifyAuditFile(const QString& path, const QByteArray& publicKeyDer);
// The same over an open device; `path` only names it in messages (the fuzz target's entry).
Outcome<AuditFileSummary> verifyAuditExport(QIODevice& file, const QString& path, const QByteArray& publicKeyDer);

// The event of an export line (AuditLog::toJson's fields plus "encoding"); nullopt if malformed.
std::optional<AuditEvent> auditEventFromJson(const QJsonObject& object);

} // namespace custos::model
