#include "Database.h"

#include "SqlSupport_p.h"
#include "StorageFaults.h"

#include <QFileInfo>
#include <QSqlError>

namespace custos::model {

namespace {

constexpr int kSqliteIoErr = 10;
constexpr int kSqliteCorrupt = 11;
constexpr int kSqliteFull = 13;
constexpr int kSqliteCantOpen = 14;
constexpr int kSqliteNotADatabase = 26;

// The databases whose file system to look at: the one open database when there is exactly one
// (sqlError sees only the driver's error, not which connection it came from).
QStringList openDatabaseDirectories()
{
    QStringList directories;
    for (const QString& path : storage::openDatabases())
        directories << QFileInfo(path).absolutePath();
    return directories;
}

QString onlyOpenDatabase()
{
    const QStringList open = storage::openDatabases();
    return open.size() == 1 ? open.first() : QString();
}

} // namespace

Error sqlError(const QString& what, const QSqlError& error)
{
    QString text = error.databaseText();
    if (text.isEmpty())
        text = error.text();
    const int code = sql::primaryCode(error);
    if (code == kSqliteFull || text.contains(QLatin1String("database or disk is full"))) {
        const QString full = storage::fullFileSystem(openDatabaseDirectories());
        if (full.isEmpty())
            return makeError(ErrorKind::Failed, QStringLiteral("%1: disk full (%2)").arg(what, text));
        return makeError(ErrorKind::Failed, QStringLiteral("%1: %2 (%3)").arg(what, storage::diskFullText(full), text));
    }
    // A full disk often shows as an I/O error instead (the WAL index cannot grow, a file cannot be
    // created): say so when a database's file system is in fact full.
    if (code == kSqliteIoErr || code == kSqliteCantOpen) {
        const QString full = storage::fullFileSystem(openDatabaseDirectories());
        if (!full.isEmpty())
            return makeError(ErrorKind::Failed,
                             QStringLiteral("%1: %2 (%3)").arg(what, storage::diskFullText(full), text));
    }
    if (code == kSqliteCorrupt || code == kSqliteNotADatabase)
        return makeError(ErrorKind::Failed,
                         QStringLiteral("%1: %2").arg(what, storage::damagedText(onlyOpenDatabase(), text)));
    return makeError(ErrorKind::Failed, QStringLiteral("%1: %2").arg(what, text));
}

} // namespace custos::model
