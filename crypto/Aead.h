#pragma once

#include "Outcome.h"
#include "SecureBuffer.h"

#include <QByteArray>

namespace custos::crypto {

// AES-256-GCM with a fresh random 96-bit IV. The sealed form is iv(12) || ciphertext || tag(16).
// The key must be 32 bytes. `aad` binds the blob to its context (e.g. the operator's name).
Outcome<QByteArray> sealAes256Gcm(const SecureBuffer& key, const SecureBuffer& plaintext, const QByteArray& aad);
// Failed with "authentication failed" when the key, the aad or the blob does not match.
Outcome<SecureBuffer> openAes256Gcm(const SecureBuffer& key, const QByteArray& sealed, const QByteArray& aad);

} // namespace custos::crypto
