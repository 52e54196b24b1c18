#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "model/itemmodels/VaultTreeModel.h"
#include "ui/delegates/VaultIconProxyModel.h"

#include <QAbstractItemModelTester>
#include <QIcon>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

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

    QTemporaryDir m_dir;
    std::unique_ptr<custos::test::ReadyWorkspace> m_ready;

private Q_SLOTS:
    void initTestCase()
    {
        m_ready = custos::test::makeReadyWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
    }

    void cleanupTestCase() { m_ready.reset(); }

    void followsTheServiceThroughChanges()
    {
        auto& vaults = m_ready->services->vaults();
        VaultTreeModel model(vaults);
        custos::ui::VaultIconProxyModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

        QCOMPARE(model.rowCount(), 2);
        const QModelIndex active = model.groupIndex(NodeKind::ActiveGroup);
        const QModelIndex deleted = model.groupIndex(NodeKind::DeletedGroup);
        QCOMPARE(active.data().toString(), QStringLiteral("Vaults"));
        QCOMPARE(deleted.data().toString(), QStringLiteral("Deleted vaults"));
        QCOMPARE(active.data(VaultTreeModel::NodeKindRole).value<NodeKind>(), NodeKind::ActiveGroup);
        QCOMPARE(model.rowCount(active), 0);
        QCOMPARE(model.columnCount(), 2);

        QVERIFY(custos::test::await(vaults.create(request(QStringLiteral("alpha")))));
        auto software = request(QStringLiteral("beta"));
        software.protection = custos::model::Protection::Software;
        QVERIFY(custos::test::await(vaults.create(std::move(software))));
        QCOMPARE(resets.count(), 2);
        QCOMPARE(model.rowCount(model.groupIndex(NodeKind::ActiveGroup)), 2);

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

        QVERIFY(custos::test::await(vaults.remove(QStringLiteral("alpha"))));
        const QModelIndex alpha = model.indexOf(QStringLiteral("alpha"));
        QCOMPARE(alpha.parent(), model.groupIndex(NodeKind::DeletedGroup));
        QCOMPARE(alpha.data(VaultTreeModel::NodeKindRole).value<NodeKind>(), NodeKind::DeletedVault);
        QVERIFY(alpha.data(VaultTreeModel::IsDeletedRole).toBool());
        QVERIFY(model.vault(alpha)->isDeleted());

        QVERIFY(custos::test::await(vaults.recover(QStringLiteral("alpha"))));
        QCOMPARE(model.indexOf(QStringLiteral("alpha")).parent(), model.groupIndex(NodeKind::ActiveGroup));
        QVERIFY(custos::test::await(vaults.remove(QStringLiteral("alpha"))));
        QVERIFY(custos::test::await(vaults.purge(QStringLiteral("alpha"))));
        QVERIFY(!model.indexOf(QStringLiteral("alpha")).isValid());

        model.reload();
        QCOMPARE(model.rowCount(model.groupIndex(NodeKind::ActiveGroup)), 1);
        QCOMPARE(model.rowCount(model.groupIndex(NodeKind::DeletedGroup)), 0);
    }

    void deniedListShowsEmpty()
    {
        auto& services = *m_ready->services;
        QVERIFY(custos::test::await(services.vaults().create(request(QStringLiteral("gamma")))));
        // An operator with no role at all may read nothing: the tree is empty, not an error.
        QVERIFY(custos::test::addOperatorWithRoles(services, QStringLiteral("nobody"), {}));
        QVERIFY(custos::test::switchOperator(services, QStringLiteral("nobody")));
        VaultTreeModel model(services.vaults());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowCount(model.groupIndex(NodeKind::ActiveGroup)), 0);
        QCOMPARE(model.rowCount(model.groupIndex(NodeKind::DeletedGroup)), 0);
        QVERIFY(custos::test::switchOperator(services, QStringLiteral("admin")));
        model.reload();
        QVERIFY(model.indexOf(QStringLiteral("gamma")).isValid());
    }
};

CUSTOS_REGISTER_TEST(TestVaultTreeModel)
#include "TestVaultTreeModel.moc"
