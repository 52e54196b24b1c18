#include "JsonFormat.h"

#include <QDir>

namespace custos::app {

QJsonValue JsonFormat::numericDate(const QDateTime& time)
{
    if (!time.isValid())
        return QJsonValue::Null;
    return QJsonValue(time.toSecsSinceEpoch());
}

namespace {
void insertDate(QJsonObject* object, const QString& key, const QDateTime& time)
{
    if (time.isValid())
        object->insert(key, JsonFormat::numericDate(time));
}
} // namespace

QJsonObject JsonFormat::vault(const model::Vault& v)
{
    QJsonObject tags;
    for (auto it = v.tags.cbegin(); it != v.tags.cend(); ++it)
        tags.insert(it.key(), it.value());
    QJsonObject attributes;
    insertDate(&attributes, QStringLiteral("created"), v.created);
    insertDate(&attributes, QStringLiteral("updated"), v.updated);
    // Key Vault's recovery levels: purge protection makes a deleted object non-purgeable.
    attributes.insert(QStringLiteral("recoveryLevel"),
                      v.purgeProtection ? QStringLiteral("Recoverable") : QStringLiteral("Recoverable+Purgeable"));
    attributes.insert(QStringLiteral("recoverableDays"), v.retentionDays);
    QJsonObject o{
        {QStringLiteral("name"), v.name},
        {QStringLiteral("id"), v.resourceId()},
        {QStringLiteral("protection"), model::protectionName(v.protection)},
        {QStringLiteral("retentionDays"), v.retentionDays},
        {QStringLiteral("purgeProtection"), v.purgeProtection},
        {QStringLiteral("tags"), tags},
        {QStringLiteral("attributes"), attributes},
    };
    if (v.isDeleted()) {
        insertDate(&o, QStringLiteral("deletedDate"), v.deleted);
        insertDate(&o, QStringLiteral("scheduledPurgeDate"), v.scheduledPurge);
    }
    return o;
}

QJsonObject JsonFormat::operatorObject(const model::Operator& op)
{
    QJsonObject attributes{{QStringLiteral("enabled"), op.enabled}};
    insertDate(&attributes, QStringLiteral("created"), op.created);
    insertDate(&attributes, QStringLiteral("updated"), op.updated);
    QJsonObject o{
        {QStringLiteral("name"), op.name},
        {QStringLiteral("id"), QStringLiteral("/operators/") + op.name},
        {QStringLiteral("displayName"), op.displayName},
        {QStringLiteral("attributes"), attributes},
        {QStringLiteral("failedAttempts"), op.failedAttempts},
    };
    if (op.lockedUntil.isValid() && op.lockedUntil > QDateTime::currentDateTimeUtc())
        insertDate(&o, QStringLiteral("lockedUntil"), op.lockedUntil);
    // The last successful login (null: never) and the workstation it came from.
    o.insert(QStringLiteral("lastLogin"), numericDate(op.lastLogin));
    o.insert(QStringLiteral("lastLoginWorkstation"), op.lastLoginWorkstation);
    return o;
}

QJsonObject JsonFormat::role(const model::RoleDefinition& role, bool withEffective)
{
    const QJsonObject permissions{
        {QStringLiteral("dataActions"), QJsonArray::fromStringList(role.actions)},
        {QStringLiteral("notDataActions"), QJsonArray::fromStringList(role.notActions)},
    };
    QJsonObject o{
        {QStringLiteral("name"), role.name},
        {QStringLiteral("id"), QStringLiteral("/roleDefinitions/") + role.name},
        {QStringLiteral("roleName"), role.name},
        {QStringLiteral("description"), role.description},
        {QStringLiteral("roleType"), role.builtIn ? QStringLiteral("AKVBuiltInRole") : QStringLiteral("CustomRole")},
        {QStringLiteral("permissions"), QJsonArray{permissions}},
        {QStringLiteral("assignableScopes"), QJsonArray{QStringLiteral("/")}},
    };
    if (withEffective)
        o.insert(QStringLiteral("effectiveDataActions"), QJsonArray::fromStringList(model::effectivePermissions(role)));
    return o;
}

QJsonObject JsonFormat::assignment(const model::RoleAssignment& a)
{
    QJsonObject attributes;
    insertDate(&attributes, QStringLiteral("created"), a.created);
    insertDate(&attributes, QStringLiteral("exp"), a.expires);
    return QJsonObject{
        {QStringLiteral("name"), a.id},
        {QStringLiteral("id"), QStringLiteral("/roleAssignments/") + a.id},
        {QStringLiteral("principalName"), a.principal},
        {QStringLiteral("roleDefinitionName"), a.role},
        {QStringLiteral("roleDefinitionId"), QStringLiteral("/roleDefinitions/") + a.role},
        {QStringLiteral("scope"), a.scope},
        {QStringLiteral("createdBy"), a.createdBy},
        {QStringLiteral("attributes"), attributes},
    };
}

QJsonObject JsonFormat::status(const model::WorkspaceStatus& s)
{
    QJsonObject attributes;
    insertDate(&attributes, QStringLiteral("created"), QDateTime::fromString(s.createdAt, Qt::ISODateWithMs));
    return QJsonObject{
        {QStringLiteral("name"), QDir(s.directory).dirName()},
        {QStringLiteral("directory"), s.directory},
        {QStringLiteral("tokenLabel"), s.tokenLabel},
        {QStringLiteral("modulePath"), s.modulePath},
        {QStringLiteral("embeddedToken"), s.embeddedToken},
        {QStringLiteral("schemaVersion"), s.schemaVersion},
        {QStringLiteral("kdfMemoryMiB"), s.kdfMemoryMiB},
        {QStringLiteral("testWorkspace"), s.testWorkspace},
        {QStringLiteral("attributes"), attributes},
        {QStringLiteral("operators"), s.operators},
        {QStringLiteral("vaults"), s.vaults},
        {QStringLiteral("deletedVaults"), s.deletedVaults},
        {QStringLiteral("auditEvents"), s.auditEvents},
        {QStringLiteral("activated"), s.activated},
        {QStringLiteral("activeDomainKeyId"), s.activeDomainKeyId},
        {QStringLiteral("workspaceId"), s.workspaceId},
    };
}

} // namespace custos::app
