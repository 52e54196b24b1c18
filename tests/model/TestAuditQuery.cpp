#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "model/audit/AuditLog.h"
#include "model/audit/AuditQuery.h"
#include "model/services/AuditReview.h"
#include "model/services/Services.h"
#include "model/store/Database.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace custos;
using namespace custos::model;

namespace {

const qint64 kT0 = 1'795'326'695'123; // 2026-11-22T05:51:35.123Z
const qint64 kMinute = 60'000;
const qint64 kHour = 60 * kMinute;
const qint64 kDay = 24 * kHour;

QDateTime utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

struct Fixture
{
    QString op, operation, resource;
    AuditResult result;
    qint64 time;
    QString reason, justification;
    QJsonObject details;
};

// Seven events, seq 1..7, chosen so every filter below selects a known set.
const QList<Fixture>& fixtures()
{
    static const QList<Fixture> list{
        {"alice", "KeyCreate", "/vaults/a/keys/k1", AuditResult::Success, kT0, {}, {}, {{"kty", "EC"}}},
        {"alice", "KeySign", "/vaults/a/keys/k1/versions/v1", AuditResult::Success, kT0 + kMinute, {}, {}, {}},
        {"bob",
         "KeyPurge",
         "/vaults/ab/keys/k2",
         AuditResult::Denied,
         kT0 + 2 * kMinute,
         "missing permission keys/purge at /vaults/ab",
         {},
         {}},
        {"bob", "SecurityDomainDownload", "/", AuditResult::Success, kT0 + 3 * kHour, {}, {}, {{"custodians", 3}}},
        {"carol",
         "CertificatePurge",
         "/vaults/a/certificates/c1",
         AuditResult::Failed,
         kT0 + kDay,
         "cancelled",
         "ticket CHG-42 \"urgent\"",
         {}},
        {"carol", "VaultCreate", "/vaults/a", AuditResult::Success, kT0 + kDay + kHour, {}, {}, {{"note", "a OR b"}}},
        {"alice",
         "LoginFailed",
         "/operators/mallory",
         AuditResult::Denied,
         kT0 + kDay + kHour,
         "wrong passphrase",
         {},
         {{"name", "mallory"}}},
    };
    return list;
}

QList<qint64> seqs(const QList<AuditEvent>& events)
{
    QList<qint64> out;
    for (const AuditEvent& e : events)
        out << e.seq;
    return out;
}

} // namespace

