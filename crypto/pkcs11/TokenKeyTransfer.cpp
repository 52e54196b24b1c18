// Keys that arrive from outside and become token keys: AES keys given as bytes, and BYOK blobs
// (CKM_RSA_AES_KEY_WRAP) unwrapped inside the token so the target key never exists in clear here.

#include "TokenKeyTransfer.h"

#include "AttributeTemplate.h"
#include "Pkcs11Objects.h"
#include "TokenByok_p.h"
#include "crypto/ossl/OsslHandles.h"
#include "crypto/ossl/PublicKeyInfo.h"

#include <algorithm>
#include <cstring>
#include <optional>

namespace custos::crypto {

namespace {

using byokdetail::Undo;

// p11-kit 0.24 defines the mechanism but not its parameters (PKCS#11 2.40, 2.1.21).
struct RsaAesKeyWrapParams
{
    CK_ULONG aesKeyBits;
    CK_RSA_PKCS_OAEP_PARAMS* oaepParams;
};

constexpr CK_ULONG kEphemeralKeyBytes = 32;
constexpr qsizetype kMaxWrappedAesKey = 40; // RFC 5649 output for a 32-byte key

void addCommon(AttributeTemplate& t, CK_OBJECT_CLASS objectClass, CK_KEY_TYPE keyType, const KeyGenSpec& spec)
{
    t.addUlong(CKA_CLASS, objectClass).addUlong(CKA_KEY_TYPE, keyType);
    t.addBool(CKA_TOKEN, true).addBool(CKA_PRIVATE, true);
    t.addBytes(CKA_ID, spec.id).addText(CKA_LABEL, spec.label);
}

// What generated keys get (TokenKeys.cpp): the secret leaves the token only wrapped, with
// wrapWithTrusted only under a trusted key; the usage of the key's kind.
void addProtectionAndUsage(AttributeTemplate& t, KeyKind kind, const KeyGenSpec& spec)
{
    t.addBool(CKA_SENSITIVE, true).addBool(CKA_EXTRACTABLE, true).addBool(CKA_WRAP_WITH_TRUSTED, spec.wrapWithTrusted);
    switch (kind) {
    case KeyKind::Aes:
        t.addBool(CKA_ENCRYPT, true).addBool(CKA_DECRYPT, true).addBool(CKA_WRAP, true).addBool(CKA_UNWRAP, true);
        break;
    case KeyKind::Rsa:
        t.addBool(CKA_SIGN, true).addBool(CKA_DECRYPT, true).addBool(CKA_UNWRAP, true);
        break;
    case KeyKind::Ec:
        t.addBool(CKA_SIGN, true).addBool(CKA_DERIVE, true);
        break;
    }
}

Outcome<void> checkNewId(Token& token, const KeyGenSpec& spec)
{
    if (spec.id.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("a key needs a non-empty id"));
    auto existing = token.hasObjects(spec.id);
    if (!existing)
        return existing.error();
    if (existing.value())
        return makeError(ErrorKind::Conflict, QStringLiteral("token \"%1\" already holds objects with id %2")
                                                  .arg(token.label(), QString::fromLatin1(spec.id.toHex())));
    return {};
}

Outcome<CK_ULONG> readUlong(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE h, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type)
{
    CK_ULONG value = 0;
    CK_ATTRIBUTE attribute{type, &value, sizeof value};
    const CK_RV rv = f->C_GetAttributeValue(h, object, &attribute, 1);
    if (rv != CKR_OK)
        return pkcs11Error("C_GetAttributeValue", rv);
    return value;
}

bool hasMechanism(Token& token, CK_MECHANISM_TYPE wanted)
{
    CK_FUNCTION_LIST* f = token.module().functions();
    const CK_SLOT_ID slot = token.slotInfo().id;
    CK_ULONG count = 0;
    if (f->C_GetMechanismList(slot, nullptr, &count) != CKR_OK)
        return false;
    std::vector<CK_MECHANISM_TYPE> mechanisms(count);
    if (f->C_GetMechanismList(slot, mechanisms.data(), &count) != CKR_OK)
        return false;
    mechanisms.resize(count);
    return std::find(mechanisms.begin(), mechanisms.end(), wanted) != mechanisms.end();
}

Error notUnwrapped(const QString& why)
{
    return makeError(ErrorKind::Failed, QStringLiteral("the .byok ciphertext does not unwrap under the KEK: ") + why);
}

Error unsupported(const QString& what)
{
    return makeError(ErrorKind::Invalid,
                     QStringLiteral("the .byok file holds %1: expected an RSA key of 2048, 3072 or 4096 bits, an EC "
                                    "key on P-256, P-384 or P-521, or an AES key of 128, 192 or 256 bits")
                         .arg(what));
}

// The KEK: an RSA private key that may unwrap; its modulus size in bytes.
Outcome<qsizetype> checkKek(Token& token, CK_OBJECT_HANDLE kek)
{
    auto s = token.session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = token.module().functions();
    auto keyType = readUlong(f, s.value(), kek, CKA_KEY_TYPE);
    if (!keyType)
        return keyType.error();
    if (keyType.value() != CKK_RSA)
        return makeError(ErrorKind::Invalid, QStringLiteral("the key exchange key is not an RSA key"));
    auto unwrap = p11::readBoolAttribute(f, s.value(), kek, CKA_UNWRAP);
    if (!unwrap)
        return unwrap.error();
    if (!unwrap.value())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("the key exchange key may not unwrap (CKA_UNWRAP is false)"));
    auto modulus = p11::readAttribute(f, s.value(), kek, CKA_MODULUS);
    if (!modulus)
        return modulus.error();
    qsizetype size = modulus->size();
    for (qsizetype i = 0; i < modulus->size() && modulus->at(i) == 0; ++i)
        --size; // a leading zero byte some modules keep
    return size;
}

// One C_UnwrapKey of the target: with CKM_RSA_AES_KEY_WRAP under the KEK, or with
// CKM_AES_KEY_WRAP_PAD under the ephemeral session key the first step gave.
class TargetUnwrapper
{
public:
    TargetUnwrapper(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE h, QByteArray ciphertext, qsizetype modulusBytes)
        : m_f(f), m_h(h), m_ciphertext(std::move(ciphertext)), m_modulusBytes(modulusBytes)
    {
    }

