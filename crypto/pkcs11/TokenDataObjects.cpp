// Token's private data objects (CKO_DATA addressed by CKA_LABEL).

#include "Token.h"

#include "AttributeTemplate.h"
#include "Pkcs11Objects.h"

namespace custos::crypto {

namespace {
void matchData(AttributeTemplate& match, const QString& label)
{
    match.addUlong(CKA_CLASS, CKO_DATA).addBool(CKA_TOKEN, true).addText(CKA_LABEL, label);
}
} // namespace

Outcome<void> Token::writeDataObject(const QString& label, const SecureBuffer& value)
{
    if (label.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("empty data object label"));
    auto s = session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_module->functions();

    AttributeTemplate match;
    matchData(match, label);
    auto previous = p11::findObjects(f, s.value(), match.attributes());
    if (!previous)
        return previous.error();

    // Create first, then destroy the old copies: a failure in between leaves two copies, never none.
    AttributeTemplate object;
    matchData(object, label);
    object.addBool(CKA_PRIVATE, true).addBool(CKA_MODIFIABLE, true).addSecret(CKA_VALUE, value);
    CK_OBJECT_HANDLE handle = CK_INVALID_HANDLE;
    const CK_RV rv = f->C_CreateObject(s.value(), object.data(), object.count(), &handle);
    if (rv != CKR_OK)
        return pkcs11Error("C_CreateObject", rv);
    for (const CK_OBJECT_HANDLE old : previous.value()) {
        const CK_RV destroyRv = f->C_DestroyObject(s.value(), old);
        if (destroyRv != CKR_OK && destroyRv != CKR_OBJECT_HANDLE_INVALID)
            return pkcs11Error("C_DestroyObject", destroyRv);
    }
    std::lock_guard lock(m_mutex);
    m_handleCache[p11::dataCacheKey(label)] = handle;
    return {};
}

Outcome<SecureBuffer> Token::readDataObject(const QString& label)
{
    AttributeTemplate match;
    matchData(match, label);
    auto handle = findCachedObject(p11::dataCacheKey(label), match.attributes());
    if (!handle)
        return handle.error();
    if (handle.value() == CK_INVALID_HANDLE)
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("no data object \"%1\" on token \"%2\"").arg(label, m_label));
    auto s = session();
    if (!s)
        return s.error();
    return p11::readSecretAttribute(m_module->functions(), s.value(), handle.value(), CKA_VALUE);
}

Outcome<void> Token::destroyDataObject(const QString& label)
{
    auto s = session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_module->functions();
    AttributeTemplate match;
    matchData(match, label);
    auto found = p11::findObjects(f, s.value(), match.attributes());
    if (!found)
        return found.error();
    {
        std::lock_guard lock(m_mutex);
        m_handleCache.erase(p11::dataCacheKey(label));
    }
    for (const CK_OBJECT_HANDLE handle : found.value()) {
        const CK_RV rv = f->C_DestroyObject(s.value(), handle);
        if (rv != CKR_OK && rv != CKR_OBJECT_HANDLE_INVALID)
            return pkcs11Error("C_DestroyObject", rv);
    }
    return {};
}

} // namespace custos::crypto
