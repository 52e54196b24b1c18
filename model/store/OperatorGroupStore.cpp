#include "AccessStores.h"

#include "SqlSupport_p.h"

#include <QSqlError>
#include <QSqlQuery>

namespace custos::model {

Outcome<void> OperatorGroupStore::insert(const OperatorGroup& group)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("INSERT INTO operator_groups(name, created, created_by) VALUES(?, ?, ?)"));
    query.addBindValue(group.name);
    query.addBindValue(sql::fromTime(group.created.isValid() ? group.created : sql::nowUtc()));
    query.addBindValue(group.createdBy.isNull() ? QString(QLatin1String("")) : group.createdBy);
    if (!query.exec()) {
        if (sql::isUniqueViolation(query.lastError()))
            return makeError(ErrorKind::Conflict, QStringLiteral("group '%1' already exists").arg(group.name));
        return sqlError(QStringLiteral("cannot add group '%1'").arg(group.name), query.lastError());
    }
    return {};
}

Outcome<std::optional<OperatorGroup>> OperatorGroupStore::find(const QString& name)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT name, created, created_by FROM operator_groups WHERE name = ?"));
    query.addBindValue(name);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read operator groups"), query.lastError());
    if (!query.next())
        return std::optional<OperatorGroup>();
    OperatorGroup group;
    group.name = query.value(0).toString();
    group.created = sql::toTime(query.value(1));
    group.createdBy = query.value(2).toString();
    query.finish();
    QSqlQuery members(m_db.connection());
    members.prepare(QStringLiteral("SELECT operator FROM group_members WHERE group_name = ? ORDER BY operator"));
    members.addBindValue(group.name);
    if (!members.exec())
        return sqlError(QStringLiteral("cannot read group members"), members.lastError());
    while (members.next())
        group.members << members.value(0).toString();
    return std::optional<OperatorGroup>(group);
}

Outcome<QList<OperatorGroup>> OperatorGroupStore::list()
{
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT g.name, g.created, g.created_by, m.operator FROM operator_groups g "
                                   "LEFT JOIN group_members m ON m.group_name = g.name ORDER BY g.name, m.operator")))
        return sqlError(QStringLiteral("cannot list operator groups"), query.lastError());
    QList<OperatorGroup> groups;
    while (query.next()) {
        const QString name = query.value(0).toString();
        if (groups.isEmpty() || groups.last().name != name) {
            OperatorGroup group;
            group.name = name;
            group.created = sql::toTime(query.value(1));
            group.createdBy = query.value(2).toString();
            groups << group;
        }
        if (!query.value(3).isNull())
            groups.last().members << query.value(3).toString();
    }
    return groups;
}

Outcome<void> OperatorGroupStore::addMember(const QString& group, const QString& operatorName)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("INSERT INTO group_members(group_name, operator) VALUES(?, ?)"));
    query.addBindValue(group);
    query.addBindValue(operatorName);
    if (!query.exec()) {
        if (sql::isUniqueViolation(query.lastError()))
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("'%1' is already a member of group '%2'").arg(operatorName, group));
        return sqlError(QStringLiteral("cannot add '%1' to group '%2'").arg(operatorName, group), query.lastError());
    }
    return {};
}

Outcome<void> OperatorGroupStore::removeMember(const QString& group, const QString& operatorName)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("DELETE FROM group_members WHERE group_name = ? AND operator = ?"));
    query.addBindValue(group);
    query.addBindValue(operatorName);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot remove '%1' from group '%2'").arg(operatorName, group),
                        query.lastError());
    if (query.numRowsAffected() == 0)
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("'%1' is not a member of group '%2'").arg(operatorName, group));
    return {};
}

Outcome<QStringList> OperatorGroupStore::groupsOf(const QString& operatorName)
{
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT group_name FROM group_members WHERE operator = ? ORDER BY group_name"));
    query.addBindValue(operatorName);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read group memberships"), query.lastError());
    QStringList groups;
    while (query.next())
        groups << query.value(0).toString();
    return groups;
}

} // namespace custos::model
