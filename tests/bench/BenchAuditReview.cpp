// Issue 6, "Performance": the audit viewer over 1,000,000 events. Targets: a first page filtered
// by operator + result + time range under 100 ms; a free-text search under 500 ms; opening the
// viewer until its first paint with rows under 300 ms, memory growth under 50 MB. Baselines in the
// same run: a raw SQLite read of 100 rows by primary key (queries), and the same viewer over a
// filter that matches nothing (first paint). CUSTOS_BENCH_AUDIT_EVENTS overrides the size.
#include "BenchAuditTrail.h"
#include "BenchRegistry.h"
#include "BenchResults.h"
#include "BenchWorkspace.h"
#include "model/audit/AuditQuery.h"
#include "model/itemmodels/AuditEventModel.h"
#include "model/services/AuditReview.h"
#include "model/services/Services.h"
#include "ui/audit/AuditWindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>

using namespace custos;

namespace {

QTextStream& out()
{
    return bench::log();
}

QString ms(double value)
{
    return QString::number(value, 'f', value < 10 ? 2 : 1);
}

struct Timing
{
    double medianMs = 0;
    qint64 rows = -1;
    QString error;
};

// The median of `runs` calls of `f` on the service thread (the first one included: a viewer's
// query runs once, not warmed up a hundred times).
template <typename F>
Timing timeOnService(model::ServiceHost& host, F f, int runs = 5)
{
    auto timed = test::onServices(host, [f, runs](model::Services& s) -> Outcome<Timing> {
        QList<double> samples;
        Timing timing;
        for (int i = 0; i < runs; ++i) {
            QElapsedTimer clock;
            clock.start();
            Outcome<qint64> rows = f(s);
            samples << clock.nsecsElapsed() / 1e6;
            if (!rows)
                return rows.error();
            timing.rows = rows.value();
        }
        std::sort(samples.begin(), samples.end());
        timing.medianMs = samples.at(samples.size() / 2);
        return timing;
    });
    if (!timed)
        return Timing{0, -1, timed.error().message};
    return timed.value();
}

template <typename T>
Outcome<qint64> sizeOf(Outcome<QList<T>> list)
{
    if (!list)
        return list.error();
    return qint64(list->size());
}

// One row of the table: `target` in ms (0: none), against the raw read when `baselineMs` > 0.
void report(const QString& what, const Timing& t, double target, double baselineMs)
{
    if (!t.error.isEmpty()) {
        bench::recordFailure(what, t.error);
        return;
    }
    bench::recordTime(QStringLiteral("query, %1 (%2 rows)").arg(what).arg(t.rows), t.medianMs,
                      baselineMs > 0 ? QStringLiteral("raw read of 100 rows by primary key") : QString(), baselineMs,
                      target > 0 ? bench::Target::below(target) : bench::Target::none());
}

class FirstPaint : public QObject
{
public:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && armed)
            ++paints;
        return QObject::eventFilter(watched, event);
    }
    bool armed = false;
    int paints = 0;
};

struct OpenResult
{
    double firstPaintMs = -1;
    double rssGrowthMb = 0;
    int pageFetches = 0;
    int rows = 0;
};

// From constructing the window to the first paint of the table showing loaded rows (or, with
// nothing to show, the paint after the count arrived).
OpenResult openViewer(model::ServiceHost& host, const ui::AuditFilterState* filter)
{
    OpenResult result;
    QApplication::processEvents();
    const qint64 rssBefore = bench::residentKb();
    QElapsedTimer clock;
    clock.start();
    auto window = std::make_unique<ui::AuditWindow>(host);
    if (filter)
        window->setFilterState(*filter);
    FirstPaint probe;
    window->tableView()->viewport()->installEventFilter(&probe);
    window->show();
    auto* model = window->eventModel();
    bool counted = false;
    QObject::connect(model, &model::AuditEventModel::countLoaded, window.get(), [&](qint64) { counted = true; });
    QTimer deadline;
    deadline.setSingleShot(true);
    deadline.start(20000);
    // Sleep until events come, as exec() does.
    while (deadline.isActive()) {
        const bool rowsShown =
            model->rowCount() > 0 && model->index(0, 0).data(model::AuditEventModel::LoadedRole).toBool();
        if (counted && (rowsShown || model->rowCount() == 0)) {
            probe.armed = true;
            if (probe.paints > 0)
                break;
            window->tableView()->viewport()->update();
        }
        QApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    }
    if (deadline.isActive())
        result.firstPaintMs = clock.nsecsElapsed() / 1e6;
    result.rssGrowthMb = (bench::residentKb() - rssBefore) / 1024.0;
    result.pageFetches = model->pageFetches();
    result.rows = model->rowCount();
    // Let the chart's histogram finish before the window goes (its reply is dropped then anyway).
    QTimer settle;
    settle.setSingleShot(true);
    settle.start(window->isChartLoading() ? 3000 : 0);
    while (settle.isActive() && window->isChartLoading())
        QApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    return result;
}

