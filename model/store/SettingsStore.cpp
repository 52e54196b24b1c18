#include "Stores.h"

#include <QSqlError>
#include <QSqlQuery>

namespace custos::model {

Outcome<std::optional<QString>> SettingsStore::get(const QString& key)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
    query.addBindValue(key);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read setting %1").arg(key), query.lastError());
    if (!query.next())
        return std::optional<QString>();
    return std::optional<QString>(query.value(0).toString());
}

Outcome<void> SettingsStore::set(const QString& key, const QString& value)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("INSERT INTO settings(key, value) VALUES(?, ?) "
                                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    query.addBindValue(key);
    query.addBindValue(value.isNull() ? QString(QLatin1String("")) : value); // a null QString binds as NULL
    if (!query.exec())
        return sqlError(QStringLiteral("cannot write setting %1").arg(key), query.lastError());
    return {};
}

} // namespace custos::model
