// Token's key objects: generation, lookup by CKA_ID, destruction.

#include "Token.h"

#include "AttributeTemplate.h"
#include "Pkcs11Objects.h"
#include "crypto/ossl/PublicKeyInfo.h"

#include <QSet>

#include <optional>

namespace custos::crypto {

namespace {
struct Curve
{
    const char* name; // ours and OpenSSL's group name
    QByteArray oid;   // DER OBJECT IDENTIFIER, the value of CKA_EC_PARAMS
    int fieldBytes;
};

const Curve* findCurve(const QString& name)
{
    static const Curve curves[] = {
        {"P-256", QByteArray::fromHex("06082a8648ce3d030107"), 32},
        {"P-384", QByteArray::fromHex("06052b81040022"), 48},
        {"P-521", QByteArray::fromHex("06052b81040023"), 66},
    };
    for (const Curve& curve : curves) {
        if (name == QLatin1String(curve.name))
            return &curve;
    }
    return nullptr;
}

Outcome<void> validate(const KeyGenSpec& spec)
{
    if (spec.id.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("a key needs a non-empty id"));
    switch (spec.kind) {
    case KeyKind::Aes:
        if (spec.bits != 128 && spec.bits != 192 && spec.bits != 256)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("unsupported AES size %1: expected 128, 192 or 256").arg(spec.bits));
        return {};
    case KeyKind::Rsa:
        if (spec.bits != 2048 && spec.bits != 3072 && spec.bits != 4096)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("unsupported RSA size %1: expected 2048, 3072 or 4096").arg(spec.bits));
        return {};
    case KeyKind::Ec:
        if (!findCurve(spec.curve))
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("unsupported EC curve \"%1\": expected P-256, P-384 or P-521").arg(spec.curve));
        return {};
    }
    return makeError(ErrorKind::Invalid, QStringLiteral("unknown key kind"));
}

// CKA_EC_POINT is a DER OCTET STRING around 04||X||Y (PKCS#11 2.40); some modules return the raw
// point. The expected size tells the two apart, since a raw point also starts with 0x04.
std::optional<QByteArray> uncompressedPoint(const QByteArray& ecPoint, int fieldBytes)
{
    const qsizetype pointSize = 2 * fieldBytes + 1;
    const auto byteAt = [&ecPoint](qsizetype i) { return static_cast<unsigned char>(ecPoint.at(i)); };
    if (ecPoint.size() == pointSize && byteAt(0) == 0x04)
        return ecPoint;
    if (pointSize < 0x80 && ecPoint.size() == pointSize + 2 && byteAt(0) == 0x04 && byteAt(1) == pointSize)
        return ecPoint.mid(2);
    if (pointSize >= 0x80 && ecPoint.size() == pointSize + 3 && byteAt(0) == 0x04 && byteAt(1) == 0x81 &&
        byteAt(2) == pointSize)
        return ecPoint.mid(3);
    return std::nullopt;
}

void addCommon(AttributeTemplate& t, CK_OBJECT_CLASS objectClass, CK_KEY_TYPE keyType, const KeyGenSpec& spec)
{
    t.addUlong(CKA_CLASS, objectClass).addUlong(CKA_KEY_TYPE, keyType);
    t.addBool(CKA_TOKEN, true).addBool(CKA_PRIVATE, true);
    t.addBytes(CKA_ID, spec.id).addText(CKA_LABEL, spec.label);
}

// The token lets secret material out only wrapped, and with wrapWithTrusted only under a trusted key.
void addSecretProtection(AttributeTemplate& t, const KeyGenSpec& spec)
{
    t.addBool(CKA_SENSITIVE, true).addBool(CKA_EXTRACTABLE, true).addBool(CKA_WRAP_WITH_TRUSTED, spec.wrapWithTrusted);
}
} // namespace

