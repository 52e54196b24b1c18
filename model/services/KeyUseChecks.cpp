// What every key use checks before the engine runs (KeyCryptoService's precheck): which key and
// version, which algorithm, and whether this key and version may do this now.

#include "KeyService.h"
#include "KeyUse_p.h"
#include "VaultService.h"
#include "model/store/Stores.h"

namespace custos::model::keyuse {

namespace {

using crypto::KeyOperation;

QString timeText(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODate);
}

} // namespace

QString permissionFor(KeyOperation operation)
{
    switch (operation) {
    case KeyOperation::Sign:
        return QStringLiteral("keys/sign/action");
    case KeyOperation::Verify:
        return QStringLiteral("keys/verify/action");
    case KeyOperation::Encrypt:
        return QStringLiteral("keys/encrypt/action");
    case KeyOperation::Decrypt:
        return QStringLiteral("keys/decrypt/action");
    case KeyOperation::WrapKey:
        return QStringLiteral("keys/wrap/action");
    case KeyOperation::UnwrapKey:
        return QStringLiteral("keys/unwrap/action");
    case KeyOperation::Import:
        return QStringLiteral("keys/import/action");
    case KeyOperation::Export:
        return QStringLiteral("keys/export/action");
    }
    return QStringLiteral("keys/read/action");
}

Operation makeOperation(const QString& name, const QString& permission, const KeyTarget& target,
                        const OperationContext& context)
{
    Operation op;
    op.name = name;
    op.permission = permission;
    op.context = context;
    op.resource = KeyRecord::keyResourceId(target.vault, target.name);
    if (!VaultService::isValidName(target.vault))
        op.scope = QStringLiteral("/");
    else if (!KeyService::isValidName(target.name))
        op.scope = QStringLiteral("/vaults/") + target.vault;
    else
        op.scope = op.resource;
    op.details = {{QStringLiteral("vault"), target.vault}, {QStringLiteral("key"), target.name}};
    if (!target.version.isEmpty())
        op.details.insert(QStringLiteral("version"), target.version);
    return op;
}

Outcome<ResolvedKey> resolve(Database& db, const KeyTarget& target)
{
    if (!VaultService::isValidName(target.vault))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid vault name '%1': %2").arg(target.vault, VaultService::nameRule()));
    if (!KeyService::isValidName(target.name))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid key name '%1': %2").arg(target.name, KeyService::nameRule()));
    auto vault = VaultStore(db).find(target.vault);
    if (!vault)
        return vault.error();
    if (!vault.value())
        return makeError(ErrorKind::NotFound, QStringLiteral("vault '%1' not found").arg(target.vault));
    if (vault.value()->isDeleted())
        return makeError(ErrorKind::NotFound, QStringLiteral("vault '%1' is deleted").arg(target.vault));
    auto found = KeyStore(db).find(vault.value()->name, target.name);
    if (!found)
        return found.error();
    if (!found.value())
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("key '%1' not found in vault '%2'").arg(target.name, target.vault));
    if (found.value()->isDeleted())
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("key '%1' in vault '%2' is deleted").arg(target.name, target.vault));
    ResolvedKey resolved;
    resolved.key = *found.value();
    const QString wanted = target.version.trimmed().toLower();
    if (wanted.isEmpty() || wanted == resolved.key.currentVersion.id) {
        if (resolved.key.currentVersion.id.isEmpty())
            return makeError(
                ErrorKind::NotFound,
                QStringLiteral("key '%1' in vault '%2' has no version").arg(resolved.key.name, resolved.key.vault));
        resolved.version = resolved.key.currentVersion;
        return resolved;
    }
    auto versions = KeyStore(db).versions(resolved.key.id);
    if (!versions)
        return versions.error();
    for (const KeyVersion& version : versions.value()) {
        if (version.id == wanted) {
            resolved.version = version;
            return resolved;
        }
    }
    return makeError(ErrorKind::NotFound, QStringLiteral("version '%1' of key '%2' not found in vault '%3'")
                                              .arg(target.version, resolved.key.name, resolved.key.vault));
}

Outcome<crypto::JoseAlgorithm> checkAlgorithm(const KeyRecord& key, const QString& algorithm, KeyOperation operation)
{
    auto parsed = crypto::algorithmForKey(algorithm, key.kty, operation);
    if (!parsed)
        return parsed.error();
    const QString name = crypto::joseAlgorithmName(parsed.value());
    if (key.kty == crypto::KeyKind::Ec && crypto::requiredCurve(parsed.value()) != key.curve)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("algorithm %1 needs a %2 key, but key '%3' is %4")
                             .arg(name, crypto::requiredCurve(parsed.value()), key.name, key.curve));
    if (key.kty == crypto::KeyKind::Aes && crypto::requiredAesBits(parsed.value()) != key.size)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("algorithm %1 needs a %2-bit AES key, but key '%3' has %4 bits")
                             .arg(name)
                             .arg(crypto::requiredAesBits(parsed.value()))
                             .arg(key.name)
                             .arg(key.size));
    return parsed;
}

