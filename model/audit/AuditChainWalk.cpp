#include "AuditChainWalk.h"

#include "AuditEncoding.h"

#include "AuditKey.h"
#include <algorithm>

namespace custos::model {

namespace {
using Problem = AuditVerification::Problem;
const QByteArray kZeroHash(64, '0');
} // namespace

AuditChainWalk::AuditChainWalk(QByteArray publicKeyDer, QList<AuditCheckpoint> checkpoints)
    : m_publicKey(std::move(publicKeyDer)), m_checkpoints(std::move(checkpoints)), m_prevHash(kZeroHash)
{
}

void AuditChainWalk::start(qint64 firstSeq, const QString& prevHash)
{
    m_expected = firstSeq;
    m_prevHash = prevHash.toLatin1();
    while (m_nextCheckpoint < m_checkpoints.size() && m_checkpoints[m_nextCheckpoint].seq < firstSeq)
        ++m_nextCheckpoint;
    m_lastSignedSeq = firstSeq - 1; // the start is signed (or the beginning of the trail)
}

void AuditChainWalk::fail(qint64 seq, Problem kind, const QString& problem)
{
    if (!m_result.ok)
        return;
    m_result.ok = false;
    m_result.firstBadSeq = seq;
    m_result.kind = kind;
    m_result.problem = problem;
}

bool AuditChainWalk::checkSignature(const AuditCheckpoint& checkpoint)
{
    if (m_publicKey.isEmpty())
        return true;
    if (checkpoint.keyFingerprint != auditKeyFingerprint(m_publicKey) ||
        !verifyAuditSignature(m_publicKey, checkpoint.signedText(), checkpoint.signature)) {
        fail(checkpoint.seq, Problem::ForgedCheckpoint,
             QStringLiteral("checkpoint at event %1: the signature does not verify with the audit key (forged "
                            "checkpoint?)")
                 .arg(checkpoint.seq));
        return false;
    }
    return true;
}

bool AuditChainWalk::checkCheckpointsUpTo(qint64 seq, const QByteArray& hash)
{
    while (m_nextCheckpoint < m_checkpoints.size() && m_checkpoints[m_nextCheckpoint].seq <= seq) {
        const AuditCheckpoint& checkpoint = m_checkpoints[m_nextCheckpoint++];
        if (!checkSignature(checkpoint))
            return false;
        if (checkpoint.head.toLatin1() != hash) {
            fail(m_lastSignedSeq + 1, Problem::Edited,
                 QStringLiteral("events %1 to %2 are not the ones checkpoint %2 signed (edited and the chain "
                                "recomputed?)")
                     .arg(m_lastSignedSeq + 1)
                     .arg(checkpoint.seq));
            return false;
        }
        ++m_result.checkpointsChecked;
        m_result.lastCheckpointSeq = checkpoint.seq;
        m_lastSignedSeq = checkpoint.seq;
    }
    return true;
}

bool AuditChainWalk::step(const AuditChainRecord& r)
{
    if (!m_result.ok)
        return false;
    if (r.seq < m_expected) {
        fail(r.seq, Problem::Inserted, QStringLiteral("event %1: sequence number out of place (inserted?)").arg(r.seq));
        return false;
    }
    if (r.seq != m_expected) {
        fail(m_expected, Problem::Deleted,
             m_expected == 1
                 ? QStringLiteral("event 1 missing at the start (deleted?)")
                 : QStringLiteral("event %1 missing after %2 (deleted?)").arg(m_expected).arg(m_expected - 1));
        return false;
    }
    char computed[64];
    QByteArrayView hash;
    if (r.stub) {
        if (r.encoding == kAuditEncodingV1) {
            hash = r.hash; // an old event's stub carries its hash: taken as it is
        } else {
            m_hasher.chainHash(m_prevHash, r.contentHash, computed);
            hash = QByteArrayView(computed, 64);
        }
    } else {
        if (r.encoding != kAuditEncodingV1 && r.encoding != kAuditEncodingV2) {
            fail(r.seq, Problem::Edited,
                 QStringLiteral("event %1: unknown encoding %2 (edited, or written by a newer Custos?)")
                     .arg(r.seq)
                     .arg(r.encoding));
            return false;
        }
        QByteArrayView expected;
        if (r.encoding == kAuditEncodingV1) {
            expected = r.v1Hash;
        } else {
            m_hasher.chainHash(r.prevHash, r.contentHash, computed);
            expected = QByteArrayView(computed, 64);
        }
        if (expected != r.hash) {
            fail(r.seq, Problem::Edited,
                 QStringLiteral("event %1: hash does not match its content (edited?)").arg(r.seq));
            return false;
        }
        if (r.prevHash != QByteArrayView(m_prevHash)) {
            if (r.seq == 1)
                fail(1, Problem::Truncated,
                     QStringLiteral("event 1: previous hash is not the start of a trail (truncated?)"));
            else
                fail(r.seq, Problem::Reordered,
                     QStringLiteral("event %1: previous hash does not match event %2 (reordered or deleted?)")
                         .arg(r.seq)
                         .arg(r.seq - 1));
            return false;
        }
        hash = r.hash;
    }
    // Same length every time (64): assigning in place does not allocate.
    if (m_prevHash.size() == hash.size())
        std::copy(hash.begin(), hash.end(), m_prevHash.begin());
    else
        m_prevHash = hash.toByteArray();
    ++m_expected;
    ++m_result.eventsChecked;
    if (m_nextCheckpoint < m_checkpoints.size() && m_checkpoints[m_nextCheckpoint].seq <= r.seq)
        return checkCheckpointsUpTo(r.seq, m_prevHash);
    return true;
}

AuditVerification AuditChainWalk::finish(const std::optional<AuditAnchor>& anchor, bool anchorRead)
{
    const qint64 last = m_expected - 1;
    if (m_result.ok && m_nextCheckpoint < m_checkpoints.size()) {
        const AuditCheckpoint& beyond = m_checkpoints[m_nextCheckpoint];
        if (checkSignature(beyond))
            fail(last + 1, Problem::Truncated,
                 QStringLiteral("the trail ends at event %1, but checkpoint %2 signed a later head (truncated: event "
                                "%3 onwards deleted?)")
                     .arg(last)
                     .arg(beyond.seq)
                     .arg(last + 1));
    }
    if (anchorRead && anchor)
        m_result.anchorSeq = anchor->seq;
    if (m_result.ok && anchorRead) {
        if (!anchor) {
            if (m_result.lastCheckpointSeq > 0)
                fail(m_result.lastCheckpointSeq, Problem::Truncated,
                     QStringLiteral("the token holds no audit anchor although checkpoint %1 exists (anchor "
                                    "removed?)")
                         .arg(m_result.lastCheckpointSeq));
        } else if (anchor->seq > last) {
            fail(last + 1, Problem::Truncated,
                 QStringLiteral("the trail ends at event %1, but the token's anchor records event %2 (truncated: "
                                "event %3 onwards deleted?)")
                     .arg(last)
                     .arg(anchor->seq)
                     .arg(last + 1));
        } else if (anchor->seq < m_result.lastCheckpointSeq) {
            fail(anchor->seq, Problem::Truncated,
                 QStringLiteral("the token's anchor records event %1, but checkpoint %2 is newer: the anchor was "
                                "rolled back")
                     .arg(anchor->seq)
                     .arg(m_result.lastCheckpointSeq));
        }
    }
    if (m_result.ok && m_result.lastCheckpointSeq < last)
        m_result.unsignedFrom = m_result.lastCheckpointSeq + 1;
    return m_result;
}

void diagnoseAuditFailure(AuditVerification& result,
                          const std::function<std::optional<AuditEvent>(qint64 seq)>& eventAt)
{
    // Only a record whose hash or link is wrong can be a moved one; gaps and rows out of place are
    // named by their seq already.
    if (result.ok || (result.kind != Problem::Edited && result.kind != Problem::Reordered))
        return;
    const qint64 s = result.firstBadSeq;
    const auto here = eventAt(s);
    const auto next = eventAt(s + 1);
    if (!here)
        return;
    // Two events swapped: this one links to the event stored after it.
    if (next && here->prevHash == next->hash) {
        result.kind = Problem::Reordered;
        result.problem = QStringLiteral("events %1 and %2 are out of order (reordered)").arg(s).arg(s + 1);
        return;
    }
    auto writtenAs = [](AuditEvent probe, qint64 seq) {
        const QString stored = probe.hash;
        probe.seq = seq;
        return auditEventHash(probe) == stored;
    };
    if (writtenAs(*here, s - 1)) { // this one was the event before: one was put in ahead of it
        result.kind = Problem::Inserted;
        result.firstBadSeq = s - 1;
        result.problem =
            QStringLiteral("event %1 was inserted: the events after it were renumbered (inserted)").arg(s - 1);
    } else if (next && writtenAs(*next, s)) { // the next one was this seq: this one was put in
        result.kind = Problem::Inserted;
        result.problem = QStringLiteral("event %1 was inserted: the events after it were renumbered (inserted)").arg(s);
    } else if (writtenAs(*here, s + 1)) {
        result.kind = Problem::Deleted;
        result.problem = QStringLiteral("event %1 was deleted and the events after it renumbered (deleted)").arg(s);
    }
}

} // namespace custos::model
