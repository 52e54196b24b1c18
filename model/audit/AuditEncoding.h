#pragma once

#include "AuditEvent.h"
#include "crypto/Digest.h"

#include <QByteArray>
#include <QByteArrayView>

#include <array>

namespace custos::model {

// The canonical encodings an event's hash is computed over (the `encoding` column).
//
// Encoding 2 (written since the audit issue):
//   content     = "custos-audit-v2\n" then, for each field in the order of AuditRecordView::Field,
//                 its UTF-8 byte length in decimal, ':', the bytes, '\n'. seq and time (ms since
//                 the epoch, UTC) are decimal text; approvers and details are their compact JSON
//                 text exactly as stored.
//   contentHash = SHA-256(content)
//   hash        = SHA-256("custos-audit-chain-v2\n" || prevHash || '\n' || hex(contentHash))
// all hashes as lowercase hex. Because the chain step only needs contentHash, a filtered export can
// stand in for an event it leaves out with its seq and contentHash, and the chain still verifies.
//
// Encoding 1 (the foundation's): hash = SHA-256("custos-audit-v1\n" || compact JSON of the event's
// fields and prevHash, keys sorted); kept so old events still verify.
inline constexpr int kAuditEncodingV1 = 1;
inline constexpr int kAuditEncodingV2 = 2;
inline constexpr int kAuditEncodingCurrent = kAuditEncodingV2;

// An event's fields as bytes, without copies (the verifier reads them straight from SQLite).
struct AuditRecordView
{
    enum Field {
        Operator,
        Approvers,
        Operation,
        Resource,
        Result,
        Reason,
        Justification,
        CorrelationId,
        Workstation,
        OsUser,
        Version,
        Details,
        FieldCount
    };
    qint64 seq = 0;
    qint64 time = 0;
    std::array<QByteArrayView, FieldCount> fields;
};

// Reusable (one SHA-256 context); not thread-safe.
class AuditHasher
{
public:
    // 64 hex characters each.
    void contentHash(const AuditRecordView& record, char out[64]);
    void chainHash(QByteArrayView prevHash, QByteArrayView contentHashHex, char out[64]);
    // The bytes both hashes are computed over, concatenated (for the verify benchmark's baseline).
    static QByteArray canonicalBytes(const AuditRecordView& record, QByteArrayView prevHash,
                                     QByteArrayView contentHashHex);

private:
    crypto::Sha256Stream m_sha;
    QByteArray m_buffer;
};

// The same for an AuditEvent (append, exports, tests); approvers and details are made compact here.
struct AuditEventText
{
    QByteArray approvers; // compact JSON
    QByteArray details;   // compact JSON
};
AuditEventText auditEventText(const AuditEvent& event);
QString auditContentHash(const AuditEvent& event); // encoding 2 only; empty otherwise
// An encoding-2 event's hash from its JSON texts made once (AuditLog::append stores the same).
QString auditHashV2(const AuditEvent& event, const AuditEventText& text);
QString auditChainHash(const QString& prevHash, const QString& contentHash);
QByteArray auditCanonicalV1(const AuditEvent& event);
// The hash an event's encoding gives it (1 or 2); empty for an encoding this Custos does not know.
QString auditEventHash(const AuditEvent& event);

} // namespace custos::model
