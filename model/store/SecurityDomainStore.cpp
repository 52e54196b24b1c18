#include "SecurityDomainStore.h"

#include "SqlSupport_p.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace custos::model {

namespace {

const QString kKeyColumns = QStringLiteral("id, label, created, state, origin, source_workspace");
const QString kFileColumns =
    QStringLiteral("id, time, operator, kind, required, custodians, file_sha256, domain_key_id,"
                   " state, transcript_sha256, source_workspace, source_workspace_name");

DomainKeyRecord keyFromRow(const QSqlQuery& q)
{
    DomainKeyRecord k;
    k.id = q.value(0).toString();
    k.label = q.value(1).toString();
    k.created = sql::toTime(q.value(2));
    k.state = q.value(3).toString();
    k.origin = q.value(4).toString();
    k.sourceWorkspaceId = q.value(5).toString();
    return k;
}

QByteArray custodiansJson(const QList<CustodianRecord>& custodians)
{
    QJsonArray array;
    for (const CustodianRecord& c : custodians)
        array.append(QJsonObject{{QStringLiteral("holder"), c.holder},
                                 {QStringLiteral("x5t_256"), c.x5t256},
                                 {QStringLiteral("notAfter"), c.notAfter}});
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QList<CustodianRecord> custodiansFromJson(const QByteArray& json)
{
    QList<CustodianRecord> out;
    const QJsonArray array = QJsonDocument::fromJson(json).array();
    for (const QJsonValue& v : array) {
        const QJsonObject o = v.toObject();
        out.append({o.value(QLatin1String("holder")).toString(), o.value(QLatin1String("x5t_256")).toString(),
                    o.value(QLatin1String("notAfter")).toString()});
    }
    return out;
}

SecurityDomainFileRecord fileFromRow(const QSqlQuery& q)
{
    SecurityDomainFileRecord f;
    f.id = q.value(0).toLongLong();
    f.time = sql::toTime(q.value(1));
    f.operatorName = q.value(2).toString();
    f.kind = q.value(3).toString();
    f.required = q.value(4).toInt();
    f.custodians = custodiansFromJson(q.value(5).toByteArray());
    f.fileSha256 = q.value(6).toString();
    f.domainKeyId = q.value(7).toString();
    f.state = q.value(8).toString();
    f.transcriptSha256 = q.value(9).toString();
    f.sourceWorkspaceId = q.value(10).toString();
    f.sourceWorkspaceName = q.value(11).toString();
    return f;
}

const QString kReadError = QStringLiteral("cannot read the security-domain records");
const QString kWriteError = QStringLiteral("cannot write the security-domain records");

} // namespace

Outcome<QList<DomainKeyRecord>> SecurityDomainStore::domainKeys()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT %1 FROM domain_keys ORDER BY created, rowid").arg(kKeyColumns)))
        return sqlError(kReadError, q.lastError());
    QList<DomainKeyRecord> out;
    while (q.next())
        out.append(keyFromRow(q));
    return out;
}

Outcome<DomainKeyRecord> SecurityDomainStore::activeDomainKey()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT %1 FROM domain_keys WHERE state = 'active'").arg(kKeyColumns)))
        return sqlError(kReadError, q.lastError());
    if (!q.next())
        return makeError(ErrorKind::NotFound, QStringLiteral("this workspace has no active domain key"));
    return keyFromRow(q);
}

Outcome<std::optional<DomainKeyRecord>> SecurityDomainStore::findDomainKey(const QString& id)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT %1 FROM domain_keys WHERE id = ?").arg(kKeyColumns));
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(kReadError, q.lastError());
    if (!q.next())
        return std::optional<DomainKeyRecord>();
    return std::optional<DomainKeyRecord>(keyFromRow(q));
}