// AuditQueries over a small trail: every filter, FTS with hostile text, sorting, paging, the
// histogram, the resource prefix as a range; AuditReview's authorisation.
class TestAuditQuery : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;

    QList<qint64> all(AuditQuery query)
    {
        auto page = AuditQueries(*m_db).page(query, 0, 100);
        if (!page)
            qWarning() << errorText(page);
        auto counted = AuditQueries(*m_db).count(query);
        if (!counted || !page || counted.value() != page->size())
            qWarning() << "count disagrees with the page";
        return page ? seqs(page.value()) : QList<qint64>{-1};
    }

    static AuditQuery bySeq()
    {
        AuditQuery q;
        q.sortColumn = AuditQuery::SortColumn::Seq;
        q.sortOrder = Qt::AscendingOrder;
        return q;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        auto db = Database::open(m_dir->filePath(QStringLiteral("audit.db")), Database::OpenMode::Create);
        QVERIFY2(db, qPrintable(errorText(db)));
        m_db = db.take();
        Transaction tx(*m_db);
        QVERIFY(tx.begin());
        for (const Fixture& f : fixtures()) {
            AuditEvent e;
            e.time = utc(f.time);
            e.operatorName = f.op;
            e.operation = f.operation;
            e.resource = f.resource;
            e.result = f.result;
            e.reason = f.reason;
            e.justification = f.justification;
            e.details = f.details;
            e.correlationId = QStringLiteral("corr");
            e.workstation = QStringLiteral("paw-01");
            e.osUser = QStringLiteral("tester");
            e.version = QStringLiteral("0.1.0");
            auto appended = AuditLog(*m_db).append(e);
            QVERIFY2(appended, qPrintable(errorText(appended)));
        }
        QVERIFY(tx.commit());
    }

    void cleanupTestCase()
    {
        m_db.reset();
        m_dir.reset();
    }

    void filters_data()
    {
        QTest::addColumn<QStringList>("operators");
        QTest::addColumn<QStringList>("operations");
        QTest::addColumn<QList<int>>("results");
        QTest::addColumn<qint64>("since");
        QTest::addColumn<qint64>("until");
        QTest::addColumn<QList<qint64>>("expected");
        const QList<int> any;
        QTest::newRow("none") << QStringList{} << QStringList{} << any << qint64(0) << qint64(0)
                              << QList<qint64>{1, 2, 3, 4, 5, 6, 7};
        QTest::newRow("one operator") << QStringList{"alice"} << QStringList{} << any << qint64(0) << qint64(0)
                                      << QList<qint64>{1, 2, 7};
        QTest::newRow("two operators") << QStringList{"alice", "bob"} << QStringList{} << any << qint64(0) << qint64(0)
                                       << QList<qint64>{1, 2, 3, 4, 7};
        QTest::newRow("operations") << QStringList{} << QStringList{"KeyCreate", "KeySign"} << any << qint64(0)
                                    << qint64(0) << QList<qint64>{1, 2};
        QTest::newRow("prefix pattern") << QStringList{} << QStringList{"SecurityDomain*"} << any << qint64(0)
                                        << qint64(0) << QList<qint64>{4};
        QTest::newRow("suffix pattern") << QStringList{} << QStringList{"*Purge"} << any << qint64(0) << qint64(0)
                                        << QList<qint64>{3, 5};
        QTest::newRow("pattern or name") << QStringList{} << QStringList{"*Purge", "VaultCreate"} << any << qint64(0)
                                         << qint64(0) << QList<qint64>{3, 5, 6};
        QTest::newRow("denied") << QStringList{} << QStringList{} << QList<int>{int(AuditResult::Denied)} << qint64(0)
                                << qint64(0) << QList<qint64>{3, 7};
        QTest::newRow("denied or failed")
            << QStringList{} << QStringList{} << QList<int>{int(AuditResult::Denied), int(AuditResult::Failed)}
            << qint64(0) << qint64(0) << QList<qint64>{3, 5, 7};
        QTest::newRow("time range, inclusive")
            << QStringList{} << QStringList{} << any << kT0 + kHour << kT0 + kDay << QList<qint64>{4, 5};
        QTest::newRow("operator + result + time")
            << QStringList{"alice"} << QStringList{} << QList<int>{int(AuditResult::Denied)} << kT0 + kHour << qint64(0)
            << QList<qint64>{7};
    }

    void filters()
    {
        QFETCH(QStringList, operators);
        QFETCH(QStringList, operations);
        QFETCH(QList<int>, results);
        QFETCH(qint64, since);
        QFETCH(qint64, until);
        QFETCH(QList<qint64>, expected);
        AuditQuery q = bySeq();
        q.operators = operators;
        q.operations = operations;
        for (int r : results)
            q.results << AuditResult(r);
        if (since)
            q.since = utc(since);
        if (until)
            q.until = utc(until);
        QCOMPARE(all(q), expected);
        auto counted = AuditQueries(*m_db).count(q);
        QVERIFY2(counted, qPrintable(errorText(counted)));
        QCOMPARE(counted.value(), qint64(expected.size()));
    }

    void resourcePrefix_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QList<qint64>>("expected");
        QTest::newRow("vault and below, not its sibling") << "/vaults/a" << QList<qint64>{1, 2, 5, 6};
        QTest::newRow("trailing slash") << "/vaults/a/" << QList<qint64>{1, 2, 5, 6};
        QTest::newRow("sibling") << "/vaults/ab" << QList<qint64>{3};
        QTest::newRow("a key and its versions") << "/vaults/a/keys/k1" << QList<qint64>{1, 2};
        QTest::newRow("root: everything") << "/" << QList<qint64>{1, 2, 3, 4, 5, 6, 7};
        QTest::newRow("no such") << "/vaults/zz" << QList<qint64>{};
        QTest::newRow("LIKE characters are literal") << "/vaults/%" << QList<qint64>{};
    }

    void resourcePrefix()
    {
        QFETCH(QString, prefix);
        QFETCH(QList<qint64>, expected);
        AuditQuery q = bySeq();
        q.resourcePrefix = prefix;
        QCOMPARE(all(q), expected);
    }

    void matchExpressionQuotesEverything()
    {
        QCOMPARE(AuditQueries::matchExpression(QStringLiteral("\"a\" OR b*")),
                 QStringLiteral("\"\"\"a\"\"\"* \"OR\"* \"b*\"*"));
        QCOMPARE(AuditQueries::matchExpression(QStringLiteral("  ")), QString());
        QCOMPARE(AuditQueries::matchExpression(QStringLiteral("\" ( ) *")), QString());
        QCOMPARE(AuditQueries::matchExpression(QStringLiteral("operator:alice")),
                 QStringLiteral("\"operator:alice\"*"));
    }

    void freeText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QList<qint64>>("expected");
        QTest::newRow("word in a justification") << "CHG" << QList<qint64>{5};
        QTest::newRow("prefix of a word") << "cancel" << QList<qint64>{5};
        QTest::newRow("case-insensitive") << "MALLORY" << QList<qint64>{7};
        QTest::newRow("in details") << "custodians" << QList<qint64>{4};
        QTest::newRow("all words required") << "missing purge" << QList<qint64>{3};
        QTest::newRow("words that match apart, not together") << "mallory cancelled" << QList<qint64>{};
        QTest::newRow("hostile: OR and a stray star") << "\"a\" OR b*" << QList<qint64>{6};
        QTest::newRow("hostile: lone quote") << "\"" << QList<qint64>{};
        QTest::newRow("hostile: unbalanced quotes") << "\"urgent" << QList<qint64>{5};
        QTest::newRow("hostile: column filter") << "reason:cancelled" << QList<qint64>{};
        QTest::newRow("hostile: NEAR and parentheses") << "NEAR(ticket urgent)" << QList<qint64>{};
        QTest::newRow("hostile: NOT") << "NOT mallory" << QList<qint64>{};
        QTest::newRow("hostile: caret and minus") << "^ticket -chg" << QList<qint64>{5};
        QTest::newRow("hostile: SQL") << "'; DROP TABLE audit_events; --" << QList<qint64>{};
    }

    void freeText()
    {
        QFETCH(QString, text);
        QFETCH(QList<qint64>, expected);
        AuditQuery q = bySeq();
        q.text = text;
        auto page = AuditQueries(*m_db).page(q, 0, 100);
        QVERIFY2(page, qPrintable(errorText(page)));
        QCOMPARE(seqs(page.value()), expected);
        auto counted = AuditQueries(*m_db).count(q);
        QVERIFY2(counted, qPrintable(errorText(counted)));
        QCOMPARE(counted.value(), qint64(expected.size()));
        QCOMPARE(all(bySeq()).size(), 7); // nothing was dropped
    }

    void sorting_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        QTest::addColumn<QList<qint64>>("expected");
        using S = AuditQuery::SortColumn;
        QTest::newRow("seq asc") << int(S::Seq) << int(Qt::AscendingOrder) << QList<qint64>{1, 2, 3, 4, 5, 6, 7};
        QTest::newRow("seq desc") << int(S::Seq) << int(Qt::DescendingOrder) << QList<qint64>{7, 6, 5, 4, 3, 2, 1};
        // 6 and 7 share their time: seq breaks the tie in the same direction.
        QTest::newRow("time desc") << int(S::Time) << int(Qt::DescendingOrder) << QList<qint64>{7, 6, 5, 4, 3, 2, 1};
        QTest::newRow("time asc") << int(S::Time) << int(Qt::AscendingOrder) << QList<qint64>{1, 2, 3, 4, 5, 6, 7};
        QTest::newRow("operator asc") << int(S::Operator) << int(Qt::AscendingOrder)
                                      << QList<qint64>{1, 2, 7, 3, 4, 5, 6};
        QTest::newRow("operation asc") << int(S::Operation) << int(Qt::AscendingOrder)
                                       << QList<qint64>{5, 1, 3, 2, 7, 4, 6};
        QTest::newRow("resource desc") << int(S::Resource) << int(Qt::DescendingOrder)
                                       << QList<qint64>{3, 2, 1, 5, 6, 7, 4};
        QTest::newRow("result asc") << int(S::Result) << int(Qt::AscendingOrder) << QList<qint64>{3, 7, 5, 1, 2, 4, 6};
    }

    void sorting()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        QFETCH(QList<qint64>, expected);
        AuditQuery q;
        q.sortColumn = AuditQuery::SortColumn(column);
        q.sortOrder = Qt::SortOrder(order);
        QCOMPARE(all(q), expected);
        // Paging through the same order gives the same rows, pages never overlapping.
        QList<qint64> paged;
        for (int offset = 0; offset < 7; offset += 3) {
            auto page = AuditQueries(*m_db).page(q, offset, 3);
            QVERIFY2(page, qPrintable(errorText(page)));
            paged << seqs(page.value());
        }
        QCOMPARE(paged, expected);
    }

    void pagingBeyondTheEnd()
    {
        auto page = AuditQueries(*m_db).page(bySeq(), 7, 10);
        QVERIFY2(page, qPrintable(errorText(page)));
        QVERIFY(page->isEmpty());
        AuditQuery desc;
        desc.sortColumn = AuditQuery::SortColumn::Seq;
        auto last = AuditQueries(*m_db).page(desc, 5, 10);
        QVERIFY2(last, qPrintable(errorText(last)));
        QCOMPARE(seqs(last.value()), (QList<qint64>{2, 1}));
        AuditQuery filtered = bySeq();
        filtered.operators = {QStringLiteral("alice")};
        auto second = AuditQueries(*m_db).page(filtered, 1, 1);
        QVERIFY2(second, qPrintable(errorText(second)));
        QCOMPARE(seqs(second.value()), (QList<qint64>{2}));
    }

    void pageReadsEveryField()
    {
        AuditQuery q = bySeq();
        q.text = QStringLiteral("urgent");
        auto page = AuditQueries(*m_db).page(q, 0, 1);
        QVERIFY2(page, qPrintable(errorText(page)));
        QCOMPARE(page->size(), 1);
        const AuditEvent& e = page->first();
        QCOMPARE(e.seq, qint64(5));
        QCOMPARE(e.time, utc(kT0 + kDay));
        QCOMPARE(e.operatorName, QStringLiteral("carol"));
        QCOMPARE(e.result, AuditResult::Failed);
        QCOMPARE(e.reason, QStringLiteral("cancelled"));
        QCOMPARE(e.justification, QStringLiteral("ticket CHG-42 \"urgent\""));
        QCOMPARE(e.workstation, QStringLiteral("paw-01"));
        QCOMPARE(e.hash, AuditLog::computeHash(e)); // read back exactly as written
    }

    void histogram()
    {
        auto days = AuditQueries(*m_db).histogram(AuditQuery{}, AuditBucket::Day);
        QVERIFY2(days, qPrintable(errorText(days)));
        const qint64 day0 = kT0 / kDay * kDay;
        QCOMPARE(days->size(), 2);
        QCOMPARE(days->at(0), (AuditHistogramBin{utc(day0), 3, 1, 0}));
        QCOMPARE(days->at(1), (AuditHistogramBin{utc(day0 + kDay), 1, 1, 1}));

        auto hours = AuditQueries(*m_db).histogram(AuditQuery{}, AuditBucket::Hour);
        QVERIFY2(hours, qPrintable(errorText(hours)));
        const qint64 hour0 = kT0 / kHour * kHour;
        QCOMPARE(hours->size(), 4); // empty hours are not rows
        QCOMPARE(hours->at(0), (AuditHistogramBin{utc(hour0), 2, 1, 0}));
        QCOMPARE(hours->at(1), (AuditHistogramBin{utc(hour0 + 3 * kHour), 1, 0, 0}));
        QCOMPARE(hours->at(2), (AuditHistogramBin{utc(hour0 + kDay), 0, 0, 1}));
        QCOMPARE(hours->at(3), (AuditHistogramBin{utc(hour0 + kDay + kHour), 1, 1, 0}));

        AuditQuery denied;
        denied.results = {AuditResult::Denied};
        auto onlyDenied = AuditQueries(*m_db).histogram(denied, AuditBucket::Day);
        QVERIFY2(onlyDenied, qPrintable(errorText(onlyDenied)));
        QCOMPARE(onlyDenied->size(), 2);
        QCOMPARE(onlyDenied->at(0).total(), qint64(1));
        QCOMPARE(onlyDenied->at(0).denied, qint64(1));
    }

    void distinctValues()
    {
        auto operators = AuditQueries(*m_db).operators();
        QVERIFY2(operators, qPrintable(errorText(operators)));
        QCOMPARE(operators.value(), (QStringList{"alice", "bob", "carol"}));
        auto operations = AuditQueries(*m_db).operations();
        QVERIFY2(operations, qPrintable(errorText(operations)));
        QCOMPARE(operations.value(), (QStringList{"CertificatePurge", "KeyCreate", "KeyPurge", "KeySign", "LoginFailed",
                                                  "SecurityDomainDownload", "VaultCreate"}));
    }

    void reviewNeedsAuditRead()
    {
        QTemporaryDir dir;
        auto ready = test::makeReadyWorkspace(dir.path());
        QVERIFY(ready);
        Services& services = *ready->services;
        AuditReview review(services.path());
        auto counted = review.count({});
        QVERIFY2(counted, qPrintable(errorText(counted)));
        QVERIFY(counted.value() > 0); // the workspace's own events
        const qint64 before = counted.value();

        auto added = test::addOperatorWithRoles(services, QStringLiteral("user"), {QStringLiteral("Crypto User")});
        QVERIFY2(added, qPrintable(errorText(added)));
        auto switched = test::switchOperator(services, QStringLiteral("user"));
        QVERIFY2(switched, qPrintable(errorText(switched)));
        auto denied = review.page({}, 0, 10);
        QVERIFY(!denied);
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
        QVERIFY2(denied.error().message.contains(QLatin1String("audit/read")), qPrintable(denied.error().message));
        QVERIFY(!review.histogram({}, AuditBucket::Day));
        QVERIFY(!review.operators());

        // The denial is audited; reads are not.
        auto back = test::switchOperator(services, QStringLiteral("admin"));
        QVERIFY2(back, qPrintable(errorText(back)));
        AuditQuery deniedReads;
        deniedReads.operators = {QStringLiteral("user")};
        deniedReads.operations = {QStringLiteral("AuditList")};
        deniedReads.results = {AuditResult::Denied};
        auto denials = review.count(deniedReads);
        QVERIFY2(denials, qPrintable(errorText(denials)));
        QCOMPARE(denials.value(), qint64(3));
        AuditQuery reads;
        reads.operations = {QStringLiteral("AuditList")};
        reads.results = {AuditResult::Success};
        auto successfulReads = review.count(reads);
        QVERIFY2(successfulReads, qPrintable(errorText(successfulReads)));
        QCOMPARE(successfulReads.value(), qint64(0));
        Q_UNUSED(before)
    }
};

CUSTOS_REGISTER_TEST(TestAuditQuery)
#include "TestAuditQuery.moc"
