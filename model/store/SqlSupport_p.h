#pragma once

// Private helpers shared by the store and the audit log: time columns, constraint errors.

#include <QDateTime>
#include <QSqlError>
#include <QVariant>

namespace custos::model::sql {

// Times are stored as integer milliseconds since the epoch, UTC; NULL for an invalid QDateTime.
inline QVariant fromTime(const QDateTime& time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}

inline QDateTime toTime(const QVariant& value)
{
    if (value.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

// Now in UTC, already at the stored precision so a value written and read back compares equal.
inline QDateTime nowUtc()
{
    return QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
}

// SQLite's primary result code (the driver may report extended codes, e.g. 2067 for UNIQUE).
inline int primaryCode(const QSqlError& error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : -1;
}

inline bool isUniqueViolation(const QSqlError& error)
{
    constexpr int kSqliteConstraint = 19;
    return primaryCode(error) == kSqliteConstraint && (error.databaseText().contains(QLatin1String("UNIQUE")) ||
                                                       error.databaseText().contains(QLatin1String("PRIMARY KEY")));
}

} // namespace custos::model::sql
