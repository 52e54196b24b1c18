// KeyService: one key with all its versions as a blob bound to the domain key, and back.

#include "KeyService.h"

#include "KeyServiceSupport_p.h"
#include "ServicePath.h"
#include "WorkspaceBackupSupport_p.h"
#include "crypto/Random.h"
#include "model/domain/KeyBackupFormat.h"
#include "model/session/Workspace.h"
#include "model/store/Stores.h"

#include <QJsonArray>

#include <memory>

namespace custos::model {

using namespace keysupport;

namespace {

QString sealingLabel()
{
    return QString::fromLatin1(kSealingKeyLabel);
}

Error otherDomain()
{
    return makeError(ErrorKind::Invalid,
                     QStringLiteral("this backup was made under another domain key: restore it into a workspace that "
                                    "holds the same security domain"));
}

// Destroys a session content key when the engine step ends, however it ends.
class ContentKey
{
public:
    ContentKey(crypto::Token* token, CK_OBJECT_HANDLE handle) : m_token(token), m_handle(handle) {}
    ~ContentKey() { m_token->destroySessionObject(m_handle); }
    ContentKey(const ContentKey&) = delete;
    ContentKey& operator=(const ContentKey&) = delete;
    CK_OBJECT_HANDLE handle() const { return m_handle; }

private:
    crypto::Token* m_token;
    CK_OBJECT_HANDLE m_handle;
};

// What backup's engine step works on: the blob as read before the run (its protected parts, the
// content key and the integrity tag filled in on the token) and software versions' sealed parts.
struct BackupWork
{
    KeyBackup backup;
    QString domainLabel;      // the active domain key's, set by the precheck
    QList<QByteArray> sealed; // by version, software keys only
};

Outcome<void> backupOnToken(crypto::Token* token, BackupWork& work)
{
    if (!token)
        return makeError(ErrorKind::Failed, QStringLiteral("the token is not open"));
    // A content key even for HSM keys: restore unwraps it first, so a foreign domain key is caught
    // before anything is made, and it authenticates the attributes.
    auto generated = token->generateBackupContentKey();
    if (!generated)
        return generated.error();
    ContentKey contentKey(token, generated.value());
    auto wrappedKey = token->wrapBackupContentKey(contentKey.handle(), work.domainLabel);
    if (!wrappedKey)
        return wrappedKey.error();
    KeyBackup& backup = work.backup;
    backup.wrappedContentKey = wrappedKey.value();
    const bool hsm = backup.key.protection == Protection::Hsm;
    for (qsizetype i = 0; i < backup.versions.size(); ++i) {
        KeyBackupVersion& bv = backup.versions[i];
        const QString id = bv.version.id;
        if (hsm) {
            auto wrapped = token->wrapUnderDomainKey(QByteArray::fromHex(id.toLatin1()), work.domainLabel);
            if (!wrapped)
                return makeError(wrapped.error().kind,
                                 QStringLiteral("version %1: %2").arg(id, wrapped.error().message));
            bv.wrappedKey = wrapped.value();
            continue;
        }
        auto der = token->unseal(sealingLabel(), work.sealed.at(i), sealingAad(id));
        if (!der)
            return makeError(der.error().kind, QStringLiteral("version %1: %2").arg(id, der.error().message));
        auto encrypted = token->encryptWithContentKey(contentKey.handle(), der.value(), KeyBackupFormat::backupAad(id));
        if (!encrypted)
            return encrypted.error();
        bv.encryptedPrivate = encrypted.value();
    }
    const QByteArray marker = KeyBackupFormat::integrityMarker();
    auto tag =
        token->encryptWithContentKey(contentKey.handle(), crypto::SecureBuffer(marker.constData(), marker.size()),
                                     KeyBackupFormat::integrityAad(KeyBackupFormat::canonical(backup)));
    if (!tag)
        return tag.error();
    backup.integrity = tag.value();
    return {};
}

// What restore's engine step works on: the decoded blob, the ids the versions get here, and what
// it made (HSM object ids, software versions' new sealed parts).
struct RestoreWork
{
    KeyBackup backup;
    QList<backupsupport::DomainKeyRef> domainKeys; // to try, in order (one unless a legacy blob)
    QString domainLabel;                           // the one that opened the content key
    QString label;                                 // CKA_LABEL of HSM objects: vault/name
    QStringList newIds;
    QList<QByteArray> created;
    QList<QByteArray> sealed;
};

void destroyCreated(crypto::Token* token, RestoreWork& work)
{
    for (const QByteArray& id : std::as_const(work.created))
        (void)token->destroyObjects(id);
    work.created.clear();
}

Outcome<void> restoreVersions(crypto::Token* token, RestoreWork& work, CK_OBJECT_HANDLE contentKey)
{
    const bool hsm = work.backup.key.protection == Protection::Hsm;
    for (qsizetype i = 0; i < work.backup.versions.size(); ++i) {
        const KeyBackupVersion& bv = work.backup.versions.at(i);
        const QString& newId = work.newIds.at(i);
        if (hsm) {
            const QByteArray objectId = QByteArray::fromHex(newId.toLatin1());
            auto unwrapped =
                token->unwrapUnderDomainKey(bv.wrappedKey, work.domainLabel, work.backup.key.kty, objectId, work.label);
            if (!unwrapped)
                return makeError(unwrapped.error().kind,
                                 QStringLiteral("version %1: %2").arg(bv.version.id, unwrapped.error().message));
            work.created << objectId;
            continue;
        }
        auto der =
            token->decryptWithContentKey(contentKey, bv.encryptedPrivate, KeyBackupFormat::backupAad(bv.version.id));
        if (!der)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("the key backup is damaged: version %1 does not decrypt (%2)")
                                 .arg(bv.version.id, der.error().message));
        auto sealed = token->seal(sealingLabel(), der.value(), sealingAad(newId));
        if (!sealed)
            return sealed.error();
        work.sealed << sealed.value();
    }
    return {};
}

Outcome<void> restoreOnToken(crypto::Token* token, RestoreWork& work)
{
    if (!token)
        return makeError(ErrorKind::Failed, QStringLiteral("the token is not open"));
    Outcome<CK_OBJECT_HANDLE> unwrapped = makeError(ErrorKind::NotFound, QStringLiteral("no domain key"));
    for (const backupsupport::DomainKeyRef& domainKey : std::as_const(work.domainKeys)) {
        unwrapped = token->unwrapBackupContentKey(work.backup.wrappedContentKey, domainKey.label);
        if (unwrapped) {
            work.domainLabel = domainKey.label;
            break;
        }
    }
    if (!unwrapped) {
        if (unwrapped.error().kind == ErrorKind::NotFound) // this workspace has no domain key at all
            return unwrapped.error();
        return otherDomain();
    }
    ContentKey contentKey(token, unwrapped.value());
    auto intact = token->decryptWithContentKey(contentKey.handle(), work.backup.integrity,
                                               KeyBackupFormat::integrityAad(work.backup.canonical));
    if (!intact || QByteArray(reinterpret_cast<const char*>(intact->data()), static_cast<qsizetype>(intact->size())) !=
                       KeyBackupFormat::integrityMarker())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("the key backup is damaged: its contents were changed after it was made"));
    auto restored = restoreVersions(token, work, contentKey.handle());
    if (!restored)
        destroyCreated(token, work); // nothing half-made
    return restored;
}

