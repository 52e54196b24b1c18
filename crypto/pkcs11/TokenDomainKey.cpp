// Token's domain key: creation through the SO (CKA_TRUSTED), wrap and unwrap of HSM keys under it.

#include "Token.h"

#include "AttributeTemplate.h"
#include "Pkcs11Objects.h"
#include "crypto/KeyWrap.h"

#include <openssl/rand.h>

#include <algorithm>

namespace custos::crypto {

namespace {
constexpr CK_ULONG kDomainKeyBytes = 32;

// Runs `undo` when the scope ends unless dismissed: the failure paths of createDomainKey.
template <typename F>
class ScopeExit
{
public:
    explicit ScopeExit(F undo) : m_undo(std::move(undo)) {}
    ~ScopeExit()
    {
        if (m_armed)
            m_undo();
    }
    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;
    void dismiss() { m_armed = false; }

private:
    F m_undo;
    bool m_armed = true;
};

std::string labelCacheKey(const QString& label, bool trusted)
{
    return std::string(trusted ? "trusted-secret/" : "secret/") + label.toUtf8().toHex().toStdString();
}

// The usage a key of `kind` gets back when unwrapped; the same as generateKey gives it.
void addUsage(AttributeTemplate& t, KeyKind kind)
{
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
} // namespace

Outcome<CK_OBJECT_HANDLE> Token::findSecretKeyByLabel(const QString& label, bool trusted)
{
    if (label.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("empty key label"));
    AttributeTemplate match;
    match.addUlong(CKA_CLASS, CKO_SECRET_KEY).addBool(CKA_TOKEN, true).addText(CKA_LABEL, label);
    if (trusted)
        match.addBool(CKA_TRUSTED, true);
    auto handle = findCachedObject(labelCacheKey(label, trusted), match.attributes());
    if (!handle)
        return handle.error();
    if (handle.value() == CK_INVALID_HANDLE)
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("no %1secret key \"%2\" on token \"%3\"")
                             .arg(trusted ? QStringLiteral("trusted ") : QString(), label, m_label));
    return handle;
}

Outcome<void> Token::createDomainKey(const SecureBuffer& soPin, const SecureBuffer& userPin, const QString& label)
{
    return makeDomainKey(soPin, userPin, label, nullptr);
}

Outcome<void> Token::importDomainKey(const SecureBuffer& soPin, const SecureBuffer& userPin, const QString& label,
                                     const SecureBuffer& value)
{
    if (value.size() != kDomainKeyBytes)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("a domain key is %1 bytes, not %2").arg(kDomainKeyBytes).arg(value.size()));
    return makeDomainKey(soPin, userPin, label, &value);
}

