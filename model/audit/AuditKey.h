#pragma once

#include "AuditCheckpoint.h"
#include "crypto/Outcome.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace custos::crypto {
class Token;
}

namespace custos::model {

// The workspace's audit key: an EC P-256 key pair on the token (CKA_ID and CKA_LABEL
// kAuditKeyLabel), made at init, that signs checkpoints. Its public key is also kept in a private
// token data object, so neither it nor the anchor can be changed by editing the database.
inline constexpr const char* kAuditKeyLabel = "custos-audit-key";
inline constexpr const char* kAuditPublicKeyObject = "custos-audit-public-key";
inline constexpr const char* kAuditAnchorObject = "custos-audit-anchor";

// Token calls: any thread (Token is thread-safe); the token must be logged in.
Outcome<void> ensureAuditKey(crypto::Token& token); // makes it unless it exists
Outcome<QByteArray> auditPublicKeyDer(crypto::Token& token);
Outcome<QByteArray> signWithAuditKey(crypto::Token& token, const QByteArray& text); // DER ECDSA-Sig-Value
Outcome<std::optional<AuditAnchor>> readAuditAnchor(crypto::Token& token);
Outcome<void> writeAuditAnchor(crypto::Token& token, const AuditAnchor& anchor);

// SHA-256 of the SubjectPublicKeyInfo DER, "AB:CD:..." as openssl prints fingerprints.
QString auditKeyFingerprint(const QByteArray& spkiDer);
// True when `derSignature` is the audit key's signature over `text`.
bool verifyAuditSignature(const QByteArray& spkiDer, const QByteArray& text, const QByteArray& derSignature);

} // namespace custos::model
