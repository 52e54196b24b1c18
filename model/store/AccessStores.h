#pragma once

#include "Database.h"
#include "model/authz/Permissions.h"
#include "model/domain/OperatorGroup.h"

#include <QList>
#include <QString>

#include <optional>

namespace custos::model {

// Custom role definitions (built-in ones live in Permissions.cpp, never here). Names are unique
// case-insensitively. Like the other stores: no transactions, no audit.
class RoleDefinitionStore
{
public:
    explicit RoleDefinitionStore(Database& db) : m_db(db) {}
    Outcome<void> insert(const RoleDefinition& role, const QString& createdBy); // Conflict when the name exists
    Outcome<void> update(const RoleDefinition& role);                           // NotFound
    Outcome<void> remove(const QString& name);                                  // NotFound
    Outcome<std::optional<RoleDefinition>> find(const QString& name);           // builtIn = false
    Outcome<QList<RoleDefinition>> list();                                      // by name

private:
    Database& m_db;
};

// A built-in role, or else a custom one; nullopt when neither exists.
Outcome<std::optional<RoleDefinition>> findRoleDefinition(Database& db, const QString& name);

class OperatorGroupStore
{
public:
    explicit OperatorGroupStore(Database& db) : m_db(db) {}
    Outcome<void> insert(const OperatorGroup& group); // Conflict when the name exists
    Outcome<std::optional<OperatorGroup>> find(const QString& name);
    Outcome<QList<OperatorGroup>> list();                                          // by name, with members
    Outcome<void> addMember(const QString& group, const QString& operatorName);    // Conflict when a member
    Outcome<void> removeMember(const QString& group, const QString& operatorName); // NotFound when not
    Outcome<QStringList> groupsOf(const QString& operatorName);                    // by name

private:
    Database& m_db;
};

// The counter the schema's triggers bump on every change authorisation depends on (migration 5).
Outcome<qint64> readAuthorisationGeneration(Database& db);

} // namespace custos::model
