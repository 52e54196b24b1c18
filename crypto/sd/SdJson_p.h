#pragma once

// Private to crypto/sd: the JSON pieces the security-domain formats share. Strings are written as
// Python's json.dumps writes them (ensure_ascii), so our output matches az byte for byte; reading
// goes through QJsonDocument with errors that name the member.

#include "SecurityDomainFile.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace custos::crypto::sd::detail {

// "\"...\"" with '"', '\\' and control characters escaped, non-ASCII as \uXXXX (UTF-16 units).
QByteArray jsonString(const QString& text);

// The root object of `json`; Invalid "not JSON at offset N: ..." or "... is not a JSON object".
Outcome<QJsonObject> parseJsonObject(const QByteArray& json, const QString& what);

// A member that must be a non-empty string; Invalid "PATH.NAME is missing" / "... must be a string".
Outcome<QString> requiredString(const QJsonObject& object, const QString& path, const char* name);

// EncData: {"data": [{"compact_jwe", "tag"}, ...], "kdf"}; a kdf other than sp108_kdf is a warning.
Outcome<QList<DataItem>> parseEncData(const QJsonObject& root, QStringList& warnings);

// {"enc_key": JWE, "x5t_256": B64URL(32 bytes)} at `path`.
Outcome<EncryptedShare> parseEncryptedShare(const QJsonValue& value, const QString& path);

} // namespace custos::crypto::sd::detail
