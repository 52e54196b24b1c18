#pragma once

// Who signs a certificate, CSR or CRL: the issuer's key, wherever it lives (a token or a software
// key), behind a callback. The builders compute the to-be-signed DER, call `sign` once, and put
// the signature in; they never see the private key.

#include "crypto/Outcome.h"
#include "crypto/keys/JoseAlgorithm.h"

#include <QByteArray>

#include <functional>

namespace custos::crypto::x509 {

struct CertificateSigner
{
    // RS256/384/512, PS256/384/512 (RSASSA-PSS with MGF1 of the same hash, salt = hash length) or
    // ES256/384/512 (ecdsa-with-SHA*).
    JoseAlgorithm algorithm = JoseAlgorithm::Es256;
    // Signs `data` (the whole to-be-signed DER, hashed by the signer) and returns the signature as
    // the key operations return it: raw r||s for ES* (the builders DER-encode it), PKCS#1 bytes for RS/PS.
    std::function<Outcome<QByteArray>(const QByteArray& data)> sign;
};

} // namespace custos::crypto::x509
