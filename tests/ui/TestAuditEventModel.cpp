#include "TestRegistry.h"

#include "model/itemmodels/AuditEventModel.h"

#include <QAbstractItemModelTester>
#include <QCoro/QCoroTimer>
#include <QHeaderView>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>

using namespace custos;
using namespace custos::model;

namespace {

constexpr int kEvents = 5000;
const qint64 kT0 = 1'795'326'695'123;

// An in-memory trail of kEvents deterministic events behind the model's fetchers: every reply comes
// through the event loop after `delayMs`, as the service thread's would.
struct FakeTrail
{
    int delayMs = 5;
    int pageCalls = 0;
    int countCalls = 0;
    QList<AuditEvent> events;

    FakeTrail()
    {
        for (int i = 1; i <= kEvents; ++i) {
            AuditEvent e;
            e.seq = i;
            e.time = QDateTime::fromMSecsSinceEpoch(kT0 + qint64(i) * 1000, Qt::UTC);
            e.operatorName = QStringLiteral("op%1").arg(i % 5);
            e.operation = QStringLiteral("Operation%1").arg(i % 7);
            e.resource = QStringLiteral("/vaults/v%1").arg(i % 3);
            e.result = i % 10 == 0 ? AuditResult::Denied : AuditResult::Success;
            events << e;
        }
    }

    QList<AuditEvent> select(const AuditQuery& query) const
    {
        QList<AuditEvent> selected;
        for (const AuditEvent& e : events) {
            if (query.operators.isEmpty() || query.operators.contains(e.operatorName))
                selected << e;
        }
        // The fake knows seq and time order (the same here); the model must not care how.
        if (query.sortOrder == Qt::DescendingOrder)
            std::reverse(selected.begin(), selected.end());
        return selected;
    }
};

QCoro::Task<Outcome<QList<AuditEvent>>> fakePage(std::shared_ptr<FakeTrail> trail, AuditQuery query, qint64 offset,
                                                 int limit)
{
    ++trail->pageCalls;
    QTimer timer;
    timer.setSingleShot(true);
    timer.start(trail->delayMs);
    co_await timer;
    co_return trail->select(query).mid(offset, limit);
}

QCoro::Task<Outcome<qint64>> fakeCount(std::shared_ptr<FakeTrail> trail, AuditQuery query)
{
    ++trail->countCalls;
    QTimer timer;
    timer.setSingleShot(true);
    timer.start(trail->delayMs);
    co_await timer;
    co_return qint64(trail->select(query).size());
}

} // namespace

// The windowed audit model (STYLE.md 4.2) over a 5,000-event fixture: the item model tester,
// one page fetch to open a view, placeholder then one dataChanged, sort by re-query, stale
// replies dropped, a bounded cache.
class TestAuditEventModel : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<FakeTrail> m_trail;
    std::unique_ptr<AuditEventModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    QString text(int row, int column = AuditEventModel::SeqColumn) const
    {
        return m_model->index(row, column).data().toString();
    }

    bool loaded(int row) const { return m_model->index(row, 0).data(AuditEventModel::LoadedRole).toBool(); }

