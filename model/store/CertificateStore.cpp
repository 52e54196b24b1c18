#include "Stores.h"

#include "SqlSupport_p.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace custos::model {

namespace {

// Certificate columns (c), the vault's name (vt), then the newest version's columns (v).
const QString kCertificateColumns = QStringLiteral(
    "c.id, vt.name, c.name, c.is_ca, c.key_id, c.policy, c.ca, c.created, c.updated, c.deleted, c.scheduled_purge");
constexpr int kVersionOffset = 11;
const QString kVersionColumns = QStringLiteral(
    "v.id, v.seq, v.key_version_id, v.der, v.csr, v.serial, v.not_before, v.not_after, v.issuer_version_id, "
    "v.created, v.revoked, v.revocation_reason, v.chain");
const QString kCertificateFrom =
    QStringLiteral("FROM certificates c JOIN vaults vt ON vt.id = c.vault_id "
                   "LEFT JOIN certificate_versions v ON v.certificate_id = c.id "
                   "AND v.seq = (SELECT MAX(seq) FROM certificate_versions WHERE certificate_id = c.id)");

QString encodeJson(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject decodeJson(const QVariant& value)
{
    return QJsonDocument::fromJson(value.toString().toUtf8()).object();
}

QVariant nullable(const QString& text)
{
    return text.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(text);
}

QVariant nullable(const QByteArray& bytes)
{
    return bytes.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray)) : QVariant(bytes);
}

CertificateVersion readVersion(const QSqlQuery& query, int at)
{
    CertificateVersion v;
    v.id = query.value(at).toString();
    v.seq = query.value(at + 1).toInt();
    v.keyVersionId = query.value(at + 2).toString();
    v.der = query.value(at + 3).toByteArray();
    v.csrDer = query.value(at + 4).toByteArray();
    v.serialHex = query.value(at + 5).toString();
    v.notBefore = sql::toTime(query.value(at + 6));
    v.notAfter = sql::toTime(query.value(at + 7));
    v.issuerVersionId = query.value(at + 8).toString();
    v.created = sql::toTime(query.value(at + 9));
    v.revoked = sql::toTime(query.value(at + 10));
    v.revocationReason = query.value(at + 11).toString();
    v.chainDer = query.value(at + 12).toByteArray();
    return v;
}

CertificateRecord readCertificate(const QSqlQuery& query)
{
    CertificateRecord c;
    c.id = query.value(0).toLongLong();
    c.vault = query.value(1).toString();
    c.name = query.value(2).toString();
    c.isCa = query.value(3).toInt() != 0;
    c.keyId = query.value(4).toLongLong();
    c.policy = certificatePolicyFromJson(decodeJson(query.value(5)));
    c.ca = caSettingsFromJson(decodeJson(query.value(6)));
    c.created = sql::toTime(query.value(7));
    c.updated = sql::toTime(query.value(8));
    c.deleted = sql::toTime(query.value(9));
    c.scheduledPurge = sql::toTime(query.value(10));
    if (!query.value(kVersionOffset).isNull())
        c.currentVersion = readVersion(query, kVersionOffset);
    return c;
}

void bindVersionFields(QSqlQuery& query, const CertificateVersion& version)
{
    query.addBindValue(nullable(version.der));
    query.addBindValue(nullable(version.csrDer));
    query.addBindValue(nullable(version.serialHex));
    query.addBindValue(sql::fromTime(version.notBefore));
    query.addBindValue(sql::fromTime(version.notAfter));
    query.addBindValue(nullable(version.issuerVersionId));
    query.addBindValue(sql::fromTime(version.revoked));
    query.addBindValue(nullable(version.revocationReason));
    query.addBindValue(nullable(version.chainDer));
}

} // namespace

