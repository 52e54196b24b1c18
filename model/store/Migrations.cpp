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

// Version 5: access control (issue 5). Custom role definitions (actions as JSON arrays), operator
// groups and their members (a group is an assignment principal; names are shared with operators,
// so neither may take the other's), and a generation the triggers renew on every change
// authorisation depends on: the authorisation cache compares it at each decision, which sees
// changes by this connection and by any other process alike. A random value rather than a
// counter: a rolled-back change followed by another one never brings back a value the cache saw.
Migration version5()
{
    auto bump = [](const char* name, const char* event) {
        return QStringLiteral("CREATE TRIGGER authz_bump_%1 AFTER %2 BEGIN"
                              " UPDATE authz_generation SET value = random() WHERE id = 1; END")
            .arg(QLatin1String(name), QLatin1String(event));
    };
    return Migration{
        5,
        QStringLiteral("access control"),
        {
            QStringLiteral("CREATE TABLE role_definitions ("
                           " name TEXT PRIMARY KEY COLLATE NOCASE,"
                           " description TEXT NOT NULL DEFAULT '',"
                           " actions TEXT NOT NULL,"
                           " not_actions TEXT NOT NULL DEFAULT '[]',"
                           " created INTEGER NOT NULL,"
                           " updated INTEGER NOT NULL,"
                           " created_by TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE TABLE operator_groups ("
                           " name TEXT PRIMARY KEY COLLATE NOCASE,"
                           " created INTEGER NOT NULL,"
                           " created_by TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE TABLE group_members ("
                           " group_name TEXT NOT NULL REFERENCES operator_groups(name) ON DELETE CASCADE,"
                           " operator TEXT NOT NULL,"
                           " PRIMARY KEY(group_name, operator))"),
            QStringLiteral("CREATE INDEX group_members_operator ON group_members(operator)"),
            QStringLiteral("CREATE TABLE authz_generation ("
                           " id INTEGER PRIMARY KEY CHECK(id = 1),"
                           " value INTEGER NOT NULL)"),
            QStringLiteral("INSERT INTO authz_generation(id, value) VALUES(1, 0)"),
            bump("assignment_insert", "INSERT ON role_assignments"),
            bump("assignment_update", "UPDATE ON role_assignments"),
            bump("assignment_delete", "DELETE ON role_assignments"),
            bump("operator_insert", "INSERT ON operators"),
            // Only what authorisation reads: a login's counters leave the cache alone.
            bump("operator_update", "UPDATE ON operators WHEN OLD.enabled IS NOT NEW.enabled OR OLD.name IS NOT "
                                    "NEW.name"),
            bump("operator_delete", "DELETE ON operators"),
            bump("definition_insert", "INSERT ON role_definitions"),
            bump("definition_update", "UPDATE ON role_definitions"),
            bump("definition_delete", "DELETE ON role_definitions"),
            bump("group_insert", "INSERT ON operator_groups"),
            bump("group_delete", "DELETE ON operator_groups"),
            bump("member_insert", "INSERT ON group_members"),
            bump("member_delete", "DELETE ON group_members"),
            // A deleted operator leaves no membership behind for a later namesake to inherit.
            QStringLiteral("CREATE TRIGGER operator_delete_memberships AFTER DELETE ON operators BEGIN"
                           " DELETE FROM group_members WHERE operator = OLD.name; END"),
            QStringLiteral("CREATE TRIGGER operator_name_not_group BEFORE INSERT ON operators"
                           " WHEN EXISTS (SELECT 1 FROM operator_groups WHERE name = NEW.name) BEGIN"
                           " SELECT RAISE(ABORT, 'the name is taken by an operator group'); END"),
        },
    };
}

// Version 6: certificates a Custos CA signed for CSRs from outside (`ca sign-csr`), so `ca revoke`
// finds their serials and the CA's CRLs list them. They go with the CA version that signed them.
Migration version6()
{
    return Migration{
        6,
        QStringLiteral("certificates signed for outside requests"),
        {
            QStringLiteral("CREATE TABLE ca_issued_certificates ("
                           " id INTEGER PRIMARY KEY,"
                           " issuer_version_id TEXT NOT NULL REFERENCES certificate_versions(id) ON DELETE CASCADE,"
                           " serial TEXT NOT NULL," // upper-case hex
                           " subject TEXT NOT NULL,"
                           " not_before INTEGER NOT NULL,"
                           " not_after INTEGER NOT NULL,"
                           " sha256 TEXT NOT NULL,"
                           " der BLOB NOT NULL,"
                           " created INTEGER NOT NULL,"
                           " created_by TEXT NOT NULL DEFAULT '',"
                           " revoked INTEGER,"
                           " revocation_reason TEXT)"),
            QStringLiteral("CREATE UNIQUE INDEX ca_issued_certificates_serial"
                           " ON ca_issued_certificates(issuer_version_id, serial)"),
        },
    };
}

// Version 7: an operator's last successful login (shown at the next one) and the optional second
// factor: the certificate of a key on a PKCS#11 token (the operator's card), which login then asks
// to sign a fresh challenge.
Migration version7()
{
    return Migration{
        7,
        QStringLiteral("last login and card second factor"),
        {
            QStringLiteral("ALTER TABLE operators ADD COLUMN last_login INTEGER"),
            QStringLiteral("ALTER TABLE operators ADD COLUMN last_login_workstation TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE operators ADD COLUMN card_token_label TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE operators ADD COLUMN card_cert_label TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE operators ADD COLUMN card_certificate BLOB"),
        },
    };
}