private Q_SLOTS:
    void init()
    {
        m_trail = std::make_shared<FakeTrail>();
        auto trail = m_trail;
        m_model = std::make_unique<AuditEventModel>(
            [trail](AuditQuery q, qint64 offset, int limit) { return fakePage(trail, std::move(q), offset, limit); },
            [trail](AuditQuery q) { return fakeCount(trail, std::move(q)); });
        m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
        m_trail.reset();
    }

    void testerOverTheWholeRange()
    {
        m_model->setQuery({});
        QTRY_COMPARE(m_model->rowCount(), kEvents);
        QCOMPARE(m_model->columnCount(), int(AuditEventModel::ColumnCount));
        // Rows from everywhere: placeholders first, then the pages, each announced once.
        for (int row : {0, 1, 99, 100, 2500, 4999}) {
            m_model->index(row, 0).data();
            QTRY_VERIFY(loaded(row));
        }
        QCOMPARE(text(0), QString::number(kEvents)); // newest first by default
        QCOMPARE(text(4999), QStringLiteral("1"));
        QCOMPARE(text(2500, AuditEventModel::OperatorColumn), QStringLiteral("op%1").arg((kEvents - 2500) % 5));
        QCOMPARE(m_model->index(9, AuditEventModel::ResultColumn).data(AuditEventModel::ResultRole).toInt(),
                 int(AuditResult::Success)); // seq 4991
        QCOMPARE(m_model->index(10, AuditEventModel::ResultColumn).data(AuditEventModel::ResultRole).toInt(),
                 int(AuditResult::Denied));
        QCOMPARE(m_model->index(10, AuditEventModel::ResultColumn).data().toString(), QStringLiteral("Denied"));
        QCOMPARE(m_model->index(10, 0).data(AuditEventModel::SeqRole).toLongLong(), qint64(4990));
    }

    void openingAViewFetchesOnePage()
    {
        QTableView view;
        view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        view.verticalHeader()->setDefaultSectionSize(20);
        view.resize(800, 600); // about 30 rows: within the first page
        view.setModel(m_model.get());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        m_model->setQuery({});
        QTRY_COMPARE(m_model->rowCount(), kEvents);
        QTRY_VERIFY(loaded(0));
        QTest::qWait(50); // any further request would have been made by now
        QCOMPARE(m_trail->pageCalls, 1);
        QCOMPARE(m_trail->countCalls, 1);
        QCOMPARE(m_model->pageFetches(), 1);
        // Scrolling to the end costs the pages shown there, not the ones between.
        view.scrollToBottom();
        QTRY_VERIFY(loaded(kEvents - 1));
        QTest::qWait(50);
        QVERIFY2(m_trail->pageCalls <= 3, qPrintable(QString::number(m_trail->pageCalls)));
    }

    void placeholderThenOneDataChanged()
    {
        m_model->setQuery({});
        QTRY_COMPARE(m_model->rowCount(), kEvents);
        const int row = 1234; // page 12
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        QCOMPARE(text(row), QStringLiteral("Loading…"));
        QVERIFY(!loaded(row));
        QVERIFY(!m_model->event(row));
        QCOMPARE(text(row, AuditEventModel::OperatorColumn), QString());
        text(row + 1); // the same page: no second request
        QTRY_COMPARE(changed.count(), 1);
        const QModelIndex first = changed.first().at(0).toModelIndex();
        const QModelIndex last = changed.first().at(1).toModelIndex();
        QCOMPARE(first.row(), 1200);
        QCOMPARE(last.row(), 1299);
        QCOMPARE(first.column(), 0);
        QCOMPARE(last.column(), int(AuditEventModel::ColumnCount) - 1);
        QCOMPARE(text(row), QString::number(kEvents - row));
        QCOMPARE(m_model->event(row)->seq, qint64(kEvents - row));
        QTest::qWait(30);
        QCOMPARE(changed.count(), 1);
    }

    void sortRequeries()
    {
        m_model->setQuery({});
        QTRY_COMPARE(m_model->rowCount(), kEvents);
        QTRY_VERIFY(loaded(0));
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        m_model->sort(AuditEventModel::SeqColumn, Qt::AscendingOrder);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(m_model->query().sortColumn, AuditQuery::SortColumn::Seq);
        QCOMPARE(m_model->query().sortOrder, Qt::AscendingOrder);
        QTRY_COMPARE(m_model->rowCount(), kEvents);
        QTRY_VERIFY(loaded(0));
        QCOMPARE(text(0), QStringLiteral("1"));
        m_model->sort(AuditEventModel::SeqColumn, Qt::AscendingOrder); // no change: no query
        QCOMPARE(reset.count(), 1);
        m_model->sort(AuditEventModel::ReasonColumn, Qt::AscendingOrder); // not sortable in SQL
        QCOMPARE(reset.count(), 1);
        m_model->sort(AuditEventModel::TimeColumn, Qt::DescendingOrder);
        QCOMPARE(reset.count(), 2);
        QTRY_VERIFY(loaded(0));
        QCOMPARE(text(0), QString::number(kEvents));
    }

    void staleRepliesAreDropped()
    {
        m_trail->delayMs = 300; // the first query answers late...
        m_model->setQuery({});
        m_trail->delayMs = 5; // ...after the second has
        AuditQuery op1;
        op1.operators = {QStringLiteral("op1")};
        m_model->setQuery(op1);
        QTRY_COMPARE(m_model->rowCount(), kEvents / 5);
        QTRY_VERIFY(loaded(0));
        QCOMPARE(text(0, AuditEventModel::OperatorColumn), QStringLiteral("op1"));
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        QTest::qWait(450); // the stale count and page arrive now, and are dropped
        QCOMPARE(m_model->rowCount(), kEvents / 5);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(text(0, AuditEventModel::OperatorColumn), QStringLiteral("op1"));
        QCOMPARE(text(0), QString::number(kEvents - 4)); // 4996 is the newest of op1
    }

    void cacheStaysSmall()
    {
        m_model->setQuery({});
        QTRY_COMPARE(m_model->rowCount(), kEvents);
        const int pages = AuditEventModel::kMaxPages + 8;
        for (int page = 0; page < pages; ++page) {
            const int row = page * AuditEventModel::kPageSize;
            m_model->index(row, 0).data();
            QTRY_VERIFY(loaded(row));
        }
        // The least recently used pages were evicted (page 5: only this loop asked for it; the
        // tester looks at row 0): asking again fetches again.
        const int evicted = 5 * AuditEventModel::kPageSize;
        const int callsBefore = m_trail->pageCalls;
        QVERIFY(!m_model->event(evicted));
        QVERIFY(m_model->event((pages - 1) * AuditEventModel::kPageSize));
        m_model->index(evicted, 0).data();
        QTRY_VERIFY(loaded(evicted));
        QCOMPARE(m_trail->pageCalls, callsBefore + 1);
    }

    void failedFetchIsReported()
    {
        auto failing = std::make_unique<AuditEventModel>(
            [](AuditQuery, qint64, int) -> QCoro::Task<Outcome<QList<AuditEvent>>> {
                return []() -> QCoro::Task<Outcome<QList<AuditEvent>>> {
                    co_return makeError(ErrorKind::Denied, QStringLiteral("missing permission audit/read at /"));
                }();
            },
            [](AuditQuery) -> QCoro::Task<Outcome<qint64>> {
                return []() -> QCoro::Task<Outcome<qint64>> {
                    co_return makeError(ErrorKind::Denied, QStringLiteral("missing permission audit/read at /"));
                }();
            });
        QSignalSpy failed(failing.get(), &AuditEventModel::loadFailed);
        failing->setQuery({});
        QTRY_VERIFY(failed.count() >= 1);
        QCOMPARE(failing->rowCount(), 0);
        QVERIFY(failing->loadError().contains(QLatin1String("audit/read")));
    }
};

CUSTOS_REGISTER_TEST(TestAuditEventModel)
#include "TestAuditEventModel.moc"
