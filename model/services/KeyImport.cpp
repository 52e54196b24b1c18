// `key import`: one key of a file, a paste, a token object or a .byok file becomes a key (or a new
// version of one) through the one service path. The source is read again in the precheck, after
// authorisation, so an operator without keys/import/action learns nothing about the file.

#include "KeyImportService.h"
#include "KeyImportSupport_p.h"
#include "KeyImport_p.h"
#include "KeyService.h"
#include "ServicePath.h"
#include "VaultService.h"
#include "crypto/Random.h"
#include "crypto/keys/software/SoftwareKey.h"
#include "model/session/Workspace.h"
#include "model/store/Stores.h"

#include <QJsonArray>

namespace custos::model {

using namespace importsupport;
using crypto::KeyKind;
using crypto::import::ImportedKey;

namespace {

const QString kImportPermission = QStringLiteral("keys/import/action");

bool isByokSource(const KeyImportSource& source)
{
    using crypto::import::KeyFileFormat;
    if (source.contents)
        return false;
    return source.format == KeyFileFormat::Byok ||
           (source.format == KeyFileFormat::Auto && crypto::byok::looksLikeByok(source.bytes));
}

Outcome<void> checkTimes(const KeyImportRequest& request, const QDateTime& now)
{
    if (request.expires.isValid() && request.expires <= now)
        return makeError(ErrorKind::Invalid, QStringLiteral("expiry %1 is in the past: expected a time after now")
                                                 .arg(request.expires.toString(Qt::ISODate)));
    if (request.expires.isValid() && request.notBefore.isValid() && request.notBefore >= request.expires)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("not-before %1 is not before the expiry %2")
                             .arg(request.notBefore.toString(Qt::ISODate), request.expires.toString(Qt::ISODate)));
    return {};
}

// The name is free (a new key) or names the key a new version joins (asVersion).
Outcome<void> checkName(Database& db, const KeyImportRequest& request, ImportState& state)
{
    auto found = KeyStore(db).find(request.vault, request.name);
    if (!found)
        return found.error();
    if (!request.asVersion) {
        if (found.value() && found.value()->isDeleted())
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("key '%1' in vault '%2' is deleted and its name is reserved until it is "
                                            "purged; recover or purge it, or import under another name")
                                 .arg(found.value()->name, request.vault));
        if (found.value())
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("key '%1' already exists in vault '%2': import under another name, or "
                                            "as its new version (--as-version)")
                                 .arg(found.value()->name, request.vault));
        return {};
    }
    auto key = keysupport::activeKey(db, request.vault, request.name);
    if (!key) {
        if (key.error().kind == ErrorKind::NotFound && !found.value())
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("key '%1' does not exist in vault '%2': --as-version adds a version to "
                                            "an existing key (leave it out to create the key)")
                                 .arg(request.name, request.vault));
        return key.error();
    }
    if (auto certificate = keysupport::checkNotCertificateKey(db, key.value(), QStringLiteral("import --as-version"));
        !certificate)
        return certificate;
    if (key->isCaKey)
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("key '%1' is a certificate authority's key: it gets new versions only by "
                                        "renewing the CA")
                             .arg(key->name));
    state.existing = key.value();
    return {};
}

// The new version is of the existing key's type, size or curve, protection and kind (public-only or not).
Outcome<void> checkJoins(const KeyRecord& key, const keysupport::VersionShape& shape, bool publicOnly,
                         Protection protection)
{
    const QString have = shapeText(key.kty, key.size, key.curve);
    const QString got = shapeText(shape.kind, shape.size, shape.curve);
    if (key.kty != shape.kind || key.size != shape.size || key.curve != shape.curve)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("key '%1' is %2, the imported key is %3: a new version must be of the same "
                                        "type and size or curve")
                             .arg(key.name, have, got));
    if (key.publicOnly != publicOnly)
        return makeError(ErrorKind::Invalid,
                         key.publicOnly ? QStringLiteral("key '%1' holds public keys only: its new version must be a "
                                                         "public key or a certificate too")
                                              .arg(key.name)
                                        : QStringLiteral("key '%1' has a private key: a public key alone cannot be "
                                                         "its new version")
                                              .arg(key.name));
    if (!publicOnly && key.protection != protection)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("key '%1' is %2-protected: its new version cannot be %3-protected")
                             .arg(key.name, protectionName(key.protection), protectionName(protection)));
    return {};
}

