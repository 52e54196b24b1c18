// JWK and JWK Set documents: the structure, the labels and key_ops; the keys themselves are built
// in JwkKeys.cpp.
#include "Jwk.h"

#include "Jwk_p.h"
#include "KeyFile_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace custos::crypto::import {

namespace {

using detail::invalid;

constexpr int kMaxKeys = 256;

// A kid as a label shows it: printable ASCII, at most 64 characters, else not shown.
QString printableKid(const QJsonValue& kid)
{
    if (!kid.isString())
        return {};
    const QString text = kid.toString();
    if (text.isEmpty() || text.size() > 64)
        return {};
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e || c == QLatin1Char('\''))
            return {};
    }
    return text;
}

Outcome<QJsonDocument> parse(const QByteArray& json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return invalid(QStringLiteral("the JSON is not valid at offset %1: %2: expected a JWK or a JWK Set")
                           .arg(error.offset)
                           .arg(error.errorString()));
    if (!document.isObject())
        return invalid(QStringLiteral("the JSON is not an object: expected a JWK or a JWK Set"));
    return document;
}

// The JWK objects of a document: the one JWK, or the members of "keys".
Outcome<QJsonArray> jwkObjects(const QJsonObject& root, bool* isSet)
{
    *isSet = root.contains(QStringLiteral("keys"));
    if (!*isSet) {
        if (!root.contains(QStringLiteral("kty")))
            return invalid(QStringLiteral("the JSON object has neither 'kty' nor 'keys': expected a JWK or a JWK Set"));
        return QJsonArray{root};
    }
    const QJsonValue keys = root.value(QStringLiteral("keys"));
    if (!keys.isArray())
        return invalid(QStringLiteral("JWK Set: member 'keys' is not an array: expected an array of JWK objects"));
    const QJsonArray array = keys.toArray();
    if (array.isEmpty())
        return invalid(QStringLiteral("JWK Set: member 'keys' is empty: expected at least one JWK"));
    if (array.size() > kMaxKeys)
        return invalid(QStringLiteral("JWK Set: more than %1 keys").arg(kMaxKeys));
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isObject())
            return invalid(QStringLiteral("JWK %1 is not a JSON object").arg(i + 1));
    }
    return array;
}

QString ktyOf(const QJsonObject& jwk)
{
    return jwk.value(QStringLiteral("kty")).toString();
}

Outcome<QString> ktyChecked(const QJsonObject& jwk, const QString& where)
{
    const QJsonValue kty = jwk.value(QStringLiteral("kty"));
    if (kty.isUndefined())
        return invalid(QStringLiteral("%1: member 'kty' is missing: expected RSA, EC or oct").arg(where));
    if (!kty.isString())
        return invalid(QStringLiteral("%1: member 'kty' is not a string: expected RSA, EC or oct").arg(where));
    const QString text = kty.toString();
    if (text != QStringLiteral("RSA") && text != QStringLiteral("EC") && text != QStringLiteral("oct")) {
        const QString shown = text.size() <= 16 ? text : text.left(16) + QStringLiteral("...");
        return invalid(QStringLiteral("%1: kty '%2' is not supported: expected RSA, EC or oct").arg(where, shown));
    }
    return text;
}

Outcome<QStringList> keyOps(const QJsonObject& jwk, const QString& where)
{
    const QJsonValue ops = jwk.value(QStringLiteral("key_ops"));
    if (ops.isUndefined())
        return QStringList{};
    const QString expected = QStringLiteral("expected an array of strings such as [\"sign\", \"verify\"]");
    if (!ops.isArray())
        return invalid(QStringLiteral("%1: member 'key_ops' is not an array: %2").arg(where, expected));
    QStringList result;
    for (const QJsonValue& op : ops.toArray()) {
        if (!op.isString() || op.toString().size() > 32)
            return invalid(QStringLiteral("%1: member 'key_ops' holds a value that is not a short string: %2")
                               .arg(where, expected));
        result << op.toString();
    }
    return result;
}

Outcome<ImportedKey> readOne(const QJsonObject& jwk, const QString& where)
{
    auto kty = ktyChecked(jwk, where);
    if (!kty)
        return kty.error();
    auto ops = keyOps(jwk, where);
    if (!ops)
        return ops.error();
    auto key = kty.value() == QStringLiteral("RSA")  ? jwk::rsaKey(jwk, where)
               : kty.value() == QStringLiteral("EC") ? jwk::ecKey(jwk, where)
                                                     : jwk::octKey(jwk, where);
    if (!key)
        return key.error();
    ImportedKey imported = key.take();
    const QString kid = printableKid(jwk.value(QStringLiteral("kid")));
    imported.label = kid.isEmpty() ? where : QStringLiteral("%1 (kid '%2')").arg(where, kid);
    imported.keyOps = ops.take();
    return imported;
}

} // namespace

Outcome<QString> describeJwk(const QByteArray& json)
{
    auto document = parse(json);
    if (!document)
        return document.error();
    bool isSet = false;
    auto objects = jwkObjects(document->object(), &isSet);
    if (!objects)
        return objects.error();
    if (isSet)
        return QStringLiteral("JWK Set (%1 %2)")
            .arg(objects->size())
            .arg(objects->size() == 1 ? QStringLiteral("key") : QStringLiteral("keys"));
    const QJsonObject jwk = objects->at(0).toObject();
    const QString kty = ktyOf(jwk);
    if (kty == QStringLiteral("oct"))
        return QStringLiteral("JWK (oct secret key)");
    const bool isPrivate = jwk.contains(QStringLiteral("d"));
    if (kty == QStringLiteral("RSA") || kty == QStringLiteral("EC"))
        return QStringLiteral("JWK (%1 %2 key)")
            .arg(kty, isPrivate ? QStringLiteral("private") : QStringLiteral("public"));
    return QStringLiteral("JWK");
}

Outcome<KeyFileContents> readJwk(const QByteArray& json)
{
    auto document = parse(json);
    if (!document)
        return document.error();
    bool isSet = false;
    auto objects = jwkObjects(document->object(), &isSet);
    if (!objects)
        return objects.error();
    KeyFileContents contents;
    contents.format = isSet ? QStringLiteral("JWK Set") : QStringLiteral("JWK");
    for (qsizetype i = 0; i < objects->size(); ++i) {
        const QString where = isSet ? QStringLiteral("JWK %1").arg(i + 1) : QStringLiteral("JWK");
        auto key = readOne(objects->at(i).toObject(), where);
        if (!key)
            return key.error();
        contents.keys.append(key.take());
    }
    return contents;
}

} // namespace custos::crypto::import
