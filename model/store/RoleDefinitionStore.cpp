#include "AccessStores.h"

#include "SqlSupport_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace custos::model {

namespace {

QString toJson(const QStringList& list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QStringList fromJson(const QString& text)
{
    QStringList out;
    for (const QJsonValue& v : QJsonDocument::fromJson(text.toUtf8()).array())
        out << v.toString();
    return out;
}

const QString kColumns = QStringLiteral("name, description, actions, not_actions");

RoleDefinition readRole(const QSqlQuery& query)
{
    RoleDefinition role;
    role.name = query.value(0).toString();
    role.description = query.value(1).toString();
    role.actions = fromJson(query.value(2).toString());
    role.notActions = fromJson(query.value(3).toString());
    role.builtIn = false;
    return role;
}

} // namespace

Outcome<void> RoleDefinitionStore::insert(const RoleDefinition& role, const QString& createdBy)
{
    const QVariant now = sql::fromTime(sql::nowUtc());
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("INSERT INTO role_definitions(name, description, actions, not_actions, created, "
                                 "updated, created_by) VALUES(?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(role.name);
    query.addBindValue(role.description.isNull() ? QString(QLatin1String("")) : role.description);
    query.addBindValue(toJson(role.actions));
    query.addBindValue(toJson(role.notActions));
    query.addBindValue(now);
    query.addBindValue(now);
    query.addBindValue(createdBy.isNull() ? QString(QLatin1String("")) : createdBy);
    if (!query.exec()) {
        if (sql::isUniqueViolation(query.lastError()))
            return makeError(ErrorKind::Conflict, QStringLiteral("role '%1' already exists").arg(role.name));
        return sqlError(QStringLiteral("cannot add role '%1'").arg(role.name), query.lastError());
    }
    return {};
}

Outcome<void> RoleDefinitionStore::update(const RoleDefinition& role)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral(
        "UPDATE role_definitions SET description = ?, actions = ?, not_actions = ?, updated = ? WHERE name = ?"));
    query.addBindValue(role.description.isNull() ? QString(QLatin1String("")) : role.description);
    query.addBindValue(toJson(role.actions));
    query.addBindValue(toJson(role.notActions));
    query.addBindValue(sql::fromTime(sql::nowUtc()));
    query.addBindValue(role.name);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot update role '%1'").arg(role.name), query.lastError());
    if (query.numRowsAffected() == 0)
        return makeError(ErrorKind::NotFound, QStringLiteral("role '%1' not found").arg(role.name));
    return {};
}

Outcome<void> RoleDefinitionStore::remove(const QString& name)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("DELETE FROM role_definitions WHERE name = ?"));
    query.addBindValue(name);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot delete role '%1'").arg(name), query.lastError());
    if (query.numRowsAffected() == 0)
        return makeError(ErrorKind::NotFound, QStringLiteral("role '%1' not found").arg(name));
    return {};
}

Outcome<std::optional<RoleDefinition>> RoleDefinitionStore::find(const QString& name)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT %1 FROM role_definitions WHERE name = ?").arg(kColumns));
    query.addBindValue(name);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read role definitions"), query.lastError());
    if (!query.next())
        return std::optional<RoleDefinition>();
    return std::optional<RoleDefinition>(readRole(query));
}

Outcome<QList<RoleDefinition>> RoleDefinitionStore::list()
{
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT %1 FROM role_definitions ORDER BY name").arg(kColumns)))
        return sqlError(QStringLiteral("cannot list role definitions"), query.lastError());
    QList<RoleDefinition> roles;
    while (query.next())
        roles << readRole(query);
    return roles;
}

Outcome<std::optional<RoleDefinition>> findRoleDefinition(Database& db, const QString& name)
{
    if (const RoleDefinition* builtIn = findBuiltInRole(name))
        return std::optional<RoleDefinition>(*builtIn);
    return RoleDefinitionStore(db).find(name);
}

Outcome<qint64> readAuthorisationGeneration(Database& db)
{
    QSqlQuery query(db.connection());
    if (!query.exec(QStringLiteral("SELECT value FROM authz_generation WHERE id = 1")) || !query.next())
        return sqlError(QStringLiteral("cannot read the authorisation generation"), query.lastError());
    return query.value(0).toLongLong();
}

} // namespace custos::model
