#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "model/audit/AuditLog.h"
#include "model/session/Session.h"
#include "model/store/AccessStores.h"
#include "model/store/Stores.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::model;

// OperatorService::remove (`operator delete`): operators/write, never oneself, never the last
// Administrator; the operator's assignments and group memberships go with the row, audited.
class TestOperatorDeletion : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;

    Services& services() { return *m_ready->services; }
    Database& db() { return m_ready->workspace->database(); }
    QList<AuditEvent> events(const QString& operation, AuditResult result)
    {
        AuditFilter filter;
        filter.operation = operation;
        filter.result = result;
        auto list = AuditLog(db()).list(filter);
        return list ? list.value() : QList<AuditEvent>();
    }
    bool operatorExists(const QString& name)
    {
        auto found = OperatorStore(db()).find(name);
        return found && found.value().has_value();
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("bob"), {QStringLiteral("Crypto User")}));
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void deleteRemovesTheRowAssignmentsAndMemberships()
    {
        QVERIFY(test::await(services().groups().addGroup(QStringLiteral("ops-team"))));
        QVERIFY(test::await(services().groups().setMember(QStringLiteral("ops-team"), QStringLiteral("bob"), false)));
        QVERIFY(test::await(
            services().roles().assign(QStringLiteral("bob"), QStringLiteral("Crypto Auditor"), QStringLiteral("/"))));
        OperationContext context;
        context.justification = QStringLiteral("CHG-42");
        auto removed = test::await(services().operators().remove(QStringLiteral("bob"), context));
        QVERIFY2(removed, errorText(removed).constData());

        QVERIFY(!operatorExists(QStringLiteral("bob")));
        QVERIFY(RoleAssignmentStore(db()).list(QStringLiteral("bob")).value().isEmpty());
        auto groups = OperatorGroupStore(db()).groupsOf(QStringLiteral("bob"));
        QVERIFY(groups);
        QVERIFY(groups.value().isEmpty());
        // bob can no longer log in.
        QVERIFY(!test::switchOperator(services(), QStringLiteral("bob")));

        const QList<AuditEvent> deleted = events(QStringLiteral("OperatorDelete"), AuditResult::Success);
        QCOMPARE(deleted.size(), 1);
        QCOMPARE(deleted.first().operatorName, QStringLiteral("admin"));
        QCOMPARE(deleted.first().resource, QStringLiteral("/operators/bob"));
        QCOMPARE(deleted.first().justification, QStringLiteral("CHG-42"));
        QCOMPARE(deleted.first().details.value(QStringLiteral("removedAssignments")).toArray().size(), 2);
        QCOMPARE(deleted.first().details.value(QStringLiteral("removedFromGroups")).toArray(),
                 QJsonArray{QStringLiteral("ops-team")});
    }

    void aNamesakeAddedLaterInheritsNothing()
    {
        QVERIFY(test::await(services().operators().remove(QStringLiteral("bob"))));
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("bob"), {}));
        QVERIFY(test::switchOperator(services(), QStringLiteral("bob")));
        auto denied = test::await(services().vaults().create({QStringLiteral("bobs")}));
        QVERIFY(!denied);
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
    }

    void nobodyDeletesThemself()
    {
        QVERIFY(
            test::addOperatorWithRoles(services(), QStringLiteral("second-admin"), {QStringLiteral("Administrator")}));
        auto refused = test::await(services().operators().remove(QStringLiteral("admin")));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Conflict);
        QVERIFY2(refused.error().message.contains(QStringLiteral("themself")), errorText(refused).constData());
        QVERIFY(operatorExists(QStringLiteral("admin")));
        QCOMPARE(events(QStringLiteral("OperatorDelete"), AuditResult::Failed).size(), 1);
    }

    void theLastAdministratorStays()
    {
        // carol holds operators/write through a custom role but not Administrator: she may delete
        // operators, not the last Administrator.
        RoleDefinition role;
        role.name = QStringLiteral("Operator Manager");
        role.actions = {QStringLiteral("operators/*")};
        role.builtIn = false;
        QVERIFY(test::await(services().roles().createRole(role)));
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("carol"), {QStringLiteral("Operator Manager")}));
        QVERIFY(test::switchOperator(services(), QStringLiteral("carol")));
        auto refused = test::await(services().operators().remove(QStringLiteral("admin")));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Conflict);
        QVERIFY2(refused.error().message.contains(QStringLiteral("last enabled operator holding Administrator")),
                 errorText(refused).constData());
        QVERIFY(operatorExists(QStringLiteral("admin")));
        // Another operator she may delete.
        auto removed = test::await(services().operators().remove(QStringLiteral("bob")));
        QVERIFY2(removed, errorText(removed).constData());
    }

    void deleteNeedsOperatorsWrite()
    {
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("dave"), {QStringLiteral("Crypto Auditor")}));
        QVERIFY(test::switchOperator(services(), QStringLiteral("dave")));
        auto denied = test::await(services().operators().remove(QStringLiteral("bob")));
        QVERIFY(!denied);
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
        QVERIFY2(denied.error().message.contains(QStringLiteral("operators/write")), errorText(denied).constData());
        QVERIFY(operatorExists(QStringLiteral("bob")));
        const QList<AuditEvent> audited = events(QStringLiteral("OperatorDelete"), AuditResult::Denied);
        QCOMPARE(audited.size(), 1);
        QCOMPARE(audited.first().details.value(QStringLiteral("missingPermission")).toString(),
                 QStringLiteral("operators/write"));
    }

    void unknownOperatorIsNotFound()
    {
        auto missing = test::await(services().operators().remove(QStringLiteral("zed")));
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, ErrorKind::NotFound);
        QVERIFY(missing.error().message.contains(QStringLiteral("zed")));
    }
};

CUSTOS_REGISTER_TEST(TestOperatorDeletion)
#include "TestOperatorDeletion.moc"
