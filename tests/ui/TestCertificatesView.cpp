#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/itemmodels/CertificateListModel.h"
#include "model/services/ServicePath.h"
#include "model/services/Services.h"
#include "ui/certificates/CertificateDetailPane.h"
#include "ui/certificates/CertificatesView.h"
#include "ui/mainwindow/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

static void initCertificatesViewResources()
{
    Q_INIT_RESOURCE(custos);
}

using custos::model::CertificateListModel;
using custos::ui::MainWindow;

class TestCertificatesView : public QObject
{
    Q_OBJECT

private:
    template <typename F>
    auto run(F f)
    {
        return custos::test::onServices(*m_host, std::move(f));
    }

    void setClock(std::function<QDateTime()> clock)
    {
        auto done = run([clock](custos::model::Services& s) {
            s.path().setClock(clock);
            return true;
        });
        QVERIFY(done);
    }

    void issue(const QString& name, const QString& issuer, const QDateTime& at = {})
    {
        custos::model::CertificateIssueRequest r;
        r.vault = QStringLiteral("web");
        r.name = name;
        r.issuer = issuer;
        r.subject = QStringLiteral("CN=%1.example.test").arg(name);
        r.subjectAltNames = {QStringLiteral("dns:%1.example.test").arg(name), QStringLiteral("ip:127.0.0.1")};
        r.protection = custos::model::Protection::Software;
        if (at.isValid())
            setClock([at] { return at; });
        auto issued = run([r](custos::model::Services& s) { return s.certificates().issue(r); });
        setClock({});
        QVERIFY2(issued, errorText(issued).constData());
    }

