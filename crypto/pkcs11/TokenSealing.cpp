// Token's sealing key: AES-256-GCM on the token for software keys at rest.

#include "Token.h"

#include "AttributeTemplate.h"
#include "Pkcs11Objects.h"
#include "TokenGcm_p.h"
#include "crypto/Random.h"

#include <limits>

namespace custos::crypto {

namespace {
constexpr CK_ULONG kSealingKeyBytes = 32;
constexpr qsizetype kIvSize = p11::kGcmIvSize;
constexpr qsizetype kTagSize = p11::kGcmTagSize;

Error authenticationFailed()
{
    return makeError(ErrorKind::Failed, QStringLiteral("authentication failed"));
}

} // namespace

Outcome<void> Token::ensureSealingKey(const QString& label)
{
    auto found = findSecretKeyByLabel(label, false);
    if (found)
        return {};
    if (found.error().kind != ErrorKind::NotFound)
        return found.error();
    auto s = session();
    if (!s)
        return s.error();
    AttributeTemplate key;
    key.addUlong(CKA_CLASS, CKO_SECRET_KEY).addUlong(CKA_KEY_TYPE, CKK_AES).addUlong(CKA_VALUE_LEN, kSealingKeyBytes);
    key.addBool(CKA_TOKEN, true).addBool(CKA_PRIVATE, true).addText(CKA_LABEL, label);
    key.addBool(CKA_SENSITIVE, true).addBool(CKA_EXTRACTABLE, false);
    key.addBool(CKA_ENCRYPT, true).addBool(CKA_DECRYPT, true).addBool(CKA_WRAP, false).addBool(CKA_UNWRAP, false);
    CK_MECHANISM mechanism{CKM_AES_KEY_GEN, nullptr, 0};
    CK_OBJECT_HANDLE handle = CK_INVALID_HANDLE;
    const CK_RV rv = m_module->functions()->C_GenerateKey(s.value(), &mechanism, key.data(), key.count(), &handle);
    if (rv != CKR_OK)
        return pkcs11Error("C_GenerateKey(sealing key)", rv);
    return {};
}

Outcome<QByteArray> Token::seal(const QString& label, const SecureBuffer& plaintext, const QByteArray& aad)
{
    if (!p11::fitsUlong(static_cast<qsizetype>(plaintext.size())) || !p11::fitsUlong(aad.size()))
        return makeError(ErrorKind::Invalid, QStringLiteral("input too large to seal"));
    auto key = findSecretKeyByLabel(label, false);
    if (!key)
        return key.error();
    auto s = session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_module->functions();

    QByteArray iv = randomBytes(kIvSize);
    QByteArray aadCopy = aad; // the module only reads it
    CK_GCM_PARAMS params = p11::gcmParams(iv, aadCopy);
    CK_MECHANISM mechanism{CKM_AES_GCM, &params, sizeof params};
    CK_RV rv = f->C_EncryptInit(s.value(), &mechanism, key.value());
    if (rv != CKR_OK)
        return pkcs11Error("C_EncryptInit(AES-GCM)", rv);
    QByteArray sealed(kIvSize + static_cast<qsizetype>(plaintext.size()) + kTagSize, Qt::Uninitialized);
    std::copy(iv.begin(), iv.end(), sealed.begin());
    CK_ULONG size = static_cast<CK_ULONG>(sealed.size() - kIvSize);
    rv = f->C_Encrypt(s.value(), const_cast<CK_BYTE*>(plaintext.data()), static_cast<CK_ULONG>(plaintext.size()),
                      reinterpret_cast<CK_BYTE*>(sealed.data()) + kIvSize, &size);
    if (rv != CKR_OK)
        return pkcs11Error("C_Encrypt(AES-GCM)", rv);
    if (size != static_cast<CK_ULONG>(plaintext.size() + kTagSize))
        return makeError(ErrorKind::Failed, QStringLiteral("unexpected AES-GCM output length %1").arg(size));
    return sealed;
}

Outcome<SecureBuffer> Token::unseal(const QString& label, const QByteArray& sealed, const QByteArray& aad)
{
    if (sealed.size() < kIvSize + kTagSize)
        return authenticationFailed();
    if (!p11::fitsUlong(sealed.size()) || !p11::fitsUlong(aad.size()))
        return makeError(ErrorKind::Invalid, QStringLiteral("input too large to unseal"));
    auto key = findSecretKeyByLabel(label, false);
    if (!key)
        return key.error();
    auto s = session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_module->functions();

    QByteArray iv = sealed.left(kIvSize);
    QByteArray aadCopy = aad;
    CK_GCM_PARAMS params = p11::gcmParams(iv, aadCopy);
    CK_MECHANISM mechanism{CKM_AES_GCM, &params, sizeof params};
    CK_RV rv = f->C_DecryptInit(s.value(), &mechanism, key.value());
    if (rv != CKR_OK)
        return pkcs11Error("C_DecryptInit(AES-GCM)", rv);
    QByteArray input = sealed.mid(kIvSize);
    // SoftHSM2 may ask for room for the whole input before it has checked the tag.
    SecureBuffer plaintext(static_cast<std::size_t>(input.size()));
    CK_ULONG size = static_cast<CK_ULONG>(plaintext.size());
    rv = f->C_Decrypt(s.value(), reinterpret_cast<CK_BYTE*>(input.data()), static_cast<CK_ULONG>(input.size()),
                      plaintext.data(), &size);
    // SoftHSM2 2.6.1 reports a GCM tag mismatch as CKR_GENERAL_ERROR (its OpenSSL backend's final step
    // fails); the session accepted the mechanism and the key above, so that is what it means here.
    if (rv == CKR_ENCRYPTED_DATA_INVALID || rv == CKR_ENCRYPTED_DATA_LEN_RANGE || rv == CKR_DATA_INVALID ||
        rv == CKR_GENERAL_ERROR)
        return authenticationFailed();
    if (rv != CKR_OK)
        return pkcs11Error("C_Decrypt(AES-GCM)", rv);
    plaintext.resize(static_cast<std::size_t>(size));
    return plaintext;
}

} // namespace custos::crypto