    void useRsaAesKeyWrap(CK_OBJECT_HANDLE kek) { m_kek = kek; }
    void useEphemeralKey(CK_OBJECT_HANDLE ephemeral) { m_ephemeral = ephemeral; }

    CK_RV unwrap(AttributeTemplate& key, CK_OBJECT_HANDLE* handle)
    {
        if (m_ephemeral != CK_INVALID_HANDLE) {
            QByteArray wrapped = m_ciphertext.mid(m_modulusBytes);
            CK_MECHANISM mechanism{CKM_AES_KEY_WRAP_PAD, nullptr, 0};
            return m_f->C_UnwrapKey(m_h, &mechanism, m_ephemeral, reinterpret_cast<CK_BYTE*>(wrapped.data()),
                                    static_cast<CK_ULONG>(wrapped.size()), key.data(), key.count(), handle);
        }
        CK_RSA_PKCS_OAEP_PARAMS oaep{CKM_SHA_1, CKG_MGF1_SHA1, CKZ_DATA_SPECIFIED, nullptr, 0};
        RsaAesKeyWrapParams params{kEphemeralKeyBytes * 8, &oaep};
        CK_MECHANISM mechanism{CKM_RSA_AES_KEY_WRAP, &params, sizeof params};
        return m_f->C_UnwrapKey(m_h, &mechanism, m_kek, reinterpret_cast<CK_BYTE*>(m_ciphertext.data()),
                                static_cast<CK_ULONG>(m_ciphertext.size()), key.data(), key.count(), handle);
    }

private:
    CK_FUNCTION_LIST* m_f;
    CK_SESSION_HANDLE m_h;
    QByteArray m_ciphertext; // the module only reads it
    qsizetype m_modulusBytes;
    CK_OBJECT_HANDLE m_kek = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE m_ephemeral = CK_INVALID_HANDLE;
};

// Step one without CKM_RSA_AES_KEY_WRAP: the ephemeral AES key as a session object that can only
// unwrap and never leaves the token.
Outcome<CK_OBJECT_HANDLE> unwrapEphemeralKey(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE h, CK_OBJECT_HANDLE kek,
                                             const QByteArray& ciphertext, qsizetype modulusBytes)
{
    AttributeTemplate key;
    key.addUlong(CKA_CLASS, CKO_SECRET_KEY).addUlong(CKA_KEY_TYPE, CKK_AES);
    key.addBool(CKA_TOKEN, false).addBool(CKA_PRIVATE, true);
    key.addBool(CKA_SENSITIVE, true).addBool(CKA_EXTRACTABLE, false);
    key.addBool(CKA_UNWRAP, true).addBool(CKA_WRAP, false).addBool(CKA_ENCRYPT, false).addBool(CKA_DECRYPT, false);
    CK_RSA_PKCS_OAEP_PARAMS oaep{CKM_SHA_1, CKG_MGF1_SHA1, CKZ_DATA_SPECIFIED, nullptr, 0};
    CK_MECHANISM mechanism{CKM_RSA_PKCS_OAEP, &oaep, sizeof oaep};
    QByteArray block = ciphertext.left(modulusBytes);
    CK_OBJECT_HANDLE handle = CK_INVALID_HANDLE;
    const CK_RV rv = f->C_UnwrapKey(h, &mechanism, kek, reinterpret_cast<CK_BYTE*>(block.data()),
                                    static_cast<CK_ULONG>(block.size()), key.data(), key.count(), &handle);
    if (rv != CKR_OK)
        return notUnwrapped(pkcs11Error("C_UnwrapKey(CKM_RSA_PKCS_OAEP)", rv).message);
    return handle;
}

int significantBits(const QByteArray& bigEndian)
{
    ossl::BigNumPtr bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(bigEndian.constData()),
                                 static_cast<int>(bigEndian.size()), nullptr));
    return bn ? BN_num_bits(bn.get()) : 0;
}

