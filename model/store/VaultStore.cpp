#include "Stores.h"

#include "SqlSupport_p.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace custos::model {

namespace {

const QString kColumns =
    QStringLiteral("id, name, protection, retention_days, purge_protection, tags, created, updated, "
                   "deleted, scheduled_purge");

QString encodeTags(const QMap<QString, QString>& tags)
{
    QJsonObject object;
    for (auto it = tags.cbegin(); it != tags.cend(); ++it)
        object.insert(it.key(), it.value());
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QMap<QString, QString> decodeTags(const QString& text)
{
    QMap<QString, QString> tags;
    const QJsonObject object = QJsonDocument::fromJson(text.toUtf8()).object();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        tags.insert(it.key(), it.value().toString());
    return tags;
}

Vault readVault(const QSqlQuery& query)
{
    Vault v;
    v.id = query.value(0).toLongLong();
    v.name = query.value(1).toString();
    parseProtection(query.value(2).toString(), &v.protection); // the CHECK constraint allows only valid names
    v.retentionDays = query.value(3).toInt();
    v.purgeProtection = query.value(4).toInt() != 0;
    v.tags = decodeTags(query.value(5).toString());
    v.created = sql::toTime(query.value(6));
    v.updated = sql::toTime(query.value(7));
    v.deleted = sql::toTime(query.value(8));
    v.scheduledPurge = sql::toTime(query.value(9));
    return v;
}

} // namespace

Outcome<Vault> VaultStore::insert(Vault v)
{
    if (!v.created.isValid())
        v.created = sql::nowUtc();
    if (!v.updated.isValid())
        v.updated = v.created;
    QSqlQuery query(m_db.connection());
    query.prepare(
        QStringLiteral("INSERT INTO vaults(name, protection, retention_days, purge_protection, tags, created, "
                       "updated, deleted, scheduled_purge) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(v.name);
    query.addBindValue(protectionName(v.protection));
    query.addBindValue(v.retentionDays);
    query.addBindValue(v.purgeProtection ? 1 : 0);
    query.addBindValue(encodeTags(v.tags));
    query.addBindValue(sql::fromTime(v.created));
    query.addBindValue(sql::fromTime(v.updated));
    query.addBindValue(sql::fromTime(v.deleted));
    query.addBindValue(sql::fromTime(v.scheduledPurge));
    if (!query.exec()) {
        if (sql::isUniqueViolation(query.lastError()))
            return makeError(ErrorKind::Conflict, QStringLiteral("vault %1 already exists").arg(v.name));
        return sqlError(QStringLiteral("cannot create vault %1").arg(v.name), query.lastError());
    }
    v.id = query.lastInsertId().toLongLong();
    return v;
}

Outcome<std::optional<Vault>> VaultStore::find(const QString& name)
{
    // The name column is COLLATE NOCASE: "Payments" finds "payments", as Key Vault names do.
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT %1 FROM vaults WHERE name = ?").arg(kColumns));
    query.addBindValue(name);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read vault %1").arg(name), query.lastError());
    if (!query.next())
        return std::optional<Vault>();
    return std::optional<Vault>(readVault(query));
}

Outcome<QList<Vault>> VaultStore::list(bool deleted)
{
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    const QString condition = deleted ? QStringLiteral("deleted IS NOT NULL") : QStringLiteral("deleted IS NULL");
    if (!query.exec(QStringLiteral("SELECT %1 FROM vaults WHERE %2 ORDER BY name").arg(kColumns, condition)))
        return sqlError(QStringLiteral("cannot list vaults"), query.lastError());
    QList<Vault> vaults;
    while (query.next())
        vaults << readVault(query);
    return vaults;
}

Outcome<void> VaultStore::update(const Vault& v)
{
    // The name identifies the vault (names never change); everything else is rewritten.
    QSqlQuery query(m_db.connection());
    query.prepare(
        QStringLiteral("UPDATE vaults SET protection = ?, retention_days = ?, purge_protection = ?, tags = ?, "
                       "created = COALESCE(?, created), updated = ?, deleted = ?, scheduled_purge = ? "
                       "WHERE name = ?"));
    query.addBindValue(protectionName(v.protection));
    query.addBindValue(v.retentionDays);
    query.addBindValue(v.purgeProtection ? 1 : 0);
    query.addBindValue(encodeTags(v.tags));
    query.addBindValue(sql::fromTime(v.created));
    query.addBindValue(sql::fromTime(v.updated.isValid() ? v.updated : sql::nowUtc()));
    query.addBindValue(sql::fromTime(v.deleted));
    query.addBindValue(sql::fromTime(v.scheduledPurge));
    query.addBindValue(v.name);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot update vault %1").arg(v.name), query.lastError());
    if (query.numRowsAffected() == 0)
        return makeError(ErrorKind::NotFound, QStringLiteral("vault %1 not found").arg(v.name));
    return {};
}

Outcome<void> VaultStore::remove(const QString& name)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("DELETE FROM vaults WHERE name = ?"));
    query.addBindValue(name);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot purge vault %1").arg(name), query.lastError());
    if (query.numRowsAffected() == 0)
        return makeError(ErrorKind::NotFound, QStringLiteral("vault %1 not found").arg(name));
    return {};
}

} // namespace custos::model
