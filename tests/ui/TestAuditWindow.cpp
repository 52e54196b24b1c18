#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/audit/AuditLog.h"
#include "model/itemmodels/AuditEventModel.h"
#include "model/services/AuditReview.h"
#include "model/services/Services.h"
#include "model/store/Database.h"
#include "ui/actions/VaultActions.h"
#include "ui/audit/AuditChart.h"
#include "ui/audit/AuditDetailPane.h"
#include "ui/audit/AuditWindow.h"
#include "ui/mainwindow/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFile>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace custos;
using custos::model::AuditEvent;
using custos::model::AuditEventModel;
using custos::model::AuditResult;
using custos::ui::AuditWindow;

namespace {

// The fixture, relative to the time the test starts: 20 signatures by alice half an hour ago, 6
// denied purges by mallory two hours ago, 2 security-domain downloads by bob, a failed certificate
// purge by carol two days ago, an old denied login ten days ago.
struct Spec
{
    int count;
    const char* op;
    const char* operation;
    const char* resource;
    AuditResult result;
    qint64 agoSeconds;
    const char* reason;
    const char* justification;
};
const Spec kSpecs[] = {
    {20, "alice", "KeySign", "/vaults/a/keys/k1/versions/v1", AuditResult::Success, 1800, "", ""},
    {6, "mallory", "KeyPurge", "/vaults/a/keys/k1", AuditResult::Denied, 7200,
     "missing permission keys/purge at /vaults/a", ""},
    {2, "bob", "SecurityDomainDownload", "/", AuditResult::Success, 3 * 3600, "", ""},
    {1, "carol", "CertificatePurge", "/vaults/b/certificates/web", AuditResult::Failed, 2 * 86400, "cancelled",
     "ticket CHG-42"},
    {1, "mallory", "LoginFailed", "/operators/mallory", AuditResult::Denied, 10 * 86400, "wrong passphrase", ""},
};

} // namespace

