#pragma once

#include "crypto/pkcs11/Token.h"

#include <QByteArray>

namespace custos::bench {

// The baseline of the sign benchmarks: one C_SignInit + C_Sign straight on the token, on the
// calling thread's session (what the engine does, without the engine).
inline bool rawSign(crypto::Token& token, CK_OBJECT_HANDLE key, CK_MECHANISM_TYPE type, const QByteArray& input)
{
    auto session = token.session();
    if (!session)
        return false;
    CK_FUNCTION_LIST* f = token.module().functions();
    CK_MECHANISM mechanism{type, nullptr, 0};
    if (f->C_SignInit(session.value(), &mechanism, key) != CKR_OK)
        return false;
    unsigned char signature[1024];
    CK_ULONG size = sizeof signature;
    QByteArray data = input;
    return f->C_Sign(session.value(), reinterpret_cast<CK_BYTE_PTR>(data.data()), CK_ULONG(data.size()), signature,
                     &size) == CKR_OK;
}

// What CKM_RSA_PKCS signs for RS256: the SHA-256 DigestInfo prefix (RFC 8017 9.2 note 1) + digest.
inline QByteArray rs256DigestInfo(const QByteArray& digest)
{
    return QByteArray::fromHex("3031300d060960864801650304020105000420") + digest;
}

} // namespace custos::bench
