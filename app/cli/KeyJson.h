#pragma once

#include "model/domain/Key.h"
#include "model/domain/KeyRotationPolicy.h"
#include "model/domain/Vault.h"
#include "model/services/KeyService.h"

#include <QJsonObject>

namespace custos::app {

// --json shapes of the key commands, in Key Vault's REST vocabulary (CLI.md, RFC 7517):
//
//   key bundle   {name, id: "/vaults/V/keys/K", version, key: {kid, kty, n, e | crv, x, y, key_ops},
//                 attributes: {enabled, nbf?, exp?, created, updated, recoveryLevel?, recoverableDays?},
//                 tags, protection: "hsm"|"software", exportable, allowRsa1_5 (RSA only)}
//                 tags: the key's tags with the version's own tags over them
//   deleted key  a bundle plus recoveryId: "/vaults/V/deletedkeys/K", deletedDate, scheduledPurgeDate
//   policy       {name, id: "/vaults/V/keys/K/rotationpolicy", attributes: {expiryTime}, lifetimeActions: [...]}
//   due item     {name, vault, kid, action: "rotate"|"notify", dueAt, description}
//
// Times are NumericDate (integer seconds since the epoch), as Key Vault writes them.
class KeyJson
{
public:
    // RFC 7517 public JWK of one version: kid = the version's resource id; oct keys carry no material.
    static QJsonObject jwk(const model::KeyRecord& key, const model::KeyVersion& version);
    // `vault` (when known) adds recoveryLevel and recoverableDays.
    static QJsonObject bundle(const model::KeyRecord& key, const model::KeyVersion& version,
                              const model::Vault* vault = nullptr);
    static QJsonObject bundle(const model::KeyRecord& key, const model::Vault* vault = nullptr)
    {
        return bundle(key, key.currentVersion, vault);
    }
    static QJsonObject deletedBundle(const model::KeyRecord& key, const model::Vault* vault = nullptr);
    static QJsonObject policy(const QString& vault, const QString& name, const model::KeyRotationPolicy& policy);
    static QJsonObject dueItem(const model::KeyDueItem& item);

    // For tables: "RSA 2048", "EC P-256", "oct 256".
    static QString typeText(const model::KeyRecord& key);
    static QString tagsText(const QMap<QString, QString>& tags); // "k=v;k2=v2"
    static QMap<QString, QString> effectiveTags(const model::KeyRecord& key, const model::KeyVersion& version);
};

} // namespace custos::app
