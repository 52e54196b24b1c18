#include "Database.h"

#include "Migrations.h"
#include "SqlSupport_p.h"
#include "StorageFaults.h"
#include "crypto/ThreadGuard.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

namespace custos::model {

namespace {

constexpr qint64 kCustosApplicationId = 1131770740; // "Cust", set by migration 1
constexpr int kSqliteNotADatabase = 26;

QString notCustos(const QString& path, const QString& why)
{
    return QStringLiteral("%1 is not a Custos database (%2)").arg(path, why);
}

Outcome<void> exec(QSqlDatabase& db, const QString& sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return sqlError(sql, query.lastError());
    return {};
}

Outcome<QVariant> scalar(QSqlDatabase& db, const QString& sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return sqlError(sql, query.lastError());
    if (!query.next())
        return makeError(ErrorKind::Failed, sql + QStringLiteral(": no result"));
    return query.value(0);
}

// Looks at the first bytes without SQLite, so a file that is not a database is never handed to
// a writer at all (it stays byte-for-byte as it was).
Outcome<void> checkHeader(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::Failed, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    if (file.size() == 0)
        return {}; // SQLite treats an empty file as an empty database
    static const QByteArray magic("SQLite format 3\0", 16);
    if (file.read(magic.size()) != magic)
        return makeError(ErrorKind::Failed, notCustos(path, QStringLiteral("file is not a database")));
    return {};
}

QString nextConnectionName()
{
    static std::atomic<quint64> counter{0};
    return QStringLiteral("custos-db-%1").arg(++counter);
}

} // namespace

Outcome<std::unique_ptr<Database>> Database::open(const QString& path, OpenMode mode)
{
    crypto::checkNotOnGuardedThread("an SQL query");
    const QFileInfo info(path);
    if (info.exists()) {
        if (!info.isFile())
            return makeError(ErrorKind::Failed, QStringLiteral("%1 is not a file").arg(path));
        if (auto header = checkHeader(path); !header)
            return header.error();
    } else if (mode == OpenMode::OpenExisting) {
        return makeError(ErrorKind::NotFound, QStringLiteral("database not found: %1").arg(path));
    }

    std::unique_ptr<Database> database(new Database);
    database->m_path = path;
    database->m_connectionName = nextConnectionName();
    storage::registerOpenDatabase(path); // until ~Database: sqlError() looks at its file system
    database->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), database->m_connectionName);
    if (!database->m_db.isValid())
        return makeError(ErrorKind::Failed, QStringLiteral("the Qt SQLite driver (QSQLITE) is not available"));
    QSqlDatabase& db = database->m_db;
    db.setDatabaseName(path);
    if (!db.open())
        return sqlError(QStringLiteral("cannot open %1").arg(path), db.lastError());

    // Connection settings that write nothing to the file.
    for (const char* pragma : {"PRAGMA busy_timeout = 5000", "PRAGMA foreign_keys = ON"}) {
        if (auto done = exec(db, QString::fromLatin1(pragma)); !done)
            return done.error();
    }

    // Everything that can refuse the file happens before the first write (WAL switch, migrations).
    QSqlQuery versionQuery(db);
    if (!versionQuery.exec(QStringLiteral("PRAGMA user_version")) || !versionQuery.next()) {
        const QSqlError error = versionQuery.lastError();
        if (sql::primaryCode(error) == kSqliteNotADatabase ||
            error.databaseText().contains(QLatin1String("not a database")))
            return makeError(ErrorKind::Failed, notCustos(path, QStringLiteral("file is not a database")));
        return sqlError(QStringLiteral("cannot read %1").arg(path), error);
    }
    const int version = versionQuery.value(0).toInt();
    versionQuery.finish();

    auto applicationId = scalar(db, QStringLiteral("PRAGMA application_id"));
    if (!applicationId)
        return applicationId.error();
    const qint64 appId = applicationId.value().toLongLong();
    if (appId != 0 && appId != kCustosApplicationId)
        return makeError(ErrorKind::Failed, notCustos(path, QStringLiteral("application id %1").arg(appId)));
    if (version > latestSchemaVersion()) {
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("database schema version %1 is newer than this Custos supports (%2); "
                                        "use a newer Custos")
                             .arg(version)
                             .arg(latestSchemaVersion()));
    }
    if (version == 0) {
        auto objects = scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_master"));
        if (!objects)
            return objects.error();
        if (objects.value().toInt() > 0)
            return makeError(ErrorKind::Failed,
                             notCustos(path, QStringLiteral("it holds tables of another application")));
    }

    auto journal = scalar(db, QStringLiteral("PRAGMA journal_mode = WAL"));
    if (!journal)
        return journal.error();
    if (journal.value().toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        return makeError(ErrorKind::Failed,
                         QStringLiteral("cannot use write-ahead logging for %1 (journal mode stays %2)")
                             .arg(path, journal.value().toString()));
    }
    // FULL rather than NORMAL: in WAL mode NORMAL may lose the last commits on power loss, and a
    // committed operation's audit event must survive once the caller has seen the result. The
    // cost is one fsync per commit, nothing at an administrator's pace.
    if (auto done = exec(db, QStringLiteral("PRAGMA synchronous = FULL")); !done)
        return done.error();

    for (const Migration& step : migrations()) {
        if (step.version <= version)
            continue;
        Transaction transaction(*database);
        if (auto begun = transaction.begin(); !begun)
            return begun.error();
        QStringList statements = step.statements;
        statements << QStringLiteral("PRAGMA user_version = %1").arg(step.version);
        for (const QString& statement : statements) {
            if (auto done = exec(db, statement); !done) {
                return makeError(done.error().kind, QStringLiteral("migration to schema version %1 (%2) failed: %3")
                                                        .arg(step.version)
                                                        .arg(step.description, done.error().message));
            }
        }
        if (auto committed = transaction.commit(); !committed)
            return committed.error();
    }
    return database;
}