Outcome<QStringList> finalKeyOps(const KeyImportRequest& request, const ImportState& state, KeyKind kind,
                                 const QStringList& candidateOps)
{
    if (state.existing) {
        // key_ops belong to the key: a new version keeps them.
        if (!request.keyOps.isEmpty()) {
            auto given = checkKeyOps(request.keyOps, kind, state.publicOnly, QStringLiteral("--ops"));
            if (!given)
                return given.error();
            QStringList kept = state.existing->keyOps;
            kept.removeAll(QStringLiteral("export"));
            if (given.value() != kept)
                return makeError(ErrorKind::Invalid,
                                 QStringLiteral("key '%1' has key_ops [%2]: a new version keeps them (leave out --ops)")
                                     .arg(state.existing->name, state.existing->keyOps.join(QStringLiteral(", "))));
        }
        return state.existing->keyOps;
    }
    QStringList ops = candidateOps;
    if (!request.keyOps.isEmpty()) {
        auto given = checkKeyOps(request.keyOps, kind, state.publicOnly, QStringLiteral("--ops"));
        if (!given)
            return given.error();
        ops = given.value();
    }
    if (request.exportable)
        ops << QStringLiteral("export");
    return ops;
}

// The key of a key file: checked, its private part moved into state.in for the engine.
Outcome<void> takeKey(const KeyImportRequest& request, Protection protection, ImportedKey& key, ImportState& state,
                      const QStringList& fileWarnings)
{
    const KeyImportCandidate candidate = describe(key, request.keyIndex, fileWarnings);
    if (!candidate.refusal.isEmpty())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("%1 cannot be imported: %2").arg(candidate.label, candidate.refusal));
    state.label = candidate.label;
    state.warnings = candidate.warnings;
    state.publicOnly = candidate.publicOnly;
    state.in->shape =
        keysupport::VersionShape{request.vault, request.name, key.kind, candidate.size, candidate.curve, protection};
    state.in->material->publicKeyDer = key.publicKeyDer;
    if (state.publicOnly) {
        if (request.exportable)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("%1 is a public key alone: there is no private part to make exportable")
                                 .arg(candidate.label));
        state.in->shape.protection = Protection::Software; // nothing on the token, nothing sealed
    } else if (key.kind != KeyKind::Aes) {
        // The public key the preview showed (and the duplicate check used) is this private key's.
        auto software = crypto::SoftwareKey::fromPrivateDer(key.kind, key.privateKey);
        if (!software)
            return makeError(ErrorKind::Invalid, QStringLiteral("%1: the private key cannot be read: %2")
                                                     .arg(candidate.label, software.error().message));
        auto publicKey = software->publicKeyDer();
        if (!publicKey || publicKey.value() != key.publicKeyDer)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("%1: the private key does not match its public key").arg(candidate.label));
    }
    if (state.existing) {
        if (auto joins = checkJoins(*state.existing, state.in->shape, state.publicOnly, protection); !joins)
            return joins;
    }
    auto ops = finalKeyOps(request, state, key.kind, candidate.keyOps);
    if (!ops)
        return ops.error();
    state.keyOps = ops.value();
    state.in->privateKey = std::move(key.privateKey);
    return {};
}

