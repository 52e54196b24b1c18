// KeyService: soft delete, the deleted keys' list, recover and purge.

#include "KeyService.h"

#include "KeyServiceSupport_p.h"
#include "ServicePath.h"
#include "TokenObjectPurge_p.h"
#include "VaultService.h"
#include "model/session/Workspace.h"
#include "model/store/Stores.h"

#include <QJsonArray>

#include <memory>

namespace custos::model {

using namespace keysupport;

namespace {

const QString kDeletedReadPermission = QStringLiteral("keys/deletedKeys/read/action");

QString purgeDate(const QDateTime& time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

} // namespace

QCoro::Task<Outcome<KeyRecord>> KeyService::remove(QString vault, QString name, OperationContext context)
{
    Operation op = keyOperation(QStringLiteral("KeyDelete"), QStringLiteral("keys/delete"), vault, name, context);
    const QDateTime now = m_path.now();
    Steps<KeyRecord> steps;
    steps.persist = [vault, name, now](Database& db, QJsonObject& details) -> Outcome<KeyRecord> {
        auto key = activeKey(db, vault, name);
        if (!key)
            return key.error();
        if (auto own = checkNotCertificateKey(db, key.value(), QStringLiteral("delete")); !own)
            return own.error();
        auto owner = activeVault(db, vault);
        if (!owner)
            return owner.error();
        KeyRecord deleted = key.value();
        deleted.deleted = now;
        deleted.scheduledPurge = now.addDays(owner->retentionDays);
        if (auto marked = KeyStore(db).markDeleted(deleted.id, deleted.deleted, deleted.scheduledPurge); !marked)
            return marked.error();
        details.insert(QStringLiteral("version"), deleted.currentVersion.id);
        details.insert(QStringLiteral("scheduledPurge"), deleted.scheduledPurge.toUTC().toString(Qt::ISODate));
        return deleted;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT keysChanged();
    co_return outcome;
}

Outcome<QList<KeyRecord>> KeyService::listDeleted(const QString& vault)
{
    return listVisible(vault, true, QStringLiteral("KeyListDeleted"), kDeletedReadPermission);
}

QCoro::Task<Outcome<KeyRecord>> KeyService::recover(QString vault, QString name, OperationContext context)
{
    Operation op = keyOperation(QStringLiteral("KeyRecover"), QStringLiteral("keys/deletedKeys/recover/action"), vault,
                                name, context);
    const QDateTime now = m_path.now();
    Steps<KeyRecord> steps;
    steps.persist = [vault, name, now](Database& db, QJsonObject& details) -> Outcome<KeyRecord> {
        auto key = deletedKey(db, vault, name);
        if (!key)
            return key.error();
        if (auto own = checkNotCertificateKey(db, key.value(), QStringLiteral("recover")); !own)
            return own.error();
        if (auto recovered = KeyStore(db).recover(key->id); !recovered)
            return recovered.error();
        KeyRecord back = key.value();
        back.deleted = back.scheduledPurge = QDateTime();
        details.insert(QStringLiteral("version"), back.currentVersion.id);
        return back;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT keysChanged();
    co_return outcome;
}

QCoro::Task<Outcome<void>> KeyService::purge(QString vault, QString name, OperationContext context)
{
    Operation op =
        keyOperation(QStringLiteral("KeyPurge"), QStringLiteral("keys/deletedKeys/delete"), vault, name, context);
    op.protectedAs = QStringLiteral("purge");
    const QDateTime now = m_path.now();
    Database& database = m_path.database();

    // The HSM versions' ids, read before the run for the engine; the precheck checks the key again.
    auto state = std::make_shared<TokenObjectPurge>();
    auto shared = std::make_shared<QStringList>(); // intent ids recorded by the precheck
    if (auto before = deletedKey(database, vault, name); before) {
        if (auto versions = KeyStore(database).versions(before->id); versions)
            state->addVersionsOf(before.value(), versions.value());
        if (!state->items.isEmpty())
            op.details.insert(QStringLiteral("versions"), QJsonArray::fromStringList(state->idTexts()));
    }

    Steps<void> steps;
    steps.precheck = [vault, name, now, state, shared, resource = op.resource](Database& db) -> Outcome<void> {
        auto key = deletedKey(db, vault, name);
        if (!key)
            return key.error();
        if (auto domain = state->useActiveDomainKey(db); !domain)
            return domain.error();
        if (auto own = checkNotCertificateKey(db, key.value(), QStringLiteral("purge")); !own)
            return own.error();
        auto owner = activeVault(db, vault);
        if (!owner)
            return owner.error();
        if (owner->purgeProtection && now < key->scheduledPurge)
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("vault '%1' has purge protection: key '%2' can be purged only after its "
                                            "scheduled purge date %3")
                                 .arg(owner->name, key->name, purgeDate(key->scheduledPurge)));
        // One intent row per token id about to be destroyed: a crash in between is doctor's to finish.
        return recordPurgeIntents(db, state->idTexts(), QStringLiteral("KeyPurge"), resource, now, shared.get());
    };
    crypto::Token* token = m_path.workspace().token();
    if (!state->items.isEmpty()) {
        steps.engine = [token, state]() { return state->destroyAll(token); };
        steps.undoEngine = [token, state]() {
            if (token)
                state->putBack(token);
        };
    }
    steps.persist = [vault, name, shared](Database& db, QJsonObject&) -> Outcome<void> {
        auto key = deletedKey(db, vault, name);
        if (!key)
            return key.error();
        if (auto removed = KeyStore(db).remove(key->id); !removed)
            return removed.error();
        for (const QString& id : std::as_const(*shared)) {
            if (auto dropped = IntentStore(db).remove(id); !dropped)
                return dropped.error();
        }
        return {};
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome) {
        Q_EMIT keysChanged();
    } else if (!outcome.isCancelled()) { // cancelled: the workspace may be gone; the rows are doctor's
        // The engine put the objects back (or never took them): the intents are void.
        dropIntents(database, *shared);
    }
    co_return outcome;
}

} // namespace custos::model
