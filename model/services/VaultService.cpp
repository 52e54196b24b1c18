#include "VaultService.h"

#include "ServicePath.h"
#include "TokenObjectPurge_p.h"
#include "model/session/Workspace.h"
#include "model/store/Stores.h"

#include <QJsonObject>
#include <QRegularExpression>

namespace custos::model {

namespace {
QString scopeOf(const QString& name)
{
    return QStringLiteral("/vaults/") + name;
}

QJsonObject tagsJson(const QMap<QString, QString>& tags)
{
    QJsonObject o;
    for (auto it = tags.cbegin(); it != tags.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

Operation vaultOperation(const QString& name, const QString& permission, const QString& vaultName,
                         const OperationContext& context)
{
    Operation op;
    op.name = name;
    op.permission = permission;
    op.scope = scopeOf(vaultName);
    op.details = {{QStringLiteral("vault"), vaultName}};
    op.context = context;
    return op;
}

// A vault that exists and is (or is not) soft-deleted, or the error that says otherwise.
Outcome<Vault> findVault(Database& db, const QString& name, bool wantDeleted)
{
    auto found = VaultStore(db).find(name);
    if (!found)
        return found.error();
    if (!found.value())
        return makeError(ErrorKind::NotFound, QStringLiteral("vault '%1' not found").arg(name));
    const Vault& vault = *found.value();
    if (wantDeleted && !vault.isDeleted())
        return makeError(ErrorKind::Conflict, QStringLiteral("vault '%1' is not deleted").arg(name));
    if (!wantDeleted && vault.isDeleted())
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("vault '%1' is deleted (recover it with `vault recover %1`)").arg(name));
    return vault;
}
} // namespace

VaultService::VaultService(ServicePath& path, QObject* parent) : QObject(parent), m_path(path) {}

bool VaultService::isValidName(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9-]{3,24}$"));
    return pattern.match(name).hasMatch();
}

QString VaultService::nameRule()
{
    return QStringLiteral("3-24 characters: letters, digits and dashes");
}

QCoro::Task<Outcome<Vault>> VaultService::create(VaultCreateRequest request, OperationContext context)
{
    Operation op = vaultOperation(QStringLiteral("VaultCreate"), QStringLiteral("vaults/write"), request.name, context);
    op.details.insert(QStringLiteral("protection"), protectionName(request.protection));
    op.details.insert(QStringLiteral("retentionDays"), request.retentionDays);
    op.details.insert(QStringLiteral("purgeProtection"), request.purgeProtection);
    if (!isValidName(request.name)) {
        // Not a valid scope either: authorise at "/" so the attempt is still checked and audited.
        op.scope = QStringLiteral("/");
        op.resource = scopeOf(request.name);
    }
    const QDateTime now = m_path.now();
    Steps<Vault> steps;
    steps.precheck = [request](Database& db) -> Outcome<void> {
        if (!isValidName(request.name))
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("invalid vault name '%1': %2").arg(request.name, nameRule()));
        if (request.retentionDays < 7 || request.retentionDays > 90)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("invalid retention %1 days: expected 7 to 90").arg(request.retentionDays));
        auto existing = VaultStore(db).find(request.name);
        if (!existing)
            return existing.error();
        if (existing.value() && existing.value()->isDeleted())
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("vault '%1' is deleted and its name is reserved until it is purged (%2); "
                                            "recover or purge it")
                                 .arg(existing.value()->name,
                                      existing.value()->scheduledPurge.toString(QStringLiteral("yyyy-MM-dd"))));
        if (existing.value())
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("vault '%1' already exists").arg(existing.value()->name));
        return {};
    };
    steps.persist = [request, now](Database& db, QJsonObject&) -> Outcome<Vault> {
        Vault vault;
        vault.name = request.name;
        vault.protection = request.protection;
        vault.retentionDays = request.retentionDays;
        vault.purgeProtection = request.purgeProtection;
        vault.tags = request.tags;
        vault.created = vault.updated = now;
        return VaultStore(db).insert(vault);
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (result)
        Q_EMIT vaultsChanged();
    co_return result;
}