    std::unique_ptr<MainWindow> makeWindow()
    {
        auto window = std::make_unique<MainWindow>(*m_host);
        m_testers.clear();
        auto* view = window->certificatesView();
        for (QAbstractItemModel* model : {static_cast<QAbstractItemModel*>(view->certificateModel()),
                                          static_cast<QAbstractItemModel*>(view->filterModel())})
            m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
                model, QAbstractItemModelTester::FailureReportingMode::QtTest));
        window->show();
        [&] { QVERIFY(QTest::qWaitForWindowActive(window.get())); }();
        [&] { QVERIFY(QTest::qWaitFor([&] { return window->selectVault(QStringLiteral("web")); }, 10000)); }();
        window->findChild<QTabWidget*>(QStringLiteral("detailTabWidget"))->setCurrentWidget(view);
        [&] { QTRY_VERIFY(view->certificateModel()->rowCount() >= 3 && !view->certificateModel()->isLoading()); }();
        return window;
    }

    QString cell(CertificateListModel* model, const QString& name, int column)
    {
        const QModelIndex index = model->indexOf(name);
        return model->index(index.row(), column).data().toString();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<custos::model::ServiceHost> m_host;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;

private Q_SLOTS:
    void initTestCase()
    {
        initCertificatesViewResources();
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        custos::model::VaultCreateRequest vault;
        vault.name = QStringLiteral("web");
        vault.protection = custos::model::Protection::Software;
        auto created = run([vault](custos::model::Services& s) { return s.vaults().create(vault); });
        QVERIFY2(created, errorText(created).constData());
        custos::model::CaCreateRequest ca;
        ca.vault = QStringLiteral("web");
        ca.name = QStringLiteral("root");
        ca.subject = QStringLiteral("CN=Test Root CA");
        ca.protection = custos::model::Protection::Software;
        auto root = run([ca](custos::model::Services& s) { return s.certificates().createCa(ca); });
        QVERIFY2(root, errorText(root).constData());
        issue(QStringLiteral("web01"), QStringLiteral("web/root"));
        // Self-signed a year ago less three days: it expires within a week.
        issue(QStringLiteral("soon"), QStringLiteral("Self"),
              QDateTime::currentDateTimeUtc().addMonths(-12).addDays(3));
    }

    void cleanup() { m_testers.clear(); }
    void cleanupTestCase() { m_host.reset(); }

    void listsCertificatesWithStatusText()
    {
        auto window = makeWindow();
        auto* model = window->certificatesView()->certificateModel();
        QCOMPARE(model->rowCount(), 3);
        QCOMPARE(cell(model, QStringLiteral("root"), CertificateListModel::KindColumn), QStringLiteral("CA"));
        QCOMPARE(cell(model, QStringLiteral("web01"), CertificateListModel::KindColumn), QStringLiteral("Certificate"));
        QCOMPARE(cell(model, QStringLiteral("web01"), CertificateListModel::StatusColumn), QStringLiteral("fine"));
        QCOMPARE(cell(model, QStringLiteral("soon"), CertificateListModel::StatusColumn), QStringLiteral("< 7 days"));
        QCOMPARE(cell(model, QStringLiteral("web01"), CertificateListModel::IssuerColumn), QStringLiteral("web/root"));
        QCOMPARE(cell(model, QStringLiteral("web01"), CertificateListModel::SubjectColumn),
                 QStringLiteral("CN=web01.example.test"));
        // The status has an icon as well as its text (never colour alone).
        auto* proxy = window->certificatesView()->filterModel();
        const QModelIndex status = proxy->index(0, CertificateListModel::StatusColumn);
        QVERIFY(!status.data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(!status.data().toString().isEmpty());
        // Sortable: by expiry, "soon" comes first.
        window->certificatesView()->certificateView()->sortByColumn(CertificateListModel::ExpiresColumn,
                                                                    Qt::AscendingOrder);
        QCOMPARE(proxy->index(0, CertificateListModel::NameColumn).data().toString(), QStringLiteral("soon"));
        QVERIFY(window->findChild<QLabel*>(QStringLiteral("certificatesTitleLabel"))
                    ->text()
                    .contains(QStringLiteral("(3)")));
    }

    void filtersAndFocusesWithCtrlF()
    {
        auto window = makeWindow();
        auto* view = window->certificatesView();
        QTest::keyClick(window.get(), Qt::Key_F, Qt::ControlModifier);
        QTRY_COMPARE(QApplication::focusWidget(), view->filterEdit());
        QTest::keyClicks(view->filterEdit(), QStringLiteral("WEB01"));
        QCOMPARE(view->filterModel()->rowCount(), 1);
        QCOMPARE(view->filterModel()->index(0, 0).data().toString(), QStringLiteral("web01"));
        view->filterEdit()->clear();
        QCOMPARE(view->filterModel()->rowCount(), 3);
    }

    void detailShowsSansChainAndExtensions()
    {
        auto window = makeWindow();
        auto* view = window->certificatesView();
        QVERIFY(view->selectCertificate(QStringLiteral("web01")));
        auto* detail = view->detailPane();
        QTRY_VERIFY(!detail->isLoading() && !detail->subjectAltNamesLabel()->text().isEmpty());
        QVERIFY(detail->subjectAltNamesLabel()->text().contains(QStringLiteral("dns:web01.example.test")));
        QVERIFY(detail->subjectAltNamesLabel()->text().contains(QStringLiteral("ip:127.0.0.1")));
        QVERIFY(window->findChild<QLabel*>(QStringLiteral("certificateSubjectLabel"))
                    ->text()
                    .contains(QStringLiteral("web01")));
        QVERIFY(window->findChild<QLabel*>(QStringLiteral("certificateIssuerLabel"))
                    ->text()
                    .contains(QStringLiteral("Test Root CA")));
        QCOMPARE(window->findChild<QLabel*>(QStringLiteral("certificateSha256Label"))->text().count(QLatin1Char(':')),
                 31);
        QVERIFY(!window->findChild<QLabel*>(QStringLiteral("certificateSerialLabel"))->text().isEmpty());
        QCOMPARE(detail->chainTree()->topLevelItemCount(), 2); // the leaf and its root
        QVERIFY(detail->chainTree()->topLevelItem(1)->text(0).contains(QStringLiteral("Test Root CA")));

        const auto sans =
            detail->extensionsTree()->findItems(QStringLiteral("Subject Alternative Name"), Qt::MatchContains);
        QCOMPARE(sans.size(), 1);
        QVERIFY(sans.first()->childCount() >= 1);
        QStringList values;
        for (int i = 0; i < sans.first()->childCount(); ++i)
            values << sans.first()->child(i)->text(0);
        const QString joined = values.join(QLatin1Char('|'));
        QVERIFY2(joined.contains(QStringLiteral("web01.example.test")) && joined.contains(QStringLiteral("127.0.0.1")),
                 qPrintable(joined));
        const auto basic = detail->extensionsTree()->findItems(QStringLiteral("Basic Constraints"), Qt::MatchContains);
        QCOMPARE(basic.size(), 1);
        QCOMPARE(basic.first()->text(1), QStringLiteral("critical"));
    }

    void reloadsWhenACertificateIsIssued()
    {
        auto window = makeWindow();
        auto* model = window->certificatesView()->certificateModel();
        issue(QStringLiteral("web02"), QStringLiteral("web/root"));
        QTRY_VERIFY(model->indexOf(QStringLiteral("web02")).isValid());
        auto removed = run([](custos::model::Services& s) {
            return s.certificates().remove(QStringLiteral("web"), QStringLiteral("web02"));
        });
        QVERIFY2(removed, errorText(removed).constData());
        QTRY_VERIFY(!model->indexOf(QStringLiteral("web02")).isValid());
    }

    void screenshot()
    {
        // Documentation: CUSTOS_SCREENSHOT_CERTIFICATES=docs/screenshots/certificates.png test_ui TestCertificatesView
        const QString path = qEnvironmentVariable("CUSTOS_SCREENSHOT_CERTIFICATES");
        if (path.isEmpty())
            QSKIP("set CUSTOS_SCREENSHOT_CERTIFICATES to a PNG path to write one");
        auto window = makeWindow();
        window->resize(1100, 720);
        QVERIFY(window->certificatesView()->selectCertificate(QStringLiteral("web01")));
        QTRY_VERIFY(!window->certificatesView()->detailPane()->isLoading());
        QTest::qWait(100);
        QVERIFY(window->grab().save(path));
    }
};

CUSTOS_REGISTER_TEST(TestCertificatesView)
#include "TestCertificatesView.moc"
