// Another token's objects as an import source. Read-only: C_FindObjects and C_GetAttributeValue
// only. Private and secret key values are read straight into secure memory, and only for keys the
// token marks extractable and not sensitive.

#include "TokenObjectSource.h"

#include "KeyFile_p.h"
#include "crypto/pkcs11/AttributeTemplate.h"
#include "crypto/pkcs11/Pkcs11Objects.h"
#include "crypto/x509/CertificateInfo.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/param_build.h>

#include <algorithm>

namespace custos::crypto::import {

namespace {

using BnCtxPtr = std::unique_ptr<BN_CTX, ossl::Deleter<BN_CTX_free>>;
using GroupPtr = std::unique_ptr<EC_GROUP, ossl::Deleter<EC_GROUP_free>>;
using PointPtr = std::unique_ptr<EC_POINT, ossl::Deleter<EC_POINT_free>>;
using SecureBnPtr = std::unique_ptr<BIGNUM, ossl::Deleter<BN_clear_free>>;

const QString kNotExtractable = QStringLiteral("sensitive: the token does not let it out in clear (use BYOK)");

struct Curve
{
    const char* name;
    QByteArray oid;
};

const Curve* curveByOid(const QByteArray& oid)
{
    static const Curve curves[] = {
        {"P-256", QByteArray::fromHex("06082a8648ce3d030107")},
        {"P-384", QByteArray::fromHex("06052b81040022")},
        {"P-521", QByteArray::fromHex("06052b81040023")},
    };
    for (const Curve& curve : curves) {
        if (curve.oid == oid)
            return &curve;
    }
    return nullptr;
}

QString className(CK_OBJECT_CLASS objectClass)
{
    switch (objectClass) {
    case CKO_CERTIFICATE:
        return QStringLiteral("certificate");
    case CKO_PUBLIC_KEY:
        return QStringLiteral("public key");
    case CKO_PRIVATE_KEY:
        return QStringLiteral("private key");
    default:
        return QStringLiteral("secret key");
    }
}

CK_OBJECT_CLASS classFromName(const QString& name)
{
    if (name == QLatin1String("certificate"))
        return CKO_CERTIFICATE;
    if (name == QLatin1String("public key"))
        return CKO_PUBLIC_KEY;
    if (name == QLatin1String("private key"))
        return CKO_PRIVATE_KEY;
    return CKO_SECRET_KEY;
}

// CKA_EC_POINT: a DER OCTET STRING around 04||X||Y, or (some modules) the raw point.
QByteArray rawPoint(const QByteArray& ecPoint)
{
    if (ecPoint.size() > 2 && ecPoint.at(0) == 0x04 && static_cast<unsigned char>(ecPoint.at(1)) == ecPoint.size() - 2)
        return ecPoint.mid(2);
    if (ecPoint.size() > 3 && ecPoint.at(0) == 0x04 && static_cast<unsigned char>(ecPoint.at(1)) == 0x81 &&
        static_cast<unsigned char>(ecPoint.at(2)) == ecPoint.size() - 3)
        return ecPoint.mid(3);
    return ecPoint;
}

// One object's session and handle, for attribute reads.
struct Object
{
    CK_FUNCTION_LIST* f = nullptr;
    CK_SESSION_HANDLE session = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE handle = CK_INVALID_HANDLE;

    Outcome<QByteArray> bytes(CK_ATTRIBUTE_TYPE type) const { return p11::readAttribute(f, session, handle, type); }
    Outcome<SecureBuffer> secret(CK_ATTRIBUTE_TYPE type) const
    {
        return p11::readSecretAttribute(f, session, handle, type);
    }
    bool flag(CK_ATTRIBUTE_TYPE type, bool fallback) const
    {
        auto value = p11::readBoolAttribute(f, session, handle, type);
        return value ? value.value() : fallback;
    }
    std::optional<CK_ULONG> ulong(CK_ATTRIBUTE_TYPE type) const
    {
        CK_ULONG value = 0;
        CK_ATTRIBUTE attribute{type, &value, sizeof value};
        if (f->C_GetAttributeValue(session, handle, &attribute, 1) != CKR_OK)
            return std::nullopt;
        return value;
    }
};

int modulusBits(const QByteArray& modulus)
{
    ossl::BigNumPtr bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(modulus.constData()),
                                 static_cast<int>(modulus.size()), nullptr));
    return bn ? BN_num_bits(bn.get()) : 0;
}

