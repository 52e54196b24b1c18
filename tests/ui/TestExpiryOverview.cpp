#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/itemmodels/ExpiryOverviewModel.h"
#include "model/services/ServicePath.h"
#include "model/services/Services.h"
#include "ui/certificates/ExpiryOverviewDialog.h"
#include "ui/certificates/ExpiryTimeline.h"
#include "ui/mainwindow/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

static void initExpiryOverviewResources()
{
    Q_INIT_RESOURCE(custos);
}

using custos::model::ExpiryItem;
using custos::model::ExpiryOverviewModel;
using custos::model::ExpiryStatus;
using custos::ui::MainWindow;

class TestExpiryOverview : public QObject
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

    void issueSelfSigned(const QString& vault, const QString& name, const QDateTime& at)
    {
        custos::model::CertificateIssueRequest r;
        r.vault = vault;
        r.name = name;
        r.issuer = QStringLiteral("Self");
        r.subject = QStringLiteral("CN=%1.example.test").arg(name);
        r.subjectAltNames = {QStringLiteral("dns:%1.example.test").arg(name)};
        r.protection = custos::model::Protection::Software;
        setClock([at] { return at; });
        auto issued = run([r](custos::model::Services& s) { return s.certificates().issue(r); });
        setClock({});
        QVERIFY2(issued, errorText(issued).constData());
    }

    void createVault(const QString& name)
    {
        custos::model::VaultCreateRequest vault;
        vault.name = name;
        vault.protection = custos::model::Protection::Software;
        auto created = run([vault](custos::model::Services& s) { return s.vaults().create(vault); });
        QVERIFY2(created, errorText(created).constData());
    }

    void createKey(const QString& name, const QDateTime& expires)
    {
        custos::model::KeyCreateRequest request;
        request.vault = QStringLiteral("pay");
        request.name = name;
        request.expires = expires;
        auto created = run([request](custos::model::Services& s) { return s.keys().create(request); });
        QVERIFY2(created, errorText(created).constData());
    }

    std::unique_ptr<MainWindow> makeWindow()
    {
        auto window = std::make_unique<MainWindow>(*m_host);
        m_testers.clear();
        m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
            window->expiryModel(), QAbstractItemModelTester::FailureReportingMode::QtTest));
        window->show();
        [&] { QVERIFY(QTest::qWaitForWindowActive(window.get())); }();
        [&] { QTRY_VERIFY(window->expiryModel()->rowCount() >= 5 && !window->expiryModel()->isLoading()); }();
        return window;
    }

    static const ExpiryItem* find(const ExpiryOverviewModel& model, ExpiryItem::Kind kind, const QString& name)
    {
        for (const ExpiryItem& item : model.items()) {
            if (item.kind == kind && item.name == name)
                return &item;
        }
        return nullptr;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<custos::model::ServiceHost> m_host;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;

private Q_SLOTS:
    void initTestCase()
    {
        initExpiryOverviewResources();
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        createVault(QStringLiteral("web"));
        createVault(QStringLiteral("pay"));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        issueSelfSigned(QStringLiteral("web"), QStringLiteral("fresh"), now);
        issueSelfSigned(QStringLiteral("web"), QStringLiteral("soon"), now.addMonths(-12).addDays(3));
        // A CA whose CRL is next updated in 7 days (its crlDays).
        custos::model::CaCreateRequest ca;
        ca.vault = QStringLiteral("web");
        ca.name = QStringLiteral("root");
        ca.subject = QStringLiteral("CN=Overview Root CA");
        ca.protection = custos::model::Protection::Software;
        auto root = run([ca](custos::model::Services& s) { return s.certificates().createCa(ca); });
        QVERIFY2(root, errorText(root).constData());
        auto crl = run([](custos::model::Services& s) {
            return s.certificates().issueCrl(QStringLiteral("web"), QStringLiteral("root"));
        });
        QVERIFY2(crl, errorText(crl).constData());
        createKey(QStringLiteral("rotating"), now.addDays(20));
        createKey(QStringLiteral("forever"), {});
    }

    void cleanup() { m_testers.clear(); }
    void cleanupTestCase() { m_host.reset(); }

    void collectsCertificatesKeysAndCrls()
    {
        auto window = makeWindow();
        const ExpiryOverviewModel& model = *window->expiryModel();
        QCOMPARE(model.rowCount(), 5); // fresh, soon, root, root's CRL, rotating
        const ExpiryItem* soon = find(model, ExpiryItem::Kind::Certificate, QStringLiteral("soon"));
        QVERIFY(soon);
        QCOMPARE(soon->status, ExpiryStatus::Critical);
        QCOMPARE(soon->vault, QStringLiteral("web"));
        QCOMPARE(find(model, ExpiryItem::Kind::Certificate, QStringLiteral("fresh"))->status, ExpiryStatus::Fine);
        const ExpiryItem* crl = find(model, ExpiryItem::Kind::CrlNextUpdate, QStringLiteral("root"));
        QVERIFY(crl);
        QCOMPARE(crl->status, ExpiryStatus::Critical);
        const ExpiryItem* key = find(model, ExpiryItem::Kind::Key, QStringLiteral("rotating"));
        QVERIFY(key);
        QCOMPARE(key->status, ExpiryStatus::Warning);
        QCOMPARE(key->vault, QStringLiteral("pay"));
        QVERIFY(!find(model, ExpiryItem::Kind::Key, QStringLiteral("forever"))); // no expiry
        QVERIFY(!find(model, ExpiryItem::Kind::Key, QStringLiteral("soon")));    // listed as its certificate
        // The status bar counts what expires within 30 days, in words.
        QCOMPARE(model.dueSoonCount(), 3);
        QVERIFY(window->expiryStatusLabel()->isVisible());
        QCOMPARE(window->expiryStatusLabel()->text(), QStringLiteral("3 expiring within 30 days"));
    }

    void sortsByDaysLeftAndFiltersByStatus()
    {
        auto window = makeWindow();
        window->expiryOverviewAction()->trigger();
        auto* dialog = window->findChild<custos::ui::ExpiryOverviewDialog*>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible() && !window->expiryModel()->isLoading());
        m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
            dialog->filterModel(), QAbstractItemModelTester::FailureReportingMode::QtTest));
        auto* proxy = dialog->filterModel();
        QTRY_COMPARE(proxy->rowCount(), 5);
        const auto nameAt = [proxy](int row) {
            return proxy->index(row, ExpiryOverviewModel::NameColumn).data().toString();
        };
        dialog->tableView()->sortByColumn(ExpiryOverviewModel::DaysLeftColumn, Qt::AscendingOrder);
        QCOMPARE(nameAt(0), QStringLiteral("soon"));
        QCOMPARE(proxy->index(0, ExpiryOverviewModel::DaysLeftColumn).data().toInt(), 2);
        QCOMPARE(nameAt(1), QStringLiteral("root")); // the CRL, in 7 days
        QCOMPARE(nameAt(2), QStringLiteral("rotating"));
        QCOMPARE(proxy->index(4, ExpiryOverviewModel::WhatColumn).data().toString(), QStringLiteral("Certificate"));
        QCOMPARE(nameAt(4), QStringLiteral("root")); // the CA certificate, in 10 years
        dialog->tableView()->sortByColumn(ExpiryOverviewModel::DaysLeftColumn, Qt::DescendingOrder);
        QCOMPARE(nameAt(4), QStringLiteral("soon"));
        // Status shown by icon and text.
        const QModelIndex status = proxy->index(0, ExpiryOverviewModel::StatusColumn);
        QVERIFY(!status.data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(!status.data().toString().isEmpty());

        auto* statusBox = dialog->statusComboBox();
        statusBox->setCurrentIndex(statusBox->findData(int(ExpiryStatus::Warning)));
        QCOMPARE(proxy->rowCount(), 1);
        QCOMPARE(nameAt(0), QStringLiteral("rotating"));
        statusBox->setCurrentIndex(statusBox->findData(int(ExpiryStatus::Critical)));
        QCOMPARE(proxy->rowCount(), 2);
        dialog->filterEdit()->setText(QStringLiteral("soo"));
        QCOMPARE(proxy->rowCount(), 1);
        statusBox->setCurrentIndex(0); // all
        dialog->filterEdit()->setText(QStringLiteral("pay"));
        QCOMPARE(proxy->rowCount(), 1);
        dialog->filterEdit()->clear();
        QCOMPARE(proxy->rowCount(), 5);

        // The timeline draws what falls in the next 90 days: soon, the CRL, rotating.
        QCOMPARE(dialog->timeline()->markCount(), 3);
        QVERIFY(dialog->summaryLabel()->text().contains(QStringLiteral("3")));
        dialog->timeline()->grab(); // paints without a crash
    }

    void shortcutOpensTheOverview()
    {
        auto window = makeWindow();
        QTest::keyClick(window.get(), Qt::Key_X, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(window->findChild<custos::ui::ExpiryOverviewDialog*>() &&
                    window->findChild<custos::ui::ExpiryOverviewDialog*>()->isVisible());
    }

    void exportsRemindersAsICalendar()
    {
        auto window = makeWindow();
        auto* dialog = window->showExpiryOverview();
        QTRY_COMPARE(dialog->filterModel()->rowCount(), 5);
        const QString path = m_dir.filePath(QStringLiteral("reminders.ics"));
        const auto written = dialog->exportReminders(path);
        QVERIFY2(written, errorText(written).constData());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray ics = file.readAll();
        QVERIFY(ics.startsWith("BEGIN:VCALENDAR\r\n"));
        QCOMPARE(ics.count("BEGIN:VEVENT\r\n"), 5);
        QCOMPARE(ics.count("\n"), ics.count("\r\n"));
        QVERIFY(ics.contains("\r\nSUMMARY:Expires: web/soon\r\n"));
        QVERIFY(ics.contains("\r\nSUMMARY:Expires: pay/rotating\r\n"));
        const ExpiryItem* soon = find(*window->expiryModel(), ExpiryItem::Kind::Certificate, QStringLiteral("soon"));
        QVERIFY(soon);
        const QDate soonDate = soon->expires.toUTC().date();
        QVERIFY(ics.contains("\r\nDTSTART;VALUE=DATE:" + soonDate.toString(QStringLiteral("yyyyMMdd")).toLatin1() +
                             "\r\n"));
        QCOMPARE(ics.count("\r\nUID:"), 5);
        QCOMPARE(ics.count("\r\nDTSTAMP:"), 5);
        // Only what is shown is exported.
        dialog->filterEdit()->setText(QStringLiteral("pay"));
        QVERIFY(dialog->exportReminders(path));
        file.close();
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().count("BEGIN:VEVENT"), 1);
    }

    // Last: it switches the operator (and back).
    void listsOnlyWhatTheOperatorMayRead()
    {
        auto added = custos::test::addOperatorWithRoles(
            *m_host, QStringLiteral("webreader"), {QStringLiteral("Certificate User")}, QStringLiteral("/vaults/web"));
        QVERIFY2(added, errorText(added).constData());
        auto switched = custos::test::switchOperator(*m_host, QStringLiteral("webreader"));
        QVERIFY2(switched, errorText(switched).constData());
        ExpiryOverviewModel model(*m_host);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reload();
        QTRY_VERIFY(!model.isLoading() && model.rowCount() > 0);
        // web's certificates and CRL; nothing of pay (its key), which this operator may not read.
        QCOMPARE(model.rowCount(), 4);
        for (const ExpiryItem& item : model.items())
            QCOMPARE(item.vault, QStringLiteral("web"));
        auto back = custos::test::switchOperator(*m_host, QStringLiteral("admin"));
        QVERIFY2(back, errorText(back).constData());
    }
};

CUSTOS_REGISTER_TEST(TestExpiryOverview)
#include "TestExpiryOverview.moc"
