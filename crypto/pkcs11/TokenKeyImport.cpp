// Token::importKeyPair: an RSA or EC private key held by OpenSSL becomes a private token key with the
// protection generated keys get (`cert import` into the HSM). The components pass through secure
// memory only and are wiped when the objects exist.

#include "Token.h"

#include "AttributeTemplate.h"
#include "Pkcs11Objects.h"
#include "crypto/ossl/OsslHandles.h"
#include "crypto/ossl/PublicKeyInfo.h"

#include <openssl/core_names.h>
#include <openssl/x509.h>

#include <deque>

namespace custos::crypto {

namespace {

struct ImportCurve
{
    const char* name;    // ours and OpenSSL's NIST name
    const char* sslName; // OpenSSL's group name as a key reports it
    QByteArray oid;      // DER OBJECT IDENTIFIER, the value of CKA_EC_PARAMS
    int fieldBytes;
};

const ImportCurve* findImportCurve(const QString& groupName)
{
    static const ImportCurve curves[] = {
        {"P-256", "prime256v1", QByteArray::fromHex("06082a8648ce3d030107"), 32},
        {"P-384", "secp384r1", QByteArray::fromHex("06052b81040022"), 48},
        {"P-521", "secp521r1", QByteArray::fromHex("06052b81040023"), 66},
    };
    for (const ImportCurve& curve : curves) {
        if (groupName == QLatin1String(curve.name) || groupName == QLatin1String(curve.sslName))
            return &curve;
    }
    return nullptr;
}

// The secret components, owned here so the template can point at them; wiped on destruction.
class Components
{
public:
    // One BIGNUM parameter of the key, big-endian, left-padded to `minBytes`; false if the key lacks it.
    bool add(const EVP_PKEY* key, const char* param, int minBytes = 0)
    {
        BIGNUM* bn = nullptr;
        if (EVP_PKEY_get_bn_param(key, param, &bn) != 1 || !bn)
            return false;
        const int size = std::max(BN_num_bytes(bn), minBytes);
        SecureBuffer buffer(static_cast<std::size_t>(size));
        const bool ok = BN_bn2binpad(bn, buffer.data(), size) == size;
        BN_clear_free(bn);
        if (ok)
            m_values.push_back(std::move(buffer));
        return ok;
    }
    const SecureBuffer& last() const { return m_values.back(); }

private:
    std::deque<SecureBuffer> m_values;
};

// DER OCTET STRING around the uncompressed point, as CKA_EC_POINT wants it (PKCS#11 2.40).
QByteArray octetString(const QByteArray& value)
{
    QByteArray der(1, char(0x04));
    if (value.size() < 0x80) {
        der.append(char(value.size()));
    } else {
        der.append(char(0x81));
        der.append(char(value.size()));
    }
    return der + value;
}

Error unsupported(const QString& what)
{
    return makeError(ErrorKind::Invalid,
                     QStringLiteral("cannot import %1 into the HSM: expected an RSA key of 2048, 3072 or 4096 bits "
                                    "or an EC key on P-256, P-384 or P-521")
                         .arg(what));
}

void addCommon(AttributeTemplate& t, CK_OBJECT_CLASS objectClass, CK_KEY_TYPE keyType, const KeyGenSpec& spec)
{
    t.addUlong(CKA_CLASS, objectClass).addUlong(CKA_KEY_TYPE, keyType);
    t.addBool(CKA_TOKEN, true).addBool(CKA_PRIVATE, true);
    t.addBytes(CKA_ID, spec.id).addText(CKA_LABEL, spec.label);
}

} // namespace

Outcome<GeneratedKey> Token::importKeyPair(const KeyGenSpec& spec, const SecureBuffer& privateKeyPkcs8Der)
{
    const unsigned char* p = privateKeyPkcs8Der.data();
    ossl::PkeyPtr key(d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(privateKeyPkcs8Der.size())));
    if (!key)
        return makeError(ErrorKind::Invalid, QStringLiteral("the private key to import is malformed"));
    return importKeyPair(spec, key.get());
}

