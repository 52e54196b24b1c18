#include "DistinguishedName.h"

#include "X509Encoding_p.h"

#include "crypto/ossl/OsslError.h"

#include <QList>

#include <array>

namespace custos::crypto::x509 {

namespace {
struct AttributeType
{
    const char* name; // as typed and shown
    int nid;
};

constexpr std::array kAttributeTypes{
    AttributeType{"CN", NID_commonName},
    AttributeType{"O", NID_organizationName},
    AttributeType{"OU", NID_organizationalUnitName},
    AttributeType{"C", NID_countryName},
    AttributeType{"L", NID_localityName},
    AttributeType{"ST", NID_stateOrProvinceName},
    AttributeType{"STREET", NID_streetAddress},
    AttributeType{"DC", NID_domainComponent},
    AttributeType{"SERIALNUMBER", NID_serialNumber},
    AttributeType{"emailAddress", NID_pkcs9_emailAddress},
    AttributeType{"UID", NID_userId},
};

const QString kExpectedTypes =
    QStringLiteral("expected CN, O, OU, C, L, ST, STREET, DC, SERIALNUMBER, emailAddress or UID");

const AttributeType* typeNamed(QStringView name)
{
    for (const auto& type : kAttributeTypes)
        if (name.compare(QLatin1String(type.name), Qt::CaseInsensitive) == 0)
            return &type;
    return nullptr;
}

QString typeText(const ASN1_OBJECT* object)
{
    const int nid = OBJ_obj2nid(object);
    for (const auto& type : kAttributeTypes)
        if (type.nid == nid)
            return QLatin1String(type.name);
    char buffer[128] = {};
    OBJ_obj2txt(buffer, sizeof buffer, object, 0); // short name when known, else the dotted OID
    return QString::fromLatin1(buffer);
}

struct Attribute
{
    QString type;
    QString value;
};

// Splits "CN=a\, b, O=c" at unescaped commas; a backslash escapes the next character.
Outcome<QList<Attribute>> splitAttributes(QStringView text)
{
    const auto invalid = [&](const QString& why) {
        return makeError(ErrorKind::Invalid, QStringLiteral("invalid subject '%1': %2").arg(text, why));
    };
    QList<Attribute> attributes;
    QString current;
    bool escaped = false;
    const auto finish = [&]() -> Outcome<void> {
        const qsizetype equals = current.indexOf(u'=');
        if (equals < 0)
            return invalid(QStringLiteral("'%1' is not TYPE=value").arg(current.trimmed()));
        Attribute attribute{current.left(equals).trimmed(), current.mid(equals + 1).trimmed()};
        attributes.append(attribute);
        current.clear();
        return {};
    };
    for (const QChar c : text) {
        if (escaped) {
            // Keep escaped '=' out of the split: mark it so TYPE=value finds the first real '='.
            current += c == u'=' ? QChar(0xE000) : c;
            escaped = false;
        } else if (c == u'\\') {
            escaped = true;
        } else if (c == u',') {
            if (auto done = finish(); !done)
                return done.error();
        } else {
            current += c;
        }
    }
    if (escaped)
        return invalid(QStringLiteral("it ends with a lone backslash"));
    if (auto done = finish(); !done)
        return done.error();
    for (auto& attribute : attributes)
        attribute.value.replace(QChar(0xE000), u'=');
    return attributes;
}

QString escapeValue(const QString& value)
{
    QString escaped;
    for (const QChar c : value) {
        if (c == u',' || c == u'\\' || c == u'+')
            escaped += u'\\';
        escaped += c;
    }
    return escaped;
}
} // namespace

Outcome<QByteArray> parseDistinguishedName(QStringView text)
{
    if (text.trimmed().isEmpty())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("the subject is empty: expected attributes such as CN=web01.example.test"));
    auto attributes = splitAttributes(text);
    if (!attributes)
        return attributes.error();
    const auto invalid = [&](const QString& why) {
        return makeError(ErrorKind::Invalid, QStringLiteral("invalid subject '%1': %2").arg(text, why));
    };

    X509NamePtr name(X509_NAME_new());
    if (!name)
        return ossl::opensslError("X509_NAME_new");
    // The text is written most specific first (RFC 4514); the DER sequence runs the other way.
    for (qsizetype i = attributes->size() - 1; i >= 0; --i) {
        const Attribute& attribute = attributes->at(i);
        const AttributeType* type = typeNamed(attribute.type);
        if (!type)
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("unknown attribute '%1' in the subject: %2").arg(attribute.type, kExpectedTypes));
        if (attribute.value.isEmpty())
            return invalid(QStringLiteral("the value of %1 is empty").arg(QLatin1String(type->name)));
        if (type->nid == NID_countryName &&
            (attribute.value.size() != 2 || !attribute.value.at(0).isLetter() || !attribute.value.at(1).isLetter() ||
             attribute.value.at(0).unicode() > 127 || attribute.value.at(1).unicode() > 127))
            return invalid(QStringLiteral("C must be a two-letter country code, not '%1'").arg(attribute.value));
        const QByteArray utf8 = attribute.value.toUtf8();
        if (X509_NAME_add_entry_by_NID(name.get(), type->nid, MBSTRING_UTF8, derBytes(utf8),
                                       static_cast<int>(utf8.size()), -1, 0) != 1)
            return detail::invalidInput(QStringLiteral("invalid subject '%1': the value of %2 is not allowed")
                                            .arg(text, QLatin1String(type->name)));
    }
    const QByteArray der = toDer(i2d_X509_NAME, name.get());
    if (der.isEmpty())
        return ossl::opensslError("i2d_X509_NAME");
    return der;
}

Outcome<QString> distinguishedNameText(const QByteArray& der)
{
    auto name = parseDer<X509NamePtr>(d2i_X509_NAME, der);
    if (!name)
        return detail::invalidInput(QStringLiteral("not a DER distinguished name"));
    return detail::nameText(name.get());
}

namespace detail {
QString nameText(const X509_NAME* name)
{
    if (!name)
        return {};
    QString text;
    int previousSet = -1;
    for (int i = X509_NAME_entry_count(name) - 1; i >= 0; --i) {
        const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
        unsigned char* utf8 = nullptr;
        const int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry));
        const QString value = length >= 0 ? QString::fromUtf8(reinterpret_cast<const char*>(utf8), length) : QString();
        OPENSSL_free(utf8);
        const int set = X509_NAME_ENTRY_set(entry);
        if (!text.isEmpty())
            text += set == previousSet ? QStringLiteral("+") : QStringLiteral(", ");
        text += typeText(X509_NAME_ENTRY_get_object(entry)) + u'=' + escapeValue(value);
        previousSet = set;
    }
    return text;
}
} // namespace detail

} // namespace custos::crypto::x509
