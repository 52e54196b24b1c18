#pragma once

#include "crypto/Outcome.h"

#include <QSqlDatabase>
#include <QString>

#include <QSqlQuery>

#include <memory>
#include <string>
#include <unordered_map>

namespace custos::model {

// Told after every successful COMMIT through Transaction on a Database (the audit trail's signed
// checkpoints, model/audit/AuditCheckpoints.h). Runs on the committing thread; never re-entered.
class CommitObserver
{
public:
    virtual ~CommitObserver() = default;
    virtual void committed() = 0;
};

// The workspace's SQLite database: WAL, foreign keys on, numbered migrations recorded in
// PRAGMA user_version. A database from a newer Custos is refused untouched ("database schema
// version 7 is newer than this Custos supports (1); use a newer Custos"). A connection is used only
// by the thread that opened it (Qt's SQL rule).
class Database
{
public:
    enum class OpenMode { OpenExisting, Create };
    static Outcome<std::unique_ptr<Database>> open(const QString& path, OpenMode mode);
    ~Database(); // closes and removes the connection
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Debug builds: fails on the guarded (GUI) thread, as open() does (crypto/ThreadGuard.h).
    QSqlDatabase& connection();
    QString path() const { return m_path; }
    int schemaVersion() const;
    static int latestSchemaVersion();
    Outcome<void> integrityCheck(); // PRAGMA integrity_check
    // PRAGMA wal_checkpoint(TRUNCATE): copies the WAL into the database and gives the WAL's disk
    // space back. On a full disk that space is what a small cleanup (dropping an intent row after a
    // failed commit) needs. Busy while another connection reads; never waits for it.
    Outcome<void> releaseWalSpace();

    void setCommitObserver(std::shared_ptr<CommitObserver> observer) { m_commitObserver = std::move(observer); }
    CommitObserver* commitObserver() const { return m_commitObserver.get(); }
    void notifyCommitted(); // by Transaction::commit

    // A statement prepared once for the life of the connection: the service path runs the same
    // few statements for every operation (the audit append, savepoints). `sql` must not change for
    // a `key`. Failed with the driver's text when it cannot be prepared.
    Outcome<QSqlQuery*> cachedQuery(const char* key, const QString& sql);

private:
    Database() = default;
    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_db;
    std::shared_ptr<CommitObserver> m_commitObserver;
    std::unordered_map<std::string, std::unique_ptr<QSqlQuery>> m_cachedQueries;
    bool m_notifying = false;
};

// RAII transaction: rolls back unless commit() succeeded. Nested use is an error.
class Transaction
{
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    bool isActive() const { return m_active; }
    Outcome<void> begin(); // BEGIN IMMEDIATE; Failed with the driver's text (e.g. "database is locked")
    Outcome<void> commit();
    void rollback();

private:
    Database& m_db;
    bool m_active = false;
};

// Maps a failed QSqlQuery/QSqlError to an Error: "disk full" when SQLite says SQLITE_FULL, or an
// I/O error while an open database's file system is full; "is damaged" (restore a backup or run
// doctor) for SQLITE_CORRUPT and SQLITE_NOTADB (StorageFaults.h).
Error sqlError(const QString& what, const class QSqlError& error);

} // namespace custos::model