Outcome<void> checkKeyOps(const KeyRecord& key, KeyOperation operation)
{
    const QString name = crypto::keyOperationName(operation);
    if (key.keyOps.contains(name))
        return {};
    const QString ops = key.keyOps.isEmpty() ? QStringLiteral("empty") : key.keyOps.join(QStringLiteral(", "));
    return makeError(ErrorKind::Invalid,
                     QStringLiteral("key '%1' does not allow '%2': its key_ops are %3").arg(key.name, name, ops));
}

Outcome<void> checkPublicOnlyUse(const KeyRecord& key, KeyOperation operation)
{
    if (!key.publicOnly || operation == KeyOperation::Verify || operation == KeyOperation::Encrypt ||
        operation == KeyOperation::WrapKey)
        return {};
    return makeError(ErrorKind::Invalid,
                     QStringLiteral("key '%1' holds a public key only: it can verify, encrypt and wrap, not %2 "
                                    "(there is no private key)")
                         .arg(key.name, crypto::keyOperationName(operation)));
}

Outcome<void> checkVersionUsable(const ResolvedKey& resolved, KeyOperation operation, const QDateTime& now)
{
    const KeyVersion& v = resolved.version;
    const QString& name = resolved.key.name;
    if (!v.enabled)
        return makeError(ErrorKind::Conflict, QStringLiteral("version %1 of key '%2' is disabled (enable it with "
                                                             "`key set --version %1 --enabled true`)")
                                                  .arg(v.id, name));
    // As in Key Vault: outside its validity a version still verifies, decrypts and unwraps.
    const bool producing =
        operation == KeyOperation::Sign || operation == KeyOperation::Encrypt || operation == KeyOperation::WrapKey;
    if (!producing)
        return {};
    if (v.notBefore.isValid() && now < v.notBefore)
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("version %1 of key '%2' is not valid before %3: until then it can only "
                                        "verify, decrypt and unwrap")
                             .arg(v.id, name, timeText(v.notBefore)));
    if (v.expires.isValid() && now >= v.expires)
        return makeError(ErrorKind::Conflict, QStringLiteral("version %1 of key '%2' expired at %3: it can only "
                                                             "verify, decrypt and unwrap")
                                                  .arg(v.id, name, timeText(v.expires)));
    return {};
}

Outcome<void> checkRsa15(const KeyRecord& key, crypto::JoseAlgorithm algorithm)
{
    if (algorithm != crypto::JoseAlgorithm::Rsa1_5 || key.allowRsa15)
        return {};
    return makeError(
        ErrorKind::Conflict,
        QStringLiteral("RSA1_5 is off for key %1; allow it with `key set --allow-rsa1_5 true`").arg(key.name));
}

Outcome<void> checkDigestLength(crypto::JoseAlgorithm algorithm, const QByteArray& input, bool isDigest)
{
    if (!isDigest)
        return {};
    const int expected = crypto::digestLength(crypto::digestOf(algorithm));
    if (input.size() == expected)
        return {};
    return makeError(ErrorKind::Invalid, QStringLiteral("a digest for %1 is %2 bytes, got %3")
                                             .arg(crypto::joseAlgorithmName(algorithm))
                                             .arg(expected)
                                             .arg(input.size()));
}

Outcome<void> checkNotCaKey(const KeyRecord& key, const QString& what)
{
    if (!key.isCaKey)
        return {};
    return makeError(ErrorKind::Conflict,
                     QStringLiteral("key '%1' is a certificate authority's key: `key %2` is refused for every role "
                                    "(it signs only through certificate issuance and CRLs)")
                         .arg(key.name, what));
}

Outcome<crypto::JoseAlgorithm> checkUse(const ResolvedKey& resolved, const QString& algorithm, KeyOperation operation,
                                        const QDateTime& now)
{
    auto parsed = checkAlgorithm(resolved.key, algorithm, operation);
    if (!parsed)
        return parsed.error();
    if (auto publicOnly = checkPublicOnlyUse(resolved.key, operation); !publicOnly)
        return publicOnly.error();
    if (auto allowed = checkKeyOps(resolved.key, operation); !allowed)
        return allowed.error();
    if (auto usable = checkVersionUsable(resolved, operation, now); !usable)
        return usable.error();
    if (auto legacy = checkRsa15(resolved.key, parsed.value()); !legacy)
        return legacy.error();
    return parsed;
}

int ecFieldBytes(const QString& curve)
{
    if (curve == QLatin1String("P-384"))
        return 48;
    if (curve == QLatin1String("P-521"))
        return 66;
    return 32;
}

} // namespace custos::model::keyuse