// The public key object of an RSA private key that arrived wrapped; its SubjectPublicKeyInfo DER.
Outcome<QByteArray> createRsaPublicKey(Token& token, const KeyGenSpec& spec, CK_OBJECT_HANDLE privateKey, int* bits,
                                       CK_OBJECT_HANDLE* publicHandle)
{
    auto s = token.session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = token.module().functions();
    auto modulus = p11::readAttribute(f, s.value(), privateKey, CKA_MODULUS);
    if (!modulus)
        return modulus.error();
    auto exponent = p11::readAttribute(f, s.value(), privateKey, CKA_PUBLIC_EXPONENT);
    if (!exponent)
        return exponent.error();
    *bits = significantBits(modulus.value());
    if (*bits != 2048 && *bits != 3072 && *bits != 4096)
        return unsupported(QStringLiteral("an RSA key of %1 bits").arg(*bits));
    auto der = ossl::rsaPublicKeyInfo(modulus.value(), exponent.value());
    if (!der)
        return der.error();
    AttributeTemplate publicKey;
    addCommon(publicKey, CKO_PUBLIC_KEY, CKK_RSA, spec);
    publicKey.addBytes(CKA_MODULUS, modulus.value()).addBytes(CKA_PUBLIC_EXPONENT, exponent.value());
    publicKey.addBool(CKA_VERIFY, true).addBool(CKA_ENCRYPT, true).addBool(CKA_WRAP, true);
    const CK_RV rv = f->C_CreateObject(s.value(), publicKey.data(), publicKey.count(), publicHandle);
    if (rv != CKR_OK)
        return pkcs11Error("C_CreateObject (public key)", rv);
    return der.take();
}

