#pragma once

// Private to crypto/: SubjectPublicKeyInfo DER for public keys that arrive as raw components
// (from PKCS#11 attributes). OpenSSL validates the components on the way.

#include "crypto/Outcome.h"

#include <QByteArray>

namespace custos::crypto::ossl {

// Big-endian modulus and public exponent (CKA_MODULUS, CKA_PUBLIC_EXPONENT).
Outcome<QByteArray> rsaPublicKeyInfo(const QByteArray& modulus, const QByteArray& publicExponent);
// `groupName` as OpenSSL knows it ("P-256", "P-384", "P-521"); `point` uncompressed 04||X||Y.
Outcome<QByteArray> ecPublicKeyInfo(const char* groupName, const QByteArray& point);

} // namespace custos::crypto::ossl
