#include "WorkspaceBackupEngine_p.h"

#include "KeyServiceSupport_p.h"
#include "model/authz/Permissions.h"
#include "model/session/Workspace.h"
#include "model/store/AccessStores.h"
#include "model/store/IssuedCertificateStore.h"
#include "model/store/Stores.h"

#include <QSet>

namespace custos::model::backupsupport {

namespace {

QString sealingLabel()
{
    return QString::fromLatin1(kSealingKeyLabel);
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

QString versionText(const WorkspaceBackupKey& key, const QString& id)
{
    return QStringLiteral("key '%1/%2' version %3").arg(key.key.vault, key.key.name, id);
}

Outcome<void> readKeys(Database& db, const Vault& vault, Snapshot& snapshot, QHash<qint64, QString>* keyNames)
{
    auto keys = KeyStore(db).list(vault.name, false);
    if (!keys)
        return keys.error();
    for (const KeyRecord& key : keys.value()) {
        auto versions = KeyStore(db).versions(key.id);
        if (!versions)
            return versions.error();
        WorkspaceBackupKey entry;
        entry.key = key;
        for (const KeyVersion& v : versions.value()) {
            entry.versions << KeyBackupVersion{v, {}, {}};
            if (key.protection != Protection::Software || key.publicOnly)
                continue; // HSM versions are wrapped on the token; public-only keys have no private part
            auto sealed = KeyStore(db).sealedPrivate(v.id);
            if (!sealed)
                return sealed.error();
            if (!sealed.value())
                return makeError(ErrorKind::Failed,
                                 QStringLiteral("key '%1/%2' version %3 has no private part in the store")
                                     .arg(vault.name, key.name, v.id));
            snapshot.sealed.insert(v.id, *sealed.value());
        }
        if (entry.versions.isEmpty())
            continue; // nothing to restore (doctor's business)
        keyNames->insert(key.id, key.name);
        snapshot.backup.keys << entry;
    }
    return {};
}

Outcome<void> readCertificates(Database& db, const Vault& vault, Snapshot& snapshot,
                               const QHash<qint64, QString>& keyNames)
{
    auto certificates = CertificateStore(db).list(vault.name, false, false);
    if (!certificates)
        return certificates.error();
    for (const CertificateRecord& certificate : certificates.value()) {
        if (!keyNames.contains(certificate.keyId))
            return makeError(ErrorKind::Failed,
                             QStringLiteral("certificate '%1/%2' has no active key: run doctor before a backup")
                                 .arg(vault.name, certificate.name));
        WorkspaceBackupCertificate entry;
        entry.certificate = certificate;
        entry.keyName = keyNames.value(certificate.keyId);
        auto versions = CertificateStore(db).versions(certificate.id);
        if (!versions)
            return versions.error();
        entry.versions = versions.value();
        if (certificate.isCa) {
            auto issued = IssuedCertificateStore(db).issuedBy(certificate.id, false);
            if (!issued)
                return issued.error();
            entry.issued = issued.value();
        }
        if (!entry.versions.isEmpty())
            snapshot.backup.certificates << entry;
    }
    return {};
}

} // namespace

Outcome<Snapshot> readSnapshot(Database& db)
{
    Snapshot snapshot;
    auto vaults = VaultStore(db).list(false);
    if (!vaults)
        return vaults.error();
    for (const Vault& vault : vaults.value()) {
        snapshot.backup.vaults << vault;
        QHash<qint64, QString> keyNames;
        if (auto keys = readKeys(db, vault, snapshot, &keyNames); !keys)
            return keys.error();
        if (auto certificates = readCertificates(db, vault, snapshot, keyNames); !certificates)
            return certificates.error();
    }
    auto roles = RoleDefinitionStore(db).list();
    if (!roles)
        return roles.error();
    for (const RoleDefinition& role : roles.value())
        snapshot.backup.roleDefinitions << WorkspaceBackupRole{role.name, role.description, role.actions,
                                                               role.notActions};
    auto assignments = RoleAssignmentStore(db).list();
    if (!assignments)
        return assignments.error();
    snapshot.backup.roleAssignments = assignments.value();
    return snapshot;
}

QByteArray clearCanonical(WorkspaceBackup backup)
{
    backup.made = {};
    backup.domainKeyId.clear();
    backup.wrappedContentKey.clear();
    backup.integrity.clear();
    for (WorkspaceBackupKey& key : backup.keys) {
        for (KeyBackupVersion& v : key.versions)
            v.wrappedKey = v.encryptedPrivate = QByteArray();
    }
    return WorkspaceBackupFormat::canonical(backup);
}

Outcome<void> wrapOnToken(crypto::Token* token, WorkspaceBackup& backup, const QHash<QString, QByteArray>& sealed,
                          const QString& domainLabel)
{
    if (!token)
        return makeError(ErrorKind::Failed, QStringLiteral("the token is not open"));
    auto generated = token->generateBackupContentKey();
    if (!generated)
        return generated.error();
    ContentKey contentKey(token, generated.value());
    auto wrappedKey = token->wrapBackupContentKey(contentKey.handle(), domainLabel);
    if (!wrappedKey)
        return wrappedKey.error();
    backup.wrappedContentKey = wrappedKey.value();
    for (WorkspaceBackupKey& key : backup.keys) {
        for (KeyBackupVersion& bv : key.versions) {
            const QString id = bv.version.id;
            if (key.key.protection == Protection::Hsm) {
                auto wrapped = token->wrapUnderDomainKey(QByteArray::fromHex(id.toLatin1()), domainLabel);
                if (!wrapped)
                    return makeError(wrapped.error().kind,
                                     QStringLiteral("%1: %2").arg(versionText(key, id), wrapped.error().message));
                bv.wrappedKey = wrapped.value();
                continue;
            }
            if (key.key.publicOnly)
                continue;
            auto der = token->unseal(sealingLabel(), sealed.value(id), keysupport::sealingAad(id));
            if (!der)
                return makeError(der.error().kind,
                                 QStringLiteral("%1: %2").arg(versionText(key, id), der.error().message));
            auto encrypted =
                token->encryptWithContentKey(contentKey.handle(), der.value(), WorkspaceBackupFormat::backupAad(id));
            if (!encrypted)
                return encrypted.error();
            bv.encryptedPrivate = encrypted.value();
        }
    }
    const QByteArray marker = WorkspaceBackupFormat::integrityMarker();
    auto tag =
        token->encryptWithContentKey(contentKey.handle(), crypto::SecureBuffer(marker.constData(), marker.size()),
                                     WorkspaceBackupFormat::integrityAad(WorkspaceBackupFormat::canonical(backup)));
    if (!tag)
        return tag.error();
    backup.integrity = tag.value();
    return {};
}

namespace {

Outcome<void> openVersions(crypto::Token* token, OpenWork& work, CK_OBJECT_HANDLE contentKey)
{
    for (const WorkspaceBackupKey& key : std::as_const(work.backup.keys)) {
        const QString label = key.key.vault + QLatin1Char('/') + key.key.name;
        for (const KeyBackupVersion& bv : key.versions) {
            const QString& id = bv.version.id;
            if (key.key.protection == Protection::Hsm) {
                if (!work.materialise)
                    continue; // authenticated by the integrity tag; unwrapped only to restore
                const QByteArray objectId = QByteArray::fromHex(id.toLatin1());
                auto unwrapped =
                    token->unwrapUnderDomainKey(bv.wrappedKey, work.domainLabel, key.key.kty, objectId, label);
                if (!unwrapped)
                    return makeError(unwrapped.error().kind,
                                     QStringLiteral("%1: %2").arg(versionText(key, id), unwrapped.error().message));
                work.created << objectId;
                continue;
            }
            if (key.key.publicOnly)
                continue;
            auto der =
                token->decryptWithContentKey(contentKey, bv.encryptedPrivate, WorkspaceBackupFormat::backupAad(id));
            if (!der)
                return makeError(ErrorKind::Invalid, QStringLiteral("the workspace backup is damaged: %1 does not "
                                                                    "decrypt (%2)")
                                                         .arg(versionText(key, id), der.error().message));
            if (!work.materialise)
                continue;
            auto sealed = token->seal(sealingLabel(), der.value(), keysupport::sealingAad(id));
            if (!sealed)
                return sealed.error();
            work.sealed.insert(id, sealed.value());
        }
    }
    return {};
}

} // namespace

Outcome<void> openOnToken(crypto::Token* token, OpenWork& work)
{
    if (!token)
        return makeError(ErrorKind::Failed, QStringLiteral("the token is not open"));
    auto unwrapped = token->unwrapBackupContentKey(work.backup.wrappedContentKey, work.domainLabel);
    if (!unwrapped) {
        if (unwrapped.error().kind == ErrorKind::NotFound)
            return unwrapped.error();
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("the workspace backup does not open with security domain key %1: it is "
                                        "damaged or was not made under that key")
                             .arg(work.backup.domainKeyId));
    }
    ContentKey contentKey(token, unwrapped.value());
    auto intact = token->decryptWithContentKey(contentKey.handle(), work.backup.integrity,
                                               WorkspaceBackupFormat::integrityAad(work.backup.canonical));
    if (!intact || QByteArray(reinterpret_cast<const char*>(intact->data()), static_cast<qsizetype>(intact->size())) !=
                       WorkspaceBackupFormat::integrityMarker())
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("the workspace backup is damaged: its contents were changed after it was made"));
    auto opened = openVersions(token, work, contentKey.handle());
    if (!opened)
        destroyCreated(token, work); // nothing half-made
    return opened;
}