Outcome<QByteArray> createEcPublicKey(Token& token, const KeyGenSpec& spec, CK_OBJECT_HANDLE privateKey,
                                      QString* curveName, CK_OBJECT_HANDLE* publicHandle)
{
    auto s = token.session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = token.module().functions();
    auto params = p11::readAttribute(f, s.value(), privateKey, CKA_EC_PARAMS);
    if (!params)
        return params.error();
    const byokdetail::EcCurve* curve = byokdetail::findEcCurveByOid(params.value());
    if (!curve)
        return unsupported(
            QStringLiteral("an EC key on another curve (parameters %1)").arg(QString::fromLatin1(params->toHex())));
    *curveName = QString::fromLatin1(curve->name);
    auto point = byokdetail::deriveEcPublicPoint(token, privateKey, *curve);
    if (!point)
        return point.error();
    auto der = ossl::ecPublicKeyInfo(curve->name, point.value());
    if (!der)
        return der.error();
    AttributeTemplate publicKey;
    addCommon(publicKey, CKO_PUBLIC_KEY, CKK_EC, spec);
    publicKey.addBytes(CKA_EC_PARAMS, curve->oid).addBytes(CKA_EC_POINT, byokdetail::ecPointOctetString(point.value()));
    publicKey.addBool(CKA_VERIFY, true);
    const CK_RV rv = f->C_CreateObject(s.value(), publicKey.data(), publicKey.count(), publicHandle);
    if (rv != CKR_OK)
        return pkcs11Error("C_CreateObject (public key)", rv);
    return der.take();
}

} // namespace

Outcome<GeneratedKey> importSecretKey(Token& token, const KeyGenSpec& spec, const SecureBuffer& value)
{
    if (value.size() != 16 && value.size() != 24 && value.size() != 32)
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("an AES key is 16, 24 or 32 bytes (128, 192 or 256 bits), not %1 bytes").arg(value.size()));
    if (auto fresh = checkNewId(token, spec); !fresh)
        return fresh.error();
    auto s = token.session();
    if (!s)
        return s.error();
    AttributeTemplate key;
    addCommon(key, CKO_SECRET_KEY, CKK_AES, spec);
    addProtectionAndUsage(key, KeyKind::Aes, spec);
    key.addSecret(CKA_VALUE, value);
    CK_OBJECT_HANDLE handle = CK_INVALID_HANDLE;
    const CK_RV rv = token.module().functions()->C_CreateObject(s.value(), key.data(), key.count(), &handle);
    if (rv != CKR_OK)
        return pkcs11Error("C_CreateObject (secret key)", rv);
    return GeneratedKey{spec.id, {}};
}

