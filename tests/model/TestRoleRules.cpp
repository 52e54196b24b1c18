#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "model/services/ServicePath.h"
#include "model/session/Session.h"

#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::model;

// ROLES.md's rules that hold whatever the assignments.
class TestRoleRules : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;
    Services& services() { return *m_ready->services; }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void nobodyAssignsARoleToThemselves()
    {
        auto self = test::await(
            services().roles().assign(QStringLiteral("admin"), QStringLiteral("Backup User"), QStringLiteral("/")));
        QVERIFY(!self);
        QCOMPARE(self.error().kind, ErrorKind::Denied);
        QVERIFY(self.error().message.contains(QStringLiteral("themselves")));
    }

    void lastAdministratorStays()
    {
        auto unassign = test::await(
            services().roles().unassign(QStringLiteral("admin"), QStringLiteral("Administrator"), QStringLiteral("/")));
        QVERIFY(!unassign);
        QVERIFY2(unassign.error().message.contains(QStringLiteral("last enabled operator holding Administrator")),
                 qPrintable(unassign.error().message));
        auto disable = test::await(services().operators().setEnabled(QStringLiteral("admin"), false));
        QVERIFY(!disable);
        QVERIFY(disable.error().message.contains(QStringLiteral("last enabled operator")));

        // With a second Administrator, the first one can go.
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("second"), {QStringLiteral("Administrator")}));
        QVERIFY(test::await(services().operators().setEnabled(QStringLiteral("admin"), false)));
        // A disabled Administrator does not count: now "second" is the last one.
        QVERIFY(test::switchOperator(services(), QStringLiteral("second")));
        auto last = test::await(services().operators().setEnabled(QStringLiteral("second"), false));
        QVERIFY(!last);
    }

    void administratorIsNeverTimeBound()
    {
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("temp"), {}));
        auto bounded =
            test::await(services().roles().assign(QStringLiteral("temp"), QStringLiteral("Administrator"),
                                                  QStringLiteral("/"), QDateTime::currentDateTimeUtc().addDays(1)));
        QVERIFY(!bounded);
        QVERIFY(bounded.error().message.contains(QStringLiteral("time-bound")));
    }

    void expiredAssignmentsStopCountingAtOnce()
    {
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("temp"), {}));
        const QDateTime expiry = QDateTime::currentDateTimeUtc().addSecs(3600);
        QVERIFY(test::await(services().roles().assign(QStringLiteral("temp"), QStringLiteral("Crypto Auditor"),
                                                      QStringLiteral("/"), expiry)));
        QVERIFY(test::switchOperator(services(), QStringLiteral("temp")));
        QVERIFY(services().vaults().list());
        services().path().setClock([expiry]() { return expiry.addSecs(1); });
        QVERIFY(test::await(services().vaults().create({QStringLiteral("visible")})).error().kind == ErrorKind::Denied);
        auto audit = services().audit().verify();
        QVERIFY(!audit);
        QVERIFY(audit.error().message.contains(QStringLiteral("audit/verify")));
    }

    void assignmentInputIsChecked()
    {
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("temp"), {}));
        auto unknownRole = test::await(
            services().roles().assign(QStringLiteral("temp"), QStringLiteral("Overlord"), QStringLiteral("/")));
        QCOMPARE(unknownRole.error().kind, ErrorKind::Invalid);
        auto badScope = test::await(services().roles().assign(QStringLiteral("temp"), QStringLiteral("Crypto User"),
                                                              QStringLiteral("/vaults")));
        QVERIFY(badScope.error().message.contains(QStringLiteral("invalid scope")));
        auto nobody = test::await(
            services().roles().assign(QStringLiteral("ghost"), QStringLiteral("Crypto User"), QStringLiteral("/")));
        QCOMPARE(nobody.error().kind, ErrorKind::NotFound);
        QVERIFY(test::await(services().roles().assign(QStringLiteral("temp"), QStringLiteral("crypto user"),
                                                      QStringLiteral("/vaults/pay"))));
        auto twice = test::await(services().roles().assign(QStringLiteral("temp"), QStringLiteral("Crypto User"),
                                                           QStringLiteral("/vaults/pay")));
        QCOMPARE(twice.error().kind, ErrorKind::Conflict);
        auto listed = services().roles().assignments(QStringLiteral("temp"));
        QVERIFY(listed);
        QCOMPARE(listed->size(), 1);
        QCOMPARE(listed->first().role, QStringLiteral("Crypto User"));
        QCOMPARE(listed->first().createdBy, QStringLiteral("admin"));
    }
};

CUSTOS_REGISTER_TEST(TestRoleRules)
#include "TestRoleRules.moc"
