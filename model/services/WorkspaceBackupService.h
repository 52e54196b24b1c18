#pragma once

// Full workspace backups (issue 7, "Restore ceremony"): `backup create | restore | verify | inspect`.
// The file (WorkspaceBackupFormat.h) is bound to the security domain: keys are wrapped under the
// active domain key, so it restores only into a workspace holding that domain key (a workspace
// restored from the same security domain, `sd restore`). Operators and groups are not carried:
// the new workspace has its own.

#include "OperationContext.h"
#include "crypto/Outcome.h"
#include "model/domain/WorkspaceBackupFormat.h"

#include <QCoro/QCoroTask>
#include <QObject>
#include <QStringList>

namespace custos::model {

class ServicePath;

struct WorkspaceBackupCreateRequest
{
    // When set, the file is written there atomically (owner-only) before the commit, and removed
    // again when the commit fails.
    QString outPath;
};

struct WorkspaceBackupCreateResult
{
    QByteArray file;
    QString sha256; // hex of the file
    WorkspaceBackup backup;
};

// `backup verify`: everything restore would check, without changing anything.
struct WorkspaceBackupCheck
{
    WorkspaceBackup backup;
    // What in this workspace stands in the way ("vault 'v' exists", "key version ... is in use");
    // empty: it would restore.
    QStringList conflicts;
    // Role assignments restore would skip: their principal is not an operator or group here.
    QStringList skippedAssignments;
    bool wouldRestore() const { return conflicts.isEmpty(); }
};

struct WorkspaceBackupRestoreResult
{
    WorkspaceBackup backup;
    int assignmentsRestored = 0;
    int rolesRestored = 0; // custom role definitions added (identical ones already here are kept)
    // "principal / role / scope: why" for each assignment left out: unknown principal (operators
    // are not restored) or the restoring operator themselves (nobody assigns roles to themselves).
    QStringList skippedAssignments;
};

class WorkspaceBackupService : public QObject
{
    Q_OBJECT
public:
    explicit WorkspaceBackupService(ServicePath& path, QObject* parent = nullptr);

    // backup/start/action. Audited (BackupCreate) with the file's SHA-256 and the counts.
    QCoro::Task<Outcome<WorkspaceBackupCreateResult>> create(WorkspaceBackupCreateRequest request,
                                                             OperationContext context = {});
    // backup/status/action: the contents, from the file alone (no domain key, no integrity check).
    // Authorised, not audited.
    Outcome<WorkspaceBackup> inspect(const QByteArray& file);
    // backup/status/action: structure, that this workspace holds the domain key and that it opens
    // the content key, the integrity tag and every software key's private part, and what in this
    // workspace would conflict. Audited (BackupVerify), as it uses the domain key.
    QCoro::Task<Outcome<WorkspaceBackupCheck>> verify(QByteArray file, OperationContext context = {});
    // restore/start/action: into this workspace, all or nothing; it keeps its own id and records
    // where it was restored from (settings row "restored.from"). Audited (BackupRestore).
    QCoro::Task<Outcome<WorkspaceBackupRestoreResult>> restore(QByteArray file, OperationContext context = {});

Q_SIGNALS:
    void restored(); // after a committed restore: vaults, keys and certificates changed

private:
    ServicePath& m_path;
};

} // namespace custos::model
