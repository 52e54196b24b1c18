#include "KeyService.h"

#include "KeyServiceSupport_p.h"
#include "ServicePath.h"
#include "VaultService.h"
#include "crypto/Digest.h"
#include "crypto/Random.h"
#include "crypto/keys/JoseAlgorithm.h"
#include "crypto/keys/software/SoftwareKey.h"
#include "model/session/Workspace.h"
#include "model/store/Stores.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <memory>

namespace custos::model {

namespace {

using crypto::KeyKind;
using namespace keysupport;

QList<int> allowedSizes(KeyKind kind)
{
    switch (kind) {
    case KeyKind::Rsa:
        return {2048, 3072, 4096};
    case KeyKind::Aes:
        return {128, 192, 256};
    case KeyKind::Ec:
        break;
    }
    return {};
}

QString joinInts(const QList<int>& values)
{
    QStringList texts;
    for (int v : values)
        texts << QString::number(v);
    return texts.join(QStringLiteral(", "));
}

const QStringList& allowedCurves()
{
    static const QStringList curves{QStringLiteral("P-256"), QStringLiteral("P-384"), QStringLiteral("P-521")};
    return curves;
}

QStringList operationNames(const QList<crypto::KeyOperation>& operations)
{
    QStringList names;
    for (crypto::KeyOperation op : operations)
        names << crypto::keyOperationName(op);
    return names;
}

// A key exchange key (BYOK): key_ops [import] and nothing else, RSA 2048/3072/4096, HSM, never
// exportable. It only unwraps .byok files inside the token; key_ops keep it from signing or
// decrypting anything else. Called once the type, size and key_ops are normalised.
Outcome<void> checkKek(const KeyCreateRequest& r)
{
    const QString importOp = crypto::keyOperationName(crypto::KeyOperation::Import);
    if (!r.keyOps.contains(importOp))
        return {};
    const QString kek =
        QStringLiteral("key '%1' has key_ops import, so it is a key exchange key (KEK) for BYOK: ").arg(r.name);
    if (r.keyOps.size() != 1)
        return makeError(ErrorKind::Invalid, kek + QStringLiteral("its key_ops must be exactly [import], not [%1]")
                                                       .arg(r.keyOps.join(QStringLiteral(", "))));
    if (r.kty != KeyKind::Rsa)
        return makeError(ErrorKind::Invalid,
                         kek + QStringLiteral("expected an RSA key (--kty RSA), not %1").arg(keyTypeName(r.kty)));
    if (r.protection != Protection::Hsm)
        return makeError(ErrorKind::Invalid, kek + QStringLiteral("expected HSM protection (--protection hsm): its "
                                                                  "private key must never leave the token"));
    if (r.exportable)
        return makeError(ErrorKind::Invalid, kek + QStringLiteral("it cannot be exportable"));
    return {};
}

// Fills in the defaults (size, curve, key_ops) and checks everything that needs no database.
Outcome<KeyCreateRequest> normalise(KeyCreateRequest r)
{
    if (!VaultService::isValidName(r.vault))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid vault name '%1': %2").arg(r.vault, VaultService::nameRule()));
    if (!KeyService::isValidName(r.name))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid key name '%1': %2").arg(r.name, KeyService::nameRule()));
    const QString kty = keyTypeName(r.kty);
    if (r.kty == KeyKind::Ec) {
        if (r.size != 0)
            return makeError(ErrorKind::Invalid, QStringLiteral("an EC key has no size: choose a curve (%1)")
                                                     .arg(allowedCurves().join(QStringLiteral(", "))));
        if (r.curve.isEmpty())
            r.curve = QStringLiteral("P-256");
        if (!allowedCurves().contains(r.curve))
            return makeError(ErrorKind::Invalid, QStringLiteral("invalid curve '%1' for an EC key: expected %2")
                                                     .arg(r.curve, allowedCurves().join(QStringLiteral(", "))));
    } else {
        if (!r.curve.isEmpty())
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("a curve applies only to EC keys, not to %1 keys").arg(kty));
        if (r.size == 0)
            r.size = r.kty == KeyKind::Rsa ? 2048 : 256;
        if (!allowedSizes(r.kty).contains(r.size))
            return makeError(ErrorKind::Invalid, QStringLiteral("invalid size %1 for an %2 key: expected %3 bits")
                                                     .arg(QString::number(r.size), kty, joinInts(allowedSizes(r.kty))));
    }
    const QList<crypto::KeyOperation> supported = crypto::supportedOperations(r.kty);
    if (r.keyOps.isEmpty()) {
        for (crypto::KeyOperation op : supported) {
            if (op != crypto::KeyOperation::Import && op != crypto::KeyOperation::Export)
                r.keyOps << crypto::keyOperationName(op);
        }
    } else {
        QStringList ops;
        for (const QString& name : std::as_const(r.keyOps)) {
            const auto op = crypto::parseKeyOperation(name);
            if (!op)
                return makeError(ErrorKind::Invalid,
                                 QStringLiteral("unknown key operation '%1': expected one of %2")
                                     .arg(name, operationNames(supported).join(QStringLiteral(", "))));
            if (!supported.contains(*op))
                return makeError(ErrorKind::Invalid,
                                 QStringLiteral("key operation '%1' is not possible with an %2 key: expected one of %3")
                                     .arg(name, kty, operationNames(supported).join(QStringLiteral(", "))));
            const QString canonical = crypto::keyOperationName(*op);
            if (!ops.contains(canonical))
                ops << canonical;
        }
        r.keyOps = ops;
    }
    if (auto kek = checkKek(r); !kek)
        return kek.error();
    if (r.exportable && r.protection == Protection::Hsm)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("key '%1' cannot be exportable: only software-protected keys can be "
                                        "exportable, HSM-protected keys never leave the token in clear")
                             .arg(r.name));
    // CLI.md: exportable puts export in key_ops; export without exportable would promise what
    // the key can never do.
    const QString exportOp = crypto::keyOperationName(crypto::KeyOperation::Export);
    if (r.exportable && !r.keyOps.contains(exportOp))
        r.keyOps << exportOp;
    if (!r.exportable && r.keyOps.contains(exportOp))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("key operation 'export' needs an exportable key: create key '%1' as a "
                                        "software key with exportable set (--exportable)")
                             .arg(r.name));
    return r;
}

} // namespace