Outcome<void> precheckImport(Database& db, const KeyImportRequest& request, Protection protection, const QDateTime& now,
                             ImportState& state)
{
    if (auto names = keysupport::checkNames(request.vault, request.name); !names)
        return names;
    auto vault = keysupport::activeVault(db, request.vault);
    if (!vault)
        return vault.error();
    if (auto times = checkTimes(request, now); !times)
        return times;
    if (request.exportable && protection == Protection::Hsm)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("key '%1' cannot be exportable: only software-protected keys can be "
                                        "exportable, HSM-protected keys never leave the token in clear")
                             .arg(request.name));
    if (auto name = checkName(db, request, state); !name)
        return name;
    auto read = readSource(request.source);
    if (!read)
        return read.error();
    state.format = read->contents.format;
    state.encryption = read->contents.encryption;
    if (read->isByok != state.byok) // cannot happen: both ask looksLikeByok of the same bytes
        return makeError(ErrorKind::Failed, QStringLiteral("the source changed while it was imported"));
    if (state.byok) {
        state.label = QStringLiteral("BYOK key");
        return checkByokKek(db, request, read->byok, state);
    }
    QList<ImportedKey>& keys = read->contents.keys;
    if (request.keyIndex < 0 || request.keyIndex >= keys.size())
        return makeError(ErrorKind::Invalid, QStringLiteral("item %1 does not exist: the source holds %2 key(s), "
                                                            "numbered from 0")
                                                 .arg(request.keyIndex)
                                                 .arg(keys.size()));
    if (!request.kek.isEmpty())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("--kek applies to .byok files only, and the source is %1").arg(state.format));
    if (auto taken = takeKey(request, protection, keys[request.keyIndex], state, read->contents.warnings); !taken)
        return taken;
    if (vault->protection == Protection::Hsm && state.in->shape.protection == Protection::Software && !state.publicOnly)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("vault '%1' is hsm-protected: software keys are not allowed").arg(vault->name));
    return {};
}

QJsonObject keyShapeDetails(const keysupport::VersionShape& shape)
{
    QJsonObject details{{QStringLiteral("kty"), keyTypeName(shape.kind)}};
    if (shape.kind == KeyKind::Ec)
        details.insert(QStringLiteral("curve"), shape.curve);
    else
        details.insert(QStringLiteral("size"), shape.size);
    return details;
}

Outcome<KeyImportResult> persistImport(Database& db, const KeyImportRequest& request, const QString& versionId,
                                       const QDateTime& now, ImportState& state, QJsonObject& details)
{
    const keysupport::VersionShape& shape = state.in->shape;
    if (state.byok) {
        // Only now is the key's type known: the checks the precheck made for a key file.
        if (state.existing) {
            if (auto joins = checkJoins(*state.existing, shape, false, Protection::Hsm); !joins)
                return joins.error();
        }
        auto ops = finalKeyOps(request, state, shape.kind, defaultKeyOps(shape.kind, false));
        if (!ops)
            return ops.error();
        state.keyOps = ops.value();
    }
    auto vault = keysupport::activeVault(db, request.vault);
    if (!vault)
        return vault.error();
    KeyStore store(db);
    KeyVersion version;
    version.id = versionId;
    version.enabled = request.enabled;
    version.notBefore = request.notBefore;
    version.expires = request.expires;
    version.created = version.updated = now;
    version.publicKeyDer = state.in->material->publicKeyDer;
    KeyRecord key;
    if (state.existing) {
        auto current = keysupport::activeKey(db, request.vault, request.name);
        if (!current)
            return current.error();
        if (current->id != state.existing->id || current->currentVersion.id != state.existing->currentVersion.id)
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("key '%1' changed while a version was imported").arg(request.name));
        key = current.value();
        version.seq = key.currentVersion.seq + 1;
        version.tags = request.tags;
        key.updated = now;
        if (auto written = store.updateKey(key); !written)
            return written.error();
        details.insert(QStringLiteral("previousVersion"), key.currentVersion.id);
    } else {
        key.name = request.name;
        key.vault = vault->name;
        key.kty = shape.kind;
        key.size = shape.kind == KeyKind::Ec ? 0 : shape.size;
        key.curve = shape.curve;
        key.protection = shape.protection;
        key.exportable = request.exportable;
        key.keyOps = state.keyOps;
        key.tags = request.tags;
        key.publicOnly = state.publicOnly;
        key.created = key.updated = now;
        auto inserted = store.insert(key);
        if (!inserted)
            return inserted.error();
        key = inserted.value();
        version.seq = 1;
    }
    auto added = store.insertVersion(key.id, version, state.in->material->sealedPrivate);
    if (!added)
        return added.error();
    key.currentVersion = added.value();

    // Never key bytes: the format, where it came from, its shape and its public key's fingerprint.
    const QJsonObject shapeDetails = keyShapeDetails(shape);
    for (auto it = shapeDetails.begin(); it != shapeDetails.end(); ++it)
        details.insert(it.key(), it.value());
    details.insert(QStringLiteral("format"), state.format);
    if (!state.encryption.isEmpty())
        details.insert(QStringLiteral("encryption"), state.encryption);
    details.insert(QStringLiteral("item"), state.label);
    details.insert(QStringLiteral("protection"), protectionName(key.protection));
    details.insert(QStringLiteral("keyOps"), QJsonArray::fromStringList(key.keyOps));
    details.insert(QStringLiteral("publicOnly"), state.publicOnly);
    details.insert(QStringLiteral("seq"), version.seq);
    const QString fingerprint = keysupport::fingerprint(version.publicKeyDer);
    if (!fingerprint.isEmpty())
        details.insert(QStringLiteral("publicKeyFingerprint"), fingerprint);
    if (!state.byokKid.isEmpty())
        details.insert(QStringLiteral("byokKid"), state.byokKid);
    if (!state.warnings.isEmpty())
        details.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(state.warnings));
    if (!request.tags.isEmpty())
        details.insert(QStringLiteral("tags"), keysupport::tagsJson(request.tags));

    KeyImportResult result;
    result.key = key;
    result.format = state.format;
    result.fingerprint = fingerprint;
    result.publicOnly = state.publicOnly;
    result.newVersion = state.existing.has_value();
    result.warnings = state.warnings;
    return result;
}

} // namespace

