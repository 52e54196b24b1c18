#include "Stores.h"

#include "SqlSupport_p.h"

#include <QSqlError>
#include <QSqlQuery>

namespace custos::model {

Outcome<void> IntentStore::insert(const Intent& intent)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("INSERT INTO intents(id, operation, resource, created) VALUES(?, ?, ?, ?)"));
    query.addBindValue(intent.id);
    query.addBindValue(intent.operation);
    query.addBindValue(intent.resource);
    query.addBindValue(sql::fromTime(intent.created.isValid() ? intent.created : sql::nowUtc()));
    if (!query.exec()) {
        if (sql::isUniqueViolation(query.lastError()))
            return makeError(ErrorKind::Conflict, QStringLiteral("intent %1 already exists").arg(intent.id));
        return sqlError(QStringLiteral("cannot record intent %1").arg(intent.id), query.lastError());
    }
    return {};
}

Outcome<void> IntentStore::remove(const QString& id)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("DELETE FROM intents WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot remove intent %1").arg(id), query.lastError());
    if (query.numRowsAffected() == 0)
        return makeError(ErrorKind::NotFound, QStringLiteral("intent %1 not found").arg(id));
    return {};
}

Outcome<QList<Intent>> IntentStore::list()
{
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT id, operation, resource, created FROM intents ORDER BY created, id")))
        return sqlError(QStringLiteral("cannot list intents"), query.lastError());
    QList<Intent> intents;
    while (query.next()) {
        intents << Intent{query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
                          sql::toTime(query.value(3))};
    }
    return intents;
}

} // namespace custos::model
