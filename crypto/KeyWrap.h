#pragma once

// AES key wrap with padding (RFC 5649) in software, for the one place a token's wrapped output
// comes back into Custos's secure memory: the domain key on its way into a security-domain file.

#include "Outcome.h"
#include "SecureBuffer.h"

#include <QByteArray>

namespace custos::crypto {

// `kek` 16, 24 or 32 bytes. Failed "the wrapped key does not unwrap" on an integrity failure.
Outcome<SecureBuffer> unwrapAesKeyWrapPad(const SecureBuffer& kek, const QByteArray& wrapped);
Outcome<QByteArray> wrapAesKeyWrapPad(const SecureBuffer& kek, const SecureBuffer& key);

} // namespace custos::crypto
