#include "Migrations.h"

namespace custos::model {

namespace {

// Version 1: settings, operators, role assignments, vaults, intents and the audit trail.
// Times are integer milliseconds since the epoch, UTC.
Migration version1()
{
    return Migration{
        1,
        QStringLiteral("initial schema"),
        {
            QStringLiteral("CREATE TABLE settings ("
                           " key TEXT PRIMARY KEY,"
                           " value TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE operators ("
                           " id INTEGER PRIMARY KEY,"
                           " name TEXT NOT NULL UNIQUE,"
                           " display_name TEXT NOT NULL DEFAULT '',"
                           " kdf TEXT NOT NULL,"
                           " salt BLOB NOT NULL,"
                           " verifier BLOB NOT NULL,"
                           " wrapped_pin BLOB NOT NULL,"
                           " enabled INTEGER NOT NULL DEFAULT 1,"
                           " failed_attempts INTEGER NOT NULL DEFAULT 0,"
                           " locked_until INTEGER,"
                           " created INTEGER NOT NULL,"
                           " updated INTEGER NOT NULL)"),
            QStringLiteral("CREATE TABLE role_assignments ("
                           " id TEXT PRIMARY KEY,"
                           " principal TEXT NOT NULL,"
                           " role TEXT NOT NULL,"
                           " scope TEXT NOT NULL,"
                           " created INTEGER NOT NULL,"
                           " created_by TEXT NOT NULL DEFAULT '',"
                           " expires INTEGER,"
                           " UNIQUE(principal, role, scope))"),
            QStringLiteral("CREATE TABLE vaults ("
                           " id INTEGER PRIMARY KEY,"
                           " name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
                           " protection TEXT NOT NULL CHECK(protection IN ('hsm','software')),"
                           " retention_days INTEGER NOT NULL,"
                           " purge_protection INTEGER NOT NULL,"
                           " tags TEXT NOT NULL DEFAULT '{}',"
                           " created INTEGER NOT NULL,"
                           " updated INTEGER NOT NULL,"
                           " deleted INTEGER,"
                           " scheduled_purge INTEGER)"),
            QStringLiteral("CREATE TABLE intents ("
                           " id TEXT PRIMARY KEY,"
                           " operation TEXT NOT NULL,"
                           " resource TEXT NOT NULL,"
                           " created INTEGER NOT NULL)"),
            QStringLiteral("CREATE TABLE audit_events ("
                           " seq INTEGER PRIMARY KEY,"
                           " encoding INTEGER NOT NULL,"
                           " time INTEGER NOT NULL,"
                           " operator TEXT NOT NULL DEFAULT '',"
                           " approvers TEXT NOT NULL DEFAULT '[]',"
                           " operation TEXT NOT NULL,"
                           " resource TEXT NOT NULL,"
                           " result TEXT NOT NULL,"
                           " reason TEXT NOT NULL DEFAULT '',"
                           " justification TEXT NOT NULL DEFAULT '',"
                           " correlation_id TEXT NOT NULL,"
                           " workstation TEXT NOT NULL,"
                           " os_user TEXT NOT NULL,"
                           " version TEXT NOT NULL,"
                           " details TEXT NOT NULL DEFAULT '{}',"
                           " prev_hash TEXT NOT NULL,"
                           " hash TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX audit_events_time ON audit_events(time)"),
            QStringLiteral("CREATE INDEX audit_events_operation ON audit_events(operation)"),
            QStringLiteral("CREATE INDEX audit_events_operator ON audit_events(operator)"),
            QStringLiteral("CREATE INDEX audit_events_resource ON audit_events(resource)"),
            // The hash chain detects edits; the triggers stop them through the ordinary path too.
            QStringLiteral("CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events"
                           " BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"),
            QStringLiteral("CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events"
                           " BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"),
            // Marks the file as Custos's ("Cust"), so another application's SQLite file is refused.
            QStringLiteral("PRAGMA application_id = 1131770740"),
        },
    };
}

// Version 2: keys and their versions (issue 3). A software key's private part is sealed under the
// token's sealing key (aad "custos-key:" + version id); HSM keys live on the token under CKA_ID = id.
Migration version2()
{
    return Migration{
        2,
        QStringLiteral("keys and key versions"),
        {
            QStringLiteral("CREATE TABLE keys ("
                           " id INTEGER PRIMARY KEY,"
                           " vault_id INTEGER NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,"
                           " name TEXT NOT NULL COLLATE NOCASE,"
                           " kty TEXT NOT NULL CHECK(kty IN ('RSA','EC','oct')),"
                           " size INTEGER,"
                           " curve TEXT,"
                           " protection TEXT NOT NULL CHECK(protection IN ('hsm','software')),"
                           " exportable INTEGER NOT NULL,"
                           " key_ops TEXT NOT NULL,"
                           " tags TEXT NOT NULL DEFAULT '{}',"
                           " created INTEGER NOT NULL,"
                           " updated INTEGER NOT NULL,"
                           " deleted INTEGER,"
                           " scheduled_purge INTEGER,"
                           " UNIQUE(vault_id, name))"),
            QStringLiteral("CREATE TABLE key_versions ("
                           " id TEXT PRIMARY KEY,"
                           " key_id INTEGER NOT NULL REFERENCES keys(id) ON DELETE CASCADE,"
                           " seq INTEGER NOT NULL,"
                           " enabled INTEGER NOT NULL DEFAULT 1,"
                           " not_before INTEGER,"
                           " expires INTEGER,"
                           " created INTEGER NOT NULL,"
                           " updated INTEGER NOT NULL,"
                           " tags TEXT NOT NULL DEFAULT '{}',"
                           " public_key BLOB,"
                           " sealed_private BLOB,"
                           " UNIQUE(key_id, seq))"),
            QStringLiteral("CREATE INDEX key_versions_key ON key_versions(key_id)"),
        },
    };
}

// Version 3: key lifecycle (issue 3). Key-level settings (RSA1_5 opt-in, a CA's key, the rotation
// policy as JSON) and the notify lifetime actions already applied, once per version.
Migration version3()
{
    return Migration{
        3,
        QStringLiteral("key lifecycle"),
        {
            QStringLiteral("ALTER TABLE keys ADD COLUMN allow_rsa1_5 INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE keys ADD COLUMN ca_key INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE keys ADD COLUMN policy TEXT NOT NULL DEFAULT '{}'"),
            QStringLiteral("CREATE TABLE key_notifications ("
                           " version_id TEXT NOT NULL REFERENCES key_versions(id) ON DELETE CASCADE,"
                           " action TEXT NOT NULL,"
                           " applied INTEGER NOT NULL,"
                           " PRIMARY KEY(version_id, action))"),
        },
    };
}

// Version 4: certificates and certificate authorities (issue 4). A certificate's key is the key of
// the same name in its vault (keys.id); each version records the key version it certifies and,
// for a Custos-issued one, the issuing CA certificate's version (the chain and the CRL follow it).
Migration version4()
{
    return Migration{
        4,
        QStringLiteral("certificates"),
        {
            QStringLiteral("CREATE TABLE certificates ("
                           " id INTEGER PRIMARY KEY,"
                           " vault_id INTEGER NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,"
                           " name TEXT NOT NULL COLLATE NOCASE,"
                           " is_ca INTEGER NOT NULL,"
                           " key_id INTEGER NOT NULL REFERENCES keys(id) ON DELETE CASCADE,"
                           " policy TEXT NOT NULL,"
                           " ca TEXT NOT NULL DEFAULT '{}',"
                           " created INTEGER NOT NULL,"
                           " updated INTEGER NOT NULL,"
                           " deleted INTEGER,"
                           " scheduled_purge INTEGER,"
                           " UNIQUE(vault_id, name))"),
            QStringLiteral("CREATE TABLE certificate_versions ("
                           " id TEXT PRIMARY KEY,"
                           " certificate_id INTEGER NOT NULL REFERENCES certificates(id) ON DELETE CASCADE,"
                           " seq INTEGER NOT NULL,"
                           " key_version_id TEXT NOT NULL REFERENCES key_versions(id) ON DELETE CASCADE,"
                           " der BLOB,"
                           " csr BLOB,"
                           " serial TEXT,"
                           " not_before INTEGER,"
                           " not_after INTEGER,"
                           " issuer_version_id TEXT,"
                           " created INTEGER NOT NULL,"
                           " revoked INTEGER,"
                           " revocation_reason TEXT,"
                           " chain BLOB," // imported issuers (PKCS#7 bundle); Custos CAs link by issuer_version_id
                           " UNIQUE(certificate_id, seq))"),
            QStringLiteral("CREATE INDEX certificate_versions_issuer ON certificate_versions(issuer_version_id)"),
            QStringLiteral("CREATE INDEX certificate_versions_not_after ON certificate_versions(not_after)"),
            QStringLiteral("CREATE INDEX certificates_key ON certificates(key_id)"),
            QStringLiteral("CREATE TABLE certificate_notifications ("
                           " version_id TEXT NOT NULL REFERENCES certificate_versions(id) ON DELETE CASCADE,"
                           " action TEXT NOT NULL,"
                           " applied INTEGER NOT NULL,"
                           " PRIMARY KEY(version_id, action))"),
        },
    };
}

} // namespace

const QList<Migration>& migrations()
{
    static const QList<Migration> steps{version1(), version2(), version3(), version4()};
    return steps;
}

} // namespace custos::model
