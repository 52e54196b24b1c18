#pragma once

// Private to the services that wrap under the domain key (key backups, workspace backups, token
// object purges): which domain key to wrap under, and which one a blob names.

#include "crypto/Outcome.h"
#include "model/store/Database.h"

#include <QList>
#include <QString>

namespace custos::model::backupsupport {

struct DomainKeyRef
{
    QString id;    // DomainKeyRecord::id; empty for the legacy key
    QString label; // the token object's CKA_LABEL
};

// The active domain key: everything new is wrapped under it.
Outcome<DomainKeyRef> activeDomainKey(Database& db);
// The domain key a blob names. Conflict (domainKeyNotHeld) when this workspace does not hold it.
Outcome<DomainKeyRef> domainKeyFor(Database& db, const QString& id);
// For blobs made before domain keys had ids: the key labelled kDomainKeyLabel first, then every
// other domain key this workspace holds (a restored security domain's keys carry other labels).
QList<DomainKeyRef> legacyCandidates(Database& db);
// "this backup was made under security domain key ID, which this workspace does not hold: ..."
Error domainKeyNotHeld(const QString& id);

} // namespace custos::model::backupsupport
