#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "model/audit/AuditLog.h"
#include "model/services/ServicePath.h"
#include "model/session/AccessSnapshot.h"
#include "model/session/Session.h"
#include "model/store/Stores.h"

#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::model;

// Issue 5: custom role definitions, operator groups as principals, and the access read services,
// with ROLES.md's rules holding through groups.
class TestAccessControl : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;
    Services& services() { return *m_ready->services; }
    const QString kRead = QStringLiteral("roleAssignments/read/action");

    RoleDefinition keyReader()
    {
        RoleDefinition role;
        role.name = QStringLiteral("Key Reader");
        role.description = QStringLiteral("Reads keys");
        role.actions = {QStringLiteral("keys/*"), QStringLiteral("vaults/read")};
        role.notActions = {QStringLiteral("keys/deletedKeys/*")};
        return role;
    }

    bool hasEvent(const QString& operation, AuditResult result)
    {
        AuditFilter filter;
        filter.operation = operation;
        filter.result = result;
        auto events = AuditLog(m_ready->workspace->database()).list(filter);
        return events && !events->isEmpty();
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("user"), {}));
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void customRoleLifecycle()
    {
        auto created = test::await(services().roles().createRole(keyReader()));
        QVERIFY2(created, errorText(created));
        QVERIFY(!created->builtIn);
        QVERIFY(hasEvent(QStringLiteral("RoleDefinitionCreate"), AuditResult::Success));
        auto roles = services().roles().listRoles();
        QVERIFY(roles);
        QCOMPARE(roles->size(), builtInRoles().size() + 1);
        QCOMPARE(roles->last().name, QStringLiteral("Key Reader"));
        auto shown = services().roles().showRole(QStringLiteral("key reader"));
        QVERIFY2(shown, errorText(shown));
        QCOMPARE(shown->actions, keyReader().actions);

        auto assigned = test::await(services().roles().assign(QStringLiteral("user"), QStringLiteral("key reader"),
                                                              QStringLiteral("/vaults/abc")));
        QVERIFY2(assigned, errorText(assigned));
        QCOMPARE(assigned->role, QStringLiteral("Key Reader"));

        auto refused = test::await(services().roles().deleteRole(QStringLiteral("Key Reader")));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Conflict);
        QVERIFY2(refused.error().message.contains(QStringLiteral("still assigned")),
                 qPrintable(refused.error().message));

        // The role's permissions count for the operator, and an update counts at the next decision.
        QVERIFY(test::switchOperator(services(), QStringLiteral("user")));
        QVERIFY(services().path().isAllowed(QStringLiteral("keys/sign/action"), QStringLiteral("/vaults/abc/keys/k")));
        QVERIFY(!services().path().isAllowed(QStringLiteral("keys/deletedKeys/read/action"),
                                             QStringLiteral("/vaults/abc/keys/k")));
        QVERIFY(!services().path().isAllowed(QStringLiteral("keys/sign/action"), QStringLiteral("/vaults/other")));
        QVERIFY(test::switchOperator(services(), QStringLiteral("admin")));
        RoleService::RoleUpdate update;
        update.actions = QStringList{QStringLiteral("keys/read/action")};
        auto updated = test::await(services().roles().updateRole(QStringLiteral("Key Reader"), update));
        QVERIFY2(updated, errorText(updated));
        QCOMPARE(updated->notActions, keyReader().notActions);
        QVERIFY(test::switchOperator(services(), QStringLiteral("user")));
        QVERIFY(!services().path().isAllowed(QStringLiteral("keys/sign/action"), QStringLiteral("/vaults/abc/keys/k")));
        QVERIFY(services().path().isAllowed(QStringLiteral("keys/read/action"), QStringLiteral("/vaults/abc/keys/k")));

        QVERIFY(test::switchOperator(services(), QStringLiteral("admin")));
        QVERIFY(test::await(services().roles().unassign(QStringLiteral("user"), QStringLiteral("Key Reader"),
                                                        QStringLiteral("/vaults/abc"))));
        auto deleted = test::await(services().roles().deleteRole(QStringLiteral("Key Reader")));
        QVERIFY2(deleted, errorText(deleted));
        QVERIFY(hasEvent(QStringLiteral("RoleDefinitionDelete"), AuditResult::Success));
        QCOMPARE(services().roles().showRole(QStringLiteral("Key Reader")).error().kind, ErrorKind::NotFound);
    }

    void builtInRolesAreReadOnly()
    {
        RoleDefinition clash = keyReader();
        clash.name = QStringLiteral("crypto user");
        auto created = test::await(services().roles().createRole(clash));
        QVERIFY(!created);
        QVERIFY2(created.error().message.contains(QStringLiteral("read-only")), qPrintable(created.error().message));
        RoleService::RoleUpdate update;
        update.description = QStringLiteral("mine now");
        auto updated = test::await(services().roles().updateRole(QStringLiteral("Administrator"), update));
        QVERIFY(!updated);
        QVERIFY(updated.error().message.contains(QStringLiteral("read-only")));
        auto deleted = test::await(services().roles().deleteRole(QStringLiteral("Crypto Officer")));
        QVERIFY(!deleted);
        QVERIFY(deleted.error().message.contains(QStringLiteral("read-only")));
        QVERIFY(hasEvent(QStringLiteral("RoleDefinitionDelete"), AuditResult::Denied));
    }

    void definitionsAreValidated()
    {
        RoleDefinition bad = keyReader();
        bad.actions = {QStringLiteral("keys/fly/action")};
        auto unknown = test::await(services().roles().createRole(bad));
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().kind, ErrorKind::Invalid);
        QVERIFY2(unknown.error().message.contains(QStringLiteral("unknown permission 'keys/fly/action'")),
                 qPrintable(unknown.error().message));
        bad.actions = {QStringLiteral("rng/action")};
        bad.notActions = {QStringLiteral("rng/*")};
        auto empty = test::await(services().roles().createRole(bad));
        QVERIFY(!empty);
        QVERIFY2(empty.error().message.contains(QStringLiteral("no permission")), qPrintable(empty.error().message));
        QVERIFY(test::await(services().roles().createRole(keyReader())));
        auto twice = test::await(services().roles().createRole(keyReader()));
        QCOMPARE(twice.error().kind, ErrorKind::Conflict);
    }

    void definitionsNeedRoleDefinitionsWrite()
    {
        QVERIFY(test::await(
            services().roles().assign(QStringLiteral("user"), QStringLiteral("Crypto Auditor"), QStringLiteral("/"))));
        QVERIFY(test::switchOperator(services(), QStringLiteral("user")));
        auto denied = test::await(services().roles().createRole(keyReader()));
        QVERIFY(!denied);
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
        AuditFilter filter;
        filter.operation = QStringLiteral("RoleDefinitionCreate");
        filter.result = AuditResult::Denied;
        auto events = AuditLog(m_ready->workspace->database()).list(filter);
        QVERIFY(events && !events->isEmpty());
        QCOMPARE(events->last().details.value(QStringLiteral("missingPermission")).toString(),
                 QStringLiteral("roleDefinitions/write/action"));
        QVERIFY(services().roles().listRoles()); // read is enough for the list
    }

    void groupAssignmentsCount()
    {
        auto group = test::await(services().groups().addGroup(QStringLiteral("auditors")));
        QVERIFY2(group, errorText(group));
        QVERIFY(hasEvent(QStringLiteral("OperatorGroupCreate"), AuditResult::Success));
        auto member =
            test::await(services().groups().setMember(QStringLiteral("auditors"), QStringLiteral("user"), false));
        QVERIFY2(member, errorText(member));
        QCOMPARE(member->members, QStringList{QStringLiteral("user")});
        auto assigned = test::await(services().roles().assign(QStringLiteral("auditors"),
                                                              QStringLiteral("Crypto Auditor"), QStringLiteral("/")));
        QVERIFY2(assigned, errorText(assigned));

        QVERIFY(test::switchOperator(services(), QStringLiteral("user")));
        QVERIFY(services().roles().assignments());
        QVERIFY(test::switchOperator(services(), QStringLiteral("admin")));
        QVERIFY(test::await(services().groups().setMember(QStringLiteral("auditors"), QStringLiteral("user"), true)));
        QVERIFY(hasEvent(QStringLiteral("OperatorGroupMemberRemove"), AuditResult::Success));
        QVERIFY(test::switchOperator(services(), QStringLiteral("user")));
        auto denied = services().roles().assignments();
        QVERIFY(!denied);
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
    }

    // The GUI's snapshot (which actions are enabled) counts what ServicePath counts: a custom role
    // held through a group, and nothing once the membership ends.
    void accessSnapshotFollowsGroupsAndCustomRoles()
    {
        QVERIFY(test::await(services().roles().createRole(keyReader())));
        QVERIFY(test::await(services().groups().addGroup(QStringLiteral("readers"))));
        QVERIFY(test::await(services().groups().setMember(QStringLiteral("readers"), QStringLiteral("user"), false)));
        QVERIFY(test::await(services().roles().assign(QStringLiteral("readers"), QStringLiteral("Key Reader"),
                                                      QStringLiteral("/vaults/payments"))));
        const QString sign = QStringLiteral("keys/sign/action");
        QVERIFY(test::switchOperator(services(), QStringLiteral("user")));
        auto snapshot = AccessSnapshot::capture(services());
        QVERIFY2(snapshot, errorText(snapshot));
        QVERIFY(snapshot->isAllowed(sign, QStringLiteral("/vaults/payments/keys/k")));
        QVERIFY(!snapshot->isAllowed(sign, QStringLiteral("/vaults/other/keys/k")));
        QVERIFY(
            !snapshot->isAllowed(QStringLiteral("keys/deletedKeys/read/action"), QStringLiteral("/vaults/payments")));

        QVERIFY(test::switchOperator(services(), QStringLiteral("admin")));
        QVERIFY(test::await(services().groups().setMember(QStringLiteral("readers"), QStringLiteral("user"), true)));
        QVERIFY(test::switchOperator(services(), QStringLiteral("user")));
        auto after = AccessSnapshot::capture(services());
        QVERIFY2(after, errorText(after));
        QVERIFY(!after->isAllowed(sign, QStringLiteral("/vaults/payments/keys/k")));
    }

    void groupInputIsChecked()
    {
        QCOMPARE(test::await(services().groups().addGroup(QStringLiteral("user"))).error().kind, ErrorKind::Conflict);
        QCOMPARE(test::await(services().groups().addGroup(QStringLiteral("bad name"))).error().kind,
                 ErrorKind::Invalid);
        QVERIFY(test::await(services().groups().addGroup(QStringLiteral("ops"))));
        QCOMPARE(test::await(services().groups().addGroup(QStringLiteral("OPS"))).error().kind, ErrorKind::Conflict);
        QCOMPARE(test::await(services().groups().setMember(QStringLiteral("ops"), QStringLiteral("ghost"), false))
                     .error()
                     .kind,
                 ErrorKind::NotFound);
        QCOMPARE(test::await(services().groups().setMember(QStringLiteral("nope"), QStringLiteral("user"), false))
                     .error()
                     .kind,
                 ErrorKind::NotFound);
        // Nobody adds themselves: the group's roles would be self-assigned.
        auto self = test::await(services().groups().setMember(QStringLiteral("ops"), QStringLiteral("admin"), false));
        QCOMPARE(self.error().kind, ErrorKind::Denied);
        auto groups = services().groups().list();
        QVERIFY(groups);
        QCOMPARE(groups->size(), 1);
        QVERIFY(groups->first().members.isEmpty());
    }

    void noSelfAssignmentThroughAGroup()
    {
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("admin2"), {QStringLiteral("Administrator")}));
        QVERIFY(test::await(services().groups().addGroup(QStringLiteral("ops"))));
        QVERIFY(test::switchOperator(services(), QStringLiteral("admin2")));
        QVERIFY(test::await(services().groups().setMember(QStringLiteral("ops"), QStringLiteral("admin"), false)));
        QVERIFY(test::switchOperator(services(), QStringLiteral("admin")));
        auto refused = test::await(
            services().roles().assign(QStringLiteral("ops"), QStringLiteral("Backup User"), QStringLiteral("/")));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Denied);
        QVERIFY2(refused.error().message.contains(QStringLiteral("group they belong to")),
                 qPrintable(refused.error().message));
        QVERIFY(hasEvent(QStringLiteral("RoleAssignmentCreate"), AuditResult::Denied));
        // admin2 is not a member: allowed.
        QVERIFY(test::switchOperator(services(), QStringLiteral("admin2")));
        QVERIFY(test::await(
            services().roles().assign(QStringLiteral("ops"), QStringLiteral("Backup User"), QStringLiteral("/"))));
    }

    void lastAdministratorCountsGroups()
    {
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("second"), {}));
        QVERIFY(test::await(services().groups().addGroup(QStringLiteral("admins"))));
        QVERIFY(test::await(services().groups().setMember(QStringLiteral("admins"), QStringLiteral("second"), false)));
        QVERIFY(test::await(
            services().roles().assign(QStringLiteral("admins"), QStringLiteral("Administrator"), QStringLiteral("/"))));
        QVERIFY(test::switchOperator(services(), QStringLiteral("second")));
        // second holds Administrator through the group: admin's direct one may go.
        auto unassigned = test::await(
            services().roles().unassign(QStringLiteral("admin"), QStringLiteral("Administrator"), QStringLiteral("/")));
        QVERIFY2(unassigned, errorText(unassigned));
        // Now the group's membership is the last Administrator.
        auto ungroup = test::await(services().roles().unassign(QStringLiteral("admins"),
                                                               QStringLiteral("Administrator"), QStringLiteral("/")));
        QVERIFY(!ungroup);
        QCOMPARE(ungroup.error().kind, ErrorKind::Conflict);
        QVERIFY2(ungroup.error().message.contains(QStringLiteral("no enabled operator holding Administrator")),
                 qPrintable(ungroup.error().message));
        auto leave =
            test::await(services().groups().setMember(QStringLiteral("admins"), QStringLiteral("second"), true));
        QVERIFY(!leave);
        QCOMPARE(leave.error().kind, ErrorKind::Conflict);
        auto disable = test::await(services().operators().setEnabled(QStringLiteral("second"), false));
        QVERIFY(!disable);
        QVERIFY2(disable.error().message.contains(QStringLiteral("last enabled operator")),
                 qPrintable(disable.error().message));
        QVERIFY(hasEvent(QStringLiteral("OperatorGroupMemberRemove"), AuditResult::Failed));
    }

    void accessWhoAndWhat()
    {
        QVERIFY(test::await(services().groups().addGroup(QStringLiteral("signers"))));
        QVERIFY(test::await(services().groups().setMember(QStringLiteral("signers"), QStringLiteral("user"), false)));
        QVERIFY(test::await(services().roles().assign(QStringLiteral("signers"), QStringLiteral("Crypto User"),
                                                      QStringLiteral("/vaults/pay"))));
        QVERIFY(test::await(services().roles().assign(QStringLiteral("user"), QStringLiteral("Crypto Auditor"),
                                                      QStringLiteral("/vaults/hrs"))));

        auto who = services().access().who(QStringLiteral("/vaults/pay/keys/k1"), QStringLiteral("keys/sign/action"));
        QVERIFY2(who, errorText(who));
        QStringList rows;
        for (const AccessHolder& h : who.value())
            rows << QStringLiteral("%1|%2|%3|%4").arg(h.operatorName, h.group, h.role, h.assignmentScope);
        QCOMPARE(rows, (QStringList{QStringLiteral("admin||Crypto User|/"),
                                    QStringLiteral("user|signers|Crypto User|/vaults/pay")}));
        auto elsewhere = services().access().who(QStringLiteral("/vaults/hrs"), QStringLiteral("keys/sign/action"));
        QVERIFY(elsewhere);
        QCOMPARE(elsewhere->size(), 1); // admin only
        QCOMPARE(services().access().who(QStringLiteral("/vaults"), QStringLiteral("keys/sign/action")).error().kind,
                 ErrorKind::Invalid);
        QCOMPARE(services().access().who(QStringLiteral("/"), QStringLiteral("keys/fly")).error().kind,
                 ErrorKind::Invalid);

        auto what = services().access().what(QStringLiteral("user"));
        QVERIFY2(what, errorText(what));
        QCOMPARE(what->size(), 2);
        QCOMPARE(what->at(0).scope, QStringLiteral("/vaults/hrs"));
        QVERIFY(what->at(0).permissions.contains(QStringLiteral("audit/read")));
        QCOMPARE(what->at(1).scope, QStringLiteral("/vaults/pay"));
        QVERIFY(what->at(1).permissions.contains(QStringLiteral("keys/sign/action")));
        QCOMPARE(what->at(1).via.first().group, QStringLiteral("signers"));
        auto group = services().access().what(QStringLiteral("signers"));
        QVERIFY(group);
        QCOMPARE(group->size(), 1);
        QCOMPARE(services().access().what(QStringLiteral("ghost")).error().kind, ErrorKind::NotFound);

        // Reading access needs roleAssignments/read: user holds it only at /vaults/hrs.
        QVERIFY(test::switchOperator(services(), QStringLiteral("user")));
        QCOMPARE(services().access().what(QStringLiteral("user")).error().kind, ErrorKind::Denied);
        QVERIFY(services().access().who(QStringLiteral("/vaults/hrs/keys/x"), QStringLiteral("keys/read/action")));
    }

    void separationOfDutiesReport()
    {
        QVERIFY(test::await(services().groups().addGroup(QStringLiteral("crypto"))));
        QVERIFY(test::await(services().groups().setMember(QStringLiteral("crypto"), QStringLiteral("user"), false)));
        QVERIFY(test::await(services().roles().assign(QStringLiteral("crypto"), QStringLiteral("Crypto User"),
                                                      QStringLiteral("/vaults/pay"))));
        QVERIFY(
            test::await(services().roles().assign(QStringLiteral("user"), QStringLiteral("Policy Administrator"),
                                                  QStringLiteral("/"), QDateTime::currentDateTimeUtc().addDays(3))));
        auto report = services().access().sodReport();
        QVERIFY2(report, errorText(report));
        QStringList lines;
        for (const SodFinding& f : report.value())
            lines << f.text;
        const QString all = lines.join(QLatin1Char('\n'));
        // init's operator holds Administrator + Crypto User and Crypto Officer + Crypto User.
        QVERIFY2(all.contains(QStringLiteral("operator 'admin' holds Administrator (direct) and Crypto User (direct)")),
                 qPrintable(all));
        QVERIFY2(
            all.contains(QStringLiteral("operator 'admin' holds Crypto Officer (direct) and Crypto User (direct)")),
            qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral(
                     "operator 'user' holds Policy Administrator (direct) and Crypto User (group crypto)")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("Policy Administrator at / for 'user' expires")), qPrintable(all));
    }

    // Roles granted at "/" where the audit trail shows use in fewer vaults than exist.
    void separationOfDutiesReportFindsBroadGrants()
    {
        QVERIFY(test::await(services().vaults().create({QStringLiteral("pay")})));
        QVERIFY(test::await(services().vaults().create({QStringLiteral("people")})));
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("signer"), {QStringLiteral("Crypto User")}));
        auto broad = [this]() -> QList<SodFinding> {
            QList<SodFinding> found;
            auto report = services().access().sodReport();
            if (report) {
                for (const SodFinding& f : report.value()) {
                    if (f.kind == SodFinding::Kind::BroadScope && f.principal == QLatin1String("signer"))
                        found << f;
                }
            }
            return found;
        };
        QVERIFY(broad().isEmpty()); // no use yet: nothing to compare with

        QVERIFY(test::switchOperator(services(), QStringLiteral("signer")));
        KeyCreateRequest request;
        request.vault = QStringLiteral("pay");
        request.name = QStringLiteral("k");
        request.kty = crypto::KeyKind::Ec;
        request.curve = QStringLiteral("P-256");
        auto created = test::await(services().keys().create(request));
        QVERIFY2(created, errorText(created));
        QVERIFY(test::switchOperator(services(), QStringLiteral("admin")));
        const QList<SodFinding> findings = broad();
        QCOMPARE(findings.size(), 1);
        QCOMPARE(findings.first().roles, QStringList{QStringLiteral("Crypto User")});
        QCOMPARE(findings.first().usedScopes, QStringList{QStringLiteral("/vaults/pay")});
        QVERIFY2(findings.first().text.contains(QStringLiteral("used it only in /vaults/pay")),
                 qPrintable(findings.first().text));

        // Used in every vault: the grant at "/" is what the work needs.
        QVERIFY(test::switchOperator(services(), QStringLiteral("signer")));
        request.vault = QStringLiteral("people");
        QVERIFY(test::await(services().keys().create(request)));
        QVERIFY(test::switchOperator(services(), QStringLiteral("admin")));
        QVERIFY(broad().isEmpty());
    }
};

CUSTOS_REGISTER_TEST(TestAccessControl)
#include "TestAccessControl.moc"
