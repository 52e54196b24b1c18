#include "KeyBackupFormat.h"

#include "BackupJson_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace custos::model {

namespace {

using namespace backupjson;

Error damaged(const QString& what)
{
    return makeError(ErrorKind::Invalid, QStringLiteral("the key backup is damaged: %1").arg(what));
}

} // namespace

QString KeyBackupFormat::formatName()
{
    return QStringLiteral("custos-key-backup-1");
}

QByteArray KeyBackupFormat::backupAad(const QString& versionId)
{
    return QByteArrayLiteral("custos-key-backup:") + versionId.toLatin1();
}

QByteArray KeyBackupFormat::integrityMarker()
{
    return QByteArrayLiteral("custos-key-backup-1");
}

QByteArray KeyBackupFormat::integrityAad(const QByteArray& canonical)
{
    return QByteArrayLiteral("custos-key-backup-integrity:") + canonical;
}

namespace {

Error damagedIn(const QString& what, const QString& detail)
{
    return makeError(ErrorKind::Invalid, QStringLiteral("%1 is damaged: %2").arg(what, detail));
}

QJsonObject unsignedRoot(const KeyBackup& backup)
{
    QJsonArray versions;
    for (const KeyBackupVersion& bv : backup.versions)
        versions.append(KeyBackupFormat::versionToJson(bv));
    QJsonObject root{
        {QStringLiteral("format"), KeyBackupFormat::formatName()},
        {QStringLiteral("made"), iso(backup.made)},
        {QStringLiteral("key"), KeyBackupFormat::keyToJson(backup.key)},
        {QStringLiteral("contentKey"), b64(backup.wrappedContentKey)},
        {QStringLiteral("versions"), versions},
    };
    // Optional, so blobs made before domain keys had ids keep their canonical bytes.
    if (!backup.domainKeyId.isEmpty())
        root.insert(QStringLiteral("domainKeyId"), backup.domainKeyId);
    return root;
}

} // namespace

QByteArray KeyBackupFormat::canonical(const KeyBackup& backup)
{
    return QJsonDocument(unsignedRoot(backup)).toJson(QJsonDocument::Compact);
}