Outcome<void> Token::makeDomainKey(const SecureBuffer& soPin, const SecureBuffer& userPin, const QString& label,
                                   const SecureBuffer* value)
{
    if (label.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("empty domain key label"));
    auto s = session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_module->functions();
    const CK_SESSION_HANDLE h = s.value();
    // The module only reads PINs; the casts are the C API's.
    auto* soPinData = const_cast<CK_UTF8CHAR*>(soPin.data());
    auto* userPinData = const_cast<CK_UTF8CHAR*>(userPin.data());

    // The SO cannot log in while the user is: login state is the application's, not the session's.
    if (auto out = logout(); !out)
        return out.error();
    CK_RV rv = f->C_Login(h, CKU_SO, soPinData, soPin.size());
    if (rv != CKR_OK)
        return pkcs11Error("C_Login(SO)", rv);
    bool soLoggedIn = true;
    CK_OBJECT_HANDLE sessionKey = CK_INVALID_HANDLE;
    // Whatever fails below: no SO login and no session object stay behind.
    ScopeExit cleanup([&] {
        if (sessionKey != CK_INVALID_HANDLE)
            f->C_DestroyObject(h, sessionKey);
        if (soLoggedIn)
            f->C_Logout(h);
    });

    // The unwrap template: whatever comes in under the domain key stays sensitive and can leave
    // again only under a trusted key. SoftHSM2 enforces it but does not merge it into C_UnwrapKey's
    // template, so unwrapUnderDomainKey passes both attributes explicitly.
    CK_BBOOL yes = CK_TRUE;
    CK_ATTRIBUTE unwrapTemplate[] = {
        {CKA_SENSITIVE, &yes, sizeof yes},
        {CKA_WRAP_WITH_TRUSTED, &yes, sizeof yes},
    };
    AttributeTemplate key;
    key.addUlong(CKA_CLASS, CKO_SECRET_KEY).addUlong(CKA_KEY_TYPE, CKK_AES).addUlong(CKA_VALUE_LEN, kDomainKeyBytes);
    // A public session object: the SO cannot make private objects, and a session object never
    // reaches the disk in clear. The user's copy below is the private token object.
    key.addBool(CKA_TOKEN, false).addBool(CKA_PRIVATE, false).addText(CKA_LABEL, label);
    key.addBool(CKA_TRUSTED, true);
    // Sensitive but extractable: the security-domain ceremony (DESIGN.md) wraps the domain key under
    // a key derived from the master secret, so it must be able to leave the token, wrapped only
    // (CKA_SENSITIVE keeps its value from ever being read in clear).
    key.addBool(CKA_SENSITIVE, true).addBool(CKA_EXTRACTABLE, true);
    // It wraps and unwraps keys and nothing else: no data encryption under the domain key.
    key.addBool(CKA_WRAP, true).addBool(CKA_UNWRAP, true).addBool(CKA_ENCRYPT, false).addBool(CKA_DECRYPT, false);
    key.addBool(CKA_SIGN, false).addBool(CKA_VERIFY, false).addBool(CKA_DERIVE, false);
    std::vector<CK_ATTRIBUTE> attributes = key.attributes();
    attributes.push_back({CKA_UNWRAP_TEMPLATE, unwrapTemplate, sizeof unwrapTemplate});

    if (value) {
        // A restored key: its value is set once here and never readable again (sensitive).
        attributes.push_back(
            {CKA_VALUE, const_cast<unsigned char*>(value->data()), static_cast<CK_ULONG>(value->size())});
        auto last = std::find_if(attributes.begin(), attributes.end(),
                                 [](const CK_ATTRIBUTE& a) { return a.type == CKA_VALUE_LEN; });
        attributes.erase(last); // CKA_VALUE_LEN is for generation only
        rv = f->C_CreateObject(h, attributes.data(), static_cast<CK_ULONG>(attributes.size()), &sessionKey);
    } else {
        CK_MECHANISM mechanism{CKM_AES_KEY_GEN, nullptr, 0};
        rv = f->C_GenerateKey(h, &mechanism, attributes.data(), static_cast<CK_ULONG>(attributes.size()), &sessionKey);
    }
    if (rv != CKR_OK) {
        sessionKey = CK_INVALID_HANDLE;
        return pkcs11Error(value ? "C_CreateObject(domain key)" : "C_GenerateKey(domain key)", rv);
    }
    rv = f->C_Logout(h);
    if (rv != CKR_OK)
        return pkcs11Error("C_Logout(SO)", rv);
    soLoggedIn = false;
    rv = f->C_Login(h, CKU_USER, userPinData, userPin.size());
    if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN)
        return pkcs11Error("C_Login", rv);

    auto existing = hasDomainKey(label);
    if (!existing)
        return existing.error();
    if (existing.value())
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("token \"%1\" already holds a domain key \"%2\"").arg(m_label, label));

    AttributeTemplate copy;
    copy.addBool(CKA_TOKEN, true).addBool(CKA_PRIVATE, true).addText(CKA_LABEL, label);
    CK_OBJECT_HANDLE tokenKey = CK_INVALID_HANDLE;
    rv = f->C_CopyObject(h, sessionKey, copy.data(), copy.count(), &tokenKey);
    if (rv != CKR_OK)
        return pkcs11Error("C_CopyObject(domain key)", rv);
    rv = f->C_DestroyObject(h, sessionKey);
    if (rv != CKR_OK) {
        f->C_DestroyObject(h, tokenKey);
        return pkcs11Error("C_DestroyObject(session domain key)", rv);
    }
    sessionKey = CK_INVALID_HANDLE;

    // A module that dropped CKA_TRUSTED or CKA_PRIVATE on the copy would leave a key that wraps
    // nothing or is stored in clear: check, and take it away again if so.
    for (const CK_ATTRIBUTE_TYPE attribute : {CKA_TRUSTED, CKA_PRIVATE, CKA_TOKEN, CKA_SENSITIVE}) {
        auto value = p11::readBoolAttribute(f, h, tokenKey, attribute);
        if (!value || !value.value()) {
            f->C_DestroyObject(h, tokenKey);
            return value ? makeError(ErrorKind::Failed,
                                     QStringLiteral("the copied domain key lost attribute 0x%1 on token \"%2\"")
                                         .arg(attribute, 0, 16)
                                         .arg(m_label))
                         : value.error();
        }
    }
    cleanup.dismiss();
    std::lock_guard lock(m_mutex);
    m_handleCache[labelCacheKey(label, true)] = tokenKey;
    return {};
}

