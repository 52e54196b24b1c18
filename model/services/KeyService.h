#pragma once

#include "OperationContext.h"
#include "crypto/Outcome.h"
#include "model/domain/Key.h"
#include "model/domain/KeyRotationPolicy.h"

#include <QCoro/QCoroTask>
#include <QDateTime>
#include <QMap>
#include <QObject>
#include <QStringList>

#include <functional>
#include <optional>

namespace custos::model {

class ServicePath;

struct KeyCreateRequest
{
    QString vault;
    QString name; // 1-127 letters, digits, dashes
    crypto::KeyKind kty = crypto::KeyKind::Rsa;
    int size = 0;                         // RSA 2048/3072/4096 (0: 2048), oct 128/192/256 (0: 256); none for EC
    QString curve;                        // EC P-256/P-384/P-521 (empty: P-256); none for RSA and oct
    QStringList keyOps;                   // empty: every operation the type supports except import and export
    std::optional<Protection> protection; // unset: the vault's
    bool exportable = false;              // software keys only
    QDateTime expires;                    // of version 1; invalid: none
    QMap<QString, QString> tags;
};

// `key set`: what to change; unset fields stay. Version attributes apply to `versionId` (empty:
// the current version); allowRsa15 and tags-of-the-key are key-level.
struct KeyUpdateRequest
{
    QString vault;
    QString name;
    QString versionId;
    std::optional<bool> enabled;
    std::optional<QDateTime> expires;           // an invalid QDateTime clears the expiry
    std::optional<QDateTime> notBefore;         // likewise
    std::optional<QMap<QString, QString>> tags; // the version's tags (Key Vault sets tags per version)
    std::optional<bool> allowRsa15;
};

// One thing `key due` found: a lifetime action whose time has come for a key's current version.
struct KeyDueItem
{
    KeyRecord key;
    KeyLifetimeAction action;
    QDateTime dueAt;
    QString description; // "rotate: 90 days after creation (2026-02-20)", for lists and the GUI
};

// What `key due --apply` did, item by item (one failure does not stop the rest).
struct KeyDueResult
{
    KeyDueItem item;
    bool done = false;
    QString message; // "rotated to version ...", "notified", or the error
};

// Keys, every change through the one service path (authorised, audited).
// Permissions (ROLES.md): create keys/create at /vaults/V/keys/K; list/show/versions
// keys/read/action at the key (or any enclosing scope), not audited unless denied.
class KeyService : public QObject
{
    Q_OBJECT
public:
    explicit KeyService(ServicePath& path, QObject* parent = nullptr);

    static bool isValidName(const QString& name);
    static QString nameRule(); // "1-127 characters: letters, digits and dashes"

    QCoro::Task<Outcome<KeyRecord>> create(KeyCreateRequest request, OperationContext context = {});
    // Reads: authorised, not audited.
    Outcome<QList<KeyRecord>> list(const QString& vault); // the keys the operator may read, by name
    Outcome<KeyRecord> show(const QString& vault, const QString& name);
    Outcome<QList<KeyVersion>> versions(const QString& vault, const QString& name); // oldest first

    // Lifecycle. Permissions (ROLES.md) in brackets; each is one audited operation.
    // New current version of the same type/size/curve/protection/key_ops [keys/rotate/action]; its
    // expiry from the policy's expiryTime. Old versions stay usable for verify/decrypt/unwrap.
    QCoro::Task<Outcome<KeyRecord>> rotate(QString vault, QString name, OperationContext context = {});
    // `key set` [keys/write/action]. Returns the key with the updated version as currentVersion
    // when it is the current one.
    QCoro::Task<Outcome<KeyVersion>> update(KeyUpdateRequest request, OperationContext context = {});
    Outcome<KeyVersion> version(const QString& vault, const QString& name, const QString& versionId); // read
    Outcome<KeyRotationPolicy> policy(const QString& vault, const QString& name);                     // read
    QCoro::Task<Outcome<KeyRotationPolicy>> setPolicy(QString vault, QString name, KeyRotationPolicy policy,
                                                      OperationContext context = {}); // [keys/write/action]
    // Due lifetime actions of every active key the operator may read, by due time. A notify action
    // is due once per version (until it has been applied).
    Outcome<QList<KeyDueItem>> due();
    // Carries out what due() lists under the logged-in operator: rotate [keys/rotate/action] or an
    // audited KeyNearExpiry notification [keys/read/action].
    QCoro::Task<QList<KeyDueResult>> applyDue(OperationContext context = {});

    // Soft delete with the vault's retention [keys/delete]; the name stays reserved.
    QCoro::Task<Outcome<KeyRecord>> remove(QString vault, QString name, OperationContext context = {});
    Outcome<QList<KeyRecord>> listDeleted(const QString& vault); // [keys/deletedKeys/read/action]
    QCoro::Task<Outcome<KeyRecord>> recover(QString vault, QString name,
                                            OperationContext context = {}); // [keys/deletedKeys/recover/action]
    // Destroys the token objects and the rows [keys/deletedKeys/delete]; with purge protection
    // refused until the scheduled purge date.
    QCoro::Task<Outcome<void>> purge(QString vault, QString name, OperationContext context = {});

    // One key with all its versions as a blob wrapped under the workspace's domain key
    // [keys/backup/action]; refused for a CA's key. Restore [keys/restore/action] works only in a
    // workspace holding the same domain key, into a vault where the name is free.
    QCoro::Task<Outcome<QByteArray>> backup(QString vault, QString name, OperationContext context = {});
    QCoro::Task<Outcome<KeyRecord>> restore(QString vault, QByteArray blob, OperationContext context = {});

    // A seam for tests: where new version ids come from (crypto::randomId by default).
    void setVersionIdSource(std::function<QString()> source) { m_versionIds = std::move(source); }

Q_SIGNALS:
    void keysChanged(); // after any committed change

private:
    // list and listDeleted: the vault's active or deleted keys this operator may read.
    Outcome<QList<KeyRecord>> listVisible(const QString& vault, bool deleted, const QString& operation,
                                          const QString& permission);
    Outcome<KeyRecord> findReadable(const QString& vault, const QString& name, const QString& operation);
    // One due notify action: an audited KeyNearExpiry event that records it as applied.
    QCoro::Task<Outcome<void>> notify(KeyDueItem item, OperationContext context);

    ServicePath& m_path;
    std::function<QString()> m_versionIds;
};

} // namespace custos::model
