#pragma once

// Private to the services that purge HSM keys (a key's purge, a vault's purge): the token work that
// destroys key objects all or nothing. Each id's objects are wrapped under the domain key before
// they are destroyed, so a later failure (another object, the commit) can put them back.

#include "crypto/Outcome.h"
#include "crypto/pkcs11/Token.h"
#include "model/domain/Key.h"
#include "model/store/Database.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace custos::model::keysupport {

struct TokenObjectPurge
{
    struct Item
    {
        QByteArray id; // CKA_ID = the version id
        crypto::KeyKind kind = crypto::KeyKind::Rsa;
        QString label; // "vault/key", what the objects are labelled if they are put back
    };
    QList<Item> items;
    QList<QPair<Item, QByteArray>> destroyed; // with its wrapped copy
    // What the copies are wrapped under: the active domain key once useActiveDomainKey ran (on the
    // database thread, e.g. in the precheck); until then the key `init` made (kDomainKeyLabel),
    // which every workspace keeps in its token, retired or not.
    QString domainKeyLabel;
    Outcome<void> useActiveDomainKey(Database& db);

    // Every HSM version of `key`.
    void addVersionsOf(const KeyRecord& key, const QList<KeyVersion>& versions);
    QStringList idTexts() const; // hex, for intent rows and audit details

    Outcome<void> destroyAll(crypto::Token* token); // on failure everything destroyed so far is put back
    void putBack(crypto::Token* token);             // the undo
};

// Intent rows for the ids about to be destroyed (a crash in between is doctor's to finish); on
// failure none is left. `recorded` receives the ids written.
Outcome<void> recordPurgeIntents(Database& db, const QStringList& ids, const QString& operation,
                                 const QString& resource, const QDateTime& now, QStringList* recorded);
void dropIntents(Database& db, const QStringList& ids);

} // namespace custos::model::keysupport
