#include "Stores.h"

#include "SqlSupport_p.h"

#include <QHash>
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
    "k.updated, k.deleted, k.scheduled_purge, k.allow_rsa1_5, k.ca_key, k.policy, k.public_only");
const QString kVersionColumns =
    QStringLiteral("v.id, v.seq, v.enabled, v.not_before, v.expires, v.created, v.updated, v.tags, v.public_key");
constexpr int kVersionOffset = 18;
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
    if (text.size() <= 2) // "{}": most keys have no tags, and a list of 10,000 keys parses them all
        return tags;
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
    // Keys share a handful of key_ops lists: parse each once per thread.
    thread_local QHash<QString, QStringList> parsed;
    if (const auto it = parsed.constFind(text); it != parsed.constEnd())
        return it.value();
    if (parsed.size() > 256)
        parsed.clear();
    QStringList& ops = parsed[text];
    const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
    for (const QJsonValue& value : array)
        ops << value.toString();
    return ops;
}

QString encodePolicy(const KeyRotationPolicy& policy)
{
    return QString::fromUtf8(QJsonDocument(keyRotationPolicyToJson(policy)).toJson(QJsonDocument::Compact));
}

KeyRotationPolicy decodePolicy(const QString& text)
{
    if (text.size() <= 2) // "{}": no policy
        return {};
    return keyRotationPolicyFromJson(QJsonDocument::fromJson(text.toUtf8()).object());
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
    k.allowRsa15 = query.value(14).toInt() != 0;
    k.isCaKey = query.value(15).toInt() != 0;
    k.policy = decodePolicy(query.value(16).toString());
    k.publicOnly = query.value(17).toInt() != 0;
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
        "updated, deleted, scheduled_purge, allow_rsa1_5, ca_key, policy, public_only) "
        "SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM vaults WHERE name = ?"));
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
    query.addBindValue(key.allowRsa15 ? 1 : 0);
    query.addBindValue(key.isCaKey ? 1 : 0);
    query.addBindValue(encodePolicy(key.policy));
    query.addBindValue(key.publicOnly ? 1 : 0);
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

Outcome<std::optional<KeyVersion>> KeyStore::findVersion(qint64 keyId, const QString& versionId)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT %1 FROM key_versions v WHERE v.key_id = ? AND v.id = ?").arg(kVersionColumns));
    query.addBindValue(keyId);
    query.addBindValue(versionId);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read key version %1").arg(versionId), query.lastError());
    if (!query.next())
        return std::optional<KeyVersion>();
    return std::optional<KeyVersion>(readVersion(query, 0));
}

Outcome<bool> KeyStore::hasVersion(const QString& versionId)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT 1 FROM key_versions WHERE id = ?"));
    query.addBindValue(versionId);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read key version %1").arg(versionId), query.lastError());
    return query.next();
}

Outcome<QList<KeyVersionMatch>> KeyStore::findByPublicKey(const QByteArray& publicKeyDer)
{
    QList<KeyVersionMatch> matches;
    if (publicKeyDer.isEmpty())
        return matches;
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT vt.name, k.name, v.id, k.deleted IS NOT NULL FROM key_versions v "
                                 "JOIN keys k ON k.id = v.key_id JOIN vaults vt ON vt.id = k.vault_id "
                                 "WHERE v.public_key = ? ORDER BY vt.name, k.name, v.seq"));
    query.addBindValue(publicKeyDer);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot look up keys by public key"), query.lastError());
    while (query.next())
        matches << KeyVersionMatch{query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
                                   query.value(3).toInt() != 0};
    return matches;
}

namespace {

// Runs a prepared UPDATE/DELETE that must touch one row.
Outcome<void> execOne(QSqlQuery& query, const QString& what, const QString& missing)
{
    if (!query.exec())
        return sqlError(QStringLiteral("cannot %1").arg(what), query.lastError());
    if (query.numRowsAffected() == 0)
        return makeError(ErrorKind::NotFound, missing);
    return {};
}

QString keyMissing(qint64 keyId)
{
    return QStringLiteral("key #%1 not found").arg(keyId);
}

} // namespace