// Version 8: tamper evidence and review of the audit trail (issue 6). Checkpoints sign the chain
// head with the token's audit key (AuditCheckpoints.h); like events they are never updated or
// deleted. audit_search is an FTS5 index over the events' text (external content, kept by
// triggers; `audit archive` is the only delete). Indexes for the viewer's usual filters.
Migration version8()
{
    return Migration{
        8,
        QStringLiteral("audit checkpoints and search"),
        {
            QStringLiteral("CREATE TABLE audit_checkpoints ("
                           " id INTEGER PRIMARY KEY,"
                           " seq INTEGER NOT NULL," // the event whose hash is the signed head
                           " head TEXT NOT NULL,"
                           " time INTEGER NOT NULL,"
                           " kind TEXT NOT NULL," // periodic | shutdown | archive
                           " archive_sha256 TEXT NOT NULL DEFAULT '',"
                           " key_fingerprint TEXT NOT NULL,"
                           " signature BLOB NOT NULL)"), // DER ECDSA P-256/SHA-256
            QStringLiteral("CREATE INDEX audit_checkpoints_seq ON audit_checkpoints(seq)"),
            QStringLiteral("CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints"
                           " BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END"),
            QStringLiteral("CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints"
                           " BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END"),
            QStringLiteral("CREATE VIRTUAL TABLE audit_search USING fts5("
                           "operator, operation, resource, reason, justification, details,"
                           " content='audit_events', content_rowid='seq')"),
            QStringLiteral("CREATE TRIGGER audit_events_search_insert AFTER INSERT ON audit_events BEGIN"
                           " INSERT INTO audit_search(rowid, operator, operation, resource, reason, justification,"
                           " details) VALUES (new.seq, new.operator, new.operation, new.resource, new.reason,"
                           " new.justification, new.details); END"),
            QStringLiteral("CREATE TRIGGER audit_events_search_delete AFTER DELETE ON audit_events BEGIN"
                           " INSERT INTO audit_search(audit_search, rowid, operator, operation, resource, reason,"
                           " justification, details) VALUES ('delete', old.seq, old.operator, old.operation,"
                           " old.resource, old.reason, old.justification, old.details); END"),
            QStringLiteral("INSERT INTO audit_search(audit_search) VALUES ('rebuild')"),
            QStringLiteral("CREATE INDEX audit_events_operator_time ON audit_events(operator, time)"),
            QStringLiteral("CREATE INDEX audit_events_result_time ON audit_events(result, time)"),
        },
    };
}

// Version 9: the security domain (issue 7). Domain keys by id (the one init made is recorded as
// active); the security-domain files made (download, rotate) or restored, the newest current and
// the others superseded.
Migration version9()
{
    return Migration{
        9,
        QStringLiteral("security domain"),
        {
            QStringLiteral("CREATE TABLE domain_keys ("
                           " id TEXT PRIMARY KEY,"
                           " label TEXT NOT NULL UNIQUE," // the token object's CKA_LABEL
                           " created INTEGER NOT NULL,"
                           " state TEXT NOT NULL CHECK(state IN ('active','retired')),"
                           " origin TEXT NOT NULL," // init | rotation | restored
                           " source_workspace TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE UNIQUE INDEX domain_keys_one_active ON domain_keys(state) WHERE state = 'active'"),
            QStringLiteral("INSERT INTO domain_keys(id, label, created, state, origin)"
                           " VALUES (lower(hex(randomblob(8))), 'custos-domain-key',"
                           " CAST(strftime('%s','now') AS INTEGER) * 1000, 'active', 'init')"),
            QStringLiteral("CREATE TABLE security_domain_files ("
                           " id INTEGER PRIMARY KEY,"
                           " time INTEGER NOT NULL,"
                           " operator TEXT NOT NULL,"
                           " kind TEXT NOT NULL CHECK(kind IN ('download','rotate','restore')),"
                           " required INTEGER NOT NULL,"
                           " custodians TEXT NOT NULL," // JSON [{holder, x5t_256, notAfter}]
                           " file_sha256 TEXT NOT NULL,"
                           " domain_key_id TEXT NOT NULL REFERENCES domain_keys(id),"
                           " state TEXT NOT NULL CHECK(state IN ('current','superseded')),"
                           " transcript_sha256 TEXT NOT NULL DEFAULT '',"
                           " source_workspace TEXT NOT NULL DEFAULT '',"
                           " source_workspace_name TEXT NOT NULL DEFAULT '')"),
        },
    };
}

// Version 10: key import (issue 8). A key imported from a public key or a certificate alone has no
// private part anywhere (verify, encrypt, wrapKey only); duplicates are found by public key.
Migration version10()
{
    return Migration{
        10,
        QStringLiteral("public-only keys"),
        {
            QStringLiteral("ALTER TABLE keys ADD COLUMN public_only INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("CREATE INDEX key_versions_public_key ON key_versions(public_key)"),
        },
    };
}

} // namespace

const QList<Migration>& migrations()
{
    static const QList<Migration> steps{version1(), version2(), version3(), version4(), version5(),
                                        version6(), version7(), version8(), version9(), version10()};
    return steps;
}

} // namespace custos::model
