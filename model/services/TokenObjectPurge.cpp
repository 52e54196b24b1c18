#include "TokenObjectPurge_p.h"

#include "WorkspaceBackupSupport_p.h"
#include "model/session/Workspace.h"
#include "model/store/Stores.h"

namespace custos::model::keysupport {

void TokenObjectPurge::addVersionsOf(const KeyRecord& key, const QList<KeyVersion>& versions)
{
    if (key.protection != Protection::Hsm)
        return;
    for (const KeyVersion& v : versions)
        items.append({QByteArray::fromHex(v.id.toLatin1()), key.kty, key.vault + QLatin1Char('/') + key.name});
}

QStringList TokenObjectPurge::idTexts() const
{
    QStringList ids;
    for (const Item& item : items)
        ids << QString::fromLatin1(item.id.toHex());
    return ids;
}

namespace {
QString labelOr(const QString& label)
{
    return label.isEmpty() ? QString::fromLatin1(kDomainKeyLabel) : label;
}
} // namespace

Outcome<void> TokenObjectPurge::useActiveDomainKey(Database& db)
{
    auto active = backupsupport::activeDomainKey(db);
    if (!active)
        return active.error();
    domainKeyLabel = active->label;
    return {};
}

void TokenObjectPurge::putBack(crypto::Token* token)
{
    for (const auto& [item, wrapped] : std::as_const(destroyed))
        (void)token->unwrapUnderDomainKey(wrapped, labelOr(domainKeyLabel), item.kind, item.id, item.label);
    destroyed.clear();
}

Outcome<void> TokenObjectPurge::destroyAll(crypto::Token* token)
{
    if (!token)
        return makeError(ErrorKind::Failed, QStringLiteral("the token is not open"));
    for (const Item& item : std::as_const(items)) {
        auto held = token->hasObjects(item.id);
        if (!held) {
            putBack(token);
            return held.error();
        }
        if (!held.value()) // gone already (doctor's business): nothing to destroy
            continue;
        auto wrapped = token->wrapUnderDomainKey(item.id, labelOr(domainKeyLabel));
        if (!wrapped) {
            putBack(token);
            return wrapped.error();
        }
        if (auto gone = token->destroyObjects(item.id); !gone) {
            putBack(token);
            return gone.error();
        }
        destroyed.append({item, wrapped.value()});
    }
    return {};
}

Outcome<void> recordPurgeIntents(Database& db, const QStringList& ids, const QString& operation,
                                 const QString& resource, const QDateTime& now, QStringList* recorded)
{
    for (const QString& id : ids) {
        if (auto written = IntentStore(db).insert({id, operation, resource, now}); !written) {
            dropIntents(db, *recorded);
            recorded->clear();
            return written.error();
        }
        *recorded << id;
    }
    return {};
}

void dropIntents(Database& db, const QStringList& ids)
{
    for (const QString& id : ids)
        (void)IntentStore(db).remove(id);
}

} // namespace custos::model::keysupport
