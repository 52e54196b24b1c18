// KeyService: rotation, the rotation policy and its due lifetime actions.

#include "KeyService.h"

#include "KeyServiceSupport_p.h"
#include "ServicePath.h"
#include "crypto/Random.h"
#include "model/domain/IsoDuration.h"
#include "model/session/Workspace.h"
#include "model/store/Stores.h"

#include <QJsonDocument>

#include <algorithm>
#include <memory>

namespace custos::model {

using namespace keysupport;

namespace {

const QString kRotatePermission = QStringLiteral("keys/rotate/action");
const QString kWritePermission = QStringLiteral("keys/write/action");

QString isoTime(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODate);
}

QString describeDue(const KeyLifetimeAction& action, const QDateTime& dueAt)
{
    const QString kind = lifetimeActionKindName(action.kind);
    const QString date = dueAt.toUTC().toString(QStringLiteral("yyyy-MM-dd"));
    if (!action.timeAfterCreate.isEmpty())
        return QStringLiteral("%1: %2 after creation (%3)").arg(kind, action.timeAfterCreate, date);
    return QStringLiteral("%1: %2 before expiry (%3)").arg(kind, action.timeBeforeExpiry, date);
}

} // namespace

QCoro::Task<Outcome<KeyRecord>> KeyService::rotate(QString vault, QString name, OperationContext context)
{
    const QString versionId = m_versionIds ? m_versionIds() : crypto::randomId();
    Operation op = keyOperation(QStringLiteral("KeyRotate"), kRotatePermission, vault, name, context);
    op.details.insert(QStringLiteral("version"), versionId);
    const QDateTime now = m_path.now();

    // The engine needs the key's shape before the run; the precheck looks again and reports a
    // missing or deleted key (after authorisation, so a denied operator learns nothing).
    auto before = activeKey(m_path.database(), vault, name);
    Steps<KeyRecord> steps;
    steps.precheck = [vault, name](Database& db) -> Outcome<void> {
        auto key = activeKey(db, vault, name);
        if (!key)
            return key.error();
        if (auto publicOnly = checkNotPublicOnly(key.value(), QStringLiteral("rotate")); !publicOnly)
            return publicOnly;
        return checkNotCertificateKey(db, key.value(), QStringLiteral("rotate"));
    };
    auto result = std::make_shared<VersionMaterial>();
    if (before)
        useVersionEngine(
            steps, makeVersionEngine(m_path.workspace().token(), VersionShape::of(before.value()), versionId, result));
    const VersionShape shape = before ? VersionShape::of(before.value()) : VersionShape{};
    steps.persist = [vault, name, versionId, now, result, shape](Database& db,
                                                                 QJsonObject& details) -> Outcome<KeyRecord> {
        auto key = activeKey(db, vault, name);
        if (!key)
            return key.error();
        // The key cannot have changed shape (nothing changes type, size or protection), but a key
        // deleted and re-created between the pre-read and now could have.
        if (VersionShape::of(key.value()).kind != shape.kind || key->protection != shape.protection ||
            key->size != shape.size || key->curve != shape.curve)
            return makeError(ErrorKind::Conflict, QStringLiteral("key '%1' changed while it was rotated").arg(name));
        KeyStore store(db);
        KeyVersion version;
        version.id = versionId;
        version.seq = key->currentVersion.seq + 1;
        version.created = version.updated = now;
        version.publicKeyDer = result->publicKeyDer;
        if (!key->policy.expiryTime.isEmpty()) {
            if (auto expires = IsoDuration::apply(key->policy.expiryTime, now))
                version.expires = *expires;
        }
        auto added = store.insertVersion(key->id, version, result->sealedPrivate);
        if (!added)
            return added.error();
        KeyRecord updated = key.value();
        updated.updated = now;
        if (auto written = store.updateKey(updated); !written)
            return written.error();
        details.insert(QStringLiteral("previousVersion"), key->currentVersion.id);
        details.insert(QStringLiteral("seq"), version.seq);
        if (version.expires.isValid())
            details.insert(QStringLiteral("expires"), isoTime(version.expires));
        if (!result->publicKeyDer.isEmpty())
            details.insert(QStringLiteral("publicKeyFingerprint"), fingerprint(result->publicKeyDer));
        updated.currentVersion = added.value();
        return updated;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT keysChanged();
    co_return outcome;
}

Outcome<KeyRotationPolicy> KeyService::policy(const QString& vault, const QString& name)
{
    auto key = findReadable(vault, name, QStringLiteral("KeyPolicyShow"));
    if (!key)
        return key.error();
    return key->policy;
}

QCoro::Task<Outcome<KeyRotationPolicy>> KeyService::setPolicy(QString vault, QString name, KeyRotationPolicy policy,
                                                              OperationContext context)
{
    Operation op = keyOperation(QStringLiteral("KeyPolicySet"), kWritePermission, vault, name, context);
    op.details.insert(QStringLiteral("policy"), keyRotationPolicyToJson(policy));
    const QDateTime now = m_path.now();
    Steps<KeyRotationPolicy> steps;
    steps.precheck = [vault, name, policy](Database& db) -> Outcome<void> {
        if (auto names = checkNames(vault, name); !names)
            return names.error();
        if (const QString problem = keyRotationPolicyProblem(policy); !problem.isEmpty())
            return makeError(ErrorKind::Invalid, problem);
        auto key = activeKey(db, vault, name);
        if (!key)
            return key.error();
        return {};
    };
    steps.persist = [vault, name, policy, now](Database& db, QJsonObject&) -> Outcome<KeyRotationPolicy> {
        auto key = activeKey(db, vault, name);
        if (!key)
            return key.error();
        KeyRecord updated = key.value();
        updated.policy = policy;
        updated.updated = now;
        if (auto written = KeyStore(db).updateKey(updated); !written)
            return written.error();
        return policy;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT keysChanged();
    co_return outcome;
}

Outcome<QList<KeyDueItem>> KeyService::due()
{
    Database& db = m_path.database();
    const QDateTime now = m_path.now();
    auto vaults = VaultStore(db).list(false);
    if (!vaults)
        return vaults.error();
    QList<KeyDueItem> items;
    const auto mayRead = m_path.allowedScopes(kReadPermission);
    for (const Vault& vault : vaults.value()) {
        auto keys = KeyStore(db).list(vault.name);
        if (!keys)
            return keys.error();
        for (const KeyRecord& key : keys.value()) {
            if (key.policy.actions.isEmpty() || key.currentVersion.id.isEmpty() || !mayRead(key.resourceId()))
                continue;
            for (const KeyLifetimeAction& action : key.policy.actions) {
                const auto dueAt =
                    lifetimeActionDueAt(key.policy, action, key.currentVersion.created, key.currentVersion.expires);
                if (!dueAt || now < *dueAt)
                    continue;
                if (action.kind == KeyLifetimeAction::Kind::Notify) {
                    auto notified = KeyStore(db).isNotified(key.currentVersion.id, describeLifetimeAction(action));
                    if (!notified)
                        return notified.error();
                    if (notified.value())
                        continue;
                }
                items << KeyDueItem{key, action, *dueAt, describeDue(action, *dueAt)};
            }
        }
    }
    std::stable_sort(items.begin(), items.end(),
                     [](const KeyDueItem& a, const KeyDueItem& b) { return a.dueAt < b.dueAt; });
    return items;
}

QCoro::Task<Outcome<void>> KeyService::notify(KeyDueItem item, OperationContext context)
{
    const KeyRecord& key = item.key;
    Operation op = keyOperation(QStringLiteral("KeyNearExpiry"), kReadPermission, key.vault, key.name, context);
    op.resource = KeyRecord::versionResourceId(key.vault, key.name, key.currentVersion.id);
    const QString actionText = describeLifetimeAction(item.action);
    op.details.insert(QStringLiteral("version"), key.currentVersion.id);
    op.details.insert(QStringLiteral("action"), actionText);
    op.details.insert(QStringLiteral("dueAt"), isoTime(item.dueAt));
    if (key.currentVersion.expires.isValid())
        op.details.insert(QStringLiteral("expires"), isoTime(key.currentVersion.expires));
    const QString versionId = key.currentVersion.id;
    const QDateTime now = m_path.now();
    Steps<void> steps;
    steps.persist = [versionId, actionText, now](Database& db, QJsonObject&) -> Outcome<void> {
        KeyStore store(db);
        auto done = store.isNotified(versionId, actionText);
        if (!done)
            return done.error();
        if (done.value()) // another run got there first: once per version
            return makeError(ErrorKind::Conflict, QStringLiteral("already notified"));
        return store.recordNotified(versionId, actionText, now);
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    co_return co_await task;
}

QCoro::Task<QList<KeyDueResult>> KeyService::applyDue(OperationContext context)
{
    QList<KeyDueResult> results;
    auto items = due();
    if (!items) {
        KeyDueResult failed;
        failed.message = items.error().message;
        results << failed;
        co_return results;
    }
    QStringList rotated; // one rotation per key and run, whatever number of rotate actions is due
    for (const KeyDueItem& item : items.value()) {
        KeyDueResult result;
        result.item = item;
        if (item.action.kind == KeyLifetimeAction::Kind::Rotate) {
            if (rotated.contains(item.key.resourceId())) {
                result.done = true;
                result.message = QStringLiteral("rotated already by an earlier action");
            } else {
                auto task = rotate(item.key.vault, item.key.name, context);
                auto outcome = co_await task;
                result.done = outcome.ok();
                result.message = outcome ? QStringLiteral("rotated to version %1").arg(outcome->currentVersion.id)
                                         : outcome.error().message;
                if (outcome)
                    rotated << item.key.resourceId();
            }
        } else {
            auto task = notify(item, context);
            auto outcome = co_await task;
            result.done = outcome.ok();
            result.message = outcome ? QStringLiteral("notified") : outcome.error().message;
        }
        results << result;
    }
    co_return results;
}

} // namespace custos::model
