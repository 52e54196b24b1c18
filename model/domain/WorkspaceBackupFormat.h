#pragma once

#include "Certificate.h"
#include "Key.h"
#include "KeyBackupFormat.h"
#include "RoleAssignment.h"
#include "Vault.h"
#include "crypto/Outcome.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QStringList>

namespace custos::model {

// `backup create`'s file: self-describing JSON, "format": "custos-workspace-backup-1". Everything a
// workspace holds but its operators, groups, settings and audit trail: active vaults (with their
// settings), their active keys (every version, private parts as key backups carry them: HSM
// versions wrapped under the domain key, software versions encrypted under a content key that
// travels wrapped under it), certificates (every version, chains, CRL state, what CAs signed for
// outside CSRs), custom role definitions and role assignments. "integrity" is a GCM tag under the
// content key over everything else (the canonical bytes), so nothing can be edited on the way.
// A parser of outside input: no database here (the fuzz build links it alone).

struct WorkspaceBackupKey
{
    KeyRecord key;                    // vault, name, attributes, policy, isCaKey; id and deletion fields unused
    QList<KeyBackupVersion> versions; // oldest first
};

struct WorkspaceBackupCertificate
{
    CertificateRecord certificate;             // vault, name, isCa, policy, ca, created, updated
    QString keyName;                           // the key of its vault it certifies (the same name as a rule)
    QList<CertificateVersion> versions;        // oldest first
    QList<ExternallySignedCertificate> issued; // a CA's `ca sign-csr` records
};

struct WorkspaceBackupRole
{
    QString name;
    QString description;
    QStringList actions;
    QStringList notActions;
    bool operator==(const WorkspaceBackupRole&) const = default;
};

struct WorkspaceBackup
{
    QString sourceWorkspaceId;
    QString sourceWorkspaceName;
    QString domainKeyId; // the security-domain key everything is wrapped under
    QDateTime made;
    QByteArray wrappedContentKey;
    QList<Vault> vaults;
    QList<WorkspaceBackupKey> keys;
    QList<WorkspaceBackupCertificate> certificates;
    QList<WorkspaceBackupRole> roleDefinitions; // custom ones only
    QList<RoleAssignment> roleAssignments;
    QByteArray integrity; // encryptWithContentKey(integrityMarker, integrityAad(canonical))
    QByteArray canonical; // decode: the bytes `integrity` covers

    int keyVersionCount() const;
    int certificateVersionCount() const;
};

class WorkspaceBackupFormat
{
public:
    static QString formatName();                           // "custos-workspace-backup-1"
    static QByteArray backupAad(const QString& versionId); // "custos-workspace-backup:" + id
    static QByteArray integrityMarker();
    static QByteArray integrityAad(const QByteArray& canonical);
    // Compact JSON of everything but "integrity" (keys sorted: the same bytes after a round trip).
    static QByteArray canonical(const WorkspaceBackup& backup);
    static QByteArray encode(const WorkspaceBackup& backup);
    // Invalid naming what is wrong: "not a Custos workspace backup: ..." or "the workspace backup is
    // damaged: ..." (structure only; the integrity tag is checked with the domain key).
    static Outcome<WorkspaceBackup> decode(const QByteArray& file);
};

} // namespace custos::model