void destroyCreated(crypto::Token* token, OpenWork& work)
{
    for (const QByteArray& id : std::as_const(work.created))
        (void)token->destroyObjects(id);
    work.created.clear();
    work.sealed.clear();
}

QStringList restoreConflicts(Database& db, const WorkspaceBackup& backup)
{
    QStringList conflicts;
    auto failed = [&conflicts](const Error& error) { conflicts << QStringLiteral("cannot check: ") + error.message; };
    for (const Vault& vault : backup.vaults) {
        auto existing = VaultStore(db).find(vault.name);
        if (!existing)
            failed(existing.error());
        else if (existing.value())
            conflicts << QStringLiteral("vault '%1' exists in this workspace%2")
                             .arg(existing.value()->name, existing.value()->isDeleted()
                                                              ? QStringLiteral(" (deleted, not yet purged)")
                                                              : QString());
    }
    for (const WorkspaceBackupKey& key : backup.keys) {
        for (const KeyBackupVersion& v : key.versions) {
            auto used = KeyStore(db).hasVersion(v.version.id);
            if (!used)
                failed(used.error());
            else if (used.value())
                conflicts << QStringLiteral("key version %1 (%2/%3) is in use in this workspace")
                                 .arg(v.version.id, key.key.vault, key.key.name);
        }
    }
    for (const WorkspaceBackupCertificate& certificate : backup.certificates) {
        for (const CertificateVersion& v : certificate.versions) {
            auto used = CertificateStore(db).findVersion(v.id);
            if (!used)
                failed(used.error());
            else if (used.value())
                conflicts << QStringLiteral("certificate version %1 (%2/%3) is in use in this workspace")
                                 .arg(v.id, certificate.certificate.vault, certificate.certificate.name);
        }
    }
    for (const WorkspaceBackupRole& role : backup.roleDefinitions) {
        if (findBuiltInRole(role.name)) {
            conflicts << QStringLiteral("role '%1' is a built-in role here").arg(role.name);
            continue;
        }
        auto existing = RoleDefinitionStore(db).find(role.name);
        if (!existing)
            failed(existing.error());
        else if (existing.value() &&
                 (existing.value()->actions != role.actions || existing.value()->notActions != role.notActions))
            conflicts << QStringLiteral("role '%1' exists here with other permissions").arg(role.name);
    }
    return conflicts;
}