Outcome<GeneratedKey> Token::generateKey(const KeyGenSpec& spec)
{
    if (auto valid = validate(spec); !valid)
        return valid.error();
    auto existing = hasObjects(spec.id);
    if (!existing)
        return existing.error();
    if (existing.value())
        return makeError(ErrorKind::Conflict, QStringLiteral("token \"%1\" already holds objects with id %2")
                                                  .arg(m_label, QString::fromLatin1(spec.id.toHex())));
    auto s = session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_module->functions();

    if (spec.kind == KeyKind::Aes) {
        AttributeTemplate key;
        addCommon(key, CKO_SECRET_KEY, CKK_AES, spec);
        addSecretProtection(key, spec);
        key.addUlong(CKA_VALUE_LEN, static_cast<CK_ULONG>(spec.bits / 8));
        key.addBool(CKA_ENCRYPT, true).addBool(CKA_DECRYPT, true).addBool(CKA_WRAP, true).addBool(CKA_UNWRAP, true);
        CK_MECHANISM mechanism{CKM_AES_KEY_GEN, nullptr, 0};
        CK_OBJECT_HANDLE handle = CK_INVALID_HANDLE;
        const CK_RV rv = f->C_GenerateKey(s.value(), &mechanism, key.data(), key.count(), &handle);
        if (rv != CKR_OK)
            return discardFailedGeneration(spec.id, pkcs11Error("C_GenerateKey", rv));
        std::lock_guard lock(m_mutex);
        m_handleCache[p11::objectCacheKey(CKO_SECRET_KEY, spec.id)] = handle;
        return GeneratedKey{spec.id, {}};
    }

    const bool rsa = spec.kind == KeyKind::Rsa;
    const Curve* curve = rsa ? nullptr : findCurve(spec.curve);
    AttributeTemplate publicKey;
    AttributeTemplate privateKey;
    addCommon(publicKey, CKO_PUBLIC_KEY, rsa ? CKK_RSA : CKK_EC, spec);
    addCommon(privateKey, CKO_PRIVATE_KEY, rsa ? CKK_RSA : CKK_EC, spec);
    addSecretProtection(privateKey, spec);
    publicKey.addBool(CKA_VERIFY, true);
    privateKey.addBool(CKA_SIGN, true);
    if (rsa) {
        publicKey.addUlong(CKA_MODULUS_BITS, static_cast<CK_ULONG>(spec.bits));
        publicKey.addBytes(CKA_PUBLIC_EXPONENT, QByteArray::fromHex("010001"));
        publicKey.addBool(CKA_ENCRYPT, true).addBool(CKA_WRAP, true);
        privateKey.addBool(CKA_DECRYPT, true).addBool(CKA_UNWRAP, true);
    } else {
        publicKey.addBytes(CKA_EC_PARAMS, curve->oid);
        privateKey.addBool(CKA_DERIVE, true);
    }
    CK_MECHANISM mechanism{rsa ? CKM_RSA_PKCS_KEY_PAIR_GEN : CKM_EC_KEY_PAIR_GEN, nullptr, 0};
    CK_OBJECT_HANDLE publicHandle = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE privateHandle = CK_INVALID_HANDLE;
    const CK_RV rv = f->C_GenerateKeyPair(s.value(), &mechanism, publicKey.data(), publicKey.count(), privateKey.data(),
                                          privateKey.count(), &publicHandle, &privateHandle);
    if (rv != CKR_OK)
        return discardFailedGeneration(spec.id, pkcs11Error("C_GenerateKeyPair", rv));

    Outcome<QByteArray> der;
    if (rsa) {
        auto modulus = p11::readAttribute(f, s.value(), publicHandle, CKA_MODULUS);
        auto exponent = p11::readAttribute(f, s.value(), publicHandle, CKA_PUBLIC_EXPONENT);
        der = !modulus    ? Outcome<QByteArray>(modulus.error())
              : !exponent ? Outcome<QByteArray>(exponent.error())
                          : ossl::rsaPublicKeyInfo(modulus.value(), exponent.value());
    } else if (auto ecPoint = p11::readAttribute(f, s.value(), publicHandle, CKA_EC_POINT); !ecPoint) {
        der = ecPoint.error();
    } else if (auto point = uncompressedPoint(ecPoint.value(), curve->fieldBytes)) {
        der = ossl::ecPublicKeyInfo(curve->name, *point);
    } else {
        der = makeError(
            ErrorKind::Failed,
            QStringLiteral("unexpected CKA_EC_POINT encoding (%1 bytes) for %2").arg(ecPoint->size()).arg(spec.curve));
    }
    if (!der) {
        // Undo: a key pair whose public key cannot be exported is of no use to the caller.
        f->C_DestroyObject(s.value(), privateHandle);
        f->C_DestroyObject(s.value(), publicHandle);
        return der.error();
    }
    std::lock_guard lock(m_mutex);
    m_handleCache[p11::objectCacheKey(CKO_PUBLIC_KEY, spec.id)] = publicHandle;
    m_handleCache[p11::objectCacheKey(CKO_PRIVATE_KEY, spec.id)] = privateHandle;
    return GeneratedKey{spec.id, der.take()};
}

Error Token::discardFailedGeneration(const QByteArray& id, Error failure)
{
    // A token can make the objects and still answer with an error (a device error on the way back):
    // the id was free before, so whatever carries it now is this failed call's. Best effort: with
    // the token gone nothing can be removed, and `doctor` reports the orphan later.
    (void)destroyObjects(id);
    return failure;
}

Outcome<void> Token::destroyObjects(const QByteArray& id)
{
    if (id.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("empty object id"));
    auto s = session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_module->functions();
    AttributeTemplate match;
    match.addBytes(CKA_ID, id);
    auto found = p11::findObjects(f, s.value(), match.attributes());
    if (!found)
        return found.error();
    forgetCachedHandles(p11::idCacheKeySuffix(id));
    for (const CK_OBJECT_HANDLE handle : found.value()) {
        const CK_RV rv = f->C_DestroyObject(s.value(), handle);
        if (rv != CKR_OK && rv != CKR_OBJECT_HANDLE_INVALID)
            return pkcs11Error("C_DestroyObject", rv);
    }
    return {};
}

Outcome<bool> Token::hasObjects(const QByteArray& id)
{
    if (id.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("empty object id"));
    auto s = session();
    if (!s)
        return s.error();
    AttributeTemplate match;
    match.addBytes(CKA_ID, id);
    auto found = p11::findObjects(m_module->functions(), s.value(), match.attributes(), 1);
    if (!found)
        return found.error();
    return !found->empty();
}

Outcome<QList<QByteArray>> Token::listKeyIds()
{
    auto s = session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_module->functions();
    QList<QByteArray> ids;
    QSet<QByteArray> seen;
    for (const CK_OBJECT_CLASS objectClass : {CKO_SECRET_KEY, CKO_PRIVATE_KEY, CKO_PUBLIC_KEY}) {
        AttributeTemplate match;
        match.addUlong(CKA_CLASS, objectClass);
        auto found = p11::findObjects(f, s.value(), match.attributes());
        if (!found)
            return found.error();
        for (const CK_OBJECT_HANDLE handle : found.value()) {
            auto id = p11::readAttribute(f, s.value(), handle, CKA_ID);
            if (!id)
                return id.error();
            if (!id->isEmpty() && !seen.contains(id.value())) {
                seen.insert(id.value());
                ids << id.value();
            }
        }
    }
    return ids;
}

} // namespace custos::crypto
