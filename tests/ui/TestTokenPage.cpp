#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "crypto/keys/JoseAlgorithm.h"
#include "crypto/keys/MechanismSupport.h"
#include "model/itemmodels/TokenMechanismModel.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/token/TokenPage.h"
#include "ui/widgets/InlineMessage.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QLabel>
#include <QPointer>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using custos::crypto::AlgorithmSupport;
using custos::crypto::JoseAlgorithm;
using custos::crypto::KeyOperation;
using custos::crypto::MechanismRoute;
using custos::crypto::MechanismSupport;
using custos::model::TokenMechanismModel;
using custos::ui::TokenPage;

static void initCustosResources()
{
    Q_INIT_RESOURCE(custos);
}

class TestTokenPage : public QObject
{
    Q_OBJECT

private:
    // The row of `view` (through its proxy) for `algorithm` and `operation`, or -1.
    static int rowOf(const QAbstractItemModel& model, const QString& algorithm, const QString& operation)
    {
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.index(row, TokenMechanismModel::AlgorithmColumn).data().toString() == algorithm &&
                model.index(row, TokenMechanismModel::OperationColumn).data().toString() == operation)
                return row;
        }
        return -1;
    }

    static QString valueText(const TokenPage& page, const char* objectName)
    {
        auto* label = page.findChild<QLabel*>(QLatin1String(objectName));
        return label ? label->text() : QStringLiteral("<no label>");
    }

    QTemporaryDir m_dir;
    std::unique_ptr<custos::model::ServiceHost> m_host;

