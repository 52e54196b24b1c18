#pragma once

// Private to WorkspaceBackupService: what the workspace holds (read on the database thread) and
// the token work of create, verify and restore (on the token thread).

#include "crypto/Outcome.h"
#include "crypto/pkcs11/Token.h"
#include "model/domain/WorkspaceBackupFormat.h"
#include "model/store/Database.h"

#include <QHash>
#include <QStringList>

namespace custos::model::backupsupport {

// The workspace's active vaults with their active keys and certificates, custom role definitions
// and role assignments; software versions' sealed private parts by version id.
struct Snapshot
{
    WorkspaceBackup backup;
    QHash<QString, QByteArray> sealed;
};
Outcome<Snapshot> readSnapshot(Database& db);
// The backup's bytes without what the token adds (wrapped parts, integrity): to see whether the
// workspace changed while it was backed up.
QByteArray clearCanonical(WorkspaceBackup backup);

// create: a content key wrapped under `domainLabel`, every HSM version wrapped under it, every
// software version's private part encrypted under the content key, the integrity tag.
Outcome<void> wrapOnToken(crypto::Token* token, WorkspaceBackup& backup, const QHash<QString, QByteArray>& sealed,
                          const QString& domainLabel);

// verify and restore: open the content key and check the integrity tag and every software
// version; with `materialise`, also unwrap the HSM versions into token objects (recorded in
// `created`, all destroyed again on failure) and seal the software ones for this workspace.
struct OpenWork
{
    WorkspaceBackup backup;
    QString domainLabel;
    bool materialise = false;
    QList<QByteArray> created;         // HSM objects made (CKA_IDs)
    QHash<QString, QByteArray> sealed; // software versions' new sealed parts, by version id
};
Outcome<void> openOnToken(crypto::Token* token, OpenWork& work);
void destroyCreated(crypto::Token* token, OpenWork& work);

// What in this workspace stands in the way of restoring `backup` (empty: nothing).
QStringList restoreConflicts(Database& db, const WorkspaceBackup& backup);

// Which role assignments restore keeps: the principal is an operator or group here, it is not
// the restoring operator (or a group of theirs), the role exists, and it is not assigned already.
struct AssignmentPlan
{
    QList<RoleAssignment> keep;
    QStringList skipped; // "principal / role / scope: why"
};
AssignmentPlan planAssignments(Database& db, const WorkspaceBackup& backup, const QString& restoringOperator);

} // namespace custos::model::backupsupport
