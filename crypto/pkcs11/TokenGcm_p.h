#pragma once

// Private to Token's AES-GCM users (the sealing key, backup content keys): the parameters of
// CKM_AES_GCM and the size check before handing lengths to CK_ULONG.

#include "crypto/pkcs11/Token.h"

#include <QByteArray>

#include <limits>

namespace custos::crypto::p11 {

inline constexpr qsizetype kGcmIvSize = 12;
inline constexpr qsizetype kGcmTagSize = 16;

inline bool fitsUlong(qsizetype size)
{
    return size >= 0 && static_cast<unsigned long long>(size) < std::numeric_limits<CK_ULONG>::max() / 2;
}

// CK_GCM_PARAMS of PKCS#11 2.40 (pIv, ulIvLen, ulIvBits, pAAD, ulAADLen, ulTagBits), as SoftHSM2 reads it.
inline CK_GCM_PARAMS gcmParams(QByteArray& iv, QByteArray& aad)
{
    return CK_GCM_PARAMS{reinterpret_cast<unsigned char*>(iv.data()),
                         static_cast<unsigned long>(iv.size()),
                         static_cast<unsigned long>(iv.size() * 8),
                         aad.isEmpty() ? nullptr : reinterpret_cast<unsigned char*>(aad.data()),
                         static_cast<unsigned long>(aad.size()),
                         static_cast<unsigned long>(kGcmTagSize * 8)};
}

} // namespace custos::crypto::p11
