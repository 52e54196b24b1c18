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
// A public-only key (imported from a public key or a certificate alone) has no private part to
// rotate, back up or export: Conflict naming `key import --as-version` as the way to a new version.
Outcome<void> checkNotPublicOnly(const KeyRecord& key, const QString& what);

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

// A key that arrives from outside (`key import`, `cert import`): what the precheck read, for the
// engine step that makes it a version. The precheck fills shape, privateKey and
// material->publicKeyDer (what the token must report back); the engine wipes privateKey.
struct ImportedMaterial
{
    VersionShape shape;
    crypto::SecureBuffer privateKey; // RSA/EC: PKCS#8 PrivateKeyInfo DER; AES: the raw key bytes
    std::shared_ptr<VersionMaterial> material = std::make_shared<VersionMaterial>();
};

// The engine step that brings an imported key in as version `versionId`: HSM RSA/EC keys through
// Token::importKeyPair (refused when the token's public key differs from the expected one), HSM AES
// keys through crypto::importSecretKey, both under CKA_ID = versionId with an intent row and an undo
// that destroys the objects; software keys sealed like generated ones (sealingAad(versionId)).
// `protection` is known before the run; the shape only once the precheck has read the source.
VersionEngine makeImportEngine(crypto::Token* token, Protection protection, const QString& versionId,
                               std::shared_ptr<ImportedMaterial> in);

template <typename T>
void useVersionEngine(Steps<T>& steps, VersionEngine engine)
{
    steps.intentId = engine.intentId;
    steps.engine = std::move(engine.engine);
    steps.undoEngine = std::move(engine.undo);
}

} // namespace custos::model::keysupport
