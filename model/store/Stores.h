#pragma once

#include "Database.h"
#include "model/domain/Certificate.h"
#include "model/domain/Key.h"
#include "model/domain/Operator.h"
#include "model/domain/RoleAssignment.h"
#include "model/domain/Vault.h"

#include <QList>
#include <QString>

#include <optional>

namespace custos::model {

// Repositories over one Database. Plain SQL with prepared statements; they never begin or commit
// transactions themselves (the service path does), and never audit.

class SettingsStore
{
public:
    explicit SettingsStore(Database& db) : m_db(db) {}
    Outcome<std::optional<QString>> get(const QString& key);
    Outcome<void> set(const QString& key, const QString& value);

private:
    Database& m_db;
};

class OperatorStore
{
public:
    explicit OperatorStore(Database& db) : m_db(db) {}
    Outcome<Operator> insert(Operator op); // sets id; Conflict when the name exists
    Outcome<std::optional<Operator>> find(const QString& name);
    Outcome<QList<Operator>> list();          // by name
    Outcome<void> update(const Operator& op); // every column but id and name; NotFound
    Outcome<int> count();
    // The row only (a trigger drops its group memberships); assignments are the caller's. NotFound.
    Outcome<void> remove(const QString& name);

private:
    Database& m_db;
};

class RoleAssignmentStore
{
public:
    explicit RoleAssignmentStore(Database& db) : m_db(db) {}
    Outcome<RoleAssignment> insert(RoleAssignment a); // Conflict when (principal, role, scope) exists
    Outcome<void> remove(const QString& id);          // NotFound
    Outcome<std::optional<RoleAssignment>> find(const QString& principal, const QString& role, const QString& scope);
    // Empty filters match everything; scope matches exactly. Ordered by principal, role, scope.
    Outcome<QList<RoleAssignment>> list(const QString& principal = {}, const QString& scope = {});

private:
    Database& m_db;
};

class VaultStore
{
public:
    explicit VaultStore(Database& db) : m_db(db) {}
    Outcome<Vault> insert(Vault v);                          // Conflict when the name exists, deleted or not
    Outcome<std::optional<Vault>> find(const QString& name); // deleted ones too
    Outcome<QList<Vault>> list(bool deleted);                // active (false) or soft-deleted (true), by name
    Outcome<void> update(const Vault& v);                    // NotFound
    Outcome<void> remove(const QString& name);               // purge: the row is gone; NotFound

private:
    Database& m_db;
};

// A key version found by its public key.
struct KeyVersionMatch
{
    QString vault;
    QString name;
    QString versionId;
    bool deleted = false;
};

// Keys and their versions. A key's name is unique in its vault (case-insensitive), deleted or not.
class KeyStore
{
public:
    explicit KeyStore(Database& db) : m_db(db) {}
    // Sets id; Conflict when the vault holds the name already; NotFound when the vault does not exist.
    // Inserts the key row only: add its versions with insertVersion.
    Outcome<KeyRecord> insert(KeyRecord key);
    // `sealedPrivate`: software keys' private part sealed under the sealing key; empty for HSM keys.
    Outcome<KeyVersion> insertVersion(qint64 keyId, KeyVersion version, const QByteArray& sealedPrivate = {});
    // With its newest version; deleted ones too.
    Outcome<std::optional<KeyRecord>> find(const QString& vault, const QString& name);
    // Active (false) or soft-deleted (true) keys of a vault, by name, each with its newest version.
    Outcome<QList<KeyRecord>> list(const QString& vault, bool deleted = false);
    // Oldest first.
    Outcome<QList<KeyVersion>> versions(qint64 keyId);
    // A software key version's sealed private part; nullopt for HSM keys and unknown ids.
    Outcome<std::optional<QByteArray>> sealedPrivate(const QString& versionId);
    // One version of a key; nullopt when the key has no version with that id.
    Outcome<std::optional<KeyVersion>> findVersion(qint64 keyId, const QString& versionId);
    // Whether any key (deleted or not) has a version with this id (version ids are unique).
    Outcome<bool> hasVersion(const QString& versionId);
    // Every key version (deleted keys too) whose public key is this SubjectPublicKeyInfo DER, for
    // import's duplicate check; empty for an empty key.
    Outcome<QList<KeyVersionMatch>> findByPublicKey(const QByteArray& publicKeyDer);

