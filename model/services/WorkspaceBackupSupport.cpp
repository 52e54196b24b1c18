#include "WorkspaceBackupSupport_p.h"

#include "model/session/Workspace.h"
#include "model/store/SecurityDomainStore.h"

namespace custos::model::backupsupport {

Outcome<DomainKeyRef> activeDomainKey(Database& db)
{
    auto active = SecurityDomainStore(db).activeDomainKey();
    if (!active)
        return makeError(
            active.error().kind,
            QStringLiteral("this workspace has no active security domain key: %1").arg(active.error().message));
    return DomainKeyRef{active->id, active->label};
}

Outcome<DomainKeyRef> domainKeyFor(Database& db, const QString& id)
{
    auto found = SecurityDomainStore(db).findDomainKey(id);
    if (!found)
        return found.error();
    if (!found.value())
        return domainKeyNotHeld(id);
    return DomainKeyRef{found.value()->id, found.value()->label};
}

QList<DomainKeyRef> legacyCandidates(Database& db)
{
    QList<DomainKeyRef> candidates{{QString(), QString::fromLatin1(kDomainKeyLabel)}};
    if (auto keys = SecurityDomainStore(db).domainKeys()) {
        for (const DomainKeyRecord& key : keys.value()) {
            if (key.label != candidates.first().label)
                candidates.append({key.id, key.label});
        }
    }
    return candidates;
}

Error domainKeyNotHeld(const QString& id)
{
    return makeError(ErrorKind::Conflict,
                     QStringLiteral("this backup was made under security domain key %1, which this workspace does not "
                                    "hold: restore that security domain first (sd restore)")
                         .arg(id));
}

} // namespace custos::model::backupsupport