// "RSA 2048", "EC P-256", "AES 256", "X.509: CN=server"; empty when the type is not one Custos takes.
QString describe(const Object& object, CK_OBJECT_CLASS objectClass)
{
    if (objectClass == CKO_CERTIFICATE) {
        auto der = object.bytes(CKA_VALUE);
        if (!der)
            return {};
        auto info = x509::inspectCertificate(der.value());
        return info ? QStringLiteral("X.509: %1").arg(info->subject) : QString();
    }
    const auto keyType = object.ulong(CKA_KEY_TYPE);
    if (!keyType)
        return {};
    if (*keyType == CKK_RSA) {
        auto modulus = object.bytes(CKA_MODULUS);
        return modulus ? QStringLiteral("RSA %1").arg(modulusBits(modulus.value())) : QStringLiteral("RSA");
    }
    if (*keyType == CKK_EC) {
        auto params = object.bytes(CKA_EC_PARAMS);
        const Curve* curve = params ? curveByOid(params.value()) : nullptr;
        return curve ? QStringLiteral("EC %1").arg(QLatin1String(curve->name)) : QStringLiteral("EC (another curve)");
    }
    if (*keyType == CKK_AES) {
        const auto length = object.ulong(CKA_VALUE_LEN);
        return length ? QStringLiteral("AES %1").arg(*length * 8) : QStringLiteral("AES");
    }
    return QStringLiteral("key type 0x%1").arg(*keyType, 0, 16);
}

Outcome<ossl::PkeyPtr> fromData(const char* type, OSSL_PARAM_BLD* builder, const QString& where)
{
    ossl::ParamPtr params(OSSL_PARAM_BLD_to_param(builder));
    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* raw = nullptr;
    const bool ok = params && ctx && EVP_PKEY_fromdata_init(ctx.get()) == 1 &&
                    EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_KEYPAIR, params.get()) == 1;
    ossl::PkeyPtr key(raw);
    if (!ok || !key)
        return makeError(ErrorKind::Invalid, QStringLiteral("%1: the token's attributes do not form a valid %2 key")
                                                 .arg(where, QString::fromLatin1(type)));
    return key;
}

// Secure BIGNUMs of secret attributes, kept until the key is built.
class SecretNumbers
{
public:
    BIGNUM* add(const SecureBuffer& value)
    {
        BIGNUM* bn = BN_secure_new();
        if (!bn || !BN_bin2bn(value.data(), static_cast<int>(value.size()), bn)) {
            BN_clear_free(bn);
            return nullptr;
        }
        m_numbers.emplace_back(bn);
        return bn;
    }

private:
    std::vector<SecureBnPtr> m_numbers;
};

Outcome<ImportedKey> readRsaPrivate(const Object& object, const QString& where)
{
    static const std::pair<CK_ATTRIBUTE_TYPE, const char*> parts[] = {
        {CKA_MODULUS, OSSL_PKEY_PARAM_RSA_N},
        {CKA_PUBLIC_EXPONENT, OSSL_PKEY_PARAM_RSA_E},
        {CKA_PRIVATE_EXPONENT, OSSL_PKEY_PARAM_RSA_D},
        {CKA_PRIME_1, OSSL_PKEY_PARAM_RSA_FACTOR1},
        {CKA_PRIME_2, OSSL_PKEY_PARAM_RSA_FACTOR2},
        {CKA_EXPONENT_1, OSSL_PKEY_PARAM_RSA_EXPONENT1},
        {CKA_EXPONENT_2, OSSL_PKEY_PARAM_RSA_EXPONENT2},
        {CKA_COEFFICIENT, OSSL_PKEY_PARAM_RSA_COEFFICIENT1},
    };
    ossl::ParamBldPtr builder(OSSL_PARAM_BLD_new());
    SecretNumbers numbers;
    for (const auto& [attribute, param] : parts) {
        auto value = object.secret(attribute);
        if (!value)
            return makeError(value.error().kind, QStringLiteral("%1: %2").arg(where, value.error().message));
        BIGNUM* bn = numbers.add(value.value());
        if (!builder || !bn || OSSL_PARAM_BLD_push_BN(builder.get(), param, bn) != 1)
            return makeError(ErrorKind::Failed, QStringLiteral("%1: out of memory").arg(where));
    }
    auto key = fromData("RSA", builder.get(), where);
    if (!key)
        return key.error();
    return detail::importedKeyFrom(key->get(), true, where);
}