    // Key-level columns that change after creation: tags, key_ops, allowRsa15, isCaKey, policy,
    // updated, deleted and scheduledPurge (by id); NotFound.
    Outcome<void> updateKey(const KeyRecord& key);
    // A version's enabled, notBefore, expires, updated and tags (by id); NotFound.
    Outcome<void> updateVersion(const KeyVersion& version);
    // Soft delete (deleted and scheduledPurge set) and its undo (both cleared); NotFound.
    Outcome<void> markDeleted(qint64 keyId, const QDateTime& deleted, const QDateTime& scheduledPurge);
    Outcome<void> recover(qint64 keyId);
    // Purge: the key's row, its versions and their notifications are gone; NotFound.
    Outcome<void> remove(qint64 keyId);

    // Notify lifetime actions already applied, per version (`action` is describeLifetimeAction's text).
    Outcome<bool> isNotified(const QString& versionId, const QString& action);
    Outcome<void> recordNotified(const QString& versionId, const QString& action, const QDateTime& when);

private:
    Database& m_db;
};

// Certificates (CAs too) and their versions. A name is unique in its vault (case-insensitive),
// deleted or not.
class CertificateStore
{
public:
    explicit CertificateStore(Database& db) : m_db(db) {}
    // Sets id; Conflict when the vault holds the name; NotFound when the vault does not exist.
    Outcome<CertificateRecord> insert(CertificateRecord certificate);
    Outcome<CertificateVersion> insertVersion(qint64 certificateId, CertificateVersion version);
    // With its newest version; deleted ones too.
    Outcome<std::optional<CertificateRecord>> find(const QString& vault, const QString& name);
    // Active (false) or deleted (true) certificates of a vault by name; `casOnly` for `ca list`.
    Outcome<QList<CertificateRecord>> list(const QString& vault, bool deleted = false, bool casOnly = false);
    Outcome<QList<CertificateVersion>> versions(qint64 certificateId); // oldest first
    Outcome<std::optional<CertificateVersion>> findVersion(const QString& versionId);
    // The certificate a version belongs to (for walking a chain up through issuer versions).
    Outcome<std::optional<CertificateRecord>> findByVersion(const QString& versionId);
    // Versions issued by any version of this CA certificate, revoked ones only when asked.
    Outcome<QList<CertificateVersion>> issuedBy(qint64 caCertificateId, bool revokedOnly);
    // policy, ca, updated, deleted, scheduled_purge (by id); NotFound.
    Outcome<void> update(const CertificateRecord& certificate);
    // der, serial, not_before, not_after, issuer_version_id, revoked, revocation_reason (by id); NotFound.
    Outcome<void> updateVersion(const CertificateVersion& version);
    // Whether a certificate uses this key (its key is then managed by the certificate).
    Outcome<bool> usesKey(qint64 keyId);
    // Purge: the row and its versions and notifications (not its key: the caller removes that); NotFound.
    Outcome<void> remove(qint64 certificateId);
    // EmailContacts lifetime actions already applied, per version (`action` is its stable text).
    Outcome<bool> isNotified(const QString& versionId, const QString& action);
    Outcome<void> recordNotified(const QString& versionId, const QString& action, const QDateTime& when);
    // Every active certificate of every active vault, by vault and name (for `cert due`).
    Outcome<QList<CertificateRecord>> listAll();

private:
    Database& m_db;
};

// The dated things of the expiry overview in two indexed queries, without the certificates' DER,
// policies or the keys' public parts (10,000 certificates must open in well under 300 ms).
struct ExpiryRow
{
    enum class Kind { Certificate, Key, CrlNextUpdate };
    Kind kind = Kind::Certificate;
    QString vault;
    QString name;
    QDateTime expires;
    bool revoked = false;
    bool pending = false;
};

class ExpiryStore
{
public:
    explicit ExpiryStore(Database& db) : m_db(db) {}
    // Active certificates of active vaults (their current version), CA CRL next updates, and
    // active keys whose current version expires and that belong to no certificate.
    Outcome<QList<ExpiryRow>> rows();

private:
    Database& m_db;
};

// Intent rows: written before token work that creates or destroys objects, deleted in the
// transaction that commits the outcome. What is left after a crash is for `doctor`.
struct Intent
{
    QString id;        // also the token object's CKA_ID (hex)
    QString operation; // e.g. "KeyCreate"
    QString resource;
    QDateTime created;
};

class IntentStore
{
public:
    explicit IntentStore(Database& db) : m_db(db) {}
    Outcome<void> insert(const Intent& intent);
    Outcome<void> remove(const QString& id);
    Outcome<QList<Intent>> list();

private:
    Database& m_db;
};

} // namespace custos::model
