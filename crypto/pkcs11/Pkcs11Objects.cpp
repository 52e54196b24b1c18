#include "Pkcs11Objects.h"

#include "Pkcs11Module.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace custos::crypto::p11 {

namespace {
// Asks for the length first, then fills a buffer of that length (PKCS#11's two-call pattern).
template <typename Buffer, typename Allocate>
Outcome<Buffer> readInto(CK_FUNCTION_LIST* functions, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object,
                         CK_ATTRIBUTE_TYPE type, Allocate allocate)
{
    CK_ATTRIBUTE attribute{type, nullptr, 0};
    CK_RV rv = functions->C_GetAttributeValue(session, object, &attribute, 1);
    if (rv != CKR_OK)
        return pkcs11Error("C_GetAttributeValue", rv);
    if (attribute.ulValueLen == CK_UNAVAILABLE_INFORMATION)
        return pkcs11Error("C_GetAttributeValue", CKR_ATTRIBUTE_TYPE_INVALID);
    Buffer value = allocate(static_cast<std::size_t>(attribute.ulValueLen));
    if (attribute.ulValueLen == 0)
        return value;
    attribute.pValue = value.data();
    rv = functions->C_GetAttributeValue(session, object, &attribute, 1);
    if (rv != CKR_OK)
        return pkcs11Error("C_GetAttributeValue", rv);
    return value;
}
} // namespace

Outcome<std::vector<CK_OBJECT_HANDLE>> findObjects(CK_FUNCTION_LIST* functions, CK_SESSION_HANDLE session,
                                                   const std::vector<CK_ATTRIBUTE>& match, std::size_t limit)
{
    // The module only reads the template.
    CK_RV rv = functions->C_FindObjectsInit(session, const_cast<CK_ATTRIBUTE*>(match.data()),
                                            static_cast<CK_ULONG>(match.size()));
    if (rv != CKR_OK)
        return pkcs11Error("C_FindObjectsInit", rv);
    std::vector<CK_OBJECT_HANDLE> found;
    std::array<CK_OBJECT_HANDLE, 64> batch{};
    while (found.size() < limit) {
        const auto want = static_cast<CK_ULONG>(std::min<std::size_t>(batch.size(), limit - found.size()));
        CK_ULONG count = 0;
        rv = functions->C_FindObjects(session, batch.data(), want, &count);
        if (rv != CKR_OK || count == 0)
            break;
        found.insert(found.end(), batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(count));
    }
    // Always end the search: an active find blocks every other operation on the session.
    const CK_RV finalRv = functions->C_FindObjectsFinal(session);
    if (rv != CKR_OK)
        return pkcs11Error("C_FindObjects", rv);
    if (finalRv != CKR_OK)
        return pkcs11Error("C_FindObjectsFinal", finalRv);
    return found;
}

Outcome<QByteArray> readAttribute(CK_FUNCTION_LIST* functions, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object,
                                  CK_ATTRIBUTE_TYPE type)
{
    return readInto<QByteArray>(functions, session, object, type, [](std::size_t size) {
        return QByteArray(static_cast<qsizetype>(size), Qt::Uninitialized);
    });
}

Outcome<SecureBuffer> readSecretAttribute(CK_FUNCTION_LIST* functions, CK_SESSION_HANDLE session,
                                          CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type)
{
    return readInto<SecureBuffer>(functions, session, object, type,
                                  [](std::size_t size) { return SecureBuffer(size); });
}

Outcome<bool> readBoolAttribute(CK_FUNCTION_LIST* functions, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object,
                                CK_ATTRIBUTE_TYPE type)
{
    CK_BBOOL value = CK_FALSE;
    CK_ATTRIBUTE attribute{type, &value, sizeof value};
    const CK_RV rv = functions->C_GetAttributeValue(session, object, &attribute, 1);
    if (rv != CKR_OK)
        return pkcs11Error("C_GetAttributeValue", rv);
    return value == CK_TRUE;
}

bool matches(CK_FUNCTION_LIST* functions, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object,
             const std::vector<CK_ATTRIBUTE>& match)
{
    std::vector<QByteArray> buffers;
    std::vector<CK_ATTRIBUTE> actual;
    buffers.reserve(match.size());
    for (const CK_ATTRIBUTE& expected : match) {
        buffers.emplace_back(static_cast<qsizetype>(expected.ulValueLen), '\0');
        actual.push_back(CK_ATTRIBUTE{expected.type, buffers.back().data(), expected.ulValueLen});
    }
    // CKR_OBJECT_HANDLE_INVALID when destroyed; CKR_BUFFER_TOO_SMALL when a value is longer.
    if (functions->C_GetAttributeValue(session, object, actual.data(), static_cast<CK_ULONG>(actual.size())) != CKR_OK)
        return false;
    for (std::size_t i = 0; i < match.size(); ++i) {
        if (actual[i].ulValueLen != match[i].ulValueLen ||
            (match[i].ulValueLen && std::memcmp(actual[i].pValue, match[i].pValue, match[i].ulValueLen) != 0))
            return false;
    }
    return true;
}

std::string idCacheKeySuffix(const QByteArray& id)
{
    return ":" + id.toHex().toStdString();
}

std::string objectCacheKey(CK_OBJECT_CLASS objectClass, const QByteArray& id)
{
    return std::to_string(objectClass) + idCacheKeySuffix(id);
}

std::string dataCacheKey(const QString& label)
{
    return "data/" + label.toUtf8().toHex().toStdString();
}

QString objectClassName(CK_OBJECT_CLASS objectClass)
{
    switch (objectClass) {
    case CKO_DATA:
        return QStringLiteral("data object");
    case CKO_SECRET_KEY:
        return QStringLiteral("secret key");
    case CKO_PRIVATE_KEY:
        return QStringLiteral("private key");
    case CKO_PUBLIC_KEY:
        return QStringLiteral("public key");
    case CKO_CERTIFICATE:
        return QStringLiteral("certificate");
    default:
        return QStringLiteral("object of class 0x%1").arg(objectClass, 0, 16);
    }
}

} // namespace custos::crypto::p11