void dropIntents(Database& db, const QStringList& ids)
{
    for (const QString& id : ids)
        (void)IntentStore(db).remove(id);
}

} // namespace

QCoro::Task<Outcome<QByteArray>> KeyService::backup(QString vault, QString name, OperationContext context)
{
    Operation op =
        keyOperation(QStringLiteral("KeyBackup"), QStringLiteral("keys/backup/action"), vault, name, context);
    const QDateTime now = m_path.now();
    Database& database = m_path.database();

    // The blob's clear part (and software keys' sealed parts) for the engine, read before the run;
    // the precheck checks the key again and refuses a CA's key, persist that nothing changed.
    auto work = std::make_shared<BackupWork>();
    if (auto before = activeKey(database, vault, name)) {
        work->backup.key = before.value();
        work->backup.made = now;
        auto versions = KeyStore(database).versions(before->id);
        if (versions) {
            QJsonArray ids;
            for (const KeyVersion& v : versions.value()) {
                work->backup.versions << KeyBackupVersion{v, {}, {}};
                ids.append(v.id);
                if (before->protection == Protection::Software) {
                    auto sealed = KeyStore(database).sealedPrivate(v.id);
                    work->sealed << (sealed && sealed.value() ? *sealed.value() : QByteArray());
                }
            }
            op.details.insert(QStringLiteral("versions"), ids);
        }
    }
    op.details.insert(QStringLiteral("format"), KeyBackupFormat::formatName());

    Steps<QByteArray> steps;
    steps.precheck = [vault, name, work](Database& db) -> Outcome<void> {
        auto key = activeKey(db, vault, name);
        if (!key)
            return key.error();
        auto domainKey = backupsupport::activeDomainKey(db);
        if (!domainKey)
            return domainKey.error();
        work->backup.domainKeyId = domainKey->id;
        work->domainLabel = domainKey->label;
        // ROLES.md: a CA's key travels only in full workspace backups, whatever the roles.
        if (key->isCaKey)
            return makeError(ErrorKind::Denied,
                             QStringLiteral("key '%1' is a certificate authority's key: `key backup` is refused for "
                                            "every role (ROLES.md: a CA's key travels only in full workspace backups)")
                                 .arg(key->name));
        if (auto publicOnly = checkNotPublicOnly(key.value(), QStringLiteral("backup")); !publicOnly)
            return publicOnly;
        if (work->backup.versions.isEmpty())
            return makeError(ErrorKind::Failed, QStringLiteral("key '%1' has no versions").arg(key->name));
        return {};
    };
    crypto::Token* token = m_path.workspace().token();
    steps.engine = [token, work]() { return backupOnToken(token, *work); };
    steps.persist = [vault, name, work](Database& db, QJsonObject&) -> Outcome<QByteArray> {
        auto key = activeKey(db, vault, name);
        if (!key)
            return key.error();
        auto versions = KeyStore(db).versions(key->id);
        if (!versions)
            return versions.error();
        // Rotated or changed meanwhile: the blob would not be the key as it is.
        bool same = key->id == work->backup.key.id && key->updated == work->backup.key.updated &&
                    versions->size() == work->backup.versions.size();
        for (qsizetype i = 0; same && i < versions->size(); ++i)
            same = versions->at(i).id == work->backup.versions.at(i).version.id &&
                   versions->at(i).updated == work->backup.versions.at(i).version.updated;
        if (!same)
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("key '%1' changed while it was backed up: try again").arg(name));
        return KeyBackupFormat::encode(work->backup);
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    co_return co_await task;
}

