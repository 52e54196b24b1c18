#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "model/itemmodels/KeyListModel.h"
#include "model/itemmodels/KeyVersionModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using custos::model::KeyListModel;
using custos::model::KeyVersionModel;

class TestKeyListModel : public QObject
{
    Q_OBJECT

private:
    custos::Outcome<custos::model::KeyRecord> createKey(const QString& name, custos::crypto::KeyKind kind, int size = 0,
                                                        const QString& curve = {})
    {
        custos::model::KeyCreateRequest request;
        request.vault = QStringLiteral("payments");
        request.name = name;
        request.kty = kind;
        request.size = size;
        request.curve = curve;
        return custos::test::await(m_ready->services->keys().create(request));
    }

    QTemporaryDir m_dir;
    std::unique_ptr<custos::test::ReadyWorkspace> m_ready;

private Q_SLOTS:
    void initTestCase()
    {
        m_ready = custos::test::makeReadyWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
        custos::model::VaultCreateRequest vault;
        vault.name = QStringLiteral("payments");
        auto created = custos::test::await(m_ready->services->vaults().create(vault));
        QVERIFY2(created, errorText(created).constData());
        auto ec = createKey(QStringLiteral("signing-1"), custos::crypto::KeyKind::Ec, 0, QStringLiteral("P-384"));
        QVERIFY2(ec, errorText(ec).constData());
        auto aes = createKey(QStringLiteral("wrapping-1"), custos::crypto::KeyKind::Aes, 128);
        QVERIFY2(aes, errorText(aes).constData());
    }

    void cleanupTestCase() { m_ready.reset(); }

    void listsTheVaultsKeysWithTheirAttributes()
    {
        KeyListModel model(m_ready->services->keys());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0); // no vault yet
        model.setVault(QStringLiteral("payments"));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(KeyListModel::ColumnCount));
        QVERIFY(model.loadError().isEmpty());

        const QModelIndex ec = model.indexOf(QStringLiteral("signing-1"));
        QVERIFY(ec.isValid());
        auto text = [&](int column) { return model.index(ec.row(), column).data().toString(); };
        QCOMPARE(text(KeyListModel::NameColumn), QStringLiteral("signing-1"));
        QCOMPARE(text(KeyListModel::TypeColumn), QStringLiteral("EC"));
        QCOMPARE(text(KeyListModel::SizeColumn), QStringLiteral("P-384"));
        QCOMPARE(text(KeyListModel::VersionColumn), QStringLiteral("1"));
        QCOMPARE(text(KeyListModel::EnabledColumn), QStringLiteral("Yes"));
        QCOMPARE(text(KeyListModel::ExpiresColumn), QStringLiteral("never"));
        QCOMPARE(text(KeyListModel::ProtectionColumn), QStringLiteral("HSM"));
        QCOMPARE(model.index(ec.row(), 0).data(KeyListModel::KeyNameRole).toString(), QStringLiteral("signing-1"));
        QCOMPARE(model.index(ec.row(), 0).data(KeyListModel::IsDeletedRole).toBool(), false);
        QVERIFY(model.index(ec.row(), 0)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .startsWith(QStringLiteral("/vaults/payments/keys/signing-1/")));

        const QModelIndex aes = model.indexOf(QStringLiteral("wrapping-1"));
        QCOMPARE(model.index(aes.row(), KeyListModel::TypeColumn).data().toString(), QStringLiteral("oct"));
        QCOMPARE(model.index(aes.row(), KeyListModel::SizeColumn).data().toString(), QStringLiteral("128"));
        QCOMPARE(model.key(aes)->name, QStringLiteral("wrapping-1"));
        QVERIFY(!model.key(QModelIndex()));
        QCOMPARE(model.headerData(KeyListModel::SizeColumn, Qt::Horizontal).toString(), QStringLiteral("Size/Curve"));
    }

    void reloadsWhenKeysChange()
    {
        KeyListModel model(m_ready->services->keys());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setVault(QStringLiteral("payments"));
        const int before = model.rowCount();
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        auto created = createKey(QStringLiteral("signing-2"), custos::crypto::KeyKind::Ec);
        QVERIFY2(created, errorText(created).constData());
        QVERIFY(resets.count() >= 1);
        QCOMPARE(model.rowCount(), before + 1);
        QVERIFY(model.indexOf(QStringLiteral("signing-2")).isValid());
    }

    void unknownVaultShowsTheError()
    {
        KeyListModel model(m_ready->services->keys());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setVault(QStringLiteral("no-such-vault"));
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.loadError().contains(QStringLiteral("no-such-vault")));
    }

    void versionsOfOneKey()
    {
        KeyVersionModel model(m_ready->services->keys());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setKey(QStringLiteral("payments"), QStringLiteral("signing-1"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.columnCount(), int(KeyVersionModel::ColumnCount));
        const QModelIndex first = model.index(0, KeyVersionModel::SeqColumn);
        QCOMPARE(first.data().toInt(), 1);
        QVERIFY(first.data(KeyVersionModel::IsCurrentRole).toBool());
        const QString id = model.index(0, KeyVersionModel::IdColumn).data().toString();
        QCOMPARE(id.size(), 32);
        QCOMPARE(model.indexOf(id).row(), 0);
        QCOMPARE(model.index(0, KeyVersionModel::EnabledColumn).data().toString(), QStringLiteral("Yes"));
        QVERIFY(!model.index(0, KeyVersionModel::CreatedColumn).data().toString().isEmpty());
        QCOMPARE(model.version(first)->id, id);
        model.setKey(QStringLiteral("payments"), QStringLiteral("missing"));
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.loadError().isEmpty());
    }
};

CUSTOS_REGISTER_TEST(TestKeyListModel)
#include "TestKeyListModel.moc"