Outcome<ImportedKey> readEcPrivate(const Object& object, const QString& where)
{
    auto params = object.bytes(CKA_EC_PARAMS);
    if (!params)
        return makeError(params.error().kind, QStringLiteral("%1: %2").arg(where, params.error().message));
    const Curve* curve = curveByOid(params.value());
    if (!curve)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("%1: an EC key on another curve: expected P-256, P-384 or P-521").arg(where));
    auto value = object.secret(CKA_VALUE);
    if (!value)
        return makeError(value.error().kind, QStringLiteral("%1: %2").arg(where, value.error().message));
    SecretNumbers numbers;
    BIGNUM* d = numbers.add(value.value());
    // The public point from the private value: the token may keep none with the private key.
    GroupPtr group(EC_GROUP_new_by_curve_name(EC_curve_nist2nid(curve->name)));
    BnCtxPtr ctx(BN_CTX_secure_new());
    PointPtr point(group ? EC_POINT_new(group.get()) : nullptr);
    if (!d || !group || !ctx || !point || EC_POINT_mul(group.get(), point.get(), d, nullptr, nullptr, ctx.get()) != 1)
        return makeError(ErrorKind::Invalid, QStringLiteral("%1: the EC private value is not valid").arg(where));
    unsigned char encoded[2 * 66 + 1];
    const std::size_t size =
        EC_POINT_point2oct(group.get(), point.get(), POINT_CONVERSION_UNCOMPRESSED, encoded, sizeof encoded, ctx.get());
    ossl::ParamBldPtr builder(OSSL_PARAM_BLD_new());
    if (size == 0 || !builder ||
        OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve->name, 0) != 1 ||
        OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, d) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, encoded, size) != 1)
        return makeError(ErrorKind::Failed, QStringLiteral("%1: out of memory").arg(where));
    auto key = fromData("EC", builder.get(), where);
    if (!key)
        return key.error();
    return detail::importedKeyFrom(key->get(), true, where);
}

Outcome<ImportedKey> readPublic(const Object& object, const QString& where)
{
    auto keyType = object.ulong(CKA_KEY_TYPE);
    ossl::ParamBldPtr builder(OSSL_PARAM_BLD_new());
    if (!builder)
        return makeError(ErrorKind::Failed, QStringLiteral("out of memory"));
    const char* type = nullptr;
    ossl::BigNumPtr n;
    ossl::BigNumPtr e;
    QByteArray point;
    if (keyType && *keyType == CKK_RSA) {
        auto modulus = object.bytes(CKA_MODULUS);
        auto exponent = object.bytes(CKA_PUBLIC_EXPONENT);
        if (!modulus || !exponent)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("%1: the RSA public key has no modulus or exponent").arg(where));
        n.reset(BN_bin2bn(reinterpret_cast<const unsigned char*>(modulus->constData()),
                          static_cast<int>(modulus->size()), nullptr));
        e.reset(BN_bin2bn(reinterpret_cast<const unsigned char*>(exponent->constData()),
                          static_cast<int>(exponent->size()), nullptr));
        if (!n || !e || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
            OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1)
            return makeError(ErrorKind::Failed, QStringLiteral("out of memory"));
        type = "RSA";
    } else if (keyType && *keyType == CKK_EC) {
        auto params = object.bytes(CKA_EC_PARAMS);
        auto ecPoint = object.bytes(CKA_EC_POINT);
        const Curve* curve = params ? curveByOid(params.value()) : nullptr;
        if (!curve || !ecPoint)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("%1: expected an EC public key on P-256, P-384 or P-521").arg(where));
        point = rawPoint(ecPoint.value());
        if (OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve->name, 0) != 1 ||
            OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(),
                                             std::size_t(point.size())) != 1)
            return makeError(ErrorKind::Failed, QStringLiteral("out of memory"));
        type = "EC";
    } else {
        return makeError(ErrorKind::Invalid, QStringLiteral("%1: expected an RSA or EC public key").arg(where));
    }
    ossl::ParamPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* raw = nullptr;
    const bool ok = params && ctx && EVP_PKEY_fromdata_init(ctx.get()) == 1 &&
                    EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) == 1;
    ossl::PkeyPtr key(raw);
    if (!ok || !key)
        return makeError(ErrorKind::Invalid, QStringLiteral("%1: the token's attributes do not form a valid %2 "
                                                            "public key")
                                                 .arg(where, QString::fromLatin1(type)));
    return detail::importedKeyFrom(key.get(), false, where);
}

