#pragma once

// The workspace's domain keys and the security-domain files made of them (issue 7). Migration 9
// makes the tables and records the domain key `init` created as the active one.

#include "Database.h"

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QString>

#include <optional>

namespace custos::model {

// One domain key on the token (DESIGN.md, "Security domain"). The active one wraps everything new
// (key backups, workspace backups, the next security-domain file); retired ones only unwrap, so
// old backups still restore.
struct DomainKeyRecord
{
    QString id;    // 16 hex digits, random; travels in security-domain files and backups
    QString label; // the token object's CKA_LABEL
    QDateTime created;
    QString state;             // "active" | "retired"
    QString origin;            // "init" | "rotation" | "restored"
    QString sourceWorkspaceId; // for "restored": the workspace the security domain came from
};

// One custodian of a security-domain file.
struct CustodianRecord
{
    QString holder; // certificate CN
    QString x5t256;
    QString notAfter; // ISO 8601 UTC
};

// One security-domain file this workspace made (download, rotate) or was restored from (restore).
struct SecurityDomainFileRecord
{
    qint64 id = 0;
    QDateTime time;
    QString operatorName;
    QString kind; // "download" | "rotate" | "restore"
    int required = 0;
    QList<CustodianRecord> custodians;
    QString fileSha256;
    QString domainKeyId;       // the active domain key the file carries
    QString state;             // "current" | "superseded"
    QString transcriptSha256;  // empty for restore
    QString sourceWorkspaceId; // restore: the workspace the file came from
    QString sourceWorkspaceName;
};

class SecurityDomainStore
{
public:
    explicit SecurityDomainStore(Database& db) : m_db(db) {}

    Outcome<QList<DomainKeyRecord>> domainKeys(); // oldest first
    Outcome<DomainKeyRecord> activeDomainKey();   // NotFound when none (a broken workspace)
    Outcome<std::optional<DomainKeyRecord>> findDomainKey(const QString& id);
    Outcome<void> insertDomainKey(const DomainKeyRecord& key);
    // Makes `id` the active key and every other one retired.
    Outcome<void> activateDomainKey(const QString& id);

    // Activated: a security-domain file has been downloaded or restored.
    Outcome<bool> activated();
    Outcome<std::optional<SecurityDomainFileRecord>> currentFile();
    Outcome<QList<SecurityDomainFileRecord>> files(); // newest first
    // Marks every current file superseded and inserts `file` as current; sets file.id.
    Outcome<void> recordFile(SecurityDomainFileRecord& file);

private:
    Database& m_db;
};

} // namespace custos::model
