// KeyService: `key set` (a version's attributes, the key's RSA1_5 opt-in) and one version's read.

#include "KeyService.h"

#include "KeyServiceSupport_p.h"
#include "ServicePath.h"
#include "model/store/Stores.h"

namespace custos::model {

using namespace keysupport;

namespace {

QString isoOrNone(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QStringLiteral("none");
}

// The version `versionId` names (the current one when empty); NotFound naming it.
Outcome<KeyVersion> versionOf(Database& db, const KeyRecord& key, const QString& versionId)
{
    if (versionId.isEmpty())
        return key.currentVersion;
    auto found = KeyStore(db).findVersion(key.id, versionId.toLower());
    if (!found)
        return found.error();
    if (!found.value())
        return makeError(
            ErrorKind::NotFound,
            QStringLiteral("version '%1' of key '%2' in vault '%3' not found").arg(versionId, key.name, key.vault));
    return *found.value();
}

// The request applied to `version` and `key`; Invalid when the result makes no sense.
Outcome<void> apply(const KeyUpdateRequest& r, KeyRecord& key, KeyVersion& version)
{
    if (r.enabled)
        version.enabled = *r.enabled;
    if (r.expires)
        version.expires = r.expires->isValid() ? r.expires->toUTC() : QDateTime();
    if (r.notBefore)
        version.notBefore = r.notBefore->isValid() ? r.notBefore->toUTC() : QDateTime();
    if (r.tags)
        version.tags = *r.tags;
    if (version.expires.isValid() && version.notBefore.isValid() && version.expires <= version.notBefore)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("expiry %1 is not after not-before %2: expected an expiry after the not-before "
                                        "time")
                             .arg(isoOrNone(version.expires), isoOrNone(version.notBefore)));
    if (r.allowRsa15) {
        if (key.kty != crypto::KeyKind::Rsa && *r.allowRsa15)
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("RSA1_5 applies only to RSA keys: key '%1' is %2").arg(key.name, keyTypeName(key.kty)));
        key.allowRsa15 = *r.allowRsa15;
    }
    return {};
}

} // namespace

QCoro::Task<Outcome<KeyVersion>> KeyService::update(KeyUpdateRequest request, OperationContext context)
{
    Operation op = keyOperation(QStringLiteral("KeyUpdate"), QStringLiteral("keys/write/action"), request.vault,
                                request.name, context);
    if (!request.versionId.isEmpty())
        op.details.insert(QStringLiteral("version"), request.versionId);
    if (request.enabled)
        op.details.insert(QStringLiteral("enabled"), *request.enabled);
    if (request.expires)
        op.details.insert(QStringLiteral("expires"), isoOrNone(*request.expires));
    if (request.notBefore)
        op.details.insert(QStringLiteral("notBefore"), isoOrNone(*request.notBefore));
    if (request.tags)
        op.details.insert(QStringLiteral("tags"), tagsJson(*request.tags));
    if (request.allowRsa15)
        op.details.insert(QStringLiteral("allowRsa15"), *request.allowRsa15);
    const QDateTime now = m_path.now();

    Steps<KeyVersion> steps;
    steps.precheck = [request](Database& db) -> Outcome<void> {
        auto key = activeKey(db, request.vault, request.name);
        if (!key)
            return key.error();
        auto version = versionOf(db, key.value(), request.versionId);
        if (!version)
            return version.error();
        KeyRecord k = key.value();
        KeyVersion v = version.value();
        return apply(request, k, v);
    };
    steps.persist = [request, now](Database& db, QJsonObject& details) -> Outcome<KeyVersion> {
        auto key = activeKey(db, request.vault, request.name);
        if (!key)
            return key.error();
        auto version = versionOf(db, key.value(), request.versionId);
        if (!version)
            return version.error();
        KeyRecord k = key.value();
        KeyVersion v = version.value();
        if (auto applied = apply(request, k, v); !applied)
            return applied.error();
        KeyStore store(db);
        v.updated = now;
        if (auto written = store.updateVersion(v); !written)
            return written.error();
        k.updated = now;
        if (auto written = store.updateKey(k); !written)
            return written.error();
        details.insert(QStringLiteral("version"), v.id);
        return v;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT keysChanged();
    co_return outcome;
}

Outcome<KeyVersion> KeyService::version(const QString& vault, const QString& name, const QString& versionId)
{
    auto key = findReadable(vault, name, QStringLiteral("KeyVersionShow"));
    if (!key)
        return key.error();
    return versionOf(m_path.database(), key.value(), versionId);
}

} // namespace custos::model
