#pragma once

// Certificate revocation lists (X.509 v2 CRLs) signed by a Custos CA.

#include "CertificateSigner.h"
#include "crypto/Outcome.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QStringList>

namespace custos::crypto::x509 {

// RFC 5280 CRLReason codes (7 is unused).
enum class RevocationReason {
    Unspecified = 0,
    KeyCompromise = 1,
    CaCompromise = 2,
    AffiliationChanged = 3,
    Superseded = 4,
    CessationOfOperation = 5,
    CertificateHold = 6,
    RemoveFromCrl = 8,
    PrivilegeWithdrawn = 9,
    AaCompromise = 10,
};

QStringList revocationReasonNames(); // "unspecified", "keyCompromise", "cACompromise", ... (RFC 5280 spelling)
QString revocationReasonName(RevocationReason reason);
// Case-insensitive; Invalid naming the accepted names otherwise.
Outcome<RevocationReason> parseRevocationReason(QStringView name);

struct RevokedCertificate
{
    QByteArray serial; // big-endian, as in the certificate (read back without leading zero bytes)
    QDateTime revokedAt;
    RevocationReason reason = RevocationReason::Unspecified; // Unspecified: no reasonCode (RFC 5280 5.3.1)
};

struct CrlSpec
{
    QList<RevokedCertificate> revoked;
    qint64 crlNumber = 1; // cRLNumber extension, increasing per CA
    QDateTime thisUpdate;
    QDateTime nextUpdate;
};

// Signed by the CA whose certificate is given (issuer name and authorityKeyIdentifier from it; it
// must have cRLSign). Returns DER.
Outcome<QByteArray> issueRevocationList(const CrlSpec& spec, const QByteArray& issuerCertificateDer,
                                        const CertificateSigner& signer);

struct CrlInfo
{
    QString issuer;
    qint64 crlNumber = 0;
    QDateTime thisUpdate;
    QDateTime nextUpdate;
    QList<RevokedCertificate> revoked;
};

// PEM ("X509 CRL") or DER by content; the signature is not checked here (see verifyRevocationList).
Outcome<CrlInfo> inspectRevocationList(const QByteArray& bytes);
Outcome<bool> verifyRevocationList(const QByteArray& crlDer, const QByteArray& issuerCertificateDer);
QByteArray revocationListPem(const QByteArray& der);

} // namespace custos::crypto::x509
