// The .byok file's JSON: a strict reader (every member checked, named in the error) and a writer
// that keeps Azure's member order, which QJsonObject (sorted keys) would not.

#include "ByokFile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <optional>

namespace custos::crypto::byok {

namespace {

constexpr qsizetype kMaxByokFileBytes = 1024 * 1024;
// RSA-OAEP of the AES key under a 2048-bit KEK (256 bytes) plus the shortest RFC 5649 output (16).
constexpr qsizetype kMinCiphertextBytes = 256 + 16;

Error invalid(const QString& message)
{
    return makeError(ErrorKind::Invalid, QStringLiteral("invalid .byok file: ") + message);
}

QString typeName(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("missing");
}

// A member that must be a string; `path` names it in errors ("header.kid").
Outcome<QString> stringMember(const QJsonObject& object, const QString& name, const QString& path, bool required)
{
    const QJsonValue value = object.value(name);
    if (value.isUndefined()) {
        if (!required)
            return QString();
        return invalid(QStringLiteral("member '%1' is missing").arg(path));
    }
    if (!value.isString())
        return invalid(QStringLiteral("member '%1' is %2: expected a string").arg(path, typeName(value)));
    return value.toString();
}

// A JSON string literal (quotes and escapes) for the hand-written writer.
QByteArray jsonString(const QString& text)
{
    QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2); // strip [ and ]
}

// Base64url without padding; trailing '=' tolerated, every other character outside the alphabet refused.
std::optional<QByteArray> decodeBase64Url(QString text)
{
    int padding = 0;
    while (text.endsWith(QLatin1Char('=')) && padding < 2) {
        text.chop(1);
        ++padding;
    }
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool ok =
            (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' || u == '_';
        if (!ok)
            return std::nullopt;
    }
    if (text.size() % 4 == 1)
        return std::nullopt;
    auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::Base64UrlEncoding |
                                                                       QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return *decoded;
}

} // namespace

Outcome<ByokFile> parseByokFile(const QByteArray& json)
{
    if (json.size() > kMaxByokFileBytes)
        return invalid(QStringLiteral("%1 bytes: expected at most 1 MiB").arg(json.size()));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return invalid(QStringLiteral("not JSON: %1 at offset %2").arg(error.errorString()).arg(error.offset));
    if (!document.isObject())
        return invalid(QStringLiteral("expected a JSON object with schema_version, header and ciphertext"));
    const QJsonObject root = document.object();

    ByokFile file;
    auto schema = stringMember(root, QStringLiteral("schema_version"), QStringLiteral("schema_version"), true);
    if (!schema)
        return schema.error();
    if (schema->isEmpty())
        return invalid(QStringLiteral("member 'schema_version' is empty: expected a version such as 1.0.0"));
    file.schemaVersion = schema.take();

    const QJsonValue headerValue = root.value(QStringLiteral("header"));
    if (!headerValue.isObject())
        return invalid(headerValue.isUndefined()
                           ? QStringLiteral("member 'header' is missing")
                           : QStringLiteral("member 'header' is %1: expected an object").arg(typeName(headerValue)));
    const QJsonObject header = headerValue.toObject();
    auto kid = stringMember(header, QStringLiteral("kid"), QStringLiteral("header.kid"), true);
    if (!kid)
        return kid.error();
    if (kid->isEmpty())
        return invalid(QStringLiteral("member 'header.kid' is empty: expected the key exchange key's id"));
    file.kid = kid.take();
    auto alg = stringMember(header, QStringLiteral("alg"), QStringLiteral("header.alg"), true);
    if (!alg)
        return alg.error();
    if (alg.value() != QLatin1String("dir"))
        return invalid(QStringLiteral("header.alg is '%1': expected dir").arg(alg.value()));
    file.alg = alg.take();
    auto enc = stringMember(header, QStringLiteral("enc"), QStringLiteral("header.enc"), true);
    if (!enc)
        return enc.error();
    if (enc.value() != kByokEnc)
        return invalid(QStringLiteral("header.enc is '%1': expected %2").arg(enc.value(), kByokEnc));
    file.enc = enc.take();

    auto ciphertext = stringMember(root, QStringLiteral("ciphertext"), QStringLiteral("ciphertext"), true);
    if (!ciphertext)
        return ciphertext.error();
    auto bytes = decodeBase64Url(ciphertext.value());
    if (!bytes)
        return invalid(QStringLiteral("member 'ciphertext' is not base64url"));
    if (bytes->size() < kMinCiphertextBytes)
        return invalid(QStringLiteral("member 'ciphertext' is %1 bytes: expected at least %2 (an RSA-OAEP block "
                                      "of a 2048-bit or larger key, then the wrapped key)")
                           .arg(bytes->size())
                           .arg(kMinCiphertextBytes));
    file.ciphertext = *bytes;

    auto generator = stringMember(root, QStringLiteral("generator"), QStringLiteral("generator"), false);
    if (!generator)
        return generator.error();
    file.generator = generator.take();
    return file;
}

QByteArray toJson(const ByokFile& file)
{
    QByteArray out;
    out += "{\n";
    out += "  \"schema_version\": " + jsonString(file.schemaVersion) + ",\n";
    out += "  \"header\": {\n";
    out += "    \"kid\": " + jsonString(file.kid) + ",\n";
    out += "    \"alg\": " + jsonString(file.alg) + ",\n";
    out += "    \"enc\": " + jsonString(file.enc) + "\n";
    out += "  },\n";
    out += "  \"ciphertext\": \"" +
           file.ciphertext.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals) + "\",\n";
    out += "  \"generator\": " + jsonString(file.generator) + "\n";
    out += "}\n";
    return out;
}

bool looksLikeByok(const QByteArray& bytes)
{
    // The same JSON parse as parseByokFile (whitespace, a BOM), so whatever it reads is recognised;
    // anything that is not JSON fails at its first byte.
    if (bytes.size() > kMaxByokFileBytes)
        return false;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return false;
    const QJsonObject root = document.object();
    return root.value(QStringLiteral("header")).isObject() && root.value(QStringLiteral("ciphertext")).isString();
}

} // namespace custos::crypto::byok
