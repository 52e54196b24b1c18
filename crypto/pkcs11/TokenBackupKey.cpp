// Token's backup content keys: session AES-256 keys that carry software keys' private parts in a
// key backup, bound to the domain key by travelling wrapped under it.

#include "Token.h"

#include "AttributeTemplate.h"
#include "TokenGcm_p.h"
#include "crypto/Random.h"

#include <limits>

namespace custos::crypto {

namespace {
constexpr CK_ULONG kContentKeyBytes = 32;
constexpr qsizetype kIvSize = p11::kGcmIvSize;
constexpr qsizetype kTagSize = p11::kGcmTagSize;

// What a content key is allowed to do, on generation and on unwrap alike.
void addContentKeyAttributes(AttributeTemplate& key)
{
    key.addUlong(CKA_CLASS, CKO_SECRET_KEY).addUlong(CKA_KEY_TYPE, CKK_AES);
    key.addBool(CKA_TOKEN, false).addBool(CKA_PRIVATE, true);
    // The domain key's unwrap template forces these two; the generated key gets them too.
    key.addBool(CKA_SENSITIVE, true).addBool(CKA_WRAP_WITH_TRUSTED, true);
    key.addBool(CKA_ENCRYPT, true).addBool(CKA_DECRYPT, true).addBool(CKA_WRAP, false).addBool(CKA_UNWRAP, false);
}
} // namespace

Outcome<CK_OBJECT_HANDLE> Token::generateBackupContentKey()
{
    auto s = session();
    if (!s)
        return s.error();
    AttributeTemplate key;
    addContentKeyAttributes(key);
    key.addUlong(CKA_VALUE_LEN, kContentKeyBytes).addBool(CKA_EXTRACTABLE, true);
    CK_MECHANISM mechanism{CKM_AES_KEY_GEN, nullptr, 0};
    CK_OBJECT_HANDLE handle = CK_INVALID_HANDLE;
    const CK_RV rv = m_module->functions()->C_GenerateKey(s.value(), &mechanism, key.data(), key.count(), &handle);
    if (rv != CKR_OK)
        return pkcs11Error("C_GenerateKey(backup content key)", rv);
    return handle;
}

Outcome<QByteArray> Token::wrapBackupContentKey(CK_OBJECT_HANDLE contentKey, const QString& domainKeyLabel)
{
    auto domainKey = findSecretKeyByLabel(domainKeyLabel, true);
    if (!domainKey)
        return domainKey.error();
    auto s = session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_module->functions();
    CK_MECHANISM mechanism{CKM_AES_KEY_WRAP_PAD, nullptr, 0};
    CK_ULONG size = 0;
    CK_RV rv = f->C_WrapKey(s.value(), &mechanism, domainKey.value(), contentKey, nullptr, &size);
    if (rv != CKR_OK)
        return pkcs11Error("C_WrapKey(backup content key)", rv);
    QByteArray wrapped(static_cast<qsizetype>(size), Qt::Uninitialized);
    rv = f->C_WrapKey(s.value(), &mechanism, domainKey.value(), contentKey, reinterpret_cast<CK_BYTE*>(wrapped.data()),
                      &size);
    if (rv != CKR_OK)
        return pkcs11Error("C_WrapKey(backup content key)", rv);
    wrapped.truncate(static_cast<qsizetype>(size));
    return wrapped;
}

Outcome<CK_OBJECT_HANDLE> Token::unwrapBackupContentKey(const QByteArray& wrapped, const QString& domainKeyLabel)
{
    if (wrapped.isEmpty() || !p11::fitsUlong(wrapped.size()))
        return makeError(ErrorKind::Invalid, QStringLiteral("no wrapped content key"));
    auto domainKey = findSecretKeyByLabel(domainKeyLabel, true);
    if (!domainKey)
        return domainKey.error();
    auto s = session();
    if (!s)
        return s.error();
    AttributeTemplate key;
    addContentKeyAttributes(key);
    key.addBool(CKA_EXTRACTABLE, false);
    CK_MECHANISM mechanism{CKM_AES_KEY_WRAP_PAD, nullptr, 0};
    CK_OBJECT_HANDLE handle = CK_INVALID_HANDLE;
    QByteArray input = wrapped; // the module only reads it
    const CK_RV rv = m_module->functions()->C_UnwrapKey(
        s.value(), &mechanism, domainKey.value(), reinterpret_cast<CK_BYTE*>(input.data()),
        static_cast<CK_ULONG>(input.size()), key.data(), key.count(), &handle);
    if (rv != CKR_OK)
        return pkcs11Error("C_UnwrapKey(backup content key)", rv);
    return handle;
}

Outcome<QByteArray> Token::encryptWithContentKey(CK_OBJECT_HANDLE contentKey, const SecureBuffer& plaintext,
                                                 const QByteArray& aad)
{
    if (!p11::fitsUlong(static_cast<qsizetype>(plaintext.size())) || !p11::fitsUlong(aad.size()))
        return makeError(ErrorKind::Invalid, QStringLiteral("input too large to encrypt"));
    auto s = session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_module->functions();
    QByteArray iv = randomBytes(kIvSize);
    QByteArray aadCopy = aad;
    CK_GCM_PARAMS params = p11::gcmParams(iv, aadCopy);
    CK_MECHANISM mechanism{CKM_AES_GCM, &params, sizeof params};
    CK_RV rv = f->C_EncryptInit(s.value(), &mechanism, contentKey);
    if (rv != CKR_OK)
        return pkcs11Error("C_EncryptInit(AES-GCM)", rv);
    QByteArray out(kIvSize + static_cast<qsizetype>(plaintext.size()) + kTagSize, Qt::Uninitialized);
    std::copy(iv.begin(), iv.end(), out.begin());
    CK_ULONG size = static_cast<CK_ULONG>(out.size() - kIvSize);
    rv = f->C_Encrypt(s.value(), const_cast<CK_BYTE*>(plaintext.data()), static_cast<CK_ULONG>(plaintext.size()),
                      reinterpret_cast<CK_BYTE*>(out.data()) + kIvSize, &size);
    if (rv != CKR_OK)
        return pkcs11Error("C_Encrypt(AES-GCM)", rv);
    if (size != static_cast<CK_ULONG>(plaintext.size() + kTagSize))
        return makeError(ErrorKind::Failed, QStringLiteral("unexpected AES-GCM output length %1").arg(size));
    return out;
}

Outcome<SecureBuffer> Token::decryptWithContentKey(CK_OBJECT_HANDLE contentKey, const QByteArray& encrypted,
                                                   const QByteArray& aad)
{
    if (encrypted.size() < kIvSize + kTagSize)
        return makeError(ErrorKind::Failed, QStringLiteral("authentication failed"));
    if (!p11::fitsUlong(encrypted.size()) || !p11::fitsUlong(aad.size()))
        return makeError(ErrorKind::Invalid, QStringLiteral("input too large to decrypt"));
    auto s = session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_module->functions();
    QByteArray iv = encrypted.left(kIvSize);
    QByteArray aadCopy = aad;
    CK_GCM_PARAMS params = p11::gcmParams(iv, aadCopy);
    CK_MECHANISM mechanism{CKM_AES_GCM, &params, sizeof params};
    CK_RV rv = f->C_DecryptInit(s.value(), &mechanism, contentKey);
    if (rv != CKR_OK)
        return pkcs11Error("C_DecryptInit(AES-GCM)", rv);
    QByteArray input = encrypted.mid(kIvSize);
    SecureBuffer plaintext(static_cast<std::size_t>(input.size()));
    CK_ULONG size = static_cast<CK_ULONG>(plaintext.size());
    rv = f->C_Decrypt(s.value(), reinterpret_cast<CK_BYTE*>(input.data()), static_cast<CK_ULONG>(input.size()),
                      plaintext.data(), &size);
    // As in unseal: SoftHSM2 2.6.1 reports a tag mismatch as CKR_GENERAL_ERROR.
    if (rv == CKR_ENCRYPTED_DATA_INVALID || rv == CKR_ENCRYPTED_DATA_LEN_RANGE || rv == CKR_DATA_INVALID ||
        rv == CKR_GENERAL_ERROR)
        return makeError(ErrorKind::Failed, QStringLiteral("authentication failed"));
    if (rv != CKR_OK)
        return pkcs11Error("C_Decrypt(AES-GCM)", rv);
    plaintext.resize(static_cast<std::size_t>(size));
    return plaintext;
}

void Token::destroySessionObject(CK_OBJECT_HANDLE object)
{
    auto s = session();
    if (s && object != CK_INVALID_HANDLE)
        m_module->functions()->C_DestroyObject(s.value(), object);
}

} // namespace custos::crypto