Outcome<bool> Token::hasDomainKey(const QString& label)
{
    auto found = findSecretKeyByLabel(label, true);
    if (found)
        return true;
    if (found.error().kind == ErrorKind::NotFound)
        return false;
    return found.error();
}

Outcome<SecureBuffer> Token::exportDomainKey(const QString& label)
{
    auto domainKey = findSecretKeyByLabel(label, true);
    if (!domainKey)
        return domainKey.error();
    auto s = session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_module->functions();
    const CK_SESSION_HANDLE h = s.value();
    SecureBuffer transportKey(kDomainKeyBytes);
    if (RAND_priv_bytes(transportKey.data(), static_cast<int>(transportKey.size())) != 1)
        return makeError(ErrorKind::Failed, QStringLiteral("no random bytes for the transport key"));
    AttributeTemplate transport;
    transport.addUlong(CKA_CLASS, CKO_SECRET_KEY).addUlong(CKA_KEY_TYPE, CKK_AES);
    transport.addBool(CKA_TOKEN, false).addBool(CKA_PRIVATE, true).addBool(CKA_WRAP, true);
    transport.addBool(CKA_ENCRYPT, false).addBool(CKA_DECRYPT, false).addBool(CKA_UNWRAP, false);
    std::vector<CK_ATTRIBUTE> attributes = transport.attributes();
    attributes.push_back({CKA_VALUE, transportKey.data(), static_cast<CK_ULONG>(transportKey.size())});
    CK_OBJECT_HANDLE transportHandle = CK_INVALID_HANDLE;
    CK_RV rv = f->C_CreateObject(h, attributes.data(), static_cast<CK_ULONG>(attributes.size()), &transportHandle);
    if (rv != CKR_OK)
        return pkcs11Error("C_CreateObject(transport key)", rv);
    ScopeExit destroyTransport([&] { f->C_DestroyObject(h, transportHandle); });

    CK_MECHANISM mechanism{CKM_AES_KEY_WRAP_PAD, nullptr, 0};
    CK_ULONG size = 0;
    rv = f->C_WrapKey(h, &mechanism, transportHandle, domainKey.value(), nullptr, &size);
    if (rv != CKR_OK)
        return pkcs11Error("C_WrapKey(domain key)", rv);
    QByteArray wrapped(static_cast<qsizetype>(size), Qt::Uninitialized);
    rv = f->C_WrapKey(h, &mechanism, transportHandle, domainKey.value(), reinterpret_cast<CK_BYTE*>(wrapped.data()),
                      &size);
    if (rv != CKR_OK)
        return pkcs11Error("C_WrapKey(domain key)", rv);
    wrapped.truncate(static_cast<qsizetype>(size));
    return unwrapAesKeyWrapPad(transportKey, wrapped);
}

Outcome<void> Token::destroyDomainKey(const QString& label)
{
    auto key = findSecretKeyByLabel(label, true);
    if (!key)
        return key.error().kind == ErrorKind::NotFound ? Outcome<void>() : Outcome<void>(key.error());
    auto s = session();
    if (!s)
        return s.error();
    const CK_RV rv = m_module->functions()->C_DestroyObject(s.value(), key.value());
    {
        std::lock_guard lock(m_mutex);
        m_handleCache.erase(labelCacheKey(label, true));
        m_handleCache.erase(labelCacheKey(label, false));
    }
    if (rv != CKR_OK && rv != CKR_OBJECT_HANDLE_INVALID)
        return pkcs11Error("C_DestroyObject(domain key)", rv);
    return {};
}