QCoro::Task<Outcome<KeyRecord>> KeyService::restore(QString vault, QByteArray blob, OperationContext context)
{
    auto decoded = KeyBackupFormat::decode(blob);
    const QString name = decoded ? decoded->key.name : QString();
    Operation op =
        keyOperation(QStringLiteral("KeyRestore"), QStringLiteral("keys/restore/action"), vault, name, context);
    const QDateTime now = m_path.now();
    Database& database = m_path.database();

    // Versions keep their ids (and so their kids) where this workspace does not use them already.
    auto work = std::make_shared<RestoreWork>();
    auto intents = std::make_shared<QStringList>();
    if (decoded) {
        work->backup = decoded.value();
        work->label = vault + QLatin1Char('/') + name;
        QJsonArray ids;
        for (const KeyBackupVersion& bv : std::as_const(work->backup.versions)) {
            auto used = KeyStore(database).hasVersion(bv.version.id);
            const QString id = used && !used.value() ? bv.version.id : crypto::randomId();
            work->newIds << id;
            ids.append(id);
        }
        op.details.insert(QStringLiteral("versions"), ids);
        op.details.insert(QStringLiteral("sourceVault"), work->backup.key.vault);
        op.details.insert(QStringLiteral("protection"), protectionName(work->backup.key.protection));
    }
    const Error invalid = decoded ? Error{} : decoded.error();
    const bool isInvalid = !decoded;

    Steps<KeyRecord> steps;
    steps.precheck = [vault, name, now, work, intents, isInvalid, invalid,
                      resource = op.resource](Database& db) -> Outcome<void> {
        if (isInvalid)
            return invalid;
        if (auto names = checkNames(vault, name); !names)
            return names.error();
        if (work->backup.domainKeyId.isEmpty()) {
            work->domainKeys = backupsupport::legacyCandidates(db);
        } else {
            auto domainKey = backupsupport::domainKeyFor(db, work->backup.domainKeyId);
            if (!domainKey)
                return domainKey.error();
            work->domainKeys = {domainKey.value()};
        }
        auto target = activeVault(db, vault);
        if (!target)
            return target.error();
        const KeyRecord& key = work->backup.key;
        if (target->protection == Protection::Hsm && key.protection == Protection::Software)
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("vault '%1' is hsm-protected: the backup holds a software key").arg(target->name));
        auto existing = KeyStore(db).find(target->name, name);
        if (!existing)
            return existing.error();
        if (existing.value())
            return makeError(
                ErrorKind::Conflict,
                QStringLiteral("key '%1' already exists in vault '%2'%3: restore needs a free name")
                    .arg(existing.value()->name, target->name,
                         existing.value()->isDeleted() ? QStringLiteral(" (deleted, not yet purged)") : QString()));
        if (key.protection != Protection::Hsm)
            return {};
        for (const QString& id : std::as_const(work->newIds)) {
            if (auto recorded = IntentStore(db).insert({id, QStringLiteral("KeyRestore"), resource, now}); !recorded) {
                dropIntents(db, *intents);
                return recorded.error();
            }
            *intents << id;
        }
        return {};
    };
    crypto::Token* token = m_path.workspace().token();
    steps.engine = [token, work]() { return restoreOnToken(token, *work); };
    steps.undoEngine = [token, work]() {
        if (token)
            destroyCreated(token, *work);
    };
    steps.persist = [vault, name, now, work, intents](Database& db, QJsonObject& details) -> Outcome<KeyRecord> {
        auto target = activeVault(db, vault);
        if (!target)
            return target.error();
        KeyRecord key = work->backup.key;
        key.id = 0;
        key.vault = target->name;
        key.name = name;
        key.isCaKey = false;
        key.deleted = key.scheduledPurge = QDateTime();
        if (!key.created.isValid())
            key.created = now;
        key.updated = now;
        KeyStore store(db);
        auto inserted = store.insert(key);
        if (!inserted)
            return inserted.error();
        KeyVersion current;
        for (qsizetype i = 0; i < work->backup.versions.size(); ++i) {
            KeyVersion v = work->backup.versions.at(i).version;
            v.id = work->newIds.at(i);
            if (!v.created.isValid())
                v.created = now;
            const QByteArray sealed = key.protection == Protection::Software ? work->sealed.at(i) : QByteArray();
            auto added = store.insertVersion(inserted->id, v, sealed);
            if (!added)
                return added.error();
            if (added->seq >= current.seq)
                current = added.value();
        }
        for (const QString& id : std::as_const(*intents)) {
            if (auto dropped = IntentStore(db).remove(id); !dropped)
                return dropped.error();
        }
        if (!current.publicKeyDer.isEmpty())
            details.insert(QStringLiteral("publicKeyFingerprint"), fingerprint(current.publicKeyDer));
        KeyRecord restored = inserted.value();
        restored.currentVersion = current;
        return restored;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT keysChanged();
    else if (!outcome.isCancelled()) // cancelled: the workspace may be gone; the rows are doctor's
        dropIntents(database, *intents);
    co_return outcome;
}

} // namespace custos::model
