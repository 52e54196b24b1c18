#include "HostedWorkspace.h"
#include "TestRegistry.h"

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
        return custos::test::onServices(*m_host,
                                        [request](custos::model::Services& s) { return s.keys().create(request); });
    }

    QTemporaryDir m_dir;
    std::unique_ptr<custos::model::ServiceHost> m_host;

private Q_SLOTS:
    void initTestCase()
    {
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        custos::model::VaultCreateRequest vault;
        vault.name = QStringLiteral("payments");
        auto created =
            custos::test::onServices(*m_host, [vault](custos::model::Services& s) { return s.vaults().create(vault); });
        QVERIFY2(created, errorText(created).constData());
        auto ec = createKey(QStringLiteral("signing-1"), custos::crypto::KeyKind::Ec, 0, QStringLiteral("P-384"));
        QVERIFY2(ec, errorText(ec).constData());
        auto aes = createKey(QStringLiteral("wrapping-1"), custos::crypto::KeyKind::Aes, 128);
        QVERIFY2(aes, errorText(aes).constData());
    }

    void cleanupTestCase() { m_host.reset(); }

    void listsTheVaultsKeysWithTheirAttributes()
    {
        KeyListModel model(*m_host);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0); // no vault yet
        QSignalSpy loaded(&model, &KeyListModel::loaded);
        model.setVault(QStringLiteral("payments"));
        QVERIFY(model.isLoading());
        QCOMPARE(model.rowCount(), 0); // the rows come from the service thread
        QTRY_COMPARE(loaded.count(), 1);
        QVERIFY(!model.isLoading());
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
        KeyListModel model(*m_host);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setVault(QStringLiteral("payments"));
        QTRY_VERIFY(!model.isLoading());
        const int before = model.rowCount();
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        auto created = createKey(QStringLiteral("signing-2"), custos::crypto::KeyKind::Ec);
        QVERIFY2(created, errorText(created).constData());
        QTRY_COMPARE(model.rowCount(), before + 1);
        QVERIFY(resets.count() >= 1);
        QVERIFY(model.indexOf(QStringLiteral("signing-2")).isValid());
    }

    void anOvertakenLoadIsDropped()
    {
        KeyListModel model(*m_host);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &KeyListModel::loaded);
        // The first vault's load is still on its way when the second is chosen: only the second shows.
        model.setVault(QStringLiteral("payments"));
        model.setVault(QStringLiteral("no-such-vault"));
        QTRY_COMPARE(loaded.count(), 1);
        QTest::qWait(100);
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.loadError().contains(QStringLiteral("no-such-vault")));
    }

    void unknownVaultShowsTheError()
    {
        KeyListModel model(*m_host);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setVault(QStringLiteral("no-such-vault"));
        QTRY_VERIFY(!model.isLoading());
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.loadError().contains(QStringLiteral("no-such-vault")));
    }

    void versionsOfOneKey()
    {
        KeyVersionModel model(*m_host);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setKey(QStringLiteral("payments"), QStringLiteral("signing-1"));
        QTRY_COMPARE(model.rowCount(), 1);
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
        QCOMPARE(model.rowCount(), 0); // at once: never the previous key's versions
        QTRY_VERIFY(!model.isLoading());
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.loadError().isEmpty());
    }
};

CUSTOS_REGISTER_TEST(TestKeyListModel)
#include "TestKeyListModel.moc"
