#pragma once

// The GUI's global search (Ctrl+K): one box over vaults, keys, certificates, operators and roles.
// A free function rather than a service member, so adding it touches no widely included header.

#include "crypto/Outcome.h"

#include <QList>
#include <QString>

namespace custos::model {

class Services;

struct SearchHit
{
    enum class Kind { Vault, Key, Certificate, Operator, Role };
    // Best first: the whole field, its start, anywhere in it.
    enum class Match { Exact, Prefix, Contains };
    // What matched, in the order a tie is ranked by.
    enum class Field { Name, DisplayName, Tag, Subject, SubjectAltName, Fingerprint, Serial, Description };

    Kind kind = Kind::Vault;
    QString vault; // the vault of a key or certificate; the vault's own name for a vault; empty otherwise
    QString name;  // the vault, key, certificate, operator or role
    Match match = Match::Contains;
    Field field = Field::Name;
    QString matchedText; // the field's text that matched ("env=prod", "CN=web01.example.test", "dns:…")
    QString resource;    // "/vaults/V", "/vaults/V/keys/K", "/vaults/V/certificates/C", "/operators/N", "/roles/N"
};

// Finds what `text` names, case-insensitively (ASCII case for what SQLite compares), among:
// vaults (name, tags), keys (name, tags, SHA-256 fingerprint of the current version's public
// key), certificates (name, subject, SANs, SHA-256 fingerprint and serial of the current version,
// the tags of the certificate's key), operators (name, display name) and roles (name,
// description). Fingerprints and serials match in hex with or without colons or spaces; partial
// ones need at least 4 hex digits. Deleted objects are left out. Only what the logged-in operator
// may read is found (vaults/read, keys/read/action, certificates/read at the object's scope;
// operators/read, roleDefinitions/read/action at "/"); nothing is audited. Ranked exact > prefix >
// contains, then by field, kind and name; at most `limit` hits. Empty text: no hits. Runs on the
// thread that owns the services (ServiceHost::call from the GUI). Denied when nobody is logged in.
Outcome<QList<SearchHit>> globalSearch(Services& services, const QString& text, int limit = 50);

// "Vault", "Key", ... and "name", "tag", ... (English; the GUI has its own translated labels).
QString searchKindName(SearchHit::Kind kind);
QString searchFieldName(SearchHit::Field field);

} // namespace custos::model
