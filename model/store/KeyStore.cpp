#include "Stores.h"

#include "SqlSupport_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace custos::model {

namespace {

// Key columns (k), the vault's name (vt), then the newest version's columns (v).
const QString kKeyColumns = QStringLiteral(
    "k.id, k.name, vt.name, k.kty, k.size, k.curve, k.protection, k.exportable, k.key_ops, k.tags, k.created, "
    "k.updated, k.deleted, k.scheduled_purge");
const QString kVersionColumns =
    QStringLiteral("v.id, v.seq, v.enabled, v.not_before, v.expires, v.created, v.updated, v.tags, v.public_key");
constexpr int kVersionOffset = 14;
const QString kKeyFrom = QStringLiteral("FROM keys k JOIN vaults vt ON vt.id = k.vault_id "
                                        "LEFT JOIN key_versions v ON v.key_id = k.id "
                                        "AND v.seq = (SELECT MAX(seq) FROM key_versions WHERE key_id = k.id)");

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

QString encodeOps(const QStringList& ops)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(ops)).toJson(QJsonDocument::Compact));
}

QStringList decodeOps(const QString& text)
{
    QStringList ops;
    const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
    for (const QJsonValue& value : array)
        ops << value.toString();
    return ops;
}

QVariant nullableInt(int value)
{
    return value > 0 ? QVariant(value) : QVariant(QMetaType(QMetaType::Int));
}

QVariant nullableText(const QString& text)
{
    return text.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(text);
}

QVariant nullableBlob(const QByteArray& bytes)
{
    return bytes.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray)) : QVariant(bytes);
}

KeyVersion readVersion(const QSqlQuery& query, int at)
{
    KeyVersion v;
    v.id = query.value(at).toString();
    v.seq = query.value(at + 1).toInt();
    v.enabled = query.value(at + 2).toInt() != 0;
    v.notBefore = sql::toTime(query.value(at + 3));
    v.expires = sql::toTime(query.value(at + 4));
    v.created = sql::toTime(query.value(at + 5));
    v.updated = sql::toTime(query.value(at + 6));
    v.tags = decodeTags(query.value(at + 7).toString());
    v.publicKeyDer = query.value(at + 8).toByteArray();
    return v;
}

KeyRecord readKey(const QSqlQuery& query)
{
    KeyRecord k;
    k.id = query.value(0).toLongLong();
    k.name = query.value(1).toString();
    k.vault = query.value(2).toString();
    parseKeyType(query.value(3).toString(), &k.kty); // the CHECK constraint allows only valid names
    k.size = query.value(4).toInt();
    k.curve = query.value(5).toString();
    parseProtection(query.value(6).toString(), &k.protection);
    k.exportable = query.value(7).toInt() != 0;
    k.keyOps = decodeOps(query.value(8).toString());
    k.tags = decodeTags(query.value(9).toString());
    k.created = sql::toTime(query.value(10));
    k.updated = sql::toTime(query.value(11));
    k.deleted = sql::toTime(query.value(12));
    k.scheduledPurge = sql::toTime(query.value(13));
    if (!query.value(kVersionOffset).isNull())
        k.currentVersion = readVersion(query, kVersionOffset);
    return k;
}

} // namespace

Outcome<KeyRecord> KeyStore::insert(KeyRecord key)
{
    if (!key.created.isValid())
        key.created = sql::nowUtc();
    if (!key.updated.isValid())
        key.updated = key.created;
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral(
        "INSERT INTO keys(vault_id, name, kty, size, curve, protection, exportable, key_ops, tags, created, "
        "updated, deleted, scheduled_purge) "
        "SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM vaults WHERE name = ?"));
    query.addBindValue(key.name);
    query.addBindValue(keyTypeName(key.kty));
    query.addBindValue(nullableInt(key.size));
    query.addBindValue(nullableText(key.curve));
    query.addBindValue(protectionName(key.protection));
    query.addBindValue(key.exportable ? 1 : 0);
    query.addBindValue(encodeOps(key.keyOps));
    query.addBindValue(encodeTags(key.tags));
    query.addBindValue(sql::fromTime(key.created));
    query.addBindValue(sql::fromTime(key.updated));
    query.addBindValue(sql::fromTime(key.deleted));
    query.addBindValue(sql::fromTime(key.scheduledPurge));
    query.addBindValue(key.vault);
    if (!query.exec()) {
        if (sql::isUniqueViolation(query.lastError()))
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("key '%1' already exists in vault '%2'").arg(key.name, key.vault));
        return sqlError(QStringLiteral("cannot create key %1 in vault %2").arg(key.name, key.vault), query.lastError());
    }
    if (query.numRowsAffected() == 0)
        return makeError(ErrorKind::NotFound, QStringLiteral("vault '%1' not found").arg(key.vault));
    key.id = query.lastInsertId().toLongLong();
    return key;
}

