#pragma once

#include "crypto/Outcome.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace custos::model {

class Database;

// A signed statement "the chain head at event `seq` is `head`" by the workspace's audit key.
// Kinds: "periodic" (every N events), "shutdown" (a process that appended events ends cleanly),
// "export" (before an export, so the file verifies offline), "archive" (links the live trail to an
// archive file, whose SHA-256 it signs), "archive-seal" (the last line of an archive file).
struct AuditCheckpoint
{
    qint64 seq = 0;
    QString head;    // the hash of event `seq`
    qint64 time = 0; // ms since the epoch, UTC
    QString kind;
    QString archiveSha256; // "archive" only
    QString keyFingerprint;
    QByteArray signature; // DER ECDSA P-256 over signedText() with SHA-256

    // "custos-audit-checkpoint-v1\nseq=..\nhead=..\ntime=..\nkind=..\narchive=..\n"
    QByteArray signedText() const;
    QJsonObject toJson() const; // signature base64
    static std::optional<AuditCheckpoint> fromJson(const QJsonObject& object);
};

// The table audit_checkpoints (append-only).
class AuditCheckpointStore
{
public:
    explicit AuditCheckpointStore(Database& db) : m_db(db) {}
    Outcome<void> insert(const AuditCheckpoint& checkpoint);
    Outcome<QList<AuditCheckpoint>> list(qint64 fromSeq = 0, qint64 toSeq = -1); // by seq; -1: open
    Outcome<std::optional<AuditCheckpoint>> newest();
    Outcome<std::optional<AuditCheckpoint>> newestAtOrBefore(qint64 seq);
    Outcome<std::optional<AuditCheckpoint>> oldestAtOrAfter(qint64 seq);

private:
    Database& m_db;
};

// The token's anchor: the newest signed chain head, outside the database (a private data object).
struct AuditAnchor
{
    qint64 seq = 0;
    QString head;
    QByteArray encode() const; // "custos-audit-anchor-v1 <seq> <head>"
    static std::optional<AuditAnchor> decode(const QByteArray& bytes);
};

} // namespace custos::model