Outcome<GeneratedKey> Token::importKeyPair(const KeyGenSpec& spec, const EVP_PKEY* key)
{
    if (spec.id.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("a key needs a non-empty id"));
    if (!key)
        return makeError(ErrorKind::Invalid, QStringLiteral("no private key to import"));
    const bool rsa = EVP_PKEY_is_a(key, "RSA");
    if (!rsa && !EVP_PKEY_is_a(key, "EC"))
        return unsupported(QStringLiteral("a %1 key").arg(QString::fromLatin1(EVP_PKEY_get0_type_name(key))));

    AttributeTemplate publicKey;
    AttributeTemplate privateKey;
    addCommon(publicKey, CKO_PUBLIC_KEY, rsa ? CKK_RSA : CKK_EC, spec);
    addCommon(privateKey, CKO_PRIVATE_KEY, rsa ? CKK_RSA : CKK_EC, spec);
    privateKey.addBool(CKA_SENSITIVE, true).addBool(CKA_EXTRACTABLE, true);
    privateKey.addBool(CKA_WRAP_WITH_TRUSTED, spec.wrapWithTrusted);
    publicKey.addBool(CKA_VERIFY, true);
    privateKey.addBool(CKA_SIGN, true);

    Components components;
    Outcome<QByteArray> publicKeyDer;
    if (rsa) {
        const int bits = EVP_PKEY_get_bits(key);
        if (bits != 2048 && bits != 3072 && bits != 4096)
            return unsupported(QStringLiteral("an RSA key of %1 bits").arg(bits));
        // Public parts are not secret but come through the same path.
        if (!components.add(key, OSSL_PKEY_PARAM_RSA_N))
            return makeError(ErrorKind::Invalid, QStringLiteral("the RSA key has no modulus"));
        const QByteArray modulus(components.last().chars(), qsizetype(components.last().size()));
        if (!components.add(key, OSSL_PKEY_PARAM_RSA_E))
            return makeError(ErrorKind::Invalid, QStringLiteral("the RSA key has no public exponent"));
        const QByteArray exponent(components.last().chars(), qsizetype(components.last().size()));
        publicKey.addBytes(CKA_MODULUS, modulus).addBytes(CKA_PUBLIC_EXPONENT, exponent);
        publicKey.addBool(CKA_ENCRYPT, true).addBool(CKA_WRAP, true);
        privateKey.addBytes(CKA_MODULUS, modulus).addBytes(CKA_PUBLIC_EXPONENT, exponent);
        privateKey.addBool(CKA_DECRYPT, true).addBool(CKA_UNWRAP, true);
        const std::pair<const char*, CK_ATTRIBUTE_TYPE> secrets[] = {
            {OSSL_PKEY_PARAM_RSA_D, CKA_PRIVATE_EXPONENT},   {OSSL_PKEY_PARAM_RSA_FACTOR1, CKA_PRIME_1},
            {OSSL_PKEY_PARAM_RSA_FACTOR2, CKA_PRIME_2},      {OSSL_PKEY_PARAM_RSA_EXPONENT1, CKA_EXPONENT_1},
            {OSSL_PKEY_PARAM_RSA_EXPONENT2, CKA_EXPONENT_2}, {OSSL_PKEY_PARAM_RSA_COEFFICIENT1, CKA_COEFFICIENT},
        };
        for (const auto& [param, type] : secrets) {
            if (!components.add(key, param))
                return makeError(ErrorKind::Invalid, QStringLiteral("the RSA private key lacks its private "
                                                                    "exponent or CRT components"));
            privateKey.addSecret(type, components.last());
        }
        publicKeyDer = ossl::rsaPublicKeyInfo(modulus, exponent);
    } else {
        char group[64] = {};
        if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, nullptr) != 1)
            return unsupported(QStringLiteral("an EC key with explicit parameters"));
        const ImportCurve* curve = findImportCurve(QString::fromLatin1(group));
        if (!curve)
            return unsupported(QStringLiteral("an EC key on %1").arg(QString::fromLatin1(group)));
        unsigned char point[2 * 66 + 1];
        std::size_t pointSize = 0;
        if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point, sizeof point, &pointSize) !=
                1 ||
            pointSize != std::size_t(2 * curve->fieldBytes + 1) || point[0] != 0x04)
            return makeError(ErrorKind::Invalid, QStringLiteral("the EC key's public point is missing or not "
                                                                "uncompressed"));
        const QByteArray uncompressed(reinterpret_cast<const char*>(point), qsizetype(pointSize));
        publicKey.addBytes(CKA_EC_PARAMS, curve->oid).addBytes(CKA_EC_POINT, octetString(uncompressed));
        privateKey.addBytes(CKA_EC_PARAMS, curve->oid).addBool(CKA_DERIVE, true);
        if (!components.add(key, OSSL_PKEY_PARAM_PRIV_KEY, curve->fieldBytes))
            return makeError(ErrorKind::Invalid, QStringLiteral("the EC key has no private value"));
        privateKey.addSecret(CKA_VALUE, components.last());
        publicKeyDer = ossl::ecPublicKeyInfo(curve->name, uncompressed);
    }
    if (!publicKeyDer)
        return publicKeyDer.error();

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
    CK_OBJECT_HANDLE privateHandle = CK_INVALID_HANDLE;
    CK_RV rv = f->C_CreateObject(s.value(), privateKey.data(), privateKey.count(), &privateHandle);
    if (rv != CKR_OK)
        return pkcs11Error("C_CreateObject (private key)", rv);
    CK_OBJECT_HANDLE publicHandle = CK_INVALID_HANDLE;
    rv = f->C_CreateObject(s.value(), publicKey.data(), publicKey.count(), &publicHandle);
    if (rv != CKR_OK) {
        f->C_DestroyObject(s.value(), privateHandle); // no half pair
        return pkcs11Error("C_CreateObject (public key)", rv);
    }
    std::lock_guard lock(m_mutex);
    m_handleCache[p11::objectCacheKey(CKO_PUBLIC_KEY, spec.id)] = publicHandle;
    m_handleCache[p11::objectCacheKey(CKO_PRIVATE_KEY, spec.id)] = privateHandle;
    return GeneratedKey{spec.id, publicKeyDer.take()};
}

} // namespace custos::crypto