QCoro::Task<Outcome<KeyImportResult>> KeyImportService::importKey(KeyImportRequest request, OperationContext context)
{
    auto state = std::make_shared<ImportState>();
    state->byok = isByokSource(request.source);
    // The protection decides the engine, so it is settled before the run: what was asked, else the
    // key's (a new version) or the vault's; BYOK keys are always HSM keys. The precheck checks again.
    if (!request.protection && VaultService::isValidName(request.vault) && KeyService::isValidName(request.name)) {
        if (request.asVersion) {
            auto key = KeyStore(m_path.database()).find(request.vault, request.name);
            if (key && key.value())
                request.protection = key.value()->protection;
        }
        if (!request.protection) {
            auto vault = VaultStore(m_path.database()).find(request.vault);
            request.protection = vault && vault.value() ? vault.value()->protection : Protection::Hsm;
        }
    }
    const Protection protection = state->byok ? Protection::Hsm : request.protection.value_or(Protection::Hsm);
    const QString versionId = crypto::randomId();
    const QDateTime now = m_path.now();

    Operation op =
        keysupport::keyOperation(QStringLiteral("KeyImport"), kImportPermission, request.vault, request.name, context);
    op.details.insert(QStringLiteral("source"),
                      request.source.fileName.isEmpty()
                          ? (request.source.contents ? QStringLiteral("token object") : QStringLiteral("pasted text"))
                          : request.source.fileName);
    op.details.insert(QStringLiteral("asVersion"), request.asVersion);
    op.details.insert(QStringLiteral("version"), versionId);
    op.details.insert(QStringLiteral("protection"), protectionName(protection));
    op.details.insert(QStringLiteral("exportable"), request.exportable);
    if (state->byok)
        op.details.insert(QStringLiteral("kek"), request.kek);

    Steps<KeyImportResult> steps;
    steps.precheck = [request, protection, now, state](Database& db) -> Outcome<void> {
        return precheckImport(db, request, protection, now, *state);
    };
    crypto::Token* token = m_path.workspace().token();
    keysupport::VersionEngine engine = state->byok
                                           ? makeByokEngine(token, request.vault, request.name, versionId, state)
                                           : keysupport::makeImportEngine(token, protection, versionId, state->in);
    // A public key alone needs no engine: nothing goes to the token and nothing is sealed.
    steps.intentId = engine.intentId;
    steps.engine = [state, work = std::move(engine.engine)]() -> Outcome<void> {
        if (state->publicOnly)
            return {};
        return work();
    };
    steps.undoEngine = std::move(engine.undo);
    steps.persist = [request, versionId, now, state](Database& db, QJsonObject& details) -> Outcome<KeyImportResult> {
        return persistImport(db, request, versionId, now, *state, details);
    };

    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT keysChanged();
    co_return outcome;
}

} // namespace custos::model
