#pragma once

// Private to crypto/import (and its fuzz target): JSON Web Keys (RFC 7517/7518) as key files. A
// JWK object or a JWK Set {"keys": [...]}; RSA (n, e and optionally d, p, q, dp, dq, qi), EC
// (crv P-256/384/521, x, y and optionally d) and oct (k of 16, 24 or 32 bytes). Every missing or
// ill-typed member is named ("JWK 2: member 'n' is missing: expected an RSA key with n and e");
// private members are decoded into secure memory only; EC points are checked to lie on the curve
// and private parts to match the public ones.

#include "KeyFile.h"

namespace custos::crypto::import {

// "JWK (RSA private key)", "JWK Set (3 keys)"; Invalid when the JSON is no JWK or JWK Set.
Outcome<QString> describeJwk(const QByteArray& json);

Outcome<KeyFileContents> readJwk(const QByteArray& json);

} // namespace custos::crypto::import