Outcome<QByteArray> Token::wrapUnderDomainKey(const QByteArray& keyId, const QString& domainKeyLabel)
{
    auto domainKey = findSecretKeyByLabel(domainKeyLabel, true);
    if (!domainKey)
        return domainKey.error();
    // RSA and EC keys wrap their private half; AES keys are secret key objects.
    auto key = findObject(CKO_PRIVATE_KEY, keyId);
    if (!key && key.error().kind == ErrorKind::NotFound)
        key = findObject(CKO_SECRET_KEY, keyId);
    if (!key)
        return key.error();
    auto s = session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_module->functions();
    CK_MECHANISM mechanism{CKM_AES_KEY_WRAP_PAD, nullptr, 0};
    CK_ULONG size = 0;
    CK_RV rv = f->C_WrapKey(s.value(), &mechanism, domainKey.value(), key.value(), nullptr, &size);
    if (rv != CKR_OK)
        return pkcs11Error("C_WrapKey", rv);
    QByteArray wrapped(static_cast<qsizetype>(size), Qt::Uninitialized);
    rv = f->C_WrapKey(s.value(), &mechanism, domainKey.value(), key.value(), reinterpret_cast<CK_BYTE*>(wrapped.data()),
                      &size);
    if (rv != CKR_OK)
        return pkcs11Error("C_WrapKey", rv);
    wrapped.truncate(static_cast<qsizetype>(size));
    return wrapped;
}

Outcome<void> Token::unwrapUnderDomainKey(const QByteArray& wrapped, const QString& domainKeyLabel, KeyKind kind,
                                          const QByteArray& newId, const QString& newLabel)
{
    if (wrapped.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("nothing to unwrap"));
    auto existing = hasObjects(newId);
    if (!existing)
        return existing.error();
    if (existing.value())
        return makeError(ErrorKind::Conflict, QStringLiteral("token \"%1\" already holds objects with id %2")
                                                  .arg(m_label, QString::fromLatin1(newId.toHex())));
    auto domainKey = findSecretKeyByLabel(domainKeyLabel, true);
    if (!domainKey)
        return domainKey.error();
    auto s = session();
    if (!s)
        return s.error();

    const CK_OBJECT_CLASS objectClass = kind == KeyKind::Aes ? CKO_SECRET_KEY : CKO_PRIVATE_KEY;
    const CK_KEY_TYPE keyType = kind == KeyKind::Aes ? CKK_AES : kind == KeyKind::Rsa ? CKK_RSA : CKK_EC;
    AttributeTemplate key;
    key.addUlong(CKA_CLASS, objectClass).addUlong(CKA_KEY_TYPE, keyType);
    key.addBool(CKA_TOKEN, true).addBool(CKA_PRIVATE, true);
    key.addBytes(CKA_ID, newId).addText(CKA_LABEL, newLabel);
    // The domain key's unwrap template fixes these two; SoftHSM2 refuses a template without them.
    key.addBool(CKA_SENSITIVE, true).addBool(CKA_WRAP_WITH_TRUSTED, true).addBool(CKA_EXTRACTABLE, true);
    addUsage(key, kind);

    CK_MECHANISM mechanism{CKM_AES_KEY_WRAP_PAD, nullptr, 0};
    CK_OBJECT_HANDLE handle = CK_INVALID_HANDLE;
    QByteArray input = wrapped; // the module only reads it
    const CK_RV rv = m_module->functions()->C_UnwrapKey(
        s.value(), &mechanism, domainKey.value(), reinterpret_cast<CK_BYTE*>(input.data()),
        static_cast<CK_ULONG>(input.size()), key.data(), key.count(), &handle);
    if (rv != CKR_OK)
        return pkcs11Error("C_UnwrapKey", rv);
    std::lock_guard lock(m_mutex);
    m_handleCache[p11::objectCacheKey(objectClass, newId)] = handle;
    return {};
}

} // namespace custos::crypto
