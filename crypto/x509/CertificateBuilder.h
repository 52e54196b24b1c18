#pragma once

// Builds and signs X.509 v3 certificates: self-signed roots, intermediates and leaves.

#include "CertificateSigner.h"
#include "SubjectAltName.h"
#include "crypto/Outcome.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QStringList>

#include <optional>

namespace custos::crypto::x509 {

struct CertificateSpec
{
    QByteArray subjectDer;          // X509_NAME DER (parseDistinguishedName)
    QByteArray subjectPublicKeyDer; // SubjectPublicKeyInfo DER of the certified key
    QList<SubjectAltName> subjectAltNames;
    QByteArray serial;   // big-endian; empty: 16 random bytes with the top bit clear (RFC 5280: positive, <= 20 bytes)
    QDateTime notBefore; // UTC
    QDateTime notAfter;  // UTC
    QStringList keyUsages;         // CertificateProfile names; critical
    QStringList extendedKeyUsages; // not critical
    bool isCa = false; // basicConstraints CA:TRUE (critical; CA:FALSE otherwise); CA certs get keyCertSign+cRLSign
    std::optional<int> pathLength;    // CA only
    QStringList permittedDnsSubtrees; // nameConstraints (critical), CA only: "example.test"
    QString crlDistributionPoint;     // URL written into the certificate, optional
    QString caIssuersUrl;             // authorityInfoAccess caIssuers URL, optional
};

// Signs `spec` as issued by `issuerCertificateDer` (empty: self-signed, the issuer is the subject
// and the signer must hold the spec's key). Writes subjectKeyIdentifier and authorityKeyIdentifier
// (from the issuer's SKI). Refuses, naming the problem: a notAfter beyond the issuer's own
// ("validity beyond the CA's: the CA expires 2027-01-01"), notAfter before notBefore, an issuer
// that is not a CA or lacks keyCertSign, a path length the issuer's forbids (under pathLen N a CA
// needs its own pathLength <= N-1), a subject outside the issuer's permitted DNS subtrees, a
// signer whose algorithm does not fit the issuer's key. After
// signing it verifies the signature with the issuer's public key (a wrong signer is caught here).
// Returns the certificate's DER.
Outcome<QByteArray> issueCertificate(const CertificateSpec& spec, const QByteArray& issuerCertificateDer,
                                     const CertificateSigner& signer);

} // namespace custos::crypto::x509
