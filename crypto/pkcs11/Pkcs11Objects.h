#pragma once

// Private to crypto/pkcs11: object searches and attribute reads on one session.

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <p11-kit/pkcs11.h>

namespace custos::crypto::p11 {

// C_FindObjectsInit/C_FindObjects/C_FindObjectsFinal; at most `limit` handles.
Outcome<std::vector<CK_OBJECT_HANDLE>> findObjects(CK_FUNCTION_LIST* functions, CK_SESSION_HANDLE session,
                                                   const std::vector<CK_ATTRIBUTE>& match,
                                                   std::size_t limit = std::numeric_limits<std::size_t>::max());

// One attribute's value. A sensitive attribute fails with CKR_ATTRIBUTE_SENSITIVE in the message.
Outcome<QByteArray> readAttribute(CK_FUNCTION_LIST* functions, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object,
                                  CK_ATTRIBUTE_TYPE type);
// The same for values that are secret (a data object's CKA_VALUE): read straight into secure memory.
Outcome<SecureBuffer> readSecretAttribute(CK_FUNCTION_LIST* functions, CK_SESSION_HANDLE session,
                                          CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type);
Outcome<bool> readBoolAttribute(CK_FUNCTION_LIST* functions, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object,
                                CK_ATTRIBUTE_TYPE type);

// True when `object` exists and has exactly the values in `match` (one C_GetAttributeValue).
bool matches(CK_FUNCTION_LIST* functions, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object,
             const std::vector<CK_ATTRIBUTE>& match);

// Keys of Token's handle cache: class + ":" + hex(id) for keys, "data/" + hex(label) for data objects.
std::string objectCacheKey(CK_OBJECT_CLASS objectClass, const QByteArray& id);
std::string idCacheKeySuffix(const QByteArray& id);
std::string dataCacheKey(const QString& label);

QString objectClassName(CK_OBJECT_CLASS objectClass); // "secret key", "data object", ...

} // namespace custos::crypto::p11