QSqlDatabase& Database::connection()
{
    // Every query goes through here: none may block the GUI thread (issue 3).
    crypto::checkNotOnGuardedThread("an SQL query");
    return m_db;
}

Database::~Database()
{
    if (m_connectionName.isEmpty())
        return;
    m_cachedQueries.clear(); // statements before the connection
    m_db.close();
    m_db = QSqlDatabase(); // the last handle must be gone before removeDatabase()
    QSqlDatabase::removeDatabase(m_connectionName);
    storage::unregisterOpenDatabase(m_path);
}

Outcome<QSqlQuery*> Database::cachedQuery(const char* key, const QString& sql)
{
    auto found = m_cachedQueries.find(key);
    if (found != m_cachedQueries.end()) {
        found->second->finish();
        return found->second.get();
    }
    auto query = std::make_unique<QSqlQuery>(connection());
    if (!query->prepare(sql))
        return sqlError(QStringLiteral("cannot prepare a statement"), query->lastError());
    return m_cachedQueries.emplace(key, std::move(query)).first->second.get();
}

int Database::schemaVersion() const
{
    crypto::checkNotOnGuardedThread("an SQL query");
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return -1;
    return query.value(0).toInt();
}

int Database::latestSchemaVersion()
{
    return migrations().constLast().version;
}

Outcome<void> Database::releaseWalSpace()
{
    crypto::checkNotOnGuardedThread("an SQL query");
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")) || !query.next())
        return sqlError(QStringLiteral("checkpoint of %1").arg(m_path), query.lastError());
    if (query.value(0).toInt() != 0) // busy: a reader holds the WAL
        return makeError(ErrorKind::Conflict, QStringLiteral("checkpoint of %1: the database is busy").arg(m_path));
    return {};
}

Outcome<void> Database::integrityCheck()
{
    crypto::checkNotOnGuardedThread("an SQL query");
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("PRAGMA integrity_check")))
        return sqlError(QStringLiteral("integrity check of %1").arg(m_path), query.lastError());
    QStringList problems;
    while (query.next()) {
        const QString line = query.value(0).toString();
        if (line != QLatin1String("ok"))
            problems << line;
    }
    if (!problems.isEmpty()) {
        return makeError(
            ErrorKind::Failed,
            QStringLiteral("integrity check of %1 failed: %2").arg(m_path, problems.join(QStringLiteral("; "))));
    }
    return {};
}

} // namespace custos::model