AssignmentPlan planAssignments(Database& db, const WorkspaceBackup& backup, const QString& restoringOperator)
{
    AssignmentPlan plan;
    QSet<QString> backupRoles;
    for (const WorkspaceBackupRole& role : backup.roleDefinitions)
        backupRoles.insert(role.name.toLower());
    QStringList ownGroups;
    if (auto groups = OperatorGroupStore(db).groupsOf(restoringOperator))
        ownGroups = groups.value();
    for (const RoleAssignment& a : backup.roleAssignments) {
        auto skip = [&plan, &a](const QString& why) {
            plan.skipped << QStringLiteral("%1 / %2 / %3: %4").arg(a.principal, a.role, a.scope, why);
        };
        if (a.principal.compare(restoringOperator, Qt::CaseInsensitive) == 0 ||
            ownGroups.contains(a.principal, Qt::CaseInsensitive)) {
            skip(QStringLiteral("the restoring operator's own (nobody assigns roles to themselves)"));
            continue;
        }
        auto op = OperatorStore(db).find(a.principal);
        auto group = OperatorGroupStore(db).find(a.principal);
        if (!op || !group || (!op.value() && !group.value())) {
            skip(QStringLiteral("no such operator or group in this workspace"));
            continue;
        }
        auto role = findRoleDefinition(db, a.role);
        if (!role || (!role.value() && !backupRoles.contains(a.role.toLower()))) {
            skip(QStringLiteral("no such role"));
            continue;
        }
        auto existing = RoleAssignmentStore(db).find(a.principal, a.role, a.scope);
        if (!existing || existing.value()) {
            skip(QStringLiteral("already assigned here"));
            continue;
        }
        plan.keep << a;
    }
    return plan;
}

} // namespace custos::model::backupsupport
