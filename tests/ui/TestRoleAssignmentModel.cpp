#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/itemmodels/RoleAssignmentModel.h"
#include "model/itemmodels/RoleDefinitionModel.h"
#include "model/itemmodels/SodReportModel.h"
#include "model/services/ServicePath.h"
#include "model/services/Services.h"
#include "ui/access/AssignmentFilterModel.h"
#include "ui/access/RolePermissionTree.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using custos::model::RoleAssignmentModel;
using custos::model::RoleDefinitionModel;
using custos::model::SodReportModel;

// The access item models over a hosted workspace: what they load, expired assignments, reloads on
// changes, the assignment filter, and the permission tree's patterns.
class TestRoleAssignmentModel : public QObject
{
    Q_OBJECT

private:
    template <typename F>
    auto run(F f)
    {
        return custos::test::onServices(*m_host, std::move(f));
    }

    static QStringList column(const QAbstractItemModel& model, int column)
    {
        QStringList out;
        for (int row = 0; row < model.rowCount(); ++row)
            out << model.index(row, column).data().toString();
        return out;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<custos::model::ServiceHost> m_host;

private Q_SLOTS:
    void initTestCase()
    {
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        auto added = custos::test::addOperatorWithRoles(
            *m_host, QStringLiteral("erin"), {QStringLiteral("Crypto User")}, QStringLiteral("/vaults/payments"));
        QVERIFY2(added, errorText(added).constData());
        auto group = run([](custos::model::Services& s) -> QCoro::Task<custos::Outcome<void>> {
            auto adding = s.groups().addGroup(QStringLiteral("signers"));
            auto added = co_await adding;
            if (!added)
                co_return added.error();
            auto assigning = s.roles().assign(QStringLiteral("signers"), QStringLiteral("Crypto User"),
                                              QStringLiteral("/vaults/payments/keys/k1"));
            auto assigned = co_await assigning;
            if (!assigned)
                co_return assigned.error();
            co_return custos::Outcome<void>{};
        });
        QVERIFY2(group, errorText(group).constData());
    }

    void cleanupTestCase() { m_host.reset(); }

    void roleDefinitionModelListsBuiltInThenCustom()
    {
        RoleDefinitionModel model(*m_host);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(model.rowCount(), int(custos::model::builtInRoles().size()));
        QCOMPARE(model.definitionNames().first(), QStringLiteral("Administrator"));
        QVERIFY(model.index(0, 0).data(RoleDefinitionModel::IsBuiltInRole).toBool());
        QSignalSpy loaded(&model, &RoleDefinitionModel::loaded);
        custos::model::RoleDefinition custom;
        custom.name = QStringLiteral("Auditor Lite");
        custom.actions = {QStringLiteral("audit/read")};
        auto created = run([custom](custos::model::Services& s) { return s.roles().createRole(custom); });
        QVERIFY2(created, errorText(created).constData());
        // Reloads by itself after the change (rolesChanged → accessChanged).
        QTRY_VERIFY(model.indexOf(QStringLiteral("Auditor Lite")).isValid());
        QCOMPARE(model.definitionNames().last(), QStringLiteral("Auditor Lite"));
        const QModelIndex row = model.indexOf(QStringLiteral("Auditor Lite"));
        QVERIFY(!row.data(RoleDefinitionModel::IsBuiltInRole).toBool());
        QCOMPARE(row.siblingAtColumn(RoleDefinitionModel::KindColumn).data().toString(), QStringLiteral("Custom"));
        QVERIFY(loaded.count() >= 1);
    }

    void assignmentModelShowsKindsAndExpiredOnes()
    {
        // An assignment that expired a day ago: made with the service clock two days back.
        const QDateTime expired = QDateTime::currentDateTimeUtc().addDays(-1);
        auto made =
            run([expired](custos::model::Services& s) -> QCoro::Task<custos::Outcome<custos::model::RoleAssignment>> {
                s.path().setClock([] { return QDateTime::currentDateTimeUtc().addDays(-2); });
                auto assigning = s.roles().assign(QStringLiteral("erin"), QStringLiteral("Certificate User"),
                                                  QStringLiteral("/"), expired);
                auto assigned = co_await assigning;
                s.path().setClock({});
                co_return assigned;
            });
        QVERIFY2(made, errorText(made).constData());

        RoleAssignmentModel model(*m_host);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        custos::ui::AssignmentFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY(
            model.indexOf(QStringLiteral("erin"), QStringLiteral("Certificate User"), QStringLiteral("/")).isValid());

        const QModelIndex old =
            model.indexOf(QStringLiteral("erin"), QStringLiteral("Certificate User"), QStringLiteral("/"));
        QCOMPARE(old.siblingAtColumn(RoleAssignmentModel::StatusColumn).data().toString(), QStringLiteral("expired"));
        QVERIFY(old.data(RoleAssignmentModel::IsExpiredRole).toBool());
        QVERIFY(old.siblingAtColumn(RoleAssignmentModel::StatusColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("no longer grants")));
        // Text and an icon, never colour alone.
        const QModelIndex shown = filter.mapFromSource(old.siblingAtColumn(RoleAssignmentModel::StatusColumn));
        QVERIFY(!shown.data(Qt::DecorationRole).value<QIcon>().isNull());
        const QModelIndex active =
            model.indexOf(QStringLiteral("erin"), QStringLiteral("Crypto User"), QStringLiteral("/vaults/payments"));
        QCOMPARE(active.siblingAtColumn(RoleAssignmentModel::StatusColumn).data().toString(), QStringLiteral("active"));
        QCOMPARE(active.siblingAtColumn(RoleAssignmentModel::ExpiresColumn).data().toString(), QStringLiteral("never"));
        QVERIFY(!filter.mapFromSource(active.siblingAtColumn(RoleAssignmentModel::StatusColumn))
                     .data(Qt::DecorationRole)
                     .isValid());
        QCOMPARE(active.siblingAtColumn(RoleAssignmentModel::KindColumn).data().toString(), QStringLiteral("operator"));
        const QModelIndex group = model.indexOf(QStringLiteral("signers"), QStringLiteral("Crypto User"),
                                                QStringLiteral("/vaults/payments/keys/k1"));
        QCOMPARE(group.siblingAtColumn(RoleAssignmentModel::KindColumn).data().toString(), QStringLiteral("group"));
        QCOMPARE(group.data(RoleAssignmentModel::IsGroupRole).toBool(), true);

        // Filters: by principal, and by a scope (what applies there, and what lies below it).
        filter.setPrincipalFilter(QStringLiteral("ERI"));
        QCOMPARE(filter.rowCount(), 2);
        filter.setPrincipalFilter(QString());
        filter.setScopeFilter(QStringLiteral("/vaults/payments/keys/k1"));
        QStringList principals = column(filter, RoleAssignmentModel::PrincipalColumn);
        principals.sort();
        // admin's roles at "/", erin's at the vault and "/", the group's at the key.
        QVERIFY(principals.contains(QStringLiteral("signers")));
        QVERIFY(principals.contains(QStringLiteral("erin")));
        QVERIFY(principals.contains(QStringLiteral("admin")));
        filter.setScopeFilter(QStringLiteral("/vaults/payments"));
        QVERIFY(column(filter, RoleAssignmentModel::ScopeColumn).contains(QStringLiteral("/vaults/payments/keys/k1")));
        filter.setScopeFilter(QStringLiteral("/vaults/other"));
        QVERIFY(!column(filter, RoleAssignmentModel::PrincipalColumn).contains(QStringLiteral("signers")));
        QVERIFY(column(filter, RoleAssignmentModel::ScopeColumn).contains(QStringLiteral("/")));
        filter.setScopeFilter(QStringLiteral("keys/k"));
        QCOMPARE(column(filter, RoleAssignmentModel::PrincipalColumn), QStringList({QStringLiteral("signers")}));

        // Reloads after a change made elsewhere.
        auto removed = run([](custos::model::Services& s) {
            return s.roles().unassign(QStringLiteral("signers"), QStringLiteral("Crypto User"),
                                      QStringLiteral("/vaults/payments/keys/k1"));
        });
        QVERIFY2(removed, errorText(removed).constData());
        QTRY_VERIFY(!model
                         .indexOf(QStringLiteral("signers"), QStringLiteral("Crypto User"),
                                  QStringLiteral("/vaults/payments/keys/k1"))
                         .isValid());
        QCOMPARE(filter.rowCount(), 0);
    }

    void sodReportModelListsFindings()
    {
        SodReportModel model(*m_host);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY(model.rowCount() >= 2);
        QStringList roles = column(model, SodReportModel::RolesColumn);
        QVERIFY(roles.contains(QStringLiteral("Administrator + Crypto User")));
        QVERIFY(roles.contains(QStringLiteral("Crypto Officer + Crypto User")));
        QCOMPARE(column(model, SodReportModel::PrincipalColumn).count(QStringLiteral("admin")), 2);
        auto finding = model.finding(model.index(0, 0));
        QVERIFY(finding);
        QVERIFY(!model.index(0, SodReportModel::FindingColumn).data().toString().isEmpty());
        // An assignment expiring within the window is a finding of its own.
        const QDateTime soon = QDateTime::currentDateTimeUtc().addDays(2);
        auto assigned = run([soon](custos::model::Services& s) {
            return s.roles().assign(QStringLiteral("erin"), QStringLiteral("Backup User"), QStringLiteral("/"), soon);
        });
        QVERIFY2(assigned, errorText(assigned).constData());
        QTRY_VERIFY(column(model, SodReportModel::KindColumn).contains(QStringLiteral("Expiring assignment")));
        model.setExpiringWithinDays(1);
        QTRY_VERIFY(!model.isLoading());
        QVERIFY(!column(model, SodReportModel::KindColumn).contains(QStringLiteral("Expiring assignment")));
    }

    void modelsSayWhyTheyAreEmptyWithoutPermission()
    {
        auto added =
            custos::test::addOperatorWithRoles(*m_host, QStringLiteral("frank"), {QStringLiteral("Certificate User")});
        QVERIFY2(added, errorText(added).constData());
        auto switched = custos::test::switchOperator(*m_host, QStringLiteral("frank"));
        QVERIFY2(switched, errorText(switched).constData());
        RoleAssignmentModel assignments(*m_host);
        RoleDefinitionModel roles(*m_host);
        SodReportModel sod(*m_host);
        QCOMPARE(assignments.rowCount(), 0);
        QVERIFY(assignments.loadError().contains(QStringLiteral("roleAssignments/read/action")));
        QVERIFY(roles.loadError().contains(QStringLiteral("roleDefinitions/read/action")));
        QVERIFY(sod.loadError().contains(QStringLiteral("roleAssignments/read/action")));
        switched = custos::test::switchOperator(*m_host, QStringLiteral("admin"));
        QVERIFY2(switched, errorText(switched).constData());
    }

    void permissionTreeWritesPatterns()
    {
        custos::ui::RolePermissionTree tree;
        tree.setPatterns({QStringLiteral("keys/*")}, {QStringLiteral("keys/export/action")});
        // keys/* covers the deleted keys too: one pattern again.
        QCOMPARE(tree.actions(), QStringList({QStringLiteral("keys/*")}));
        QCOMPARE(tree.notActions(), QStringList({QStringLiteral("keys/export/action")}));
        QCOMPARE(tree.permissionItem(QStringLiteral("keys/deletedKeys/delete"))
                     ->checkState(custos::ui::RolePermissionTree::GrantColumn),
                 Qt::Checked);
        tree.permissionItem(QStringLiteral("keys/deletedKeys/delete"))
            ->setCheckState(custos::ui::RolePermissionTree::GrantColumn, Qt::Unchecked);
        const QStringList actions = tree.actions();
        QVERIFY(!actions.contains(QStringLiteral("keys/*")));
        QVERIFY(actions.contains(QStringLiteral("keys/sign/action")));
        QVERIFY(!actions.contains(QStringLiteral("keys/deletedKeys/delete")));
        QCOMPARE(custos::ui::RolePermissionTree::groupName(QStringLiteral("keys/deletedKeys/read/action")),
                 QStringLiteral("deleted keys"));
        QCOMPARE(custos::ui::RolePermissionTree::groupName(QStringLiteral("restore/start/action")),
                 QStringLiteral("backup"));
    }
};

CUSTOS_REGISTER_TEST(TestRoleAssignmentModel)
#include "TestRoleAssignmentModel.moc"
