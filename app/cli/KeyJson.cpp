#include "KeyJson.h"
#include "JsonFormat.h"

#include "crypto/keys/JoseAlgorithm.h"
#include "crypto/keys/PublicKeyExport.h"

#include <QJsonArray>

namespace custos::app {

using model::KeyRecord;
using model::KeyVersion;

namespace {
void insertDate(QJsonObject* object, const QString& key, const QDateTime& time)
{
    if (time.isValid())
        object->insert(key, JsonFormat::numericDate(time));
}

QJsonObject tagsObject(const QMap<QString, QString>& tags)
{
    QJsonObject o;
    for (auto it = tags.cbegin(); it != tags.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}
} // namespace

QMap<QString, QString> KeyJson::effectiveTags(const KeyRecord& key, const KeyVersion& version)
{
    QMap<QString, QString> tags = key.tags;
    for (auto it = version.tags.cbegin(); it != version.tags.cend(); ++it)
        tags.insert(it.key(), it.value());
    return tags;
}

QString KeyJson::tagsText(const QMap<QString, QString>& tags)
{
    QStringList pairs;
    for (auto it = tags.cbegin(); it != tags.cend(); ++it)
        pairs << it.key() + QLatin1Char('=') + it.value();
    return pairs.join(QLatin1Char(';'));
}

QString KeyJson::typeText(const KeyRecord& key)
{
    const QString kty = model::keyTypeName(key.kty);
    if (key.kty == crypto::KeyKind::Ec)
        return kty + QLatin1Char(' ') + key.curve;
    return kty + QLatin1Char(' ') + QString::number(key.size);
}

QJsonObject KeyJson::jwk(const KeyRecord& key, const KeyVersion& version)
{
    const QString kid = KeyRecord::versionResourceId(key.vault, key.name, version.id);
    QList<crypto::KeyOperation> operations;
    for (const QString& name : key.keyOps) {
        if (const auto op = crypto::parseKeyOperation(name))
            operations << *op;
    }
    if (!version.publicKeyDer.isEmpty()) {
        auto jwk = crypto::publicKeyJwk(version.publicKeyDer, kid, operations);
        if (jwk)
            return jwk.value();
    }
    return QJsonObject{{QStringLiteral("kid"), kid},
                       {QStringLiteral("kty"), model::keyTypeName(key.kty)},
                       {QStringLiteral("key_ops"), QJsonArray::fromStringList(key.keyOps)}};
}

QJsonObject KeyJson::bundle(const KeyRecord& key, const KeyVersion& version, const model::Vault* vault)
{
    QJsonObject attributes{{QStringLiteral("enabled"), version.enabled}};
    insertDate(&attributes, QStringLiteral("nbf"), version.notBefore);
    insertDate(&attributes, QStringLiteral("exp"), version.expires);
    insertDate(&attributes, QStringLiteral("created"), version.created);
    insertDate(&attributes, QStringLiteral("updated"), version.updated);
    if (vault) {
        // Key Vault's recovery levels: purge protection makes a deleted key non-purgeable.
        attributes.insert(QStringLiteral("recoveryLevel"), vault->purgeProtection
                                                               ? QStringLiteral("Recoverable")
                                                               : QStringLiteral("Recoverable+Purgeable"));
        attributes.insert(QStringLiteral("recoverableDays"), vault->retentionDays);
    }
    QJsonObject o{
        {QStringLiteral("name"), key.name},
        {QStringLiteral("id"), key.resourceId()},
        {QStringLiteral("version"), version.id},
        {QStringLiteral("key"), jwk(key, version)},
        {QStringLiteral("attributes"), attributes},
        {QStringLiteral("tags"), tagsObject(effectiveTags(key, version))},
        {QStringLiteral("protection"), model::protectionName(key.protection)},
        {QStringLiteral("exportable"), key.exportable},
    };
    if (key.kty == crypto::KeyKind::Rsa)
        o.insert(QStringLiteral("allowRsa1_5"), key.allowRsa15);
    if (key.publicOnly) // not a Key Vault field: present only when set
        o.insert(QStringLiteral("publicOnly"), true);
    return o;
}

QJsonObject KeyJson::deletedBundle(const KeyRecord& key, const model::Vault* vault)
{
    QJsonObject o = bundle(key, vault);
    o.insert(QStringLiteral("recoveryId"), QStringLiteral("/vaults/%1/deletedkeys/%2").arg(key.vault, key.name));
    insertDate(&o, QStringLiteral("deletedDate"), key.deleted);
    insertDate(&o, QStringLiteral("scheduledPurgeDate"), key.scheduledPurge);
    return o;
}

QJsonObject KeyJson::policy(const QString& vault, const QString& name, const model::KeyRotationPolicy& policy)
{
    QJsonObject o = model::keyRotationPolicyToJson(policy);
    o.insert(QStringLiteral("name"), name);
    o.insert(QStringLiteral("id"), KeyRecord::keyResourceId(vault, name) + QStringLiteral("/rotationpolicy"));
    return o;
}

QJsonObject KeyJson::dueItem(const model::KeyDueItem& item)
{
    QJsonObject o{
        {QStringLiteral("name"), item.key.name},
        {QStringLiteral("vault"), item.key.vault},
        {QStringLiteral("kid"), item.key.kid()},
        {QStringLiteral("action"), model::lifetimeActionKindName(item.action.kind)},
        {QStringLiteral("description"), item.description},
    };
    insertDate(&o, QStringLiteral("dueAt"), item.dueAt);
    return o;
}

} // namespace custos::app
