#pragma once

#include "crypto/Kdf.h"
#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"
#include "model/domain/Operator.h"

namespace custos::model {

// An operator's passphrase protects one thing: the token user PIN. scrypt gives 64 bytes; the
// first 32 wrap the PIN (AES-256-GCM, bound to the operator's name), the last 32 are stored as a
// verifier so a wrong passphrase is told apart from a damaged record. Pure functions: safe on
// worker threads.
struct OperatorCredentials
{
    QString kdf;
    QByteArray salt;
    QByteArray verifier;
    QByteArray wrappedPin;
};

inline constexpr std::size_t kMinPassphraseLength = 8;
Outcome<void> checkPassphraseQuality(const crypto::SecureBuffer& passphrase);

Outcome<OperatorCredentials> makeCredentials(const QString& operatorName, const crypto::SecureBuffer& passphrase,
                                             const crypto::SecureBuffer& userPin, const crypto::KdfParams& params);
// The user PIN, or Denied "wrong passphrase".
Outcome<crypto::SecureBuffer> unlockCredentials(const Operator& op, const crypto::SecureBuffer& passphrase);

} // namespace custos::model
