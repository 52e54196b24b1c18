#include "IssuedCertificateStore.h"

#include "SqlSupport_p.h"

#include <QSqlError>
#include <QSqlQuery>

namespace custos::model {

namespace {

const QString kColumns = QStringLiteral("id, issuer_version_id, serial, subject, not_before, not_after, sha256, der, "
                                        "created, created_by, revoked, revocation_reason");

ExternallySignedCertificate readRow(const QSqlQuery& query)
{
    ExternallySignedCertificate c;
    c.id = query.value(0).toLongLong();
    c.issuerVersionId = query.value(1).toString();
    c.serialHex = query.value(2).toString();
    c.subject = query.value(3).toString();
    c.notBefore = sql::toTime(query.value(4));
    c.notAfter = sql::toTime(query.value(5));
    c.sha256 = query.value(6).toString();
    c.der = query.value(7).toByteArray();
    c.created = sql::toTime(query.value(8));
    c.createdBy = query.value(9).toString();
    c.revoked = sql::toTime(query.value(10));
    c.revocationReason = query.value(11).toString();
    return c;
}

QVariant nullableText(const QString& text)
{
    return text.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(text);
}

} // namespace

Outcome<ExternallySignedCertificate> IssuedCertificateStore::insert(ExternallySignedCertificate certificate)
{
    if (!certificate.created.isValid())
        certificate.created = sql::nowUtc();
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("INSERT INTO ca_issued_certificates(issuer_version_id, serial, subject, not_before, "
                                 "not_after, sha256, der, created, created_by, revoked, revocation_reason) "
                                 "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(certificate.issuerVersionId);
    query.addBindValue(certificate.serialHex.toUpper());
    query.addBindValue(certificate.subject);
    query.addBindValue(sql::fromTime(certificate.notBefore));
    query.addBindValue(sql::fromTime(certificate.notAfter));
    query.addBindValue(certificate.sha256);
    query.addBindValue(certificate.der);
    query.addBindValue(sql::fromTime(certificate.created));
    query.addBindValue(certificate.createdBy);
    query.addBindValue(sql::fromTime(certificate.revoked));
    query.addBindValue(nullableText(certificate.revocationReason));
    if (!query.exec()) {
        if (sql::isUniqueViolation(query.lastError()))
            return makeError(ErrorKind::Conflict, QStringLiteral("CA version %1 has signed serial %2 already")
                                                      .arg(certificate.issuerVersionId, certificate.serialHex));
        return sqlError(QStringLiteral("cannot record the certificate with serial %1").arg(certificate.serialHex),
                        query.lastError());
    }
    certificate.id = query.lastInsertId().toLongLong();
    certificate.serialHex = certificate.serialHex.toUpper();
    return certificate;
}

Outcome<QList<ExternallySignedCertificate>> IssuedCertificateStore::issuedBy(qint64 caCertificateId, bool revokedOnly)
{
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT %1 FROM ca_issued_certificates WHERE issuer_version_id IN "
                                 "(SELECT id FROM certificate_versions WHERE certificate_id = ?) %2 "
                                 "ORDER BY created, id")
                      .arg(kColumns, revokedOnly ? QStringLiteral("AND revoked IS NOT NULL") : QString()));
    query.addBindValue(caCertificateId);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read what CA %1 signed for CSRs").arg(caCertificateId),
                        query.lastError());
    QList<ExternallySignedCertificate> rows;
    while (query.next())
        rows << readRow(query);
    return rows;
}

Outcome<void> IssuedCertificateStore::markRevoked(const ExternallySignedCertificate& certificate)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("UPDATE ca_issued_certificates SET revoked = ?, revocation_reason = ? WHERE id = ?"));
    query.addBindValue(sql::fromTime(certificate.revoked));
    query.addBindValue(nullableText(certificate.revocationReason));
    query.addBindValue(certificate.id);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot revoke serial %1").arg(certificate.serialHex), query.lastError());
    if (query.numRowsAffected() != 1)
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("no signed certificate with serial %1 is recorded").arg(certificate.serialHex));
    return {};
}

} // namespace custos::model