Outcome<UnwrappedKey> unwrapByok(Token& token, const QByteArray& kekId, const QByteArray& ciphertext,
                                 const KeyGenSpec& spec)
{
    if (ciphertext.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("the .byok ciphertext is empty"));
    if (auto fresh = checkNewId(token, spec); !fresh)
        return fresh.error();
    auto kek = token.findObject(CKO_PRIVATE_KEY, kekId);
    if (!kek) {
        if (kek.error().kind == ErrorKind::NotFound)
            return makeError(ErrorKind::NotFound, QStringLiteral("no key exchange key (RSA private key) with id %1 on "
                                                                 "token \"%2\"")
                                                      .arg(QString::fromLatin1(kekId.toHex()), token.label()));
        return kek.error();
    }
    auto modulusBytes = checkKek(token, kek.value());
    if (!modulusBytes)
        return modulusBytes.error();
    const qsizetype wrappedSize = ciphertext.size() - modulusBytes.value();
    if (wrappedSize < 16 || wrappedSize % 8 != 0)
        return notUnwrapped(QStringLiteral("%1 bytes do not fit a %2-bit KEK (an RSA-OAEP block of %3 bytes, then "
                                           "the key wrapped with RFC 5649 in a multiple of 8 bytes)")
                                .arg(ciphertext.size())
                                .arg(modulusBytes.value() * 8)
                                .arg(modulusBytes.value()));
    auto s = token.session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = token.module().functions();
    const CK_SESSION_HANDLE h = s.value();

    Undo dropEphemeral; // never dismissed: the session key goes in every case
    TargetUnwrapper unwrapper(f, h, ciphertext, modulusBytes.value());
    if (hasMechanism(token, CKM_RSA_AES_KEY_WRAP)) {
        unwrapper.useRsaAesKeyWrap(kek.value());
    } else {
        auto ephemeral = unwrapEphemeralKey(f, h, kek.value(), ciphertext, modulusBytes.value());
        if (!ephemeral)
            return ephemeral.error();
        unwrapper.useEphemeralKey(ephemeral.value());
        const CK_OBJECT_HANDLE ephemeralHandle = ephemeral.value();
        dropEphemeral.add([f, h, ephemeralHandle] { f->C_DestroyObject(h, ephemeralHandle); });
    }
    Undo undo; // on any failure below: no object with spec.id
    undo.add([&token, id = spec.id] { (void)token.destroyObjects(id); });

    // The type is not visible from outside the wrap: an AES key wraps to at most 40 bytes, a PKCS#8
    // key to more; RSA and EC are told apart by which one the token accepts.
    const std::vector<KeyKind> candidates = wrappedSize <= kMaxWrappedAesKey
                                                ? std::vector<KeyKind>{KeyKind::Aes}
                                                : std::vector<KeyKind>{KeyKind::Rsa, KeyKind::Ec};
    CK_OBJECT_HANDLE target = CK_INVALID_HANDLE;
    std::optional<KeyKind> kind;
    CK_RV lastRv = CKR_OK;
    for (const KeyKind candidate : candidates) {
        AttributeTemplate key;
        const bool secret = candidate == KeyKind::Aes;
        addCommon(key, secret ? CKO_SECRET_KEY : CKO_PRIVATE_KEY,
                  secret                      ? CKK_AES
                  : candidate == KeyKind::Rsa ? CKK_RSA
                                              : CKK_EC,
                  spec);
        addProtectionAndUsage(key, candidate, spec);
        lastRv = unwrapper.unwrap(key, &target);
        if (lastRv == CKR_OK) {
            kind = candidate;
            break;
        }
    }
    if (!kind)
        return notUnwrapped(pkcs11Error("C_UnwrapKey", lastRv).message);

    UnwrappedKey result;
    result.id = spec.id;
    result.kind = *kind;
    CK_OBJECT_HANDLE publicHandle = CK_INVALID_HANDLE;
    if (*kind == KeyKind::Aes) {
        auto size = readUlong(f, h, target, CKA_VALUE_LEN);
        if (!size)
            return size.error();
        if (size.value() == 0) {
            // SoftHSM2 2.6.1 records no CKA_VALUE_LEN for a secret key made by C_UnwrapKey (and refuses
            // one in the template). The length follows from the wrap: RFC 5649 adds 8 bytes to a key
            // whose length is a multiple of 8. Custos stores it with the key (HsmKeyOperations' hint),
            // so the key never has to leave the token to be measured.
            size = static_cast<CK_ULONG>(wrappedSize - 8);
        }
        if (size.value() != 16 && size.value() != 24 && size.value() != 32)
            return unsupported(QStringLiteral("a secret key of %1 bytes").arg(size.value()));
        result.bits = static_cast<int>(size.value() * 8);
    } else if (*kind == KeyKind::Rsa) {
        auto der = createRsaPublicKey(token, spec, target, &result.bits, &publicHandle);
        if (!der)
            return der.error();
        result.publicKeyDer = der.take();
    } else {
        auto der = createEcPublicKey(token, spec, target, &result.curve, &publicHandle);
        if (!der)
            return der.error();
        result.publicKeyDer = der.take();
    }
    undo.dismiss();
    return result;
}

} // namespace custos::crypto
