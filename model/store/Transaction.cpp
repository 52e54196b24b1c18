#include "Database.h"

#include <QSqlError>
#include <QSqlQuery>

namespace custos::model {

Transaction::Transaction(Database& db) : m_db(db) {}

Transaction::~Transaction()
{
    if (m_active)
        rollback();
}

Outcome<void> Transaction::begin()
{
    if (m_active)
        return makeError(ErrorKind::Failed, QStringLiteral("transaction already begun"));
    // IMMEDIATE takes the write lock now, so a busy database fails here (after busy_timeout)
    // rather than half-way through the operation.
    QSqlQuery query(m_db.connection());
    if (!query.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return sqlError(QStringLiteral("cannot begin a transaction"), query.lastError());
    m_active = true;
    return {};
}

Outcome<void> Transaction::commit()
{
    if (!m_active)
        return makeError(ErrorKind::Failed, QStringLiteral("no transaction to commit"));
    QSqlQuery query(m_db.connection());
    if (!query.exec(QStringLiteral("COMMIT"))) {
        const Error error = sqlError(QStringLiteral("cannot commit"), query.lastError());
        rollback();
        return error;
    }
    m_active = false;
    m_db.notifyCommitted();
    return {};
}

void Transaction::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    QSqlQuery query(m_db.connection());
    query.exec(QStringLiteral("ROLLBACK")); // fails only when SQLite already rolled back itself
}

void Database::notifyCommitted()
{
    if (!m_commitObserver || m_notifying)
        return; // the observer's own commits do not call it again
    m_notifying = true;
    auto observer = m_commitObserver; // it may replace itself
    observer->committed();
    m_notifying = false;
}

} // namespace custos::model
