#pragma once

// RFC 4648 §5 base64url without '=' padding, as every JWE segment and x5t_256 of a
// security-domain file uses it (SECURITY-DOMAIN.md §2).

#include "crypto/Outcome.h"

#include <QByteArray>
#include <QByteArrayView>

namespace custos::crypto::sd {

QByteArray base64UrlEncode(QByteArrayView bytes); // no padding

// Strict alphabet ('-' and '_'); trailing '=' padding tolerated as az does. Invalid "not base64url
// ..." naming `what` ("the JWE's iv", "x5t_256") on any other character or an impossible length.
Outcome<QByteArray> base64UrlDecode(QByteArrayView text, const char* what);

} // namespace custos::crypto::sd
