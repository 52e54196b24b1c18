#pragma once

// The public part of a key in the formats others read: PEM (SubjectPublicKeyInfo) and JWK
// (RFC 7517/7518).

#include "JoseAlgorithm.h"

#include "crypto/Outcome.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace custos::crypto {

// "-----BEGIN PUBLIC KEY-----", base64 in 64-column lines, "-----END PUBLIC KEY-----\n".
Outcome<QByteArray> publicKeyPem(const QByteArray& spkiDer);

// The reverse: a PEM "PUBLIC KEY" (or a SubjectPublicKeyInfo DER) as SubjectPublicKeyInfo DER.
// Invalid "not a public key in PEM or DER" otherwise.
Outcome<QByteArray> publicKeyDerFromPemOrDer(const QByteArray& bytes);

// kty RSA (n, e) or EC (crv, x, y), base64url without padding, with kid and key_ops.
Outcome<QJsonObject> publicKeyJwk(const QByteArray& spkiDer, const QString& kid, const QList<KeyOperation>& keyOps);

} // namespace custos::crypto
