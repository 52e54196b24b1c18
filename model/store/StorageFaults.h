#pragma once

// Storage faults (issue 10): a full disk, a read-only workspace, a damaged database. What the
// driver or the token reports is often vague ("disk I/O error", CKR_GENERAL_ERROR); these helpers
// look at the file system itself so the message says what happened, where, and what to do.

#include "crypto/Outcome.h"

#include <QString>
#include <QStringList>

namespace custos::model::storage {

// Below this many free bytes a file system counts as full: SQLite grows its WAL and SoftHSM2
// rewrites whole object files, so a failure with less than this left is a full disk.
inline constexpr qint64 kFullBelowBytes = qint64(1) << 20;

// Bytes an unprivileged writer may still use on the file system holding `path` (statvfs
// f_bavail); -1 when it cannot be asked (the path and its parents are gone).
qint64 freeBytes(const QString& path);
// The first of `paths` whose file system has less than kFullBelowBytes free; empty when none.
QString fullFileSystem(const QStringList& paths);
// "disk full: the file system holding PATH has N bytes free; free some space and try again".
QString diskFullText(const QString& path);
// `error` with the disk-full explanation added when one of `paths` is full and the message does
// not say so already; Denied and other non-Failed errors are returned unchanged.
Error explainFailure(const Error& error, const QStringList& paths);

// Why `directory` (or the named files in it) cannot be written: empty when it can. Uses access(2),
// so a read-only mount is seen even by root.
QString notWritableReason(const QString& directory, const QStringList& files);

// "the database PATH is damaged (DETAIL): restore the workspace from a backup (custosctl backup
// restore) or run custosctl doctor"; without PATH when it is empty.
QString damagedText(const QString& databasePath, const QString& detail);

// The paths of the databases this process has open (Database::open adds, ~Database removes):
// sqlError() sees only the driver's error, so it looks here for the file system to check.
void registerOpenDatabase(const QString& path);
void unregisterOpenDatabase(const QString& path);
QStringList openDatabases();

} // namespace custos::model::storage