KeyService::KeyService(ServicePath& path, QObject* parent) : QObject(parent), m_path(path) {}

bool KeyService::isValidName(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9-]{1,127}$"));
    return pattern.match(name).hasMatch();
}

QString KeyService::nameRule()
{
    return QStringLiteral("1-127 characters: letters, digits and dashes");
}

QCoro::Task<Outcome<KeyRecord>> KeyService::create(KeyCreateRequest request, OperationContext context)
{
    // The vault's protection bounds the key's; read before authorising only to choose the default
    // (the precheck below checks the vault again and reports a missing one).
    if (!request.protection && VaultService::isValidName(request.vault)) {
        auto vault = VaultStore(m_path.database()).find(request.vault);
        request.protection = vault && vault.value() ? vault.value()->protection : Protection::Hsm;
    }
    if (!request.protection)
        request.protection = Protection::Hsm;
    const QString versionId = m_versionIds ? m_versionIds() : crypto::randomId();

    Operation op;
    op.name = QStringLiteral("KeyCreate");
    op.permission = QStringLiteral("keys/create");
    op.context = context;
    op.resource = KeyRecord::keyResourceId(request.vault, request.name);
    if (!VaultService::isValidName(request.vault))
        op.scope = QStringLiteral("/"); // not a valid scope: authorise at the root, still audited
    else if (!isValidName(request.name))
        op.scope = vaultScope(request.vault);
    else
        op.scope = op.resource;
    op.details = {
        {QStringLiteral("vault"), request.vault},
        {QStringLiteral("key"), request.name},
        {QStringLiteral("kty"), keyTypeName(request.kty)},
        {QStringLiteral("protection"), protectionName(*request.protection)},
        {QStringLiteral("exportable"), request.exportable},
        {QStringLiteral("version"), versionId},
    };
    if (request.kty == KeyKind::Ec)
        op.details.insert(QStringLiteral("curve"), request.curve.isEmpty() ? QStringLiteral("P-256") : request.curve);
    else if (request.size != 0)
        op.details.insert(QStringLiteral("size"), request.size);

    auto normalised = normalise(request);
    if (normalised) {
        request = normalised.value();
        if (request.kty != KeyKind::Ec)
            op.details.insert(QStringLiteral("size"), request.size);
        op.details.insert(QStringLiteral("keyOps"), QJsonArray::fromStringList(request.keyOps));
    }
    const Error invalid = normalised ? Error{} : normalised.error();
    const bool isInvalid = !normalised;
    const QDateTime now = m_path.now();

    Steps<KeyRecord> steps;
    steps.precheck = [request, isInvalid, invalid, now](Database& db) -> Outcome<void> {
        if (isInvalid)
            return invalid;
        auto vault = activeVault(db, request.vault);
        if (!vault)
            return vault.error();
        if (vault->protection == Protection::Hsm && request.protection == Protection::Software)
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("vault '%1' is hsm-protected: software keys are not allowed").arg(vault->name));
        if (request.expires.isValid() && request.expires <= now)
            return makeError(ErrorKind::Invalid, QStringLiteral("expiry %1 is in the past: expected a time after now")
                                                     .arg(request.expires.toString(Qt::ISODate)));
        auto existing = KeyStore(db).find(request.vault, request.name);
        if (!existing)
            return existing.error();
        if (existing.value() && existing.value()->isDeleted())
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("key '%1' in vault '%2' is deleted and its name is reserved until it "
                                            "is purged; recover or purge it")
                                 .arg(existing.value()->name, vault->name));
        if (existing.value())
            return makeError(
                ErrorKind::Conflict,
                QStringLiteral("key '%1' already exists in vault '%2'").arg(existing.value()->name, vault->name));
        return {};
    };

    auto result = std::make_shared<VersionMaterial>();
    VersionShape shape{request.vault, request.name, request.kty, request.size, request.curve, *request.protection};
    useVersionEngine(steps, makeVersionEngine(m_path.workspace().token(), shape, versionId, result));

    steps.persist = [request, versionId, now, result](Database& db, QJsonObject& details) -> Outcome<KeyRecord> {
        auto vault = activeVault(db, request.vault);
        if (!vault)
            return vault.error();
        KeyRecord key;
        key.name = request.name;
        key.vault = vault->name;
        key.kty = request.kty;
        key.size = request.kty == KeyKind::Ec ? 0 : request.size;
        key.curve = request.curve;
        key.protection = *request.protection;
        key.exportable = request.exportable;
        key.keyOps = request.keyOps;
        key.tags = request.tags;
        key.created = key.updated = now;
        auto inserted = KeyStore(db).insert(key);
        if (!inserted)
            return inserted.error();
        KeyVersion version;
        version.id = versionId;
        version.seq = 1;
        version.expires = request.expires;
        version.created = version.updated = now;
        version.publicKeyDer = result->publicKeyDer;
        auto added = KeyStore(db).insertVersion(inserted->id, version, result->sealedPrivate);
        if (!added)
            return added.error();
        if (!result->publicKeyDer.isEmpty())
            details.insert(QStringLiteral("publicKeyFingerprint"), fingerprint(result->publicKeyDer));
        if (!request.tags.isEmpty())
            details.insert(QStringLiteral("tags"), tagsJson(request.tags));
        KeyRecord created = inserted.value();
        created.currentVersion = added.value();
        return created;
    };

    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT keysChanged();
    co_return outcome;
}