Outcome<KeyVersion> KeyStore::insertVersion(qint64 keyId, KeyVersion version, const QByteArray& sealedPrivate)
{
    if (!version.created.isValid())
        version.created = sql::nowUtc();
    if (!version.updated.isValid())
        version.updated = version.created;
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral(
        "INSERT INTO key_versions(id, key_id, seq, enabled, not_before, expires, created, updated, tags, "
        "public_key, sealed_private) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(version.id);
    query.addBindValue(keyId);
    query.addBindValue(version.seq);
    query.addBindValue(version.enabled ? 1 : 0);
    query.addBindValue(sql::fromTime(version.notBefore));
    query.addBindValue(sql::fromTime(version.expires));
    query.addBindValue(sql::fromTime(version.created));
    query.addBindValue(sql::fromTime(version.updated));
    query.addBindValue(encodeTags(version.tags));
    query.addBindValue(nullableBlob(version.publicKeyDer));
    query.addBindValue(nullableBlob(sealedPrivate));
    if (!query.exec()) {
        if (sql::isUniqueViolation(query.lastError()))
            return makeError(ErrorKind::Conflict, QStringLiteral("key version %1 already exists").arg(version.id));
        return sqlError(QStringLiteral("cannot create key version %1").arg(version.id), query.lastError());
    }
    return version;
}

Outcome<std::optional<KeyRecord>> KeyStore::find(const QString& vault, const QString& name)
{
    // Both name columns are COLLATE NOCASE, as Key Vault's names are case-insensitive.
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT %1, %2 %3 WHERE vt.name = ? AND k.name = ?")
                      .arg(kKeyColumns, kVersionColumns, kKeyFrom));
    query.addBindValue(vault);
    query.addBindValue(name);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read key %1 in vault %2").arg(name, vault), query.lastError());
    if (!query.next())
        return std::optional<KeyRecord>();
    return std::optional<KeyRecord>(readKey(query));
}

Outcome<QList<KeyRecord>> KeyStore::list(const QString& vault, bool deleted)
{
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    const QString condition = deleted ? QStringLiteral("k.deleted IS NOT NULL") : QStringLiteral("k.deleted IS NULL");
    query.prepare(QStringLiteral("SELECT %1, %2 %3 WHERE vt.name = ? AND %4 ORDER BY k.name")
                      .arg(kKeyColumns, kVersionColumns, kKeyFrom, condition));
    query.addBindValue(vault);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot list the keys of vault %1").arg(vault), query.lastError());
    QList<KeyRecord> keys;
    while (query.next())
        keys << readKey(query);
    return keys;
}

Outcome<QList<KeyVersion>> KeyStore::versions(qint64 keyId)
{
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT %1 FROM key_versions v WHERE v.key_id = ? ORDER BY v.seq").arg(kVersionColumns));
    query.addBindValue(keyId);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot list key versions"), query.lastError());
    QList<KeyVersion> versions;
    while (query.next())
        versions << readVersion(query, 0);
    return versions;
}

Outcome<std::optional<QByteArray>> KeyStore::sealedPrivate(const QString& versionId)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT sealed_private FROM key_versions WHERE id = ?"));
    query.addBindValue(versionId);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read key version %1").arg(versionId), query.lastError());
    if (!query.next() || query.value(0).isNull())
        return std::optional<QByteArray>();
    return std::optional<QByteArray>(query.value(0).toByteArray());
}

} // namespace custos::model
