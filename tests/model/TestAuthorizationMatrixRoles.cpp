// The role definition, assignment and access-report rows of the generated authorisation matrix
// (TestAuthorizationMatrixSupport.h).

#include "TestAuthorizationMatrixSupport.h"

#include "model/services/Services.h"

namespace custos::authzmatrix {

using namespace custos::model;

namespace {
const QString kHarmlessRole = QStringLiteral("Certificate User");

// A custom role of the case's own (`other`).
Outcome<void> customRole(Services& s, Case& c)
{
    RoleDefinition role;
    role.name = c.other();
    role.description = QStringLiteral("matrix");
    role.actions = {QStringLiteral("vaults/read")};
    role.builtIn = false;
    return done(test::await(s.roles().createRole(role)));
}

// A group of the case's own, nobody in it: the principal assignments are made to.
Outcome<void> group(Services& s, Case& c)
{
    return done(test::await(s.groups().addGroup(c.other())));
}

Outcome<void> groupWithAssignment(Services& s, Case& c)
{
    if (auto made = group(s, c); !made)
        return made;
    return done(test::await(s.roles().assign(c.other(), kHarmlessRole, QStringLiteral("/vaults/") + c.vault)));
}
} // namespace

QList<MatrixOperation> roleOperations()
{
    const QString definitionsRead = QStringLiteral("roleDefinitions/read/action");
    const QString assignmentsRead = QStringLiteral("roleAssignments/read/action");
    return {
        {QStringLiteral("role list"),
         {definitionsRead},
         ScopeKind::Root,
         {},
         [](Services& s, Case&) { return done(s.roles().listRoles()); }},
        {QStringLiteral("role show"),
         {definitionsRead},
         ScopeKind::Root,
         {},
         [](Services& s, Case&) { return done(s.roles().showRole(QStringLiteral("Crypto User"))); }},
        {QStringLiteral("role create"),
         {QStringLiteral("roleDefinitions/write/action")},
         ScopeKind::Root,
         {},
         customRole},
        {QStringLiteral("role update"),
         {QStringLiteral("roleDefinitions/write/action")},
         ScopeKind::Root,
         customRole,
         [](Services& s, Case& c) {
             RoleService::RoleUpdate update;
             update.description = QStringLiteral("changed");
             return done(test::await(s.roles().updateRole(c.other(), update)));
         }},
        {QStringLiteral("role delete"),
         {QStringLiteral("roleDefinitions/delete/action")},
         ScopeKind::Root,
         customRole,
         [](Services& s, Case& c) { return done(test::await(s.roles().deleteRole(c.other()))); }},
        {QStringLiteral("role assign"),
         {QStringLiteral("roleAssignments/write/action")},
         ScopeKind::Vault,
         group,
         [](Services& s, Case& c) {
             return done(test::await(s.roles().assign(c.other(), kHarmlessRole, QStringLiteral("/vaults/") + c.vault)));
         }},
        {QStringLiteral("role unassign"),
         {QStringLiteral("roleAssignments/delete/action")},
         ScopeKind::Vault,
         groupWithAssignment,
         [](Services& s, Case& c) {
             return done(
                 test::await(s.roles().unassign(c.other(), kHarmlessRole, QStringLiteral("/vaults/") + c.vault)));
         }},
        {QStringLiteral("role assignments"),
         {assignmentsRead},
         ScopeKind::Vault,
         {},
         [](Services& s, Case& c) { return done(s.roles().assignments({}, QStringLiteral("/vaults/") + c.vault)); }},
        {QStringLiteral("access who"),
         {assignmentsRead},
         ScopeKind::Vault,
         {},
         [](Services& s, Case& c) {
             return done(s.access().who(QStringLiteral("/vaults/") + c.vault, QStringLiteral("keys/sign/action")));
         }},
        {QStringLiteral("access what"),
         {assignmentsRead},
         ScopeKind::Root,
         {},
         [](Services& s, Case&) { return done(s.access().what(QStringLiteral("admin"))); }},
        {QStringLiteral("role sod-report"),
         {assignmentsRead},
         ScopeKind::Root,
         {},
         [](Services& s, Case&) { return done(s.access().sodReport()); }},
    };
}

} // namespace custos::authzmatrix