int auditReview()
{
    const qint64 count = bench::auditEventCount();
    QTemporaryDir dir;
    auto host = bench::hostedBenchWorkspace(dir.path(), {});
    if (!host)
        return 1;
    const QDateTime end = QDateTime::currentDateTimeUtc().addSecs(-60);
    const qint64 span = qint64(90) * 24 * 3600 * 1000;
    const QDateTime start = end.addMSecs(-span);
    auto filled = test::onServices(*host, [count, start, span](model::Services& s) {
        return bench::fillAuditTrail(s.workspace().database(), count, start, span);
    });
    if (!filled || filled.value() < 0)
        return 1;
    out() << "audit trail: " << count << " events written in " << ms(filled.value() / 1000) << " s ("
          << QString::number(count / (filled.value() / 1000), 'f', 0) << "/s, one transaction)" << Qt::endl;

    // The baseline: 100 rows read by primary key, raw SQLite, in the same run.
    const Timing raw = timeOnService(*host, [count](model::Services& s) -> Outcome<qint64> {
        QSqlQuery q(s.workspace().database().connection());
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT * FROM audit_events WHERE seq > ? ORDER BY seq LIMIT 100"));
        q.addBindValue(count / 2);
        if (!q.exec())
            return makeError(ErrorKind::Failed, QStringLiteral("raw read failed"));
        qint64 n = 0;
        while (q.next())
            ++n;
        return n;
    });
    out() << "queries over " << count
          << " events (median of 5, on the service thread, through AuditReview):" << Qt::endl;
    out() << "  baseline, a raw read of 100 rows by primary key: " << ms(raw.medianMs) << " ms" << raw.error
          << Qt::endl;

    auto page = [](model::AuditQuery q, qint64 offset = 0) {
        return [q, offset](model::Services& s) {
            return sizeOf(model::AuditReview(s.path()).page(q, offset, model::AuditEventModel::kPageSize));
        };
    };
    auto counter = [](model::AuditQuery q) {
        return [q](model::Services& s) { return model::AuditReview(s.path()).count(q); };
    };

    model::AuditQuery unfiltered;
    report(QStringLiteral("first page, unfiltered, newest first"), timeOnService(*host, page(unfiltered)), 100,
           raw.medianMs);
    report(QStringLiteral("count, unfiltered"), timeOnService(*host, counter(unfiltered)), 0, 0);

    model::AuditQuery filtered;
    filtered.operators = {QStringLiteral("op07")};
    filtered.results = {model::AuditResult::Denied};
    filtered.since = end.addDays(-30);
    filtered.until = end;
    report(QStringLiteral("first page, operator + result + 30 days (newest first)"),
           timeOnService(*host, page(filtered)), 100, raw.medianMs);
    report(QStringLiteral("count of the same"), timeOnService(*host, counter(filtered)), 0, 0);
    model::AuditQuery filteredWide = filtered;
    filteredWide.results = {model::AuditResult::Success};
    filteredWide.since = start;
    report(QStringLiteral("first page, operator + Success + 90 days"), timeOnService(*host, page(filteredWide)), 100,
           raw.medianMs);
    report(QStringLiteral("count of the same"), timeOnService(*host, counter(filteredWide)), 0, 0);

    model::AuditQuery text;
    text.text = QStringLiteral("CHG-1234");
    report(QStringLiteral("free text \"CHG-1234\": first page"), timeOnService(*host, page(text)), 500, raw.medianMs);
    report(QStringLiteral("free text \"CHG-1234\": count"), timeOnService(*host, counter(text)), 500, 0);
    model::AuditQuery common;
    common.text = QStringLiteral("purge");
    report(QStringLiteral("free text \"purge\" (common): first page"), timeOnService(*host, page(common)), 500,
           raw.medianMs);
    report(QStringLiteral("free text \"purge\" (common): count"), timeOnService(*host, counter(common)), 500, 0);
    model::AuditQuery textAndFilter = text;
    textAndFilter.operators = {QStringLiteral("op07")};
    report(QStringLiteral("free text + operator: first page"), timeOnService(*host, page(textAndFilter)), 500,
           raw.medianMs);

    const qint64 deep = count * 9 / 10;
    model::AuditQuery bySeq;
    bySeq.sortColumn = model::AuditQuery::SortColumn::Seq;
    report(QStringLiteral("deep page at offset %1, by seq (seek by key)").arg(deep),
           timeOnService(*host, page(bySeq, deep)), 100, raw.medianMs);
    report(QStringLiteral("deep page at offset %1, by time (deferred join)").arg(deep),
           timeOnService(*host, page(unfiltered, deep)), 0, raw.medianMs);
    model::AuditQuery byOperation;
    byOperation.sortColumn = model::AuditQuery::SortColumn::Operation;
    report(QStringLiteral("first page by operation"), timeOnService(*host, page(byOperation)), 100, raw.medianMs);
    report(QStringLiteral("deep page at offset %1, by operation").arg(deep),
           timeOnService(*host, page(byOperation, deep)), 0, raw.medianMs);

    report(QStringLiteral("histogram per day, all"),
           timeOnService(*host,
                         [](model::Services& s) {
                             return sizeOf(model::AuditReview(s.path()).histogram({}, model::AuditBucket::Day));
                         }),
           0, 0);
    model::AuditQuery week;
    week.since = end.addDays(-7);
    report(QStringLiteral("histogram per hour, last 7 days"),
           timeOnService(*host,
                         [week](model::Services& s) {
                             return sizeOf(model::AuditReview(s.path()).histogram(week, model::AuditBucket::Hour));
                         }),
           0, 0);
    report(QStringLiteral("distinct operators + operations"),
           timeOnService(*host,
                         [](model::Services& s) -> Outcome<qint64> {
                             model::AuditReview review(s.path());
                             auto operators = review.operators();
                             auto operations = review.operations();
                             if (!operators || !operations)
                                 return makeError(ErrorKind::Failed, QStringLiteral("distinct failed"));
                             return qint64(operators->size() + operations->size());
                         }),
           0, 0);

    // The viewer: first paint and memory, against the same window over a filter matching nothing.
    ui::AuditFilterState nothing;
    nothing.operatorName = QStringLiteral("nobody");
    openViewer(*host, nullptr); // warm-up (fonts, styles)
    OpenResult empty, full;
    constexpr int kRounds = 3;
    double emptyMs = 0, fullMs = 0, growth = 0;
    for (int round = 0; round < kRounds; ++round) {
        empty = openViewer(*host, &nothing);
        full = openViewer(*host, nullptr);
        emptyMs += empty.firstPaintMs;
        fullMs += full.firstPaintMs;
        growth = std::max(growth, full.rssGrowthMb);
    }
    emptyMs /= kRounds;
    fullMs /= kRounds;
    bench::recordTime(
        QStringLiteral("audit viewer over %1 events: open to first paint with rows").arg(bench::formatNumber(count)),
        fullMs, QStringLiteral("the same over a filter matching nothing"), emptyMs, bench::Target::below(300));
    out() << "  page fetches to open: " << full.pageFetches << Qt::endl;
    bench::recordTime(QStringLiteral("audit viewer: memory growth to open (VmRSS, worst of %1)").arg(kRounds), growth,
                      QString(), 0, bench::Target::below(50), QStringLiteral("MB"));
    return 0;
}

} // namespace

CUSTOS_REGISTER_BENCH(audit_review, auditReview)