Outcome<CertificateRecord> CertificateStore::insert(CertificateRecord certificate)
{
    if (!certificate.created.isValid())
        certificate.created = sql::nowUtc();
    if (!certificate.updated.isValid())
        certificate.updated = certificate.created;
    QSqlQuery query(m_db.connection());
    query.prepare(
        QStringLiteral("INSERT INTO certificates(vault_id, name, is_ca, key_id, policy, ca, created, updated, "
                       "deleted, scheduled_purge) SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM vaults "
                       "WHERE name = ?"));
    query.addBindValue(certificate.name);
    query.addBindValue(certificate.isCa ? 1 : 0);
    query.addBindValue(certificate.keyId);
    query.addBindValue(encodeJson(certificatePolicyToJson(certificate.policy)));
    query.addBindValue(encodeJson(certificate.isCa ? caSettingsToJson(certificate.ca) : QJsonObject()));
    query.addBindValue(sql::fromTime(certificate.created));
    query.addBindValue(sql::fromTime(certificate.updated));
    query.addBindValue(sql::fromTime(certificate.deleted));
    query.addBindValue(sql::fromTime(certificate.scheduledPurge));
    query.addBindValue(certificate.vault);
    if (!query.exec()) {
        if (sql::isUniqueViolation(query.lastError()))
            return makeError(ErrorKind::Conflict, QStringLiteral("certificate '%1' already exists in vault '%2'")
                                                      .arg(certificate.name, certificate.vault));
        return sqlError(QStringLiteral("cannot create certificate %1").arg(certificate.name), query.lastError());
    }
    if (query.numRowsAffected() != 1)
        return makeError(ErrorKind::NotFound, QStringLiteral("vault '%1' does not exist").arg(certificate.vault));
    certificate.id = query.lastInsertId().toLongLong();
    return certificate;
}

Outcome<CertificateVersion> CertificateStore::insertVersion(qint64 certificateId, CertificateVersion version)
{
    if (!version.created.isValid())
        version.created = sql::nowUtc();
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("INSERT INTO certificate_versions(id, certificate_id, seq, key_version_id, created, "
                                 "der, csr, serial, not_before, not_after, issuer_version_id, revoked, "
                                 "revocation_reason, chain) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(version.id);
    query.addBindValue(certificateId);
    query.addBindValue(version.seq);
    query.addBindValue(version.keyVersionId);
    query.addBindValue(sql::fromTime(version.created));
    bindVersionFields(query, version);
    if (!query.exec()) {
        if (sql::isUniqueViolation(query.lastError()))
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("certificate version %1 already exists").arg(version.id));
        return sqlError(QStringLiteral("cannot create certificate version %1").arg(version.id), query.lastError());
    }
    return version;
}

Outcome<std::optional<CertificateRecord>> CertificateStore::find(const QString& vault, const QString& name)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT %1, %2 %3 WHERE vt.name = ? AND c.name = ?")
                      .arg(kCertificateColumns, kVersionColumns, kCertificateFrom));
    query.addBindValue(vault);
    query.addBindValue(name);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read certificate %1 in vault %2").arg(name, vault), query.lastError());
    if (!query.next())
        return std::optional<CertificateRecord>();
    return std::optional<CertificateRecord>(readCertificate(query));
}

Outcome<QList<CertificateRecord>> CertificateStore::list(const QString& vault, bool deleted, bool casOnly)
{
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    QString condition = deleted ? QStringLiteral("c.deleted IS NOT NULL") : QStringLiteral("c.deleted IS NULL");
    if (casOnly)
        condition += QStringLiteral(" AND c.is_ca = 1");
    query.prepare(QStringLiteral("SELECT %1, %2 %3 WHERE vt.name = ? AND %4 ORDER BY c.name")
                      .arg(kCertificateColumns, kVersionColumns, kCertificateFrom, condition));
    query.addBindValue(vault);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot list the certificates of vault %1").arg(vault), query.lastError());
    QList<CertificateRecord> certificates;
    while (query.next())
        certificates << readCertificate(query);
    return certificates;
}

Outcome<QList<CertificateVersion>> CertificateStore::versions(qint64 certificateId)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT %1 FROM certificate_versions v WHERE v.certificate_id = ? ORDER BY v.seq")
                      .arg(kVersionColumns));
    query.addBindValue(certificateId);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read the versions of certificate %1").arg(certificateId),
                        query.lastError());
    QList<CertificateVersion> versions;
    while (query.next())
        versions << readVersion(query, 0);
    return versions;
}

Outcome<std::optional<CertificateVersion>> CertificateStore::findVersion(const QString& versionId)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT %1 FROM certificate_versions v WHERE v.id = ?").arg(kVersionColumns));
    query.addBindValue(versionId);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read certificate version %1").arg(versionId), query.lastError());
    if (!query.next())
        return std::optional<CertificateVersion>();
    return std::optional<CertificateVersion>(readVersion(query, 0));
}

Outcome<std::optional<CertificateRecord>> CertificateStore::findByVersion(const QString& versionId)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT vt.name, c.name FROM certificate_versions cv "
                                 "JOIN certificates c ON c.id = cv.certificate_id "
                                 "JOIN vaults vt ON vt.id = c.vault_id WHERE cv.id = ?"));
    query.addBindValue(versionId);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read certificate version %1").arg(versionId), query.lastError());
    if (!query.next())
        return std::optional<CertificateRecord>();
    return find(query.value(0).toString(), query.value(1).toString());
}

