#include "KeyServiceSupport_p.h"

#include "KeyService.h"
#include "VaultService.h"
#include "crypto/Digest.h"
#include "model/session/Workspace.h"
#include "model/store/Stores.h"

namespace custos::model::keysupport {

using crypto::KeyKind;

QString vaultScope(const QString& vault)
{
    return QStringLiteral("/vaults/") + vault;
}

QJsonObject tagsJson(const QMap<QString, QString>& tags)
{
    QJsonObject o;
    for (auto it = tags.cbegin(); it != tags.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QString fingerprint(const QByteArray& publicKeyDer)
{
    return publicKeyDer.isEmpty() ? QString() : QString::fromLatin1(crypto::sha256(publicKeyDer).toHex());
}

QByteArray sealingAad(const QString& versionId)
{
    return QByteArrayLiteral("custos-key:") + versionId.toLatin1();
}

Outcome<Vault> activeVault(Database& db, const QString& name)
{
    auto found = VaultStore(db).find(name);
    if (!found)
        return found.error();
    if (!found.value())
        return makeError(ErrorKind::NotFound, QStringLiteral("vault '%1' not found").arg(name));
    if (found.value()->isDeleted())
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("vault '%1' is deleted (recover it with `vault recover %1`)").arg(name));
    return *found.value();
}

namespace {
Outcome<KeyRecord> anyKey(Database& db, const QString& vault, const QString& name)
{
    if (auto names = checkNames(vault, name); !names)
        return names.error();
    auto active = activeVault(db, vault);
    if (!active)
        return active.error();
    auto found = KeyStore(db).find(active->name, name);
    if (!found)
        return found.error();
    if (!found.value())
        return makeError(ErrorKind::NotFound, QStringLiteral("key '%1' not found in vault '%2'").arg(name, vault));
    return *found.value();
}
} // namespace

Outcome<KeyRecord> activeKey(Database& db, const QString& vault, const QString& name)
{
    auto key = anyKey(db, vault, name);
    if (key && key->isDeleted())
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("key '%1' in vault '%2' is deleted (recover it with `key recover %2 %1`)")
                             .arg(key->name, key->vault));
    return key;
}

Outcome<KeyRecord> deletedKey(Database& db, const QString& vault, const QString& name)
{
    auto key = anyKey(db, vault, name);
    if (key && !key->isDeleted())
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("key '%1' in vault '%2' is not deleted: delete it first (`key delete %2 %1`)")
                             .arg(key->name, key->vault));
    return key;
}

Outcome<void> checkNotCertificateKey(Database& db, const KeyRecord& key, const QString& what)
{
    auto used = CertificateStore(db).usesKey(key.id);
    if (!used)
        return used.error();
    if (!used.value())
        return {};
    return makeError(ErrorKind::Conflict,
                     QStringLiteral("key '%1' belongs to the certificate of the same name in vault '%2': `key %3` is "
                                    "refused, work on the certificate instead (`cert`, `ca`)")
                         .arg(key.name, key.vault, what));
}

Outcome<void> checkNotPublicOnly(const KeyRecord& key, const QString& what)
{
    if (!key.publicOnly)
        return {};
    return makeError(ErrorKind::Conflict,
                     QStringLiteral("key '%1' holds a public key only: `key %2` is refused; import a new version "
                                    "with `key import --as-version`")
                         .arg(key.name, what));
}

Operation keyOperation(const QString& name, const QString& permission, const QString& vault, const QString& key,
                       const OperationContext& context)
{
    Operation op;
    op.name = name;
    op.permission = permission;
    op.context = context;
    op.resource = KeyRecord::keyResourceId(vault, key);
    if (!VaultService::isValidName(vault))
        op.scope = QStringLiteral("/"); // not a valid scope: authorise at the root, still audited
    else if (!KeyService::isValidName(key))
        op.scope = vaultScope(vault);
    else
        op.scope = op.resource;
    op.details = {{QStringLiteral("vault"), vault}, {QStringLiteral("key"), key}};
    return op;
}

Outcome<void> checkNames(const QString& vault, const QString& key)
{
    if (!VaultService::isValidName(vault))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid vault name '%1': %2").arg(vault, VaultService::nameRule()));
    if (!KeyService::isValidName(key))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid key name '%1': %2").arg(key, KeyService::nameRule()));
    return {};
}

VersionShape VersionShape::of(const KeyRecord& key)
{
    return VersionShape{key.vault, key.name, key.kty, key.size, key.curve, key.protection};
}

crypto::KeyGenSpec genSpec(const VersionShape& shape, const QString& versionId)
{
    crypto::KeyGenSpec spec;
    spec.kind = shape.kind;
    spec.id = QByteArray::fromHex(versionId.toLatin1());
    spec.label = shape.vault + QLatin1Char('/') + shape.name;
    spec.bits = shape.kind == KeyKind::Ec ? 0 : shape.size;
    spec.curve = shape.curve;
    spec.wrapWithTrusted = true;
    return spec;
}

Outcome<crypto::SoftwareKey> generateSoftwareKey(KeyKind kind, int size, const QString& curve)
{
    switch (kind) {
    case KeyKind::Rsa:
        return crypto::SoftwareKey::generateRsa(size);
    case KeyKind::Ec:
        return crypto::SoftwareKey::generateEc(curve);
    case KeyKind::Aes:
        break;
    }
    return crypto::SoftwareKey::generateAes(size);
}

VersionEngine makeVersionEngine(crypto::Token* token, const VersionShape& shape, const QString& versionId,
                                std::shared_ptr<VersionMaterial> out)
{
    VersionEngine made;
    if (shape.protection == Protection::Hsm) {
        made.intentId = versionId;
        const crypto::KeyGenSpec spec = genSpec(shape, versionId);
        made.engine = [token, spec, out]() -> Outcome<void> {
            if (!token)
                return makeError(ErrorKind::Failed, QStringLiteral("the token is not open"));
            auto generated = token->generateKey(spec);
            if (!generated)
                return generated.error();
            out->publicKeyDer = generated->publicKeyDer;
            return {};
        };
        const QByteArray objectId = spec.id;
        made.undo = [token, objectId]() {
            if (token)
                (void)token->destroyObjects(objectId);
        };
        return made;
    }
    const KeyKind kind = shape.kind;
    const int size = shape.size;
    const QString curve = shape.curve;
    made.engine = [token, kind, size, curve, versionId, out]() -> Outcome<void> {
        if (!token)
            return makeError(ErrorKind::Failed, QStringLiteral("the token is not open"));
        auto key = generateSoftwareKey(kind, size, curve);
        if (!key)
            return key.error();
        if (kind != KeyKind::Aes) {
            auto publicKey = key->publicKeyDer();
            if (!publicKey)
                return publicKey.error();
            out->publicKeyDer = publicKey.value();
        }
        auto der = key->toPrivateDer();
        if (!der)
            return der.error();
        auto sealed = token->seal(QString::fromLatin1(kSealingKeyLabel), der.value(), sealingAad(versionId));
        if (!sealed)
            return sealed.error();
        out->sealedPrivate = sealed.value();
        return {};
    };
    return made;
}

} // namespace custos::model::keysupport
