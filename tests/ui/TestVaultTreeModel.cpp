#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/itemmodels/VaultTreeModel.h"
#include "ui/delegates/VaultIconProxyModel.h"

#include <QAbstractItemModelTester>
#include <QIcon>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using custos::Outcome;
using custos::model::VaultTreeModel;
using NodeKind = custos::model::VaultTreeModel::NodeKind;

class TestVaultTreeModel : public QObject
{
    Q_OBJECT

private:
    static custos::model::VaultCreateRequest request(const QString& name)
    {
        custos::model::VaultCreateRequest r;
        r.name = name;
        return r;
    }

    template <typename F>
    auto run(F f)
    {
        return custos::test::onServices(*m_host, std::move(f));
    }
    Outcome<custos::model::Vault> create(custos::model::VaultCreateRequest r)
    {
        return run([r](custos::model::Services& s) { return s.vaults().create(r); });
    }

    QTemporaryDir m_dir;
    std::unique_ptr<custos::model::ServiceHost> m_host;

private Q_SLOTS:
    void initTestCase()
    {
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
    }

    void cleanupTestCase() { m_host.reset(); }

    void followsTheServiceThroughChanges()
    {
        VaultTreeModel model(*m_host);
        custos::ui::VaultIconProxyModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

        QCOMPARE(model.rowCount(), 2); // the groups, before the first load arrives
        QTRY_COMPARE(resets.count(), 1);
        QVERIFY(!model.isLoading());
        const QModelIndex active = model.groupIndex(NodeKind::ActiveGroup);
        const QModelIndex deleted = model.groupIndex(NodeKind::DeletedGroup);
        QCOMPARE(active.data().toString(), QStringLiteral("Vaults"));
        QCOMPARE(deleted.data().toString(), QStringLiteral("Deleted vaults"));
        QCOMPARE(active.data(VaultTreeModel::NodeKindRole).value<NodeKind>(), NodeKind::ActiveGroup);
        QCOMPARE(model.rowCount(active), 0);
        QCOMPARE(model.columnCount(), 2);

        QVERIFY(create(request(QStringLiteral("alpha"))));
        auto software = request(QStringLiteral("beta"));
        software.protection = custos::model::Protection::Software;
        QVERIFY(create(software));
        // Each change reloads on the service thread (vaultsChanged); the view model follows.
        QTRY_COMPARE(model.rowCount(model.groupIndex(NodeKind::ActiveGroup)), 2);

        const QModelIndex beta = model.indexOf(QStringLiteral("beta"));
        QVERIFY(beta.isValid());
        QCOMPARE(beta.parent(), model.groupIndex(NodeKind::ActiveGroup));
        QCOMPARE(beta.data(VaultTreeModel::VaultNameRole).toString(), QStringLiteral("beta"));
        QCOMPARE(beta.data(VaultTreeModel::NodeKindRole).value<NodeKind>(), NodeKind::ActiveVault);
        QCOMPARE(beta.siblingAtColumn(VaultTreeModel::ProtectionColumn).data().toString(), QStringLiteral("Software"));
        QVERIFY(model.vault(beta));
        QCOMPARE(model.vault(beta)->protection, custos::model::Protection::Software);
        QVERIFY(!model.vault(model.groupIndex(NodeKind::ActiveGroup)));

        // The model itself has no icons; the ui proxy adds them.
        QVERIFY(!beta.data(Qt::DecorationRole).isValid());
        QVERIFY(proxy.mapFromSource(beta).data(Qt::DecorationRole).canConvert<QIcon>());

        QVERIFY(run([](custos::model::Services& s) { return s.vaults().remove(QStringLiteral("alpha")); }));
        QTRY_COMPARE(model.indexOf(QStringLiteral("alpha")).parent(), model.groupIndex(NodeKind::DeletedGroup));
        const QModelIndex alpha = model.indexOf(QStringLiteral("alpha"));
        QCOMPARE(alpha.parent(), model.groupIndex(NodeKind::DeletedGroup));
        QCOMPARE(alpha.data(VaultTreeModel::NodeKindRole).value<NodeKind>(), NodeKind::DeletedVault);
        QVERIFY(alpha.data(VaultTreeModel::IsDeletedRole).toBool());
        QVERIFY(model.vault(alpha)->isDeleted());

        QVERIFY(run([](custos::model::Services& s) { return s.vaults().recover(QStringLiteral("alpha")); }));
        QTRY_COMPARE(model.indexOf(QStringLiteral("alpha")).parent(), model.groupIndex(NodeKind::ActiveGroup));
        QVERIFY(run([](custos::model::Services& s) { return s.vaults().remove(QStringLiteral("alpha")); }));
        QVERIFY(run([](custos::model::Services& s) { return s.vaults().purge(QStringLiteral("alpha")); }));
        QTRY_VERIFY(!model.indexOf(QStringLiteral("alpha")).isValid());

        model.reload();
        QTRY_VERIFY(!model.isLoading());
        QCOMPARE(model.rowCount(model.groupIndex(NodeKind::ActiveGroup)), 1);
        QCOMPARE(model.rowCount(model.groupIndex(NodeKind::DeletedGroup)), 0);
    }

    void overtakenLoadsAreDropped()
    {
        VaultTreeModel model(*m_host);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &VaultTreeModel::loaded);
        // Three loads in flight (the constructor's and two more): only the newest result is shown.
        model.reload();
        model.reload();
        QTRY_COMPARE(loaded.count(), 1);
        QTest::qWait(100);
        QCOMPARE(loaded.count(), 1);
        QVERIFY(!model.isLoading());
        QVERIFY(model.indexOf(QStringLiteral("beta")).isValid());
    }

    void deniedListShowsEmpty()
    {
        QVERIFY(create(request(QStringLiteral("gamma"))));
        // An operator with no role at all may read nothing: the tree is empty, not an error.
        QVERIFY(custos::test::addOperatorWithRoles(*m_host, QStringLiteral("nobody"), {}));
        QVERIFY(custos::test::switchOperator(*m_host, QStringLiteral("nobody")));
        VaultTreeModel model(*m_host);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &VaultTreeModel::loaded);
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowCount(model.groupIndex(NodeKind::ActiveGroup)), 0);
        QCOMPARE(model.rowCount(model.groupIndex(NodeKind::DeletedGroup)), 0);
        QVERIFY(custos::test::switchOperator(*m_host, QStringLiteral("admin")));
        model.reload();
        QTRY_VERIFY(model.indexOf(QStringLiteral("gamma")).isValid());
    }
};

CUSTOS_REGISTER_TEST(TestVaultTreeModel)
#include "TestVaultTreeModel.moc"