QCoro::Task<Outcome<Vault>> VaultService::updateTags(QString name, QMap<QString, QString> tags,
                                                     OperationContext context)
{
    Operation op = vaultOperation(QStringLiteral("VaultUpdate"), QStringLiteral("vaults/write"), name, context);
    op.details.insert(QStringLiteral("tags"), tagsJson(tags));
    const QDateTime now = m_path.now();
    Steps<Vault> steps;
    steps.persist = [name, tags, now](Database& db, QJsonObject&) -> Outcome<Vault> {
        auto vault = findVault(db, name, false);
        if (!vault)
            return vault;
        vault->tags = tags;
        vault->updated = now;
        if (auto updated = VaultStore(db).update(vault.value()); !updated)
            return updated.error();
        return vault;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (result)
        Q_EMIT vaultsChanged();
    co_return result;
}

QCoro::Task<Outcome<Vault>> VaultService::remove(QString name, OperationContext context)
{
    Operation op = vaultOperation(QStringLiteral("VaultDelete"), QStringLiteral("vaults/delete"), name, context);
    const QDateTime now = m_path.now();
    Steps<Vault> steps;
    steps.persist = [name, now](Database& db, QJsonObject& details) -> Outcome<Vault> {
        auto vault = findVault(db, name, false);
        if (!vault)
            return vault;
        vault->deleted = now;
        vault->scheduledPurge = now.addDays(vault->retentionDays);
        vault->updated = now;
        details.insert(QStringLiteral("scheduledPurge"), vault->scheduledPurge.toString(Qt::ISODate));
        if (auto updated = VaultStore(db).update(vault.value()); !updated)
            return updated.error();
        return vault;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (result)
        Q_EMIT vaultsChanged();
    co_return result;
}

QCoro::Task<Outcome<Vault>> VaultService::recover(QString name, OperationContext context)
{
    Operation op =
        vaultOperation(QStringLiteral("VaultRecover"), QStringLiteral("vaults/deletedVaults/recover"), name, context);
    const QDateTime now = m_path.now();
    Steps<Vault> steps;
    steps.persist = [name, now](Database& db, QJsonObject&) -> Outcome<Vault> {
        auto vault = findVault(db, name, true);
        if (!vault)
            return vault;
        vault->deleted = QDateTime();
        vault->scheduledPurge = QDateTime();
        vault->updated = now;
        if (auto updated = VaultStore(db).update(vault.value()); !updated)
            return updated.error();
        return vault;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (result)
        Q_EMIT vaultsChanged();
    co_return result;
}

QCoro::Task<Outcome<void>> VaultService::purge(QString name, OperationContext context)
{
    Operation op =
        vaultOperation(QStringLiteral("VaultPurge"), QStringLiteral("vaults/deletedVaults/delete"), name, context);
    op.protectedAs = QStringLiteral("purge");
    const QDateTime now = m_path.now();
    Database& database = m_path.database();

    // The vault's keys go with it: their rows by cascade, their HSM token objects here, all or
    // nothing (read before the run for the engine; the precheck checks the vault again).
    auto objects = std::make_shared<keysupport::TokenObjectPurge>();
    auto intents = std::make_shared<QStringList>();
    if (auto vault = findVault(database, name, true); vault) {
        for (bool deleted : {false, true}) {
            auto keys = KeyStore(database).list(vault->name, deleted);
            if (!keys)
                continue;
            for (const KeyRecord& key : keys.value()) {
                if (auto versions = KeyStore(database).versions(key.id); versions)
                    objects->addVersionsOf(key, versions.value());
            }
        }
        if (!objects->items.isEmpty())
            op.details.insert(QStringLiteral("keyVersionsDestroyed"), int(objects->items.size()));
    }

    Steps<void> steps;
    steps.precheck = [name, now, objects, intents,
                      resource = op.resource.isEmpty() ? op.scope : op.resource](Database& db) -> Outcome<void> {
        auto vault = findVault(db, name, true);
        if (!vault)
            return vault.error();
        if (vault->purgeProtection && now < vault->scheduledPurge)
            return makeError(
                ErrorKind::Conflict,
                QStringLiteral("vault '%1' has purge protection: it can be purged only after its scheduled "
                               "purge date %2")
                    .arg(name, vault->scheduledPurge.toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"))));
        if (auto domain = objects->useActiveDomainKey(db); !domain)
            return domain.error();
        return keysupport::recordPurgeIntents(db, objects->idTexts(), QStringLiteral("VaultPurge"), resource, now,
                                              intents.get());
    };
    crypto::Token* token = m_path.workspace().token();
    if (!objects->items.isEmpty()) {
        steps.engine = [token, objects]() { return objects->destroyAll(token); };
        steps.undoEngine = [token, objects]() {
            if (token)
                objects->putBack(token);
        };
    }
    steps.persist = [name, intents](Database& db, QJsonObject&) -> Outcome<void> {
        auto vault = findVault(db, name, true);
        if (!vault)
            return vault.error();
        if (auto removed = VaultStore(db).remove(vault->name); !removed)
            return removed.error();
        for (const QString& id : std::as_const(*intents)) {
            if (auto dropped = IntentStore(db).remove(id); !dropped)
                return dropped.error();
        }
        return {};
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (result)
        Q_EMIT vaultsChanged();
    else if (!result.isCancelled()) // the engine put the objects back (or never took them)
        keysupport::dropIntents(database, *intents);
    co_return result;
}

Outcome<QList<Vault>> VaultService::list()
{
    Operation op;
    op.name = QStringLiteral("VaultList");
    op.permission = QStringLiteral("vaults/read");
    // Listing filters: an operator sees the vaults it may read (none is an empty list, not a denial).
    auto all = VaultStore(m_path.database()).list(false);
    if (!all)
        return all.error();
    QList<Vault> visible;
    for (const Vault& v : all.value()) {
        if (m_path.isAllowed(op.permission, v.resourceId()))
            visible << v;
    }
    return visible;
}

Outcome<QList<Vault>> VaultService::listDeleted()
{
    Operation op;
    op.name = QStringLiteral("VaultListDeleted");
    op.permission = QStringLiteral("vaults/deletedVaults/read");
    auto all = VaultStore(m_path.database()).list(true);
    if (!all)
        return all.error();
    QList<Vault> visible;
    for (const Vault& v : all.value()) {
        if (m_path.isAllowed(op.permission, v.resourceId()))
            visible << v;
    }
    return visible;
}

Outcome<Vault> VaultService::show(const QString& name)
{
    Operation op = vaultOperation(QStringLiteral("VaultShow"), QStringLiteral("vaults/read"), name, {});
    if (!isValidName(name))
        return makeError(ErrorKind::Invalid, QStringLiteral("invalid vault name '%1': %2").arg(name, nameRule()));
    auto found = VaultStore(m_path.database()).find(name);
    if (!found)
        return found.error();
    // A deleted vault is shown to whoever may read deleted vaults.
    if (found.value() && found.value()->isDeleted())
        op.permission = QStringLiteral("vaults/deletedVaults/read");
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    if (!found.value())
        return makeError(ErrorKind::NotFound, QStringLiteral("vault '%1' not found").arg(name));
    return *found.value();
}

} // namespace custos::model
