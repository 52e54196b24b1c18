// WorkspaceBackupService::restore: a workspace backup into this workspace, all or nothing.

#include "WorkspaceBackupService.h"

#include "KeyServiceSupport_p.h"
#include "SecurityDomainSupport_p.h"
#include "ServicePath.h"
#include "WorkspaceBackupEngine_p.h"
#include "WorkspaceBackupSupport_p.h"
#include "model/authz/Permissions.h"
#include "model/session/Workspace.h"
#include "model/store/AccessStores.h"
#include "model/store/IssuedCertificateStore.h"
#include "model/store/Stores.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <memory>

namespace custos::model {

using namespace backupsupport;

namespace {

struct RestoreWork
{
    OpenWork open;
    QStringList intents; // recorded by the precheck: one per HSM version (its CKA_ID)
    AssignmentPlan assignments;
};

void dropIntents(Database& db, QStringList& ids)
{
    for (const QString& id : std::as_const(ids))
        (void)IntentStore(db).remove(id);
    ids.clear();
}

QDateTime orNow(const QDateTime& time, const QDateTime& now)
{
    return time.isValid() ? time : now;
}

Outcome<void> insertKeys(Database& db, const OpenWork& open, const QDateTime& now)
{
    KeyStore store(db);
    for (const WorkspaceBackupKey& entry : open.backup.keys) {
        KeyRecord key = entry.key;
        key.id = 0;
        key.deleted = key.scheduledPurge = QDateTime();
        key.created = orNow(key.created, now);
        key.updated = orNow(key.updated, now);
        auto inserted = store.insert(key);
        if (!inserted)
            return inserted.error();
        for (const KeyBackupVersion& bv : entry.versions) {
            KeyVersion v = bv.version;
            v.created = orNow(v.created, now);
            v.updated = orNow(v.updated, now);
            const QByteArray sealed = key.protection == Protection::Software ? open.sealed.value(v.id) : QByteArray();
            if (auto added = store.insertVersion(inserted->id, v, sealed); !added)
                return added.error();
        }
    }
    return {};
}

Outcome<void> insertCertificates(Database& db, const WorkspaceBackup& backup, const QDateTime& now)
{
    for (const WorkspaceBackupCertificate& entry : backup.certificates) {
        CertificateRecord certificate = entry.certificate;
        auto key = KeyStore(db).find(certificate.vault, entry.keyName);
        if (!key)
            return key.error();
        if (!key.value())
            return makeError(ErrorKind::Failed, QStringLiteral("certificate '%1/%2': its key '%3' was not restored")
                                                    .arg(certificate.vault, certificate.name, entry.keyName));
        certificate.id = 0;
        certificate.keyId = key.value()->id;
        certificate.deleted = certificate.scheduledPurge = QDateTime();
        certificate.created = orNow(certificate.created, now);
        certificate.updated = orNow(certificate.updated, now);
        auto inserted = CertificateStore(db).insert(certificate);
        if (!inserted)
            return inserted.error();
        for (CertificateVersion v : entry.versions) {
            v.created = orNow(v.created, now);
            if (auto added = CertificateStore(db).insertVersion(inserted->id, v); !added)
                return added.error();
        }
        for (ExternallySignedCertificate issued : entry.issued) {
            issued.id = 0;
            if (auto added = IssuedCertificateStore(db).insert(issued); !added)
                return added.error();
        }
    }
    return {};
}

Outcome<int> insertRoles(Database& db, const WorkspaceBackup& backup, const QString& operatorName)
{
    int added = 0;
    for (const WorkspaceBackupRole& role : backup.roleDefinitions) {
        auto existing = RoleDefinitionStore(db).find(role.name);
        if (!existing)
            return existing.error();
        if (existing.value())
            continue; // identical (the precheck refused a different one)
        RoleDefinition definition;
        definition.name = role.name;
        definition.description = role.description;
        definition.actions = role.actions;
        definition.notActions = role.notActions;
        definition.builtIn = false;
        if (auto inserted = RoleDefinitionStore(db).insert(definition, operatorName); !inserted)
            return inserted.error();
        ++added;
    }
    return added;
}

} // namespace

QCoro::Task<Outcome<WorkspaceBackupRestoreResult>> WorkspaceBackupService::restore(QByteArray file,
                                                                                   OperationContext context)
{
    Operation op;
    op.name = QStringLiteral("BackupRestore");
    op.permission = QStringLiteral("restore/start/action");
    op.scope = QStringLiteral("/");
    op.resource = QStringLiteral("/backup");
    op.context = context;
    op.details.insert(QStringLiteral("fileSha256"), hexSha256(file));
    auto decoded = WorkspaceBackupFormat::decode(file);
    auto work = std::make_shared<RestoreWork>();
    if (decoded) {
        work->open.backup = decoded.value();
        work->open.materialise = true;
        op.details.insert(QStringLiteral("sourceWorkspaceId"), decoded->sourceWorkspaceId);
        op.details.insert(QStringLiteral("sourceWorkspaceName"), decoded->sourceWorkspaceName);
        op.details.insert(QStringLiteral("domainKeyId"), decoded->domainKeyId);
    }
    const Error invalid = decoded ? Error{} : decoded.error();
    const bool isInvalid = !decoded;
    const QString operatorName = sessionOperatorName(m_path.session());
    const QDateTime now = m_path.now();
    const QString fileSha256 = hexSha256(file);
    Database& database = m_path.database();

    Steps<WorkspaceBackupRestoreResult> steps;
    steps.precheck = [work, isInvalid, invalid, operatorName, now](Database& db) -> Outcome<void> {
        if (isInvalid)
            return invalid;
        const WorkspaceBackup& backup = work->open.backup;
        auto domainKey = domainKeyFor(db, backup.domainKeyId);
        if (!domainKey)
            return domainKey.error();
        work->open.domainLabel = domainKey->label;
        const QStringList conflicts = restoreConflicts(db, backup);
        if (!conflicts.isEmpty())
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("the backup cannot be restored into this workspace: %1")
                                 .arg(conflicts.join(QStringLiteral("; "))));
        work->assignments = planAssignments(db, backup, operatorName);
        // One intent row per HSM object about to be made: a crash in between is doctor's to finish.
        for (const WorkspaceBackupKey& key : backup.keys) {
            if (key.key.protection != Protection::Hsm)
                continue;
            for (const KeyBackupVersion& v : key.versions) {
                const Intent intent{v.version.id, QStringLiteral("BackupRestore"),
                                    KeyRecord::keyResourceId(key.key.vault, key.key.name), now};
                if (auto recorded = IntentStore(db).insert(intent); !recorded) {
                    dropIntents(db, work->intents);
                    return recorded.error();
                }
                work->intents << v.version.id;
            }
        }
        return {};
    };
    crypto::Token* token = m_path.workspace().token();
    steps.engine = [token, work]() { return openOnToken(token, work->open); };
    steps.undoEngine = [token, work]() {
        if (token)
            destroyCreated(token, work->open);
    };
    steps.persist = [work, operatorName, now,
                     fileSha256](Database& db, QJsonObject& details) -> Outcome<WorkspaceBackupRestoreResult> {
        const WorkspaceBackup& backup = work->open.backup;
        for (Vault vault : backup.vaults) {
            vault.id = 0;
            vault.deleted = vault.scheduledPurge = QDateTime();
            vault.created = orNow(vault.created, now);
            vault.updated = orNow(vault.updated, now);
            if (auto inserted = VaultStore(db).insert(vault); !inserted)
                return inserted.error();
        }
        if (auto keys = insertKeys(db, work->open, now); !keys)
            return keys.error();
        if (auto certificates = insertCertificates(db, backup, now); !certificates)
            return certificates.error();
        auto roles = insertRoles(db, backup, operatorName);
        if (!roles)
            return roles.error();
        for (RoleAssignment assignment : work->assignments.keep) {
            assignment.id.clear();
            if (auto inserted = RoleAssignmentStore(db).insert(assignment); !inserted)
                return inserted.error();
        }
        // The workspace keeps its own id; where it was restored from is recorded.
        const QJsonObject from{{QStringLiteral("workspaceId"), backup.sourceWorkspaceId},
                               {QStringLiteral("workspaceName"), backup.sourceWorkspaceName},
                               {QStringLiteral("made"), backup.made.toString(Qt::ISODateWithMs)},
                               {QStringLiteral("restored"), now.toString(Qt::ISODateWithMs)},
                               {QStringLiteral("fileSha256"), fileSha256}};
        if (auto set = SettingsStore(db).set(QStringLiteral("restored.from"),
                                             QString::fromUtf8(QJsonDocument(from).toJson(QJsonDocument::Compact)));
            !set)
            return set.error();
        for (const QString& id : std::as_const(work->intents)) {
            if (auto dropped = IntentStore(db).remove(id); !dropped)
                return dropped.error();
        }
        details.insert(QStringLiteral("vaults"), int(backup.vaults.size()));
        details.insert(QStringLiteral("keys"), int(backup.keys.size()));
        details.insert(QStringLiteral("keyVersions"), backup.keyVersionCount());
        details.insert(QStringLiteral("certificates"), int(backup.certificates.size()));
        details.insert(QStringLiteral("certificateVersions"), backup.certificateVersionCount());
        details.insert(QStringLiteral("roleDefinitions"), roles.value());
        details.insert(QStringLiteral("roleAssignments"), int(work->assignments.keep.size()));
        details.insert(QStringLiteral("skippedAssignments"), QJsonArray::fromStringList(work->assignments.skipped));
        WorkspaceBackupRestoreResult result;
        result.backup = backup;
        result.assignmentsRestored = int(work->assignments.keep.size());
        result.rolesRestored = roles.value();
        result.skippedAssignments = work->assignments.skipped;
        return result;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT restored();
    else if (!outcome.isCancelled()) // cancelled: the workspace may be gone; the rows are doctor's
        dropIntents(database, work->intents);
    co_return outcome;
}

} // namespace custos::model