Outcome<ImportedKey> readCertificate(const Object& object, const QString& where)
{
    auto der = object.bytes(CKA_VALUE);
    if (!der)
        return makeError(der.error().kind, QStringLiteral("%1: %2").arg(where, der.error().message));
    auto info = x509::inspectCertificate(der.value());
    if (!info)
        return makeError(ErrorKind::Invalid, QStringLiteral("%1: %2").arg(where, info.error().message));
    const auto* p = reinterpret_cast<const unsigned char*>(info->subjectPublicKeyDer.constData());
    ossl::PkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(info->subjectPublicKeyDer.size())));
    if (!key)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("%1: the certificate's public key is malformed").arg(where));
    auto imported = detail::importedKeyFrom(key.get(), false, where);
    if (!imported)
        return imported.error();
    imported->certificateDer = der.take();
    return imported;
}

} // namespace

Outcome<std::unique_ptr<TokenObjectSource>> TokenObjectSource::open(const QString& modulePath,
                                                                    const QString& tokenLabel, const SecureBuffer& pin)
{
    if (modulePath.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("no PKCS#11 module path given"));
    if (tokenLabel.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("no token label given"));
    auto module = Pkcs11Module::load(modulePath);
    if (!module)
        return makeError(module.error().kind,
                         QStringLiteral("PKCS#11 module '%1': %2").arg(modulePath, module.error().message));
    auto token = Token::open(module.take(), tokenLabel);
    if (!token)
        return makeError(
            token.error().kind,
            QStringLiteral("token '%1' (module '%2'): %3").arg(tokenLabel, modulePath, token.error().message));
    if (auto in = token.value()->login(pin); !in) {
        if (in.error().message.contains(QStringLiteral("CKR_PIN_INCORRECT")) ||
            in.error().message.contains(QStringLiteral("CKR_PIN_INVALID")) ||
            in.error().message.contains(QStringLiteral("CKR_PIN_LEN_RANGE")))
            return makeError(ErrorKind::Denied, QStringLiteral("wrong PIN for token '%1'").arg(tokenLabel));
        return in.error();
    }
    std::unique_ptr<TokenObjectSource> source(new TokenObjectSource);
    source->m_token = token.take();
    return source;
}

TokenObjectSource::~TokenObjectSource()
{
    if (m_token)
        (void)m_token->logout();
}

Outcome<QList<TokenObjectEntry>> TokenObjectSource::list()
{
    auto s = m_token->session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_token->module().functions();
    QList<TokenObjectEntry> entries;
    for (const CK_OBJECT_CLASS objectClass : {CKO_CERTIFICATE, CKO_PUBLIC_KEY, CKO_PRIVATE_KEY, CKO_SECRET_KEY}) {
        AttributeTemplate match;
        match.addUlong(CKA_CLASS, objectClass);
        auto found = p11::findObjects(f, s.value(), match.attributes());
        if (!found)
            return found.error();
        for (const CK_OBJECT_HANDLE handle : found.value()) {
            const Object object{f, s.value(), handle};
            TokenObjectEntry entry;
            auto id = object.bytes(CKA_ID);
            auto label = object.bytes(CKA_LABEL);
            entry.id = id ? id.value() : QByteArray();
            entry.label = label ? QString::fromUtf8(label.value()) : QString();
            entry.objectClass = className(objectClass);
            entry.description = describe(object, objectClass);
            entry.importable = true;
            if (objectClass == CKO_CERTIFICATE && !entry.description.startsWith(QStringLiteral("X.509"))) {
                entry.importable = false;
                entry.whyNot = QStringLiteral("not an X.509 certificate Custos can read");
            } else if (objectClass != CKO_CERTIFICATE && !entry.description.startsWith(QStringLiteral("RSA")) &&
                       !entry.description.startsWith(QStringLiteral("EC P-")) &&
                       !entry.description.startsWith(QStringLiteral("AES"))) {
                entry.importable = false;
                entry.whyNot =
                    QStringLiteral("%1: expected an RSA, EC (P-256, P-384, P-521) or AES key").arg(entry.description);
            } else if ((objectClass == CKO_PRIVATE_KEY || objectClass == CKO_SECRET_KEY) &&
                       (object.flag(CKA_SENSITIVE, true) || !object.flag(CKA_EXTRACTABLE, false))) {
                entry.importable = false;
                entry.whyNot = kNotExtractable;
            }
            entries << entry;
        }
    }
    std::stable_sort(entries.begin(), entries.end(), [](const TokenObjectEntry& a, const TokenObjectEntry& b) {
        return a.label.localeAwareCompare(b.label) < 0;
    });
    return entries;
}