Outcome<QList<KeyRecord>> KeyService::list(const QString& vault)
{
    return listVisible(vault, false, QStringLiteral("KeyList"), kReadPermission);
}

Outcome<QList<KeyRecord>> KeyService::listVisible(const QString& vault, bool deleted, const QString& operation,
                                                  const QString& permission)
{
    Operation op;
    op.name = operation;
    op.permission = permission;
    op.scope = VaultService::isValidName(vault) ? vaultScope(vault) : QStringLiteral("/");
    op.details = {{QStringLiteral("vault"), vault}};
    if (!VaultService::isValidName(vault))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid vault name '%1': %2").arg(vault, VaultService::nameRule()));
    auto active = activeVault(m_path.database(), vault);
    if (!active) {
        // Who may not read keys there learns nothing about the vault: the denial comes first.
        if (auto allowed = m_path.authorise(op); !allowed)
            return allowed.error();
        return active.error();
    }
    auto all = KeyStore(m_path.database()).list(active->name, deleted);
    if (!all)
        return all.error();
    // Listing filters: the keys this operator may read (none is an empty list, not a denial).
    QList<KeyRecord> visible;
    const auto mayRead = m_path.allowedScopes(permission);
    for (const KeyRecord& key : all.value()) {
        if (mayRead(key.resourceId()))
            visible << key;
    }
    return visible;
}

Outcome<KeyRecord> KeyService::findReadable(const QString& vault, const QString& name, const QString& operation)
{
    Operation op;
    op.name = operation;
    op.permission = kReadPermission;
    op.details = {{QStringLiteral("vault"), vault}, {QStringLiteral("key"), name}};
    if (!VaultService::isValidName(vault))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid vault name '%1': %2").arg(vault, VaultService::nameRule()));
    if (!isValidName(name))
        return makeError(ErrorKind::Invalid, QStringLiteral("invalid key name '%1': %2").arg(name, nameRule()));
    op.scope = KeyRecord::keyResourceId(vault, name);
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    auto active = activeVault(m_path.database(), vault);
    if (!active)
        return active.error();
    auto found = KeyStore(m_path.database()).find(active->name, name);
    if (!found)
        return found.error();
    if (!found.value())
        return makeError(ErrorKind::NotFound, QStringLiteral("key '%1' not found in vault '%2'").arg(name, vault));
    if (found.value()->isDeleted())
        return makeError(ErrorKind::NotFound, QStringLiteral("key '%1' in vault '%2' is deleted").arg(name, vault));
    return *found.value();
}

Outcome<KeyRecord> KeyService::show(const QString& vault, const QString& name)
{
    return findReadable(vault, name, QStringLiteral("KeyShow"));
}

Outcome<QList<KeyVersion>> KeyService::versions(const QString& vault, const QString& name)
{
    auto key = findReadable(vault, name, QStringLiteral("KeyVersions"));
    if (!key)
        return key.error();
    return KeyStore(m_path.database()).versions(key->id);
}

} // namespace custos::model
