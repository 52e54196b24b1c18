#pragma once

// Private to crypto/x509: signing a certificate, CSR or CRL with a CertificateSigner. OpenSSL
// writes the AlgorithmIdentifiers (the one inside the to-be-signed part and the outer one) only
// while it signs, and has no setter for the inner one of certificates and CRLs. So the object is
// first signed with a process-wide placeholder key of the signer's key type, set up exactly as the
// real signature will be (hash; RSASSA-PSS with MGF1 of the same hash and salt = hash length);
// that signature is discarded. The to-be-signed DER is then signed by the real signer and the
// outer SEQUENCE { tbs, algorithm, BIT STRING } assembled here.

#include "CertificateSigner.h"
#include "X509Handles_p.h"

#include "crypto/Outcome.h"

#include <QByteArray>

#include <functional>

namespace custos::crypto::x509::detail {

// Invalid unless `algorithm` is RS*/PS*/ES* and fits `issuerKey` (ES256 needs a P-256 key, RS*
// and PS* an RSA key): "the signer's algorithm ES384 does not fit the issuer's key (EC P-256)".
Outcome<void> checkSignerFits(JoseAlgorithm algorithm, const EVP_PKEY* issuerKey);

struct SignableObject
{
    std::function<int(EVP_MD_CTX*)> placeholderSign; // X509_sign_ctx, X509_REQ_sign_ctx, X509_CRL_sign_ctx
    std::function<QByteArray()> toBeSigned;          // i2d_re_X509_tbs and friends
    std::function<const X509_ALGOR*()> algorithm;    // the outer AlgorithmIdentifier after placeholderSign
};

// The signed object's DER. Does not verify it: the callers parse it back and verify with the
// issuer's key.
Outcome<QByteArray> signObject(const SignableObject& object, const CertificateSigner& signer);

// DER of i2d_re_X509_tbs-like functions (non-const object, re-encoded).
template <typename T>
QByteArray reencodedDer(int (*i2d)(T*, unsigned char**), T* object)
{
    const int length = i2d(object, nullptr);
    if (length <= 0)
        return {};
    QByteArray der(length, Qt::Uninitialized);
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    if (i2d(object, &out) != length)
        return {};
    return der;
}

} // namespace custos::crypto::x509::detail
