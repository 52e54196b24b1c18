#include "KeyBackupFormat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace custos::model {

namespace {

QString iso(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime fromIso(const QJsonValue& value)
{
    const QString text = value.toString();
    if (text.isEmpty())
        return {};
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    return time.isValid() ? time.toUTC() : QDateTime();
}

QJsonObject tagsObject(const QMap<QString, QString>& tags)
{
    QJsonObject o;
    for (auto it = tags.cbegin(); it != tags.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QMap<QString, QString> tagsMap(const QJsonValue& value)
{
    QMap<QString, QString> tags;
    const QJsonObject o = value.toObject();
    for (auto it = o.constBegin(); it != o.constEnd(); ++it)
        tags.insert(it.key(), it.value().toString());
    return tags;
}

QString b64(const QByteArray& bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

// Strict base64; empty for a missing or malformed value.
QByteArray fromB64(const QJsonValue& value)
{
    auto decoded = QByteArray::fromBase64Encoding(value.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    return decoded ? decoded.decoded : QByteArray();
}

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
QJsonObject unsignedRoot(const KeyBackup& backup);
}

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

namespace {
QJsonObject unsignedRoot(const KeyBackup& backup)
{
    const KeyRecord& k = backup.key;
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
    QJsonArray versions;
    for (const KeyBackupVersion& bv : backup.versions) {
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
        versions.append(o);
    }
    return QJsonObject{
        {QStringLiteral("format"), KeyBackupFormat::formatName()},
        {QStringLiteral("made"), iso(backup.made)},
        {QStringLiteral("key"), key},
        {QStringLiteral("contentKey"), b64(backup.wrappedContentKey)},
        {QStringLiteral("versions"), versions},
    };
}
} // namespace

Outcome<KeyBackup> KeyBackupFormat::decode(const QByteArray& blob)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(blob, &parseError);
    const QJsonObject root = doc.object();
    if (parseError.error != QJsonParseError::NoError || !doc.isObject() ||
        root.value(QStringLiteral("format")).toString() != formatName())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("not a Custos key backup: expected JSON with format %1").arg(formatName()));
    KeyBackup backup;
    backup.integrity = fromB64(root.value(QStringLiteral("integrity")));
    if (backup.integrity.isEmpty())
        return damaged(QStringLiteral("no integrity tag"));
    QJsonObject covered = root;
    covered.remove(QStringLiteral("integrity"));
    backup.canonical = QJsonDocument(covered).toJson(QJsonDocument::Compact);
    backup.made = fromIso(root.value(QStringLiteral("made")));
    const QJsonObject key = root.value(QStringLiteral("key")).toObject();
    KeyRecord& k = backup.key;
    k.name = key.value(QStringLiteral("name")).toString();
    k.vault = key.value(QStringLiteral("vault")).toString();
    if (k.name.isEmpty())
        return damaged(QStringLiteral("no key name"));
    if (!parseKeyType(key.value(QStringLiteral("kty")).toString(), &k.kty))
        return damaged(QStringLiteral("unknown key type '%1': expected RSA, EC or oct")
                           .arg(key.value(QStringLiteral("kty")).toString()));
    if (!parseProtection(key.value(QStringLiteral("protection")).toString(), &k.protection))
        return damaged(QStringLiteral("unknown protection '%1': expected hsm or software")
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

    backup.wrappedContentKey = fromB64(root.value(QStringLiteral("contentKey")));
    if (backup.wrappedContentKey.isEmpty())
        return damaged(QStringLiteral("no wrapped content key"));
    static const QRegularExpression idPattern(QStringLiteral("^[0-9a-f]{32}$"));
    const QJsonArray versions = root.value(QStringLiteral("versions")).toArray();
    if (versions.isEmpty())
        return damaged(QStringLiteral("no key versions"));
    for (const QJsonValue& value : versions) {
        const QJsonObject o = value.toObject();
        KeyBackupVersion bv;
        KeyVersion& v = bv.version;
        v.id = o.value(QStringLiteral("id")).toString();
        if (!idPattern.match(v.id).hasMatch())
            return damaged(QStringLiteral("version id '%1' is not 32 lowercase hex digits").arg(v.id));
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
        if (hsm ? bv.wrappedKey.isEmpty() : bv.encryptedPrivate.isEmpty())
            return damaged(QStringLiteral("version %1 has no %2")
                               .arg(v.id, hsm ? QStringLiteral("wrapped key") : QStringLiteral("private part")));
        if (k.kty != crypto::KeyKind::Aes && v.publicKeyDer.isEmpty())
            return damaged(QStringLiteral("version %1 has no public key").arg(v.id));
        backup.versions << bv;
    }
    return backup;
}

} // namespace custos::model