Outcome<void> KeyStore::updateKey(const KeyRecord& key)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("UPDATE keys SET tags = ?, key_ops = ?, allow_rsa1_5 = ?, ca_key = ?, policy = ?, "
                                 "updated = ?, deleted = ?, scheduled_purge = ? WHERE id = ?"));
    query.addBindValue(encodeTags(key.tags));
    query.addBindValue(encodeOps(key.keyOps));
    query.addBindValue(key.allowRsa15 ? 1 : 0);
    query.addBindValue(key.isCaKey ? 1 : 0);
    query.addBindValue(encodePolicy(key.policy));
    query.addBindValue(sql::fromTime(key.updated.isValid() ? key.updated : sql::nowUtc()));
    query.addBindValue(sql::fromTime(key.deleted));
    query.addBindValue(sql::fromTime(key.scheduledPurge));
    query.addBindValue(key.id);
    return execOne(query, QStringLiteral("update key %1").arg(key.name), keyMissing(key.id));
}

Outcome<void> KeyStore::updateVersion(const KeyVersion& version)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral(
        "UPDATE key_versions SET enabled = ?, not_before = ?, expires = ?, updated = ?, tags = ? WHERE id = ?"));
    query.addBindValue(version.enabled ? 1 : 0);
    query.addBindValue(sql::fromTime(version.notBefore));
    query.addBindValue(sql::fromTime(version.expires));
    query.addBindValue(sql::fromTime(version.updated.isValid() ? version.updated : sql::nowUtc()));
    query.addBindValue(encodeTags(version.tags));
    query.addBindValue(version.id);
    return execOne(query, QStringLiteral("update key version %1").arg(version.id),
                   QStringLiteral("key version %1 not found").arg(version.id));
}

Outcome<void> KeyStore::markDeleted(qint64 keyId, const QDateTime& deleted, const QDateTime& scheduledPurge)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("UPDATE keys SET deleted = ?, scheduled_purge = ?, updated = ? WHERE id = ?"));
    query.addBindValue(sql::fromTime(deleted));
    query.addBindValue(sql::fromTime(scheduledPurge));
    query.addBindValue(sql::fromTime(deleted.isValid() ? deleted : sql::nowUtc()));
    query.addBindValue(keyId);
    return execOne(query, QStringLiteral("delete key #%1").arg(keyId), keyMissing(keyId));
}

Outcome<void> KeyStore::recover(qint64 keyId)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("UPDATE keys SET deleted = NULL, scheduled_purge = NULL WHERE id = ?"));
    query.addBindValue(keyId);
    return execOne(query, QStringLiteral("recover key #%1").arg(keyId), keyMissing(keyId));
}

Outcome<void> KeyStore::remove(qint64 keyId)
{
    // Explicit child deletes: correct even where foreign keys are off.
    for (const QString& statement : {QStringLiteral("DELETE FROM key_notifications WHERE version_id IN "
                                                    "(SELECT id FROM key_versions WHERE key_id = ?)"),
                                     QStringLiteral("DELETE FROM key_versions WHERE key_id = ?")}) {
        QSqlQuery query(m_db.connection());
        query.prepare(statement);
        query.addBindValue(keyId);
        if (!query.exec())
            return sqlError(QStringLiteral("cannot purge key #%1").arg(keyId), query.lastError());
    }
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("DELETE FROM keys WHERE id = ?"));
    query.addBindValue(keyId);
    return execOne(query, QStringLiteral("purge key #%1").arg(keyId), keyMissing(keyId));
}

Outcome<bool> KeyStore::isNotified(const QString& versionId, const QString& action)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT 1 FROM key_notifications WHERE version_id = ? AND action = ?"));
    query.addBindValue(versionId);
    query.addBindValue(action);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read the notifications of key version %1").arg(versionId),
                        query.lastError());
    return query.next();
}

Outcome<void> KeyStore::recordNotified(const QString& versionId, const QString& action, const QDateTime& when)
{
    QSqlQuery query(m_db.connection());
    query.prepare(
        QStringLiteral("INSERT OR IGNORE INTO key_notifications(version_id, action, applied) VALUES(?, ?, ?)"));
    query.addBindValue(versionId);
    query.addBindValue(action);
    query.addBindValue(sql::fromTime(when.isValid() ? when : sql::nowUtc()));
    if (!query.exec())
        return sqlError(QStringLiteral("cannot record a notification for key version %1").arg(versionId),
                        query.lastError());
    return {};
}

} // namespace custos::model
