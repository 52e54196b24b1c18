#pragma once

#include "CertificatePolicy.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace custos::model {

// One version of a certificate: one issuance or renewal, with the key version it certifies.
struct CertificateVersion
{
    QString id; // 32 lowercase hex
    int seq = 0;
    QString keyVersionId;
    QByteArray der;    // empty while pending (a CSR waits for an external CA)
    QByteArray csrDer; // the CSR of a pending version
    QString serialHex; // upper-case hex
    QDateTime notBefore;
    QDateTime notAfter;
    QString issuerVersionId; // the issuing Custos CA certificate's version; empty when self-signed or external
    QDateTime created;
    QDateTime revoked;        // invalid unless revoked
    QString revocationReason; // RFC 5280 name, e.g. "keyCompromise"
    // The issuers that came with an imported (or externally signed) certificate, as a PKCS#7
    // certs-only bundle, leaf's issuer first; empty for Custos-issued ones (issuerVersionId links).
    QByteArray chainDer;

    bool isPending() const { return der.isEmpty(); }
    bool isRevoked() const { return revoked.isValid(); }
};

// A certificate a Custos CA signed for a CSR from outside (`ca sign-csr`). Its key lives elsewhere,
// so it is no Custos certificate; it is kept so `ca revoke` and the CA's CRLs know it.
struct ExternallySignedCertificate
{
    qint64 id = 0;
    QString issuerVersionId; // the signing CA certificate's version
    QString serialHex;       // upper-case hex
    QString subject;
    QDateTime notBefore;
    QDateTime notAfter;
    QString sha256; // fingerprint of the DER, lowercase hex
    QByteArray der;
    QDateTime created;
    QString createdBy; // the operator who signed it
    QDateTime revoked; // invalid unless revoked
    QString revocationReason;

    bool isRevoked() const { return revoked.isValid(); }
};

// A certificate (or a certificate authority) in a vault. Its key is the vault's key of the same
// name, created and used under certificates/* alone (ROLES.md).
struct CertificateRecord
{
    qint64 id = 0;
    QString vault;
    QString name;
    bool isCa = false;
    qint64 keyId = 0;
    CertificatePolicy policy;
    CaSettings ca; // CA only
    QDateTime created;
    QDateTime updated;
    QDateTime deleted;
    QDateTime scheduledPurge;
    CertificateVersion currentVersion; // the newest

    bool isDeleted() const { return deleted.isValid(); }
    QString resourceId() const { return certificateResourceId(vault, name); }
    static QString certificateResourceId(const QString& vault, const QString& name);
    static QString versionResourceId(const QString& vault, const QString& name, const QString& versionId);
};

} // namespace custos::model
