// WorkspaceBackupService: create, inspect and verify (restore is in WorkspaceBackupRestore.cpp).

#include "WorkspaceBackupService.h"

#include "SecurityDomainSupport_p.h"
#include "ServicePath.h"
#include "WorkspaceBackupEngine_p.h"
#include "WorkspaceBackupSupport_p.h"
#include "model/session/Workspace.h"

#include <QFile>
#include <QJsonArray>
#include <QSaveFile>

#include <memory>

namespace custos::model {

using namespace backupsupport;

namespace {

Operation backupOperation(const QString& name, const QString& permission, const OperationContext& context)
{
    Operation op;
    op.name = name;
    op.permission = permission;
    op.scope = QStringLiteral("/");
    op.resource = QStringLiteral("/backup");
    op.context = context;
    return op;
}

void insertCounts(QJsonObject& details, const WorkspaceBackup& backup)
{
    details.insert(QStringLiteral("vaults"), int(backup.vaults.size()));
    details.insert(QStringLiteral("keys"), int(backup.keys.size()));
    details.insert(QStringLiteral("keyVersions"), backup.keyVersionCount());
    details.insert(QStringLiteral("certificates"), int(backup.certificates.size()));
    details.insert(QStringLiteral("certificateVersions"), backup.certificateVersionCount());
    details.insert(QStringLiteral("roleDefinitions"), int(backup.roleDefinitions.size()));
    details.insert(QStringLiteral("roleAssignments"), int(backup.roleAssignments.size()));
    details.insert(QStringLiteral("domainKeyId"), backup.domainKeyId);
}

// Owner-only, atomically (a temporary file renamed into place).
Outcome<void> writeFile(const QString& path, const QByteArray& bytes)
{
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return makeError(ErrorKind::Failed, QStringLiteral("cannot write %1: %2").arg(path, out.errorString()));
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (out.write(bytes) != bytes.size() || !out.commit())
        return makeError(ErrorKind::Failed, QStringLiteral("cannot write %1: %2").arg(path, out.errorString()));
    return {};
}

struct CreateWork
{
    WorkspaceBackup backup;
    QHash<QString, QByteArray> sealed;
    QByteArray clear; // clearCanonical before the run
    QString domainLabel;
    QString outPath;
    bool wroteFile = false;
};

} // namespace

WorkspaceBackupService::WorkspaceBackupService(ServicePath& path, QObject* parent) : QObject(parent), m_path(path) {}

QCoro::Task<Outcome<WorkspaceBackupCreateResult>> WorkspaceBackupService::create(WorkspaceBackupCreateRequest request,
                                                                                 OperationContext context)
{
    Operation op = backupOperation(QStringLiteral("BackupCreate"), QStringLiteral("backup/start/action"), context);
    if (!request.outPath.isEmpty())
        op.details.insert(QStringLiteral("file"), request.outPath);
    auto work = std::make_shared<CreateWork>();
    work->outPath = request.outPath;
    const QDateTime now = m_path.now();
    Workspace* workspace = &m_path.workspace();

    // What the workspace holds, read before the run for the engine; persist checks it is unchanged.
    Steps<WorkspaceBackupCreateResult> steps;
    steps.precheck = [work, now, workspace](Database& db) -> Outcome<void> {
        auto snapshot = readSnapshot(db);
        if (!snapshot)
            return snapshot.error();
        auto identity = readWorkspaceIdentity(*workspace, db);
        if (!identity)
            return identity.error();
        auto domainKey = activeDomainKey(db);
        if (!domainKey)
            return domainKey.error();
        work->backup = snapshot->backup;
        work->sealed = snapshot->sealed;
        work->backup.made = now;
        work->backup.sourceWorkspaceId = identity->id;
        work->backup.sourceWorkspaceName = identity->name;
        work->backup.domainKeyId = domainKey->id;
        work->domainLabel = domainKey->label;
        work->clear = clearCanonical(work->backup);
        return {};
    };
    crypto::Token* token = m_path.workspace().token();
    steps.engine = [token, work]() { return wrapOnToken(token, work->backup, work->sealed, work->domainLabel); };
    steps.undoEngine = [work]() {
        if (work->wroteFile)
            QFile::remove(work->outPath);
        work->wroteFile = false;
    };
    steps.persist = [work](Database& db, QJsonObject& details) -> Outcome<WorkspaceBackupCreateResult> {
        auto again = readSnapshot(db);
        if (!again)
            return again.error();
        WorkspaceBackup now = again->backup;
        now.made = work->backup.made;
        now.sourceWorkspaceId = work->backup.sourceWorkspaceId;
        now.sourceWorkspaceName = work->backup.sourceWorkspaceName;
        if (clearCanonical(now) != work->clear)
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("the workspace changed while it was backed up: try again"));
        WorkspaceBackupCreateResult result;
        result.backup = work->backup;
        result.file = WorkspaceBackupFormat::encode(work->backup);
        result.sha256 = hexSha256(result.file);
        insertCounts(details, work->backup);
        details.insert(QStringLiteral("fileSha256"), result.sha256);
        details.insert(QStringLiteral("bytes"), int(result.file.size()));
        if (!work->outPath.isEmpty()) {
            if (auto written = writeFile(work->outPath, result.file); !written)
                return written.error();
            work->wroteFile = true;
        }
        return result;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (!outcome && work->wroteFile) // the commit failed after the file was written
        QFile::remove(work->outPath);
    co_return outcome;
}

Outcome<WorkspaceBackup> WorkspaceBackupService::inspect(const QByteArray& file)
{
    Operation op = backupOperation(QStringLiteral("BackupInspect"), QStringLiteral("backup/status/action"), {});
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    return WorkspaceBackupFormat::decode(file);
}

QCoro::Task<Outcome<WorkspaceBackupCheck>> WorkspaceBackupService::verify(QByteArray file, OperationContext context)
{
    Operation op = backupOperation(QStringLiteral("BackupVerify"), QStringLiteral("backup/status/action"), context);
    op.details.insert(QStringLiteral("fileSha256"), hexSha256(file));
    auto decoded = WorkspaceBackupFormat::decode(file);
    auto work = std::make_shared<OpenWork>();
    if (decoded) {
        work->backup = decoded.value();
        op.details.insert(QStringLiteral("sourceWorkspaceId"), decoded->sourceWorkspaceId);
        op.details.insert(QStringLiteral("sourceWorkspaceName"), decoded->sourceWorkspaceName);
    }
    const Error invalid = decoded ? Error{} : decoded.error();
    const bool isInvalid = !decoded;
    const QString restoringOperator = sessionOperatorName(m_path.session());

    Steps<WorkspaceBackupCheck> steps;
    steps.precheck = [work, isInvalid, invalid](Database& db) -> Outcome<void> {
        if (isInvalid)
            return invalid;
        auto domainKey = domainKeyFor(db, work->backup.domainKeyId);
        if (!domainKey)
            return domainKey.error();
        work->domainLabel = domainKey->label;
        return {};
    };
    crypto::Token* token = m_path.workspace().token();
    steps.engine = [token, work]() { return openOnToken(token, *work); };
    steps.persist = [work, restoringOperator](Database& db, QJsonObject& details) -> Outcome<WorkspaceBackupCheck> {
        WorkspaceBackupCheck check;
        check.backup = work->backup;
        check.conflicts = restoreConflicts(db, work->backup);
        check.skippedAssignments = planAssignments(db, work->backup, restoringOperator).skipped;
        insertCounts(details, work->backup);
        details.insert(QStringLiteral("conflicts"), QJsonArray::fromStringList(check.conflicts));
        details.insert(QStringLiteral("wouldRestore"), check.wouldRestore());
        return check;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    co_return co_await task;
}

} // namespace custos::model
