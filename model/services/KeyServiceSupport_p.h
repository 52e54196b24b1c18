#pragma once

// Private to KeyService's files: lookups and the version-creating engine step that create, rotate
// and restore share.

#include "OperationContext.h"
#include "ServicePath.h"
#include "crypto/keys/software/SoftwareKey.h"
#include "model/domain/Key.h"
#include "model/domain/Vault.h"
#include "model/store/Database.h"

#include <QJsonObject>

#include <functional>
#include <memory>

namespace custos::model::keysupport {

inline const QString kReadPermission = QStringLiteral("keys/read/action");

QString vaultScope(const QString& vault);
QJsonObject tagsJson(const QMap<QString, QString>& tags);
QString fingerprint(const QByteArray& publicKeyDer); // sha256 hex; empty for an empty key
QByteArray sealingAad(const QString& versionId);     // "custos-key:" + id, what software keys are sealed under

Outcome<Vault> activeVault(Database& db, const QString& name);
// An active key of an active vault: NotFound naming what is missing or deleted.
Outcome<KeyRecord> activeKey(Database& db, const QString& vault, const QString& name);
// A soft-deleted key of an active vault: NotFound when missing, Conflict when not deleted.
Outcome<KeyRecord> deletedKey(Database& db, const QString& vault, const QString& name);
// A certificate's key follows its certificate: `key delete` and `key rotate` on it are refused
// (renew or delete the certificate instead), so a certificate never loses the key it certifies.
Outcome<void> checkNotCertificateKey(Database& db, const KeyRecord& key, const QString& what);

// An operation on one key at its scope; invalid names authorise at the vault or root (still audited)
// and `invalidNames` reports them for the precheck.
Operation keyOperation(const QString& name, const QString& permission, const QString& vault, const QString& key,
                       const OperationContext& context);
Outcome<void> checkNames(const QString& vault, const QString& key);

// What a new version is: the key's type, size, curve and protection.
struct VersionShape
{
    QString vault;
    QString name;
    crypto::KeyKind kind = crypto::KeyKind::Rsa;
    int size = 0; // RSA/oct bits; 0 for EC
    QString curve;
    Protection protection = Protection::Hsm;

    static VersionShape of(const KeyRecord& key);
};

crypto::KeyGenSpec genSpec(const VersionShape& shape, const QString& versionId);
Outcome<crypto::SoftwareKey> generateSoftwareKey(crypto::KeyKind kind, int size, const QString& curve);

// What the engine step hands to persist (made on the token thread, read on the database thread).
struct VersionMaterial
{
    QByteArray publicKeyDer;
    QByteArray sealedPrivate; // software keys only
};

// The engine step that makes a new version: HSM keys on the token under CKA_ID = versionId (with an
// intent row and an undo that destroys the objects), software keys generated here and sealed under
// the sealing key with sealingAad(versionId).
struct VersionEngine
{
    QString intentId;
    std::function<Outcome<void>()> engine;
    std::function<void()> undo;
};
VersionEngine makeVersionEngine(crypto::Token* token, const VersionShape& shape, const QString& versionId,
                                std::shared_ptr<VersionMaterial> out);

template <typename T>
void useVersionEngine(Steps<T>& steps, VersionEngine engine)
{
    steps.intentId = engine.intentId;
    steps.engine = std::move(engine.engine);
    steps.undoEngine = std::move(engine.undo);
}

} // namespace custos::model::keysupport