// The audit window driven with QTest: filters typed and clicked, saved filters, the detail pane,
// the chart, verify, export, keyboard reach and accessible names, the main window's action.
class TestAuditWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QTemporaryDir m_settingsDir;
    std::unique_ptr<model::ServiceHost> m_host;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    template <typename F>
    auto run(F f)
    {
        return test::onServices(*m_host, std::move(f));
    }

    qint64 expectedCount(const model::AuditQuery& query)
    {
        auto counted = run([query](model::Services& s) { return model::AuditReview(s.path()).count(query); });
        return counted ? counted.value() : -1;
    }

    std::unique_ptr<AuditWindow> makeWindow()
    {
        auto window = std::make_unique<AuditWindow>(*m_host);
        m_tester = std::make_unique<QAbstractItemModelTester>(window->eventModel(),
                                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
        window->show();
        [&] { QVERIFY(QTest::qWaitForWindowExposed(window.get())); }();
        const qint64 total = expectedCount({});
        [&] { QTRY_COMPARE(qint64(window->eventModel()->rowCount()), total); }();
        return window;
    }

    static QStringList column(AuditWindow& window, int column)
    {
        QStringList values;
        auto* model = window.eventModel();
        for (int row = 0; row < std::min(model->rowCount(), 200); ++row)
            values << model->index(row, column).data().toString();
        return values;
    }

    template <typename T>
    static T* child(QWidget& window, const char* name)
    {
        return window.findChild<T*>(QLatin1String(name));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        m_host = test::makeHostedWorkspace(m_dir.path(), QStringLiteral("admin"), {}, false); // exact event counts
        QVERIFY(m_host);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        auto seeded = run([now](model::Services& s) -> Outcome<void> {
            model::Database& db = s.workspace().database();
            model::Transaction tx(db);
            if (auto begun = tx.begin(); !begun)
                return begun.error();
            for (const Spec& spec : kSpecs) {
                for (int i = 0; i < spec.count; ++i) {
                    AuditEvent e;
                    e.time = now.addSecs(-spec.agoSeconds).addMSecs(i);
                    e.operatorName = QString::fromLatin1(spec.op);
                    e.operation = QString::fromLatin1(spec.operation);
                    e.resource = QString::fromLatin1(spec.resource);
                    e.result = spec.result;
                    e.reason = QString::fromLatin1(spec.reason);
                    e.justification = QString::fromLatin1(spec.justification);
                    e.details = {{QStringLiteral("fixture"), i}};
                    e.correlationId = QStringLiteral("corr-%1").arg(i);
                    e.workstation = QStringLiteral("paw-01");
                    e.osUser = QStringLiteral("tester");
                    e.version = QStringLiteral("0.1.0");
                    if (auto appended = model::AuditLog(db).append(e); !appended)
                        return appended.error();
                }
            }
            return tx.commit();
        });
        QVERIFY2(seeded, qPrintable(errorText(seeded)));
    }

    void init()
    {
        QSettings settings;
        settings.clear();
    }

    void cleanup() { m_tester.reset(); }

    void cleanupTestCase() { m_host.reset(); }

    void opensNewestFirst()
    {
        auto window = makeWindow();
        QTRY_VERIFY(window->eventModel()->index(0, 0).data(AuditEventModel::LoadedRole).toBool());
        // The workspace's own events (login, ...) are the newest; the fixture's signatures follow.
        QVERIFY(column(*window, AuditEventModel::OperationColumn).contains(QStringLiteral("KeySign")));
        QTableView* table = window->tableView();
        QCOMPARE(table->verticalHeader()->sectionResizeMode(0), QHeaderView::Fixed);
        QCOMPARE(child<QLabel>(*window, "auditStatusLabel")->text(),
                 QStringLiteral("%1 event(s)").arg(window->eventModel()->rowCount()));
    }

    void typingFiltersTheTable()
    {
        auto window = makeWindow();
        auto* search = child<QLineEdit>(*window, "searchLineEdit");
        QVERIFY(search);
        search->setFocus();
        QTest::keyClicks(search, QStringLiteral("CHG"));
        QTRY_COMPARE(window->eventModel()->rowCount(), 1);
        QTRY_COMPARE(window->eventModel()->index(0, AuditEventModel::OperationColumn).data().toString(),
                     QStringLiteral("CertificatePurge"));
        // Hostile search text is a search, not syntax.
        search->clear();
        QTest::keyClicks(search, QStringLiteral("\"a\" OR b* NEAR("));
        QTRY_COMPARE(window->eventModel()->rowCount(), 0);
        QVERIFY(child<QLabel>(*window, "auditMessage")->text().isEmpty());
        search->clear();

        auto* resource = child<QLineEdit>(*window, "resourceLineEdit");
        QTest::keyClicks(resource, QStringLiteral("/vaults/a/keys"));
        QTRY_COMPARE(window->eventModel()->rowCount(), 26);
        resource->clear();
        QTest::keyClicks(resource, QStringLiteral("/vaults/a/keys/k1/versions"));
        QTRY_COMPARE(window->eventModel()->rowCount(), 20);
    }

    void operatorAndResultFilters()
    {
        auto window = makeWindow();
        auto* operators = child<QComboBox>(*window, "operatorComboBox");
        QTRY_VERIFY(operators->findText(QStringLiteral("mallory")) > 0); // the choices load from the trail
        operators->setFocus();
        QTest::keyClicks(operators, QStringLiteral("mallory"));
        QCOMPARE(operators->currentText(), QStringLiteral("mallory"));
        QTRY_COMPARE(window->eventModel()->rowCount(), 7);

        // Only failed: none of mallory's.
        QTest::mouseClick(child<QCheckBox>(*window, "successCheckBox"), Qt::LeftButton);
        QTest::mouseClick(child<QCheckBox>(*window, "deniedCheckBox"), Qt::LeftButton);
        QTRY_COMPARE(window->eventModel()->rowCount(), 0);
        QTest::mouseClick(child<QCheckBox>(*window, "deniedCheckBox"), Qt::LeftButton);
        QTRY_COMPARE(window->eventModel()->rowCount(), 7);
        QCOMPARE(window->filterState().results, (QList<AuditResult>{AuditResult::Denied, AuditResult::Failed}));

        // Operations: a multi-select menu of the trail's operations.
        operators->setCurrentIndex(0);
        QMenu* menu = window->operationsMenu();
        QAction* purge = nullptr;
        QAction* login = nullptr;
        for (QAction* action : menu->actions()) {
            if (action->text() == QLatin1String("KeyPurge"))
                purge = action;
            if (action->text() == QLatin1String("LoginFailed"))
                login = action;
        }
        QVERIFY(purge && login);
        purge->trigger();
        QTRY_COMPARE(window->eventModel()->rowCount(), 6);
        login->trigger();
        model::AuditQuery logins;
        logins.operations = {QStringLiteral("LoginFailed")};
        logins.results = {AuditResult::Denied, AuditResult::Failed};
        QTRY_COMPARE(qint64(window->eventModel()->rowCount()), 6 + expectedCount(logins));
        QCOMPARE(child<QToolButton>(*window, "operationsToolButton")->text(), QStringLiteral("2 operation(s)"));
    }

    void timeRange()
    {
        auto window = makeWindow();
        auto* range = child<QComboBox>(*window, "timeRangeComboBox");
        auto* since = child<QDateTimeEdit>(*window, "sinceDateTimeEdit");
        QVERIFY(!since->isEnabled());
        range->setFocus();
        QTest::keyClicks(range, QStringLiteral("Custom"));
        QVERIFY(since->isEnabled());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        since->setDateTime(now.addDays(-3));
        child<QDateTimeEdit>(*window, "untilDateTimeEdit")->setDateTime(now.addDays(-1));
        QTRY_COMPARE(window->eventModel()->rowCount(), 1); // carol's, two days ago
        QTest::keyClick(range, Qt::Key_Home);              // the first choice: Last hour
        QTRY_COMPARE(qint64(window->eventModel()->rowCount()), expectedCount(window->filterState().toQuery(now)));
        QVERIFY(window->eventModel()->rowCount() >= 20);
    }

    void savedFilters()
    {
        auto window = makeWindow();
        auto* saved = child<QComboBox>(*window, "savedFilterComboBox");
        QVERIFY(saved->findText(QStringLiteral("All security-domain operations")) > 0);
        QVERIFY(saved->findText(QStringLiteral("All purges")) > 0);
        const int denied = saved->findText(QStringLiteral("Denied in the last 24 h"));
        QVERIFY(denied > 0);

        saved->setFocus();
        QTest::keyClicks(saved, QStringLiteral("Denied in"));
        QTest::keyClick(saved, Qt::Key_Return); // activated: keyboard selection of a closed combo
        if (window->eventModel()->query().results.isEmpty())
            Q_EMIT saved->activated(denied);
        QTRY_COMPARE(window->eventModel()->rowCount(), 6);
        QVERIFY(child<QCheckBox>(*window, "deniedCheckBox")->isChecked());
        QVERIFY(!child<QCheckBox>(*window, "successCheckBox")->isChecked());
        QCOMPARE(child<QComboBox>(*window, "timeRangeComboBox")->currentText(), QStringLiteral("Last 24 hours"));

        QVERIFY(window->applySavedFilter(QStringLiteral("All purges")));
        QTRY_COMPARE(window->eventModel()->rowCount(), 7);
        QVERIFY(window->applySavedFilter(QStringLiteral("All security-domain operations")));
        QTRY_COMPARE(window->eventModel()->rowCount(), 2);
        QCOMPARE(child<QToolButton>(*window, "operationsToolButton")->text(), QStringLiteral("SecurityDomain*"));

        // Save current filter…: a name, then it is one of the choices and applies.
        QVERIFY(window->applySavedFilter(QStringLiteral("Denied in the last 24 h")));
        child<QLineEdit>(*window, "searchLineEdit")->setText(QStringLiteral("purge"));
        QTRY_COMPARE(window->eventModel()->rowCount(), 6);
        QTest::mouseClick(child<QPushButton>(*window, "saveFilterPushButton"), Qt::LeftButton);
        auto* dialog = window->findChild<QInputDialog*>(QStringLiteral("saveFilterDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        dialog->setTextValue(QStringLiteral("mallory's purges"));
        dialog->accept();
        QVERIFY(saved->findText(QStringLiteral("mallory's purges")) > 0);
        QSettings settings;
        QCOMPARE(settings.value(QStringLiteral("auditViewer/savedFilters/1/text")).toString(), QStringLiteral("purge"));

        window->setFilterState({});
        QTRY_VERIFY(window->eventModel()->rowCount() > 6);
        QVERIFY(window->applySavedFilter(QStringLiteral("mallory's purges")));
        QCOMPARE(child<QLineEdit>(*window, "searchLineEdit")->text(), QStringLiteral("purge"));
        QTRY_COMPARE(window->eventModel()->rowCount(), 6);
        QVERIFY(!window->applySavedFilter(QStringLiteral("no such filter")));
    }

    void detailPaneShowsTheSelectedEvent()
    {
        auto window = makeWindow();
        child<QLineEdit>(*window, "searchLineEdit")->setText(QStringLiteral("CHG"));
        QTRY_COMPARE(window->eventModel()->rowCount(), 1);
        QTRY_VERIFY(window->eventModel()->index(0, 0).data(AuditEventModel::LoadedRole).toBool());
        QTableView* table = window->tableView();
        const QRect cell = table->visualRect(window->eventModel()->index(0, AuditEventModel::OperationColumn));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        const auto event = window->detailPane()->event();
        QVERIFY(event);
        QCOMPARE(event->operation, QStringLiteral("CertificatePurge"));
        const QString text = window->detailPane()->toPlainText();
        for (const QString& expected :
             {event->hash, event->prevHash, QStringLiteral("ticket CHG-42"), QStringLiteral("cancelled"),
              QStringLiteral("carol"), QStringLiteral("\"fixture\": 0"), QStringLiteral("/vaults/b/certificates/web")})
            QVERIFY2(text.contains(expected), qPrintable(expected));
        QSignalSpy activated(window.get(), &AuditWindow::resourceActivated);
        Q_EMIT window->detailPane()->anchorClicked(QUrl(QStringLiteral("custos-resource:/vaults/b/certificates/web")));
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.first().at(0).toString(), QStringLiteral("/vaults/b/certificates/web"));
    }

    void screenshot()
    {
        // Documentation: CUSTOS_SCREENSHOT_AUDIT=docs/screenshots/audit.png test_ui TestAuditWindow
        const QString path = qEnvironmentVariable("CUSTOS_SCREENSHOT_AUDIT");
        if (path.isEmpty())
            QSKIP("set CUSTOS_SCREENSHOT_AUDIT to a PNG path to write one");
        auto window = makeWindow();
        window->resize(1200, 760);
        QTableView* table = window->tableView();
        QTRY_VERIFY(window->eventModel()->index(2, 0).data(AuditEventModel::LoadedRole).toBool());
        const QRect cell = table->visualRect(window->eventModel()->index(2, AuditEventModel::OperationColumn));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::qWait(200);
        QVERIFY(window->grab().save(path));
    }

    void chartShowsDeniedBars()
    {
        auto window = makeWindow();
        QVERIFY(window->applySavedFilter(QStringLiteral("Denied in the last 24 h")));
        QTRY_VERIFY(!window->isChartLoading());
        ui::AuditChart* chart = window->chart();
        QCOMPARE(chart->bucket(), model::AuditBucket::Hour);
        qint64 denied = 0;
        int deniedBin = -1;
        for (int i = 0; i < chart->bins().size(); ++i) {
            denied += chart->bins().at(i).denied;
            if (chart->bins().at(i).denied > 0)
                deniedBin = i;
        }
        QCOMPARE(denied, qint64(6));
        QVERIFY(deniedBin >= 0);
        QVERIFY(!chart->barRect(deniedBin).isEmpty());
        QVERIFY(chart->isDeniedSpike(deniedBin));
        QVERIFY2(chart->toolTipText(deniedBin).contains(QLatin1String("6 denied")),
                 qPrintable(chart->toolTipText(deniedBin)));
        QCOMPARE(chart->binAt(chart->barRect(deniedBin).center()), deniedBin);
        QVERIFY(chart->accessibleDescription().contains(QLatin1String("6 denied")));

        // All results per hour: the signatures' bar is taller than the denials'.
        child<QComboBox>(*window, "chartBucketComboBox")->setCurrentIndex(1);
        window->setFilterState({}); // applies at once, with the bucket chosen above
        QTRY_VERIFY(!window->isChartLoading());
        qint64 success = 0;
        for (const auto& bin : chart->bins())
            success += bin.success;
        QVERIFY(success >= 22);

        // Clicking a bar narrows the time range to it.
        QTRY_VERIFY(chart->bins().size() > 1);
        const int last = int(chart->bins().size()) - 1;
        const qint64 inLastBar = chart->bins().at(last).total();
        QTest::mouseClick(chart, Qt::LeftButton, {}, chart->barRect(last).center());
        QCOMPARE(child<QComboBox>(*window, "timeRangeComboBox")->currentText(), QStringLiteral("Custom range"));
        QTRY_COMPARE(qint64(window->eventModel()->rowCount()), inLastBar);
    }

    void sortingHeaders()
    {
        auto window = makeWindow();
        QTableView* table = window->tableView();
        QVERIFY(table->isSortingEnabled());
        QSignalSpy reset(window->eventModel(), &QAbstractItemModel::modelReset);
        table->sortByColumn(AuditEventModel::SeqColumn, Qt::AscendingOrder);
        QCOMPARE(reset.count(), 1);
        QTRY_VERIFY(window->eventModel()->index(0, 0).data(AuditEventModel::LoadedRole).toBool());
        QCOMPARE(window->eventModel()->index(0, 0).data().toString(), QStringLiteral("1"));
        // A filter keeps the order.
        child<QLineEdit>(*window, "resourceLineEdit")->setText(QStringLiteral("/vaults/a"));
        QTRY_COMPARE(window->eventModel()->rowCount(), 26);
        QTRY_VERIFY(window->eventModel()->index(0, 0).data(AuditEventModel::LoadedRole).toBool());
        const QStringList seqs = column(*window, AuditEventModel::SeqColumn);
        QVERIFY(seqs.first().toLongLong() < seqs.last().toLongLong());
    }

    void keyboardAndAccessibleNames()
    {
        auto window = makeWindow();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        QList<QWidget*> controls;
        for (QWidget* widget : window->findChildren<QWidget*>()) {
            if (widget->objectName().startsWith(QLatin1String("qt_")) || !widget->isVisible() || !widget->isEnabled() ||
                widget->focusPolicy() == Qt::NoFocus || qobject_cast<QAbstractSpinBox*>(widget->parentWidget()))
                continue;
            controls << widget;
        }
        QVERIFY(controls.size() >= 16);
        for (QWidget* control : controls) {
            const QString name = control->accessibleName();
            const auto* button = qobject_cast<QAbstractButton*>(control);
            QVERIFY2(!name.isEmpty() || (button && !button->text().isEmpty()),
                     qPrintable(control->objectName() + QLatin1Char(' ') + control->metaObject()->className()));
        }
        // Tab reaches every control.
        QSet<QWidget*> reached;
        window->tableView()->setFocus();
        for (int i = 0; i < 3 * controls.size() && reached.size() < controls.size(); ++i) {
            reached.insert(QApplication::focusWidget());
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        }
        for (QWidget* control : controls)
            QVERIFY2(reached.contains(control), qPrintable(control->objectName()));
    }

    void verifyShowsTheResult()
    {
        auto window = makeWindow();
        QSignalSpy finished(window.get(), &AuditWindow::verifyFinished);
        QTest::mouseClick(child<QPushButton>(*window, "verifyPushButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        const QString text = child<QLabel>(*window, "auditMessage")->text();
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("verifies")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("Audit key fingerprint")), qPrintable(text));
    }

    void exportWritesTheFilteredEvents()
    {
        auto window = makeWindow();
        QVERIFY(window->applySavedFilter(QStringLiteral("Denied in the last 24 h")));
        QTRY_COMPARE(window->eventModel()->rowCount(), 6);
        QSignalSpy finished(window.get(), &AuditWindow::exportFinished);
        const QString path = m_dir.filePath(QStringLiteral("denied.jsonl"));
        window->exportTo(path, QStringLiteral("jsonl"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(child<QLabel>(*window, "auditMessage")->text()));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        // JSON lines verify offline: the events left out are there as hash-only stubs, the
        // checkpoint at the end; the full events are the filter's.
        int full = 0;
        for (const QByteArray& line : file.readAll().trimmed().split('\n')) {
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            if (!object.contains(QStringLiteral("operation")))
                continue;
            ++full;
            QCOMPARE(object.value(QStringLiteral("result")).toString(), QStringLiteral("Denied"));
            QCOMPARE(object.value(QStringLiteral("operator")).toString(), QStringLiteral("mallory"));
        }
        QCOMPARE(full, 6);

        // CSV goes through the viewer's renderer: exactly the rows shown, with a header.
        window->setFilterState({});
        child<QLineEdit>(*window, "searchLineEdit")->setText(QStringLiteral("CHG"));
        child<QComboBox>(*window, "operatorComboBox")->setCurrentIndex(0);
        QTRY_COMPARE(window->eventModel()->rowCount(), 1);
        const QString csv = m_dir.filePath(QStringLiteral("chg.csv"));
        window->exportTo(csv, QStringLiteral("csv"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 30000);
        QVERIFY2(finished.last().at(0).toBool(), qPrintable(child<QLabel>(*window, "auditMessage")->text()));
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = csvFile.readAll().trimmed().split('\n');
        QCOMPARE(rows.size(), 2);
        QVERIFY(rows.at(1).contains("CertificatePurge"));
    }

    void mainWindowOpensTheAuditTrail()
    {
        ui::MainWindow main(*m_host);
        main.show();
        QVERIFY(QTest::qWaitForWindowActive(&main));
        auto* action = main.findChild<QAction*>(QStringLiteral("auditWindowAction"));
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
        QVERIFY(action->isEnabled());
        QTest::keyClick(&main, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(main.findChild<AuditWindow*>(QStringLiteral("auditWindow")));
        auto* window = main.findChild<AuditWindow*>(QStringLiteral("auditWindow"));
        QTRY_VERIFY(window->isVisible());
        action->trigger();
        QCOMPARE(main.findChildren<AuditWindow*>().size(), 1);

        // A resource link selects its vault in the main window.
        auto created = run([](model::Services& s) { return s.vaults().create(QStringLiteral("audited")); });
        QVERIFY2(created, qPrintable(errorText(created)));
        // (the tree loads the new vault asynchronously: the link is followed again until it is there)
        QTRY_VERIFY([&] {
            Q_EMIT window->resourceActivated(QStringLiteral("/vaults/audited/keys/k1/versions/v1"));
            return main.vaultActions()->selection() &&
                   main.vaultActions()->selection()->name == QLatin1String("audited");
        }());
        window->close();
    }

    void actionNeedsAuditRead()
    {
        auto added = test::addOperatorWithRoles(*m_host, QStringLiteral("user"), {QStringLiteral("Crypto User")});
        QVERIFY2(added, qPrintable(errorText(added)));
        auto switched = test::switchOperator(*m_host, QStringLiteral("user"));
        QVERIFY2(switched, qPrintable(errorText(switched)));
        {
            ui::MainWindow main(*m_host);
            auto* action = main.findChild<QAction*>(QStringLiteral("auditWindowAction"));
            QVERIFY(action);
            QVERIFY(!action->isEnabled());
            QVERIFY(action->toolTip().contains(QLatin1String("audit/read")));
            // The window itself says why it shows nothing.
            AuditWindow window(*m_host);
            window.show();
            QTRY_VERIFY(child<QLabel>(window, "auditMessage")->text().contains(QLatin1String("audit/read")));
            QCOMPARE(window.eventModel()->rowCount(), 0);
            QVERIFY(!child<QPushButton>(window, "verifyPushButton")->isEnabled());
            QVERIFY(!child<QPushButton>(window, "exportPushButton")->isEnabled());
        }
        auto back = test::switchOperator(*m_host, QStringLiteral("admin"));
        QVERIFY2(back, qPrintable(errorText(back)));
    }
};

CUSTOS_REGISTER_TEST(TestAuditWindow)
#include "TestAuditWindow.moc"