Outcome<QList<CertificateVersion>> CertificateStore::issuedBy(qint64 caCertificateId, bool revokedOnly)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT %1 FROM certificate_versions v WHERE v.issuer_version_id IN "
                                 "(SELECT id FROM certificate_versions WHERE certificate_id = ?) %2 ORDER BY v.created")
                      .arg(kVersionColumns, revokedOnly ? QStringLiteral("AND v.revoked IS NOT NULL") : QString()));
    query.addBindValue(caCertificateId);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read what CA %1 issued").arg(caCertificateId), query.lastError());
    QList<CertificateVersion> versions;
    while (query.next())
        versions << readVersion(query, 0);
    return versions;
}

Outcome<void> CertificateStore::update(const CertificateRecord& certificate)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("UPDATE certificates SET policy = ?, ca = ?, updated = ?, deleted = ?, "
                                 "scheduled_purge = ? WHERE id = ?"));
    query.addBindValue(encodeJson(certificatePolicyToJson(certificate.policy)));
    query.addBindValue(encodeJson(certificate.isCa ? caSettingsToJson(certificate.ca) : QJsonObject()));
    query.addBindValue(sql::fromTime(certificate.updated));
    query.addBindValue(sql::fromTime(certificate.deleted));
    query.addBindValue(sql::fromTime(certificate.scheduledPurge));
    query.addBindValue(certificate.id);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot update certificate %1").arg(certificate.name), query.lastError());
    if (query.numRowsAffected() != 1)
        return makeError(ErrorKind::NotFound, QStringLiteral("certificate '%1' does not exist").arg(certificate.name));
    return {};
}

Outcome<void> CertificateStore::updateVersion(const CertificateVersion& version)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("UPDATE certificate_versions SET der = ?, csr = ?, serial = ?, not_before = ?, "
                                 "not_after = ?, issuer_version_id = ?, revoked = ?, revocation_reason = ?, "
                                 "chain = ? WHERE id = ?"));
    bindVersionFields(query, version);
    query.addBindValue(version.id);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot update certificate version %1").arg(version.id), query.lastError());
    if (query.numRowsAffected() != 1)
        return makeError(ErrorKind::NotFound, QStringLiteral("certificate version %1 does not exist").arg(version.id));
    return {};
}

Outcome<bool> CertificateStore::usesKey(qint64 keyId)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT 1 FROM certificates WHERE key_id = ? LIMIT 1"));
    query.addBindValue(keyId);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read the certificates of key %1").arg(keyId), query.lastError());
    return query.next();
}

Outcome<void> CertificateStore::remove(qint64 certificateId)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("DELETE FROM certificates WHERE id = ?"));
    query.addBindValue(certificateId);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot remove certificate %1").arg(certificateId), query.lastError());
    if (query.numRowsAffected() != 1)
        return makeError(ErrorKind::NotFound, QStringLiteral("certificate %1 does not exist").arg(certificateId));
    return {};
}

Outcome<bool> CertificateStore::isNotified(const QString& versionId, const QString& action)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT 1 FROM certificate_notifications WHERE version_id = ? AND action = ?"));
    query.addBindValue(versionId);
    query.addBindValue(action);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read the notifications of %1").arg(versionId), query.lastError());
    return query.next();
}

Outcome<void> CertificateStore::recordNotified(const QString& versionId, const QString& action, const QDateTime& when)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("INSERT INTO certificate_notifications(version_id, action, applied) VALUES(?, ?, ?)"));
    query.addBindValue(versionId);
    query.addBindValue(action);
    query.addBindValue(sql::fromTime(when));
    if (!query.exec())
        return sqlError(QStringLiteral("cannot record the notification of %1").arg(versionId), query.lastError());
    return {};
}

Outcome<QList<CertificateRecord>> CertificateStore::listAll()
{
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT %1, %2 %3 WHERE c.deleted IS NULL AND vt.deleted IS NULL "
                                   "ORDER BY vt.name, c.name")
                        .arg(kCertificateColumns, kVersionColumns, kCertificateFrom)))
        return sqlError(QStringLiteral("cannot list the certificates"), query.lastError());
    QList<CertificateRecord> certificates;
    while (query.next())
        certificates << readCertificate(query);
    return certificates;
}

} // namespace custos::model
