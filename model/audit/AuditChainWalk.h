#pragma once

#include "AuditCheckpoint.h"
#include "AuditEncoding.h"
#include "AuditLog.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>

namespace custos::model {

// One record of a trail as a verifier sees it, from the database or an export file.
struct AuditChainRecord
{
    qint64 seq = 0;
    int encoding = 0;
    QByteArrayView prevHash;    // as stored (a stub after the first line of a file: empty)
    QByteArrayView hash;        // as stored (a stub: empty)
    QByteArrayView contentHash; // encoding 2: computed from the fields, or a stub's
    QByteArrayView v1Hash;      // encoding 1: the hash computed over the fields
    bool stub = false;
};

// Walks a trail in seq order and checks it against the signed checkpoints and the token's anchor
// (AuditCheckpoints.h): contiguous seqs, each record's hash over its content and its previous hash,
// each link, each checkpoint's signature and head. Stops at the first problem, which it reports
// with a rough kind (deleted, edited, reordered, ...); the caller may refine it by looking at the
// neighbouring records (diagnose below).
class AuditChainWalk
{
public:
    // `publicKeyDer` empty: signatures are not checked (chain only).
    AuditChainWalk(QByteArray publicKeyDer, QList<AuditCheckpoint> checkpoints);

    // Where the walk starts: seq 1 with 64 zeros, or after a signed checkpoint (an archive's link,
    // an export's first checkpoint) with its head. Checkpoints before `firstSeq` are not checked.
    void start(qint64 firstSeq, const QString& prevHash);
    bool step(const AuditChainRecord& record); // false at the first problem
    // After the last record: checkpoints and the anchor beyond the end, the unsigned tail.
    AuditVerification finish(const std::optional<AuditAnchor>& anchor, bool anchorRead);

    bool failed() const { return !m_result.ok; }
    const AuditVerification& result() const { return m_result; }
    qint64 lastSeq() const { return m_expected - 1; }
    QByteArray lastHash() const { return m_prevHash; }
    void fail(qint64 seq, AuditVerification::Problem kind, const QString& problem);

private:
    bool checkCheckpointsUpTo(qint64 seq, const QByteArray& hash);
    bool checkSignature(const AuditCheckpoint& checkpoint);

    AuditHasher m_hasher;
    QByteArray m_publicKey;
    QList<AuditCheckpoint> m_checkpoints;
    qsizetype m_nextCheckpoint = 0;
    qint64 m_expected = 1;
    QByteArray m_prevHash;
    qint64 m_lastSignedSeq = 0;
    AuditVerification m_result;
};

// Refines a failure at `seq` by looking at the stored neighbours: two events swapped, an event
// inserted or deleted with the later ones renumbered. `eventAt` gives the stored event of a seq.
void diagnoseAuditFailure(AuditVerification& result,
                          const std::function<std::optional<AuditEvent>(qint64 seq)>& eventAt);

} // namespace custos::model
