#include "SdJson_p.h"

#include "Base64Url.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace custos::crypto::sd::detail {

namespace {

Error invalid(const QString& message)
{
    return makeError(ErrorKind::Invalid, message);
}

} // namespace

QByteArray jsonString(const QString& text)
{
    QByteArray out;
    out.reserve(text.size() + 2);
    out.append('"');
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        switch (u) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        default:
            if (u < 0x20 || u > 0x7e)
                out.append(QStringLiteral("\\u%1").arg(unsigned(u), 4, 16, QChar('0')).toLatin1());
            else
                out.append(static_cast<char>(u));
        }
    }
    out.append('"');
    return out;
}

Outcome<QJsonObject> parseJsonObject(const QByteArray& json, const QString& what)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return invalid(
            QStringLiteral("%1 is not JSON at offset %2: %3").arg(what).arg(error.offset).arg(error.errorString()));
    if (!document.isObject())
        return invalid(QStringLiteral("%1 is not a JSON object").arg(what));
    return document.object();
}

Outcome<QString> requiredString(const QJsonObject& object, const QString& path, const char* name)
{
    const QJsonValue value = object.value(QLatin1String(name));
    if (value.isUndefined())
        return invalid(QStringLiteral("%1.%2 is missing").arg(path, QLatin1String(name)));
    if (!value.isString())
        return invalid(QStringLiteral("%1.%2 must be a string").arg(path, QLatin1String(name)));
    if (value.toString().isEmpty())
        return invalid(QStringLiteral("%1.%2 is empty").arg(path, QLatin1String(name)));
    return value.toString();
}

Outcome<QList<DataItem>> parseEncData(const QJsonObject& root, QStringList& warnings)
{
    const QJsonValue encData = root.value(QLatin1String("EncData"));
    if (encData.isUndefined())
        return invalid(QStringLiteral("EncData is missing"));
    if (!encData.isObject())
        return invalid(QStringLiteral("EncData must be an object"));
    const QJsonObject object = encData.toObject();
    const QJsonValue kdf = object.value(QLatin1String("kdf"));
    if (kdf.isUndefined())
        warnings << QStringLiteral("EncData.kdf is missing: assumed \"sp108_kdf\"");
    else if (kdf.toString() != QLatin1String("sp108_kdf"))
        warnings << QStringLiteral("EncData.kdf is not \"sp108_kdf\": assumed \"sp108_kdf\" all the same");
    const QJsonValue data = object.value(QLatin1String("data"));
    if (data.isUndefined())
        return invalid(QStringLiteral("EncData.data is missing"));
    if (!data.isArray())
        return invalid(QStringLiteral("EncData.data must be an array"));
    const QJsonArray array = data.toArray();
    if (array.isEmpty())
        return invalid(QStringLiteral("EncData.data is empty: expected at least one item"));
    QList<DataItem> items;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = QStringLiteral("EncData.data[%1]").arg(i);
        if (!array.at(i).isObject())
            return invalid(QStringLiteral("%1 must be an object").arg(path));
        const QJsonObject item = array.at(i).toObject();
        auto jwe = requiredString(item, path, "compact_jwe");
        if (!jwe)
            return jwe.error();
        auto tag = requiredString(item, path, "tag");
        if (!tag)
            return tag.error();
        if (jwe->toLatin1() != jwe->toUtf8())
            return invalid(
                QStringLiteral("%1.compact_jwe holds non-ASCII characters: expected a compact JWE").arg(path));
        items.append(DataItem{jwe->toLatin1(), tag.value()});
    }
    return items;
}

Outcome<EncryptedShare> parseEncryptedShare(const QJsonValue& value, const QString& path)
{
    if (!value.isObject())
        return invalid(QStringLiteral("%1 must be an object").arg(path));
    const QJsonObject object = value.toObject();
    auto jwe = requiredString(object, path, "enc_key");
    if (!jwe)
        return jwe.error();
    if (jwe->toLatin1() != jwe->toUtf8())
        return invalid(QStringLiteral("%1.enc_key holds non-ASCII characters: expected a compact JWE").arg(path));
    auto x5t = requiredString(object, path, "x5t_256");
    if (!x5t)
        return x5t.error();
    const QString x5tPath = path + QStringLiteral(".x5t_256");
    auto thumbprint = base64UrlDecode(x5t->toLatin1(), qPrintable(x5tPath));
    if (!thumbprint)
        return thumbprint.error();
    if (thumbprint->size() != 32 || x5t->contains(QLatin1Char('=')))
        return invalid(QStringLiteral("%1 is not a SHA-256 thumbprint: expected 43 base64url characters").arg(x5tPath));
    return EncryptedShare{jwe->toLatin1(), x5t.value()};
}

} // namespace custos::crypto::sd::detail