Outcome<KeyFileContents> TokenObjectSource::read(const TokenObjectEntry& entry)
{
    auto s = m_token->session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_token->module().functions();
    const CK_OBJECT_CLASS objectClass = classFromName(entry.objectClass);
    const QString where = QStringLiteral("%1 '%2' on token '%3'").arg(entry.objectClass, entry.label, m_token->label());

    AttributeTemplate match;
    match.addUlong(CKA_CLASS, objectClass);
    if (!entry.id.isEmpty())
        match.addBytes(CKA_ID, entry.id);
    if (!entry.label.isEmpty() || entry.id.isEmpty())
        match.addText(CKA_LABEL, entry.label);
    auto found = p11::findObjects(f, s.value(), match.attributes(), 2);
    if (!found)
        return found.error();
    if (found->empty())
        return makeError(ErrorKind::NotFound, QStringLiteral("no %1 any more").arg(where));
    const Object object{f, s.value(), found->front()};

    Outcome<ImportedKey> key;
    switch (objectClass) {
    case CKO_CERTIFICATE:
        key = readCertificate(object, where);
        break;
    case CKO_PUBLIC_KEY:
        key = readPublic(object, where);
        break;
    case CKO_PRIVATE_KEY:
    case CKO_SECRET_KEY: {
        if (object.flag(CKA_SENSITIVE, true) || !object.flag(CKA_EXTRACTABLE, false))
            return makeError(ErrorKind::Invalid, QStringLiteral("%1 is %2").arg(where, kNotExtractable));
        const auto keyType = object.ulong(CKA_KEY_TYPE);
        if (objectClass == CKO_SECRET_KEY) {
            if (!keyType || *keyType != CKK_AES)
                return makeError(ErrorKind::Invalid, QStringLiteral("%1: expected an AES key").arg(where));
            auto value = object.secret(CKA_VALUE);
            if (!value)
                return makeError(value.error().kind, QStringLiteral("%1: %2").arg(where, value.error().message));
            if (value->size() != 16 && value->size() != 24 && value->size() != 32)
                return makeError(
                    ErrorKind::Invalid,
                    QStringLiteral("%1: an AES key of %2 bytes: expected 16, 24 or 32").arg(where).arg(value->size()));
            ImportedKey aes;
            aes.kind = KeyKind::Aes;
            aes.bits = static_cast<int>(value->size() * 8);
            aes.privateKey = value.take();
            key = std::move(aes);
        } else if (keyType && *keyType == CKK_RSA) {
            key = readRsaPrivate(object, where);
        } else if (keyType && *keyType == CKK_EC) {
            key = readEcPrivate(object, where);
        } else {
            return makeError(ErrorKind::Invalid, QStringLiteral("%1: expected an RSA or EC private key").arg(where));
        }
        break;
    }
    default:
        break;
    }
    if (!key)
        return key.error();
    ImportedKey imported = key.take();
    imported.label = entry.label.isEmpty() ? entry.objectClass : entry.label;

    // A key's certificate: one with the same CKA_ID.
    if (objectClass != CKO_CERTIFICATE && objectClass != CKO_SECRET_KEY && !entry.id.isEmpty()) {
        AttributeTemplate certificates;
        certificates.addUlong(CKA_CLASS, CKO_CERTIFICATE).addBytes(CKA_ID, entry.id);
        auto certs = p11::findObjects(f, s.value(), certificates.attributes(), 1);
        if (certs && !certs->empty()) {
            const Object certificate{f, s.value(), certs->front()};
            auto der = certificate.bytes(CKA_VALUE);
            auto info = der ? x509::inspectCertificate(der.value()) : Outcome<x509::CertificateInfo>(der.error());
            if (info && info->subjectPublicKeyDer == imported.publicKeyDer)
                imported.certificateDer = der.take();
        }
    }

    KeyFileContents contents;
    contents.format = QStringLiteral("PKCS#11 object '%1'").arg(entry.label);
    if (imported.kind == KeyKind::Rsa && imported.bits < 2048)
        contents.warnings << QStringLiteral("RSA %1 bits is below 2048").arg(imported.bits);
    contents.keys.push_back(std::move(imported));
    return contents;
}

} // namespace custos::crypto::import
