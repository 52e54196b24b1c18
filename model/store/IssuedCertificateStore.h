#pragma once

#include "Database.h"
#include "model/domain/Certificate.h"

#include <QList>

namespace custos::model {

// What Custos CAs signed through `ca sign-csr` (table ca_issued_certificates, migration 6). Rows go
// with the CA certificate version that signed them. Plain SQL; never begins transactions or audits.
class IssuedCertificateStore
{
public:
    explicit IssuedCertificateStore(Database& db) : m_db(db) {}
    // Sets id; Conflict when the CA version already recorded the serial.
    Outcome<ExternallySignedCertificate> insert(ExternallySignedCertificate certificate);
    // Signed by any version of this CA certificate (as CertificateStore::issuedBy), oldest first;
    // revoked ones only when asked.
    Outcome<QList<ExternallySignedCertificate>> issuedBy(qint64 caCertificateId, bool revokedOnly);
    // Sets revoked and revocation_reason (by id); NotFound.
    Outcome<void> markRevoked(const ExternallySignedCertificate& certificate);

private:
    Database& m_db;
};

} // namespace custos::model