private Q_SLOTS:
    void initTestCase()
    {
        initCustosResources();
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
    }

    void cleanup()
    {
        if (m_host && !m_host->isLoggedIn())
            QVERIFY(custos::test::switchOperator(*m_host, QStringLiteral("admin")));
    }

    void cleanupTestCase() { m_host.reset(); }

    void modelShowsRoutesAndSortsInAlgorithmOrder()
    {
        TokenMechanismModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(TokenMechanismModel::SortRole);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), int(TokenMechanismModel::ColumnCount));

        // A token with raw ECDSA and PKCS#1 v1.5 RSA only.
        const QList<AlgorithmSupport> support =
            MechanismSupport::fromMechanisms({{CKM_ECDSA, CKF_SIGN}, {CKM_RSA_PKCS, CKF_SIGN | CKF_DECRYPT}}).all();
        model.setSupport(support);
        QCOMPARE(model.rowCount(), int(support.size()));

        const int es256 = rowOf(model, QStringLiteral("ES256"), QStringLiteral("sign"));
        QVERIFY(es256 >= 0);
        QCOMPARE(model.index(es256, TokenMechanismModel::RouteColumn).data().toString(), QStringLiteral("composed"));
        QCOMPARE(model.index(es256, 0).data(TokenMechanismModel::RouteRole).toInt(), int(MechanismRoute::Composed));
        QCOMPARE(model.index(es256, TokenMechanismModel::MechanismsColumn).data().toString(),
                 QStringLiteral("software SHA-256 + CKM_ECDSA"));
        QVERIFY(model.index(es256, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("without taking")));
        QCOMPARE(model.support(model.index(es256, 0))->algorithm, JoseAlgorithm::Es256);

        const int rs256 = rowOf(model, QStringLiteral("RS256"), QStringLiteral("sign"));
        QVERIFY(rs256 >= 0);
        QCOMPARE(model.index(rs256, 0).data(TokenMechanismModel::RouteRole).toInt(), int(MechanismRoute::Native));
        const int ps256 = rowOf(model, QStringLiteral("PS256"), QStringLiteral("sign"));
        QVERIFY(ps256 >= 0);
        QCOMPARE(model.index(ps256, TokenMechanismModel::RouteColumn).data().toString(), QStringLiteral("unavailable"));

        // Sorted by algorithm in JOSE order, not alphabetically: RS256 before ES256 before A128GCM.
        proxy.sort(TokenMechanismModel::AlgorithmColumn, Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("RS256"));
        QVERIFY(rowOf(proxy, QStringLiteral("RS512"), QStringLiteral("sign")) <
                rowOf(proxy, QStringLiteral("ES256"), QStringLiteral("sign")));
        QVERIFY(rowOf(proxy, QStringLiteral("ES512"), QStringLiteral("sign")) <
                rowOf(proxy, QStringLiteral("A128GCM"), QStringLiteral("encrypt")));
        // By route, descending: the unavailable ones first, the native ones last.
        proxy.sort(TokenMechanismModel::RouteColumn, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, 0).data(TokenMechanismModel::RouteRole).toInt(), int(MechanismRoute::Unavailable));
        QCOMPARE(proxy.index(proxy.rowCount() - 1, 0).data(TokenMechanismModel::RouteRole).toInt(),
                 int(MechanismRoute::Native));

        QVERIFY(!model.support(QModelIndex()));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void pageShowsTheTokenAndItsAlgorithms()
    {
        auto expected = custos::test::onServices(*m_host, [](custos::model::Services& s) { return s.tokens().info(); });
        QVERIFY2(expected, errorText(expected).constData());
        QVERIFY(!expected->label.isEmpty());

        TokenPage page(*m_host);
        QSignalSpy loaded(&page, &TokenPage::loaded);
        page.show();
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 10000);
        QVERIFY(!page.isLoading());
        QCOMPARE(valueText(page, "tokenLabelValue"), expected->label);
        QCOMPARE(valueText(page, "tokenManufacturerValue"), expected->manufacturer);
        QCOMPARE(valueText(page, "tokenSerialValue"), expected->serial);
        QCOMPARE(valueText(page, "tokenKeyObjectsValue"), QString::number(expected->keyObjects));
        QVERIFY(valueText(page, "tokenKindValue").startsWith(QStringLiteral("Embedded")));
        QVERIFY(!page.findChild<custos::ui::InlineMessage*>(QStringLiteral("tokenMessage"))->isVisible());

        // SoftHSM2 has no hashing ECDSA mechanism: ES256 is composed from a software hash + CKM_ECDSA.
        QTableView* table = page.mechanismView();
        QVERIFY(table->model()->rowCount() > 0);
        const int es256 = rowOf(*table->model(), QStringLiteral("ES256"), QStringLiteral("sign"));
        QVERIFY(es256 >= 0);
        QCOMPARE(table->model()->index(es256, TokenMechanismModel::RouteColumn).data().toString(),
                 QStringLiteral("composed"));
        QCOMPARE(table->model()->index(es256, 0).data(TokenMechanismModel::RouteRole).toInt(),
                 int(MechanismRoute::Composed));
        QVERIFY(page.findChild<QLabel*>(QStringLiteral("routeExplanationLabel"))
                    ->text()
                    .contains(QStringLiteral("without taking the private key out")));

        // Keyboard: the table takes focus and the header sorts it.
        QVERIFY(table->focusPolicy() & Qt::TabFocus);
        QVERIFY(table->isSortingEnabled());
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Down);
        QVERIFY(table->currentIndex().isValid());
    }

    void menuActionOpensThePageAndEscapeClosesIt()
    {
        custos::ui::MainWindow window(*m_host);
        window.show();
        auto* action = window.findChild<QAction*>(QStringLiteral("tokenAction"));
        QVERIFY(action);
        QVERIFY(action->isEnabled());
        action->trigger();
        QPointer<TokenPage> page;
        QTRY_VERIFY((page = window.findChild<TokenPage*>(QStringLiteral("tokenPage"))) && page->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(!page->isLoading() && page->mechanismView()->model()->rowCount() > 0, 10000);
        QVERIFY(!valueText(*page, "tokenLabelValue").isEmpty());

        // A second trigger raises the same page rather than opening another.
        action->trigger();
        QCOMPARE(window.findChildren<TokenPage*>().size(), 1);

        QTest::keyClick(page->mechanismView(), Qt::Key_Escape);
        QTRY_VERIFY(!page->isVisible());

        // Opened again, the same page reads the token again.
        QSignalSpy loaded(page.data(), &TokenPage::loaded);
        action->trigger();
        QCOMPARE(window.findChild<TokenPage*>(QStringLiteral("tokenPage")), page.data());
        QVERIFY(page->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!page->isLoading() && page->mechanismView()->model()->rowCount() > 0, 10000);
        QVERIFY(!valueText(*page, "tokenLabelValue").isEmpty());
    }

    void screenshot()
    {
        // Documentation: CUSTOS_TOKEN_SCREENSHOT=/path/token.png test_ui TestTokenPage
        const QString path = qEnvironmentVariable("CUSTOS_TOKEN_SCREENSHOT");
        if (path.isEmpty())
            QSKIP("set CUSTOS_TOKEN_SCREENSHOT to a PNG path to write one");
        TokenPage page(*m_host);
        page.show();
        QTRY_VERIFY_WITH_TIMEOUT(page.mechanismView()->model()->rowCount() > 0, 10000);
        QTest::qWait(100);
        QVERIFY(page.grab().save(path));
    }

    void showsTheErrorWhenTheTokenCannotBeRead()
    {
        QVERIFY(custos::test::await(m_host->logout()));
        TokenPage page(*m_host);
        QSignalSpy loaded(&page, &TokenPage::loaded);
        page.show();
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 10000);
        auto* message = page.findChild<custos::ui::InlineMessage*>(QStringLiteral("tokenMessage"));
        QVERIFY(message->isVisible());
        QVERIFY(message->isError());
        QVERIFY2(message->text().startsWith(QStringLiteral("Could not read the token: ")), qPrintable(message->text()));
        QCOMPARE(page.mechanismView()->model()->rowCount(), 0);
        QVERIFY(valueText(page, "tokenLabelValue").isEmpty());
    }
};

CUSTOS_REGISTER_TEST(TestTokenPage)
#include "TestTokenPage.moc"