Outcome<void> SecurityDomainStore::insertDomainKey(const DomainKeyRecord& key)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO domain_keys(%1) VALUES(?, ?, ?, ?, ?, ?)").arg(kKeyColumns));
    q.addBindValue(key.id);
    q.addBindValue(key.label);
    q.addBindValue(sql::fromTime(key.created.isValid() ? key.created : sql::nowUtc()));
    q.addBindValue(key.state);
    q.addBindValue(key.origin);
    q.addBindValue(key.sourceWorkspaceId.isNull() ? QStringLiteral("") : key.sourceWorkspaceId);
    if (!q.exec()) {
        if (sql::isUniqueViolation(q.lastError()))
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("this workspace already holds domain key %1").arg(key.id));
        return sqlError(kWriteError, q.lastError());
    }
    return {};
}

Outcome<void> SecurityDomainStore::activateDomainKey(const QString& id)
{
    auto found = findDomainKey(id);
    if (!found)
        return found.error();
    if (!found.value())
        return makeError(ErrorKind::NotFound, QStringLiteral("no domain key %1 in this workspace").arg(id));
    QSqlQuery retire(m_db.connection());
    if (!retire.exec(QStringLiteral("UPDATE domain_keys SET state = 'retired' WHERE state = 'active'")))
        return sqlError(kWriteError, retire.lastError());
    QSqlQuery activate(m_db.connection());
    activate.prepare(QStringLiteral("UPDATE domain_keys SET state = 'active' WHERE id = ?"));
    activate.addBindValue(id);
    if (!activate.exec())
        return sqlError(kWriteError, activate.lastError());
    return {};
}

Outcome<bool> SecurityDomainStore::activated()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT EXISTS(SELECT 1 FROM security_domain_files)")) || !q.next())
        return sqlError(kReadError, q.lastError());
    return q.value(0).toBool();
}

Outcome<std::optional<SecurityDomainFileRecord>> SecurityDomainStore::currentFile()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT %1 FROM security_domain_files WHERE state = 'current' ORDER BY id DESC LIMIT 1")
                    .arg(kFileColumns)))
        return sqlError(kReadError, q.lastError());
    if (!q.next())
        return std::optional<SecurityDomainFileRecord>();
    return std::optional<SecurityDomainFileRecord>(fileFromRow(q));
}

Outcome<QList<SecurityDomainFileRecord>> SecurityDomainStore::files()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT %1 FROM security_domain_files ORDER BY id DESC").arg(kFileColumns)))
        return sqlError(kReadError, q.lastError());
    QList<SecurityDomainFileRecord> out;
    while (q.next())
        out.append(fileFromRow(q));
    return out;
}

Outcome<void> SecurityDomainStore::recordFile(SecurityDomainFileRecord& file)
{
    QSqlQuery supersede(m_db.connection());
    if (!supersede.exec(
            QStringLiteral("UPDATE security_domain_files SET state = 'superseded' WHERE state = 'current'")))
        return sqlError(kWriteError, supersede.lastError());
    QSqlQuery q(m_db.connection());
    q.prepare(
        QStringLiteral("INSERT INTO security_domain_files(time, operator, kind, required, custodians, file_sha256,"
                       " domain_key_id, state, transcript_sha256, source_workspace, source_workspace_name)"
                       " VALUES(?, ?, ?, ?, ?, ?, ?, 'current', ?, ?, ?)"));
    const auto text = [](const QString& s) { return s.isNull() ? QStringLiteral("") : s; };
    q.addBindValue(sql::fromTime(file.time.isValid() ? file.time : sql::nowUtc()));
    q.addBindValue(text(file.operatorName));
    q.addBindValue(file.kind);
    q.addBindValue(file.required);
    q.addBindValue(QString::fromUtf8(custodiansJson(file.custodians)));
    q.addBindValue(text(file.fileSha256));
    q.addBindValue(file.domainKeyId);
    q.addBindValue(text(file.transcriptSha256));
    q.addBindValue(text(file.sourceWorkspaceId));
    q.addBindValue(text(file.sourceWorkspaceName));
    if (!q.exec())
        return sqlError(kWriteError, q.lastError());
    file.id = q.lastInsertId().toLongLong();
    file.state = QStringLiteral("current");
    return {};
}

} // namespace custos::model
