#include "Stores.h"

#include "SqlSupport_p.h"

#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>

namespace custos::model {

namespace {

const QString kColumns = QStringLiteral("id, principal, role, scope, created, created_by, expires");

RoleAssignment readAssignment(const QSqlQuery& query)
{
    RoleAssignment a;
    a.id = query.value(0).toString();
    a.principal = query.value(1).toString();
    a.role = query.value(2).toString();
    a.scope = query.value(3).toString();
    a.created = sql::toTime(query.value(4));
    a.createdBy = query.value(5).toString();
    a.expires = sql::toTime(query.value(6));
    return a;
}

QString randomId()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(words), sizeof(words)).toHex());
}

QString describe(const RoleAssignment& a)
{
    return QStringLiteral("%1 for %2 at %3").arg(a.role, a.principal, a.scope);
}

} // namespace

Outcome<RoleAssignment> RoleAssignmentStore::insert(RoleAssignment a)
{
    if (a.id.isEmpty())
        a.id = randomId();
    if (!a.created.isValid())
        a.created = sql::nowUtc();
    QSqlQuery query(m_db.connection());
    query.prepare(
        QStringLiteral("INSERT INTO role_assignments(id, principal, role, scope, created, created_by, expires) "
                       "VALUES(?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(a.id);
    query.addBindValue(a.principal);
    query.addBindValue(a.role);
    query.addBindValue(a.scope);
    query.addBindValue(sql::fromTime(a.created));
    query.addBindValue(a.createdBy.isNull() ? QString(QLatin1String("")) : a.createdBy);
    query.addBindValue(sql::fromTime(a.expires));
    if (!query.exec()) {
        if (sql::isUniqueViolation(query.lastError()))
            return makeError(ErrorKind::Conflict, QStringLiteral("role assignment %1 already exists").arg(describe(a)));
        return sqlError(QStringLiteral("cannot add role assignment %1").arg(describe(a)), query.lastError());
    }
    return a;
}

Outcome<void> RoleAssignmentStore::remove(const QString& id)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("DELETE FROM role_assignments WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot remove role assignment %1").arg(id), query.lastError());
    if (query.numRowsAffected() == 0)
        return makeError(ErrorKind::NotFound, QStringLiteral("role assignment %1 not found").arg(id));
    return {};
}

Outcome<std::optional<RoleAssignment>> RoleAssignmentStore::find(const QString& principal, const QString& role,
                                                                 const QString& scope)
{
    QSqlQuery query(m_db.connection());
    query.prepare(
        QStringLiteral("SELECT %1 FROM role_assignments WHERE principal = ? AND role = ? AND scope = ?").arg(kColumns));
    query.addBindValue(principal);
    query.addBindValue(role);
    query.addBindValue(scope);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read role assignments"), query.lastError());
    if (!query.next())
        return std::optional<RoleAssignment>();
    return std::optional<RoleAssignment>(readAssignment(query));
}

Outcome<QList<RoleAssignment>> RoleAssignmentStore::list(const QString& principal, const QString& scope)
{
    QStringList where;
    if (!principal.isEmpty())
        where << QStringLiteral("principal = ?");
    if (!scope.isEmpty())
        where << QStringLiteral("scope = ?");
    QString sqlText = QStringLiteral("SELECT %1 FROM role_assignments").arg(kColumns);
    if (!where.isEmpty())
        sqlText += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    sqlText += QStringLiteral(" ORDER BY principal, role, scope");

    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    query.prepare(sqlText);
    if (!principal.isEmpty())
        query.addBindValue(principal);
    if (!scope.isEmpty())
        query.addBindValue(scope);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot list role assignments"), query.lastError());
    QList<RoleAssignment> assignments;
    while (query.next())
        assignments << readAssignment(query);
    return assignments;
}

} // namespace custos::model
