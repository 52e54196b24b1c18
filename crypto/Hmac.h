#pragma once

#include "SecureBuffer.h"

#include <QByteArray>
#include <QByteArrayView>

namespace custos::crypto {

// HMAC-SHA-256 (EVP_Q_mac). Empty on an OpenSSL failure, which callers treat as a mismatch.
QByteArray hmacSha256(const SecureBuffer& key, QByteArrayView data);

} // namespace custos::crypto
