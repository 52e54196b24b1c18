#pragma once

// Private to Jwk*.cpp: one JWK's members, decoded and checked, into an ImportedKey.

#include "KeyFile.h"

#include <QJsonObject>
#include <QString>

namespace custos::crypto::import::jwk {

// Strict base64url without padding (RFC 7515 section 2) into secure memory; false for anything else.
bool decodeBase64Url(const QString& text, SecureBuffer& out);

// The key of one JWK object; `where` is "JWK" or "JWK 2" for errors, `label` names it in results.
Outcome<ImportedKey> rsaKey(const QJsonObject& jwk, const QString& where);
Outcome<ImportedKey> ecKey(const QJsonObject& jwk, const QString& where);
Outcome<ImportedKey> octKey(const QJsonObject& jwk, const QString& where);

// A required base64url member: Invalid "JWK 2: member 'n' is missing: expected ..." / "... is not a
// string" / "... is not valid base64url".
Outcome<SecureBuffer> member(const QJsonObject& jwk, const QString& name, const QString& where,
                             const QString& expected);

} // namespace custos::crypto::import::jwk