QByteArray KeyBackupFormat::encode(const KeyBackup& backup)
{
    QJsonObject root = unsignedRoot(backup);
    root.insert(QStringLiteral("integrity"), b64(backup.integrity));
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QJsonObject KeyBackupFormat::keyToJson(const KeyRecord& k)
{
    QJsonObject key{
        {QStringLiteral("name"), k.name},
        {QStringLiteral("vault"), k.vault},
        {QStringLiteral("kty"), keyTypeName(k.kty)},
        {QStringLiteral("protection"), protectionName(k.protection)},
        {QStringLiteral("exportable"), k.exportable},
        {QStringLiteral("keyOps"), QJsonArray::fromStringList(k.keyOps)},
        {QStringLiteral("tags"), tagsObject(k.tags)},
        {QStringLiteral("allowRsa15"), k.allowRsa15},
        {QStringLiteral("created"), iso(k.created)},
        {QStringLiteral("updated"), iso(k.updated)},
        {QStringLiteral("policy"), keyRotationPolicyToJson(k.policy)},
    };
    if (k.kty == crypto::KeyKind::Ec)
        key.insert(QStringLiteral("curve"), k.curve);
    else
        key.insert(QStringLiteral("size"), k.size);
    return key;
}

Outcome<KeyRecord> KeyBackupFormat::keyFromJson(const QJsonObject& key, const QString& what)
{
    KeyRecord k;
    k.name = key.value(QStringLiteral("name")).toString();
    k.vault = key.value(QStringLiteral("vault")).toString();
    if (k.name.isEmpty())
        return damagedIn(what, QStringLiteral("no key name"));
    if (!parseKeyType(key.value(QStringLiteral("kty")).toString(), &k.kty))
        return damagedIn(what, QStringLiteral("unknown key type '%1': expected RSA, EC or oct")
                                   .arg(key.value(QStringLiteral("kty")).toString()));
    if (!parseProtection(key.value(QStringLiteral("protection")).toString(), &k.protection))
        return damagedIn(what, QStringLiteral("unknown protection '%1': expected hsm or software")
                                   .arg(key.value(QStringLiteral("protection")).toString()));
    k.size = key.value(QStringLiteral("size")).toInt();
    k.curve = key.value(QStringLiteral("curve")).toString();
    k.exportable = key.value(QStringLiteral("exportable")).toBool();
    for (const QJsonValue& op : key.value(QStringLiteral("keyOps")).toArray())
        k.keyOps << op.toString();
    k.tags = tagsMap(key.value(QStringLiteral("tags")));
    k.allowRsa15 = key.value(QStringLiteral("allowRsa15")).toBool();
    k.created = fromIso(key.value(QStringLiteral("created")));
    k.updated = fromIso(key.value(QStringLiteral("updated")));
    k.policy = keyRotationPolicyFromJson(key.value(QStringLiteral("policy")).toObject());
    return k;
}

QJsonObject KeyBackupFormat::versionToJson(const KeyBackupVersion& bv)
{
    const KeyVersion& v = bv.version;
    QJsonObject o{
        {QStringLiteral("id"), v.id},
        {QStringLiteral("seq"), v.seq},
        {QStringLiteral("enabled"), v.enabled},
        {QStringLiteral("notBefore"), iso(v.notBefore)},
        {QStringLiteral("expires"), iso(v.expires)},
        {QStringLiteral("created"), iso(v.created)},
        {QStringLiteral("updated"), iso(v.updated)},
        {QStringLiteral("tags"), tagsObject(v.tags)},
        {QStringLiteral("publicKey"), b64(v.publicKeyDer)},
    };
    if (!bv.wrappedKey.isEmpty())
        o.insert(QStringLiteral("wrappedKey"), b64(bv.wrappedKey));
    if (!bv.encryptedPrivate.isEmpty())
        o.insert(QStringLiteral("encryptedPrivate"), b64(bv.encryptedPrivate));
    return o;
}

Outcome<KeyBackupVersion> KeyBackupFormat::versionFromJson(const QJsonObject& o, const KeyRecord& k,
                                                           const QString& what)
{
    static const QRegularExpression idPattern(QStringLiteral("^[0-9a-f]{32}$"));
    KeyBackupVersion bv;
    KeyVersion& v = bv.version;
    v.id = o.value(QStringLiteral("id")).toString();
    if (!idPattern.match(v.id).hasMatch())
        return damagedIn(what, QStringLiteral("version id '%1' is not 32 lowercase hex digits").arg(v.id));
    v.seq = o.value(QStringLiteral("seq")).toInt();
    v.enabled = o.value(QStringLiteral("enabled")).toBool(true);
    v.notBefore = fromIso(o.value(QStringLiteral("notBefore")));
    v.expires = fromIso(o.value(QStringLiteral("expires")));
    v.created = fromIso(o.value(QStringLiteral("created")));
    v.updated = fromIso(o.value(QStringLiteral("updated")));
    v.tags = tagsMap(o.value(QStringLiteral("tags")));
    v.publicKeyDer = fromB64(o.value(QStringLiteral("publicKey")));
    bv.wrappedKey = fromB64(o.value(QStringLiteral("wrappedKey")));
    bv.encryptedPrivate = fromB64(o.value(QStringLiteral("encryptedPrivate")));
    const bool hsm = k.protection == Protection::Hsm;
    if (!k.publicOnly && (hsm ? bv.wrappedKey.isEmpty() : bv.encryptedPrivate.isEmpty()))
        return damagedIn(what, QStringLiteral("version %1 has no %2")
                                   .arg(v.id, hsm ? QStringLiteral("wrapped key") : QStringLiteral("private part")));
    if (k.kty != crypto::KeyKind::Aes && v.publicKeyDer.isEmpty())
        return damagedIn(what, QStringLiteral("version %1 has no public key").arg(v.id));
    return bv;
}

Outcome<KeyBackup> KeyBackupFormat::decode(const QByteArray& blob)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(blob, &parseError);
    const QJsonObject root = doc.object();
    if (parseError.error != QJsonParseError::NoError || !doc.isObject() ||
        root.value(QStringLiteral("format")).toString() != formatName())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("not a Custos key backup: expected JSON with format %1").arg(formatName()));
    const QString what = QStringLiteral("the key backup");
    KeyBackup backup;
    backup.integrity = fromB64(root.value(QStringLiteral("integrity")));
    if (backup.integrity.isEmpty())
        return damaged(QStringLiteral("no integrity tag"));
    QJsonObject covered = root;
    covered.remove(QStringLiteral("integrity"));
    backup.canonical = QJsonDocument(covered).toJson(QJsonDocument::Compact);
    backup.made = fromIso(root.value(QStringLiteral("made")));
    if (root.contains(QStringLiteral("domainKeyId"))) {
        static const QRegularExpression domainIdPattern(QStringLiteral("^[0-9a-fA-F]{16}$"));
        backup.domainKeyId = root.value(QStringLiteral("domainKeyId")).toString();
        if (!domainIdPattern.match(backup.domainKeyId).hasMatch())
            return damaged(QStringLiteral("domain key id '%1' is not 16 hex digits").arg(backup.domainKeyId));
    }
    auto key = keyFromJson(root.value(QStringLiteral("key")).toObject(), what);
    if (!key)
        return key.error();
    backup.key = key.value();

    backup.wrappedContentKey = fromB64(root.value(QStringLiteral("contentKey")));
    if (backup.wrappedContentKey.isEmpty())
        return damaged(QStringLiteral("no wrapped content key"));
    const QJsonArray versions = root.value(QStringLiteral("versions")).toArray();
    if (versions.isEmpty())
        return damaged(QStringLiteral("no key versions"));
    for (const QJsonValue& value : versions) {
        auto version = versionFromJson(value.toObject(), backup.key, what);
        if (!version)
            return version.error();
        backup.versions << version.value();
    }
    return backup;
}

} // namespace custos::model
