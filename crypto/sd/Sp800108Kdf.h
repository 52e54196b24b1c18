#pragma once

// NIST SP 800-108 counter-mode KDF with HMAC-SHA-512 (OpenSSL's KBKDF), as the security-domain
// file's "sp108_kdf" (SECURITY-DOMAIN.md §7).

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"

#include <QByteArrayView>

namespace custos::crypto::sd {

// K(i) = HMAC-SHA-512(key, [i]_32be || label || 0x00 || context || [L]_32be), L = 8 * length.
Outcome<SecureBuffer> sp800108HmacSha512(const SecureBuffer& key, QByteArrayView label, QByteArrayView context,
                                         std::size_t length);

// The 64-byte A256CBC-HS512 key of an EncData item: sp800108HmacSha512(master, tag, "", 64).
Outcome<SecureBuffer> itemKey(const SecureBuffer& master, const QString& tag);

} // namespace custos::crypto::sd
