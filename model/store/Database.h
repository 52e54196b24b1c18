#pragma once

#include "crypto/Outcome.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace custos::model {

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

private:
    Database() = default;
    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_db;
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

// Maps a failed QSqlQuery/QSqlError to an Error; "disk full" when SQLite says SQLITE_FULL.
Error sqlError(const QString& what, const class QSqlError& error);

} // namespace custos::model
