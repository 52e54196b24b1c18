#include "TestRegistry.h"

#include "model/audit/AuditEncoding.h"
#include "model/audit/AuditLog.h"
#include "model/store/Database.h"

#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace custos;
using namespace custos::model;

namespace {

const qint64 kT0 = 1'795'326'695'123; // 2026-11-22T05:51:35.123Z

QDateTime utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

AuditEvent makeEvent(const QString& op, const QString& operation, const QString& resource, AuditResult result,
                     qint64 time)
{
    AuditEvent e;
    e.time = utc(time);
    e.operatorName = op;
    e.operation = operation;
    e.resource = resource;
    e.result = result;
    e.correlationId = QStringLiteral("corr-%1").arg(time);
    e.workstation = QStringLiteral("paw-01");
    e.osUser = QStringLiteral("tester");
    e.version = QStringLiteral("0.1.0");
    return e;
}

QList<qint64> seqs(const QList<AuditEvent>& events)
{
    QList<qint64> out;
    for (const AuditEvent& e : events)
        out << e.seq;
    return out;
}

} // namespace

class TestAuditChain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        auto db = Database::open(m_dir->filePath(QStringLiteral("custos.db")), Database::OpenMode::Create);
        QVERIFY2(db.ok(), qPrintable(db.ok() ? QString() : db.error().message));
        m_db = db.take();
        m_log = std::make_unique<AuditLog>(*m_db);
    }

    void cleanup()
    {
        m_log.reset();
        m_db.reset();
        m_dir.reset();
    }

    void emptyTrailVerifies()
    {
        auto verification = m_log->verify();
        QVERIFY(verification.ok());
        QVERIFY(verification.value().ok);
        QCOMPARE(verification.value().eventsChecked, 0);
        QCOMPARE(m_log->count().value(), 0);
    }

    void appendsAndVerifies()
    {
        appendFive();
        auto events = m_log->list({});
        QVERIFY(events.ok());
        QCOMPARE(seqs(events.value()), (QList<qint64>{1, 2, 3, 4, 5}));
        QCOMPARE(events.value().at(0).prevHash, QString(64, QLatin1Char('0')));
        for (int i = 1; i < 5; ++i)
            QCOMPARE(events.value().at(i).prevHash, events.value().at(i - 1).hash);
        for (const AuditEvent& e : events.value()) {
            QCOMPARE(e.encoding, 2);
            QCOMPARE(e.hash, AuditLog::computeHash(e));
            QCOMPARE(e.hash.size(), 64);
        }
        QCOMPARE(events.value().at(2).details.value(QStringLiteral("index")).toInt(), 3);
        QCOMPARE(events.value().at(2).approvers, QStringList{QStringLiteral("bob")});

        auto verification = m_log->verify();
        QVERIFY(verification.ok());
        QVERIFY2(verification.value().ok, qPrintable(verification.value().problem));
        QCOMPARE(verification.value().eventsChecked, 5);
        QCOMPARE(verification.value().firstBadSeq, 0);
        QCOMPARE(m_log->count().value(), 5);
    }

    void appendReturnsWhatIsStored()
    {
        AuditEvent e =
            makeEvent(QStringLiteral("alice"), QStringLiteral("Login"), QStringLiteral("/"), AuditResult::Success, 0);
        e.time = QDateTime(); // append stamps it
        e.encoding = 7;       // and always writes the current encoding
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        auto appended = m_log->append(e);
        QVERIFY(appended.ok());
        QCOMPARE(appended.value().seq, 1);
        QCOMPARE(appended.value().encoding, 2);
        QCOMPARE(appended.value().time.timeSpec(), Qt::UTC);
        QVERIFY(appended.value().time.toMSecsSinceEpoch() >= before);
        const AuditEvent stored = m_log->list({}).value().at(0);
        QCOMPARE(stored.time, appended.value().time);
        QCOMPARE(stored.hash, appended.value().hash);
    }

    void appendJoinsTheCallersTransaction()
    {
        {
            Transaction transaction(*m_db);
            QVERIFY(transaction.begin().ok());
            QVERIFY(m_log
                        ->append(makeEvent(QStringLiteral("a"), QStringLiteral("X"), QStringLiteral("/"),
                                           AuditResult::Success, kT0))
                        .ok());
        }
        QCOMPARE(m_log->count().value(), 0);
        appendFive();
        QVERIFY(m_log->verify().value().ok);
    }

    void triggersRefuseUpdateAndDelete()
    {
        appendFive();
        QSqlQuery query(m_db->connection());
        QVERIFY(!query.exec(QStringLiteral("UPDATE audit_events SET result = 'Success' WHERE seq = 2")));
        QVERIFY2(query.lastError().text().contains(QStringLiteral("audit events are append-only")),
                 qPrintable(query.lastError().text()));
        QVERIFY(!query.exec(QStringLiteral("DELETE FROM audit_events WHERE seq = 5")));
        QVERIFY(query.lastError().text().contains(QStringLiteral("audit events are append-only")));
        QCOMPARE(m_log->count().value(), 5);
        QVERIFY(m_log->verify().value().ok);
    }

    void editIsDetected_data()
    {
        QTest::addColumn<QString>("assignment");
        QTest::newRow("operator") << QStringLiteral("operator = 'mallory'");
        QTest::newRow("result") << QStringLiteral("result = 'Success'");
        QTest::newRow("result, unknown name") << QStringLiteral("result = 'Fine'");
        QTest::newRow("time") << QStringLiteral("time = time + 1");
        QTest::newRow("reason") << QStringLiteral("reason = 'nothing to see'");
        QTest::newRow("approvers") << QStringLiteral("approvers = '[\"carol\"]'");
        QTest::newRow("approvers, spacing only") << QStringLiteral("approvers = '[ \"bob\" ]'");
        QTest::newRow("details") << QStringLiteral("details = '{\"index\":4}'");
        QTest::newRow("resource") << QStringLiteral("resource = '/vaults/other'");
        QTest::newRow("hash") << QStringLiteral("hash = '") + QString(64, QLatin1Char('a')) + QLatin1Char('\'');
    }

    void editIsDetected()
    {
        QFETCH(QString, assignment);
        appendFive();
        dropTriggers();
        exec(QStringLiteral("UPDATE audit_events SET %1 WHERE seq = 3").arg(assignment));
        const AuditVerification v = m_log->verify().value();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadSeq, 3);
        QCOMPARE(v.problem, QStringLiteral("event 3: hash does not match its content (edited?)"));
        QCOMPARE(v.eventsChecked, 2);
    }

    void deletionIsDetected()
    {
        appendFive();
        dropTriggers();
        exec(QStringLiteral("DELETE FROM audit_events WHERE seq = 3"));
        AuditVerification v = m_log->verify().value();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadSeq, 3);
        QCOMPARE(v.problem, QStringLiteral("event 3 missing after 2 (deleted?)"));

        exec(QStringLiteral("DELETE FROM audit_events WHERE seq = 1"));
        v = m_log->verify().value();
        QCOMPARE(v.firstBadSeq, 1);
        QCOMPARE(v.problem, QStringLiteral("event 1 missing at the start (deleted?)"));
    }

    void deletionWithRenumberingIsDetected()
    {
        appendFive();
        dropTriggers();
        exec(QStringLiteral("DELETE FROM audit_events WHERE seq = 3"));
        exec(QStringLiteral("UPDATE audit_events SET seq = seq - 1 WHERE seq > 3"));
        const AuditVerification v = m_log->verify().value();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadSeq, 3);
        QCOMPARE(v.kind, AuditVerification::Problem::Deleted);
        QCOMPARE(v.problem, QStringLiteral("event 3 was deleted and the events after it renumbered (deleted)"));
    }

    void insertionWithRenumberingIsDetected()
    {
        appendFive();
        dropTriggers();
        // A forged event 3 with a correct hash, the real 3..5 moved up by one.
        for (int seq = 5; seq >= 3; --seq)
            exec(QStringLiteral("UPDATE audit_events SET seq = seq + 1 WHERE seq = %1").arg(seq));
        AuditEvent forged = m_log->list({}).value().at(0);
        forged.seq = 3;
        forged.operatorName = QStringLiteral("mallory");
        forged.prevHash = m_log->list({}).value().at(1).hash;
        forged.hash = AuditLog::computeHash(forged);
        QSqlQuery insert(m_db->connection());
        insert.prepare(QStringLiteral("INSERT INTO audit_events SELECT 3, encoding, time, ?, approvers, operation, "
                                      "resource, result, reason, justification, correlation_id, workstation, os_user, "
                                      "version, details, ?, ? FROM audit_events WHERE seq = 1"));
        insert.addBindValue(forged.operatorName);
        insert.addBindValue(forged.prevHash);
        insert.addBindValue(forged.hash);
        QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
        const AuditVerification v = m_log->verify().value();
        QVERIFY(!v.ok);
        QCOMPARE(v.kind, AuditVerification::Problem::Inserted);
        QCOMPARE(v.firstBadSeq, 3);
        QCOMPARE(v.problem, QStringLiteral("event 3 was inserted: the events after it were renumbered (inserted)"));
    }

    void reorderIsDetected()
    {
        appendFive();
        dropTriggers();
        swapContent(2, 3, false);
        const AuditVerification v = m_log->verify().value();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadSeq, 2);
        QCOMPARE(v.kind, AuditVerification::Problem::Reordered);
        QCOMPARE(v.problem, QStringLiteral("events 2 and 3 are out of order (reordered)"));
    }

    void reorderWithRecomputedHashesIsDetected()
    {
        // An attacker who knows the encoding re-hashes the swapped events; the links still break.
        appendFive();
        dropTriggers();
        swapContent(2, 3, true);
        const AuditVerification v = m_log->verify().value();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadSeq, 2);
        QCOMPARE(v.problem, QStringLiteral("event 2: previous hash does not match event 1 (reordered or deleted?)"));
    }

    void insertedEventIsDetected()
    {
        appendFive();
        AuditEvent forged = m_log->list({}).value().at(0);
        forged.seq = 0;
        forged.hash = AuditLog::computeHash(forged);
        exec(QStringLiteral("INSERT INTO audit_events SELECT 0, encoding, time, operator, approvers, operation, "
                            "resource, result, reason, justification, correlation_id, workstation, os_user, version, "
                            "details, prev_hash, '%1' FROM audit_events WHERE seq = 1")
                 .arg(forged.hash));
        const AuditVerification v = m_log->verify().value();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadSeq, 0);
    }

    void unknownEncodingIsReported()
    {
        appendFive();
        dropTriggers();
        exec(QStringLiteral("UPDATE audit_events SET encoding = 9 WHERE seq = 4"));
        const AuditVerification v = m_log->verify().value();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadSeq, 4);
        QVERIFY(v.problem.startsWith(QStringLiteral("event 4: unknown encoding 9")));
    }

    void verifyStreamsPages()
    {
        // More events than one verify page, so the paging boundary is crossed twice.
        {
            Transaction transaction(*m_db);
            QVERIFY(transaction.begin().ok());
            for (int i = 0; i < 2500; ++i) {
                QVERIFY(m_log
                            ->append(makeEvent(QStringLiteral("bulk"), QStringLiteral("KeySign"),
                                               QStringLiteral("/vaults/v/keys/k"), AuditResult::Success, kT0 + i))
                            .ok());
            }
            QVERIFY(transaction.commit().ok());
        }
        AuditVerification v = m_log->verify().value();
        QVERIFY2(v.ok, qPrintable(v.problem));
        QCOMPARE(v.eventsChecked, 2500);

        dropTriggers();
        exec(QStringLiteral("DELETE FROM audit_events WHERE seq = 2001"));
        v = m_log->verify().value();
        QCOMPARE(v.firstBadSeq, 2001);
        QCOMPARE(v.problem, QStringLiteral("event 2001 missing after 2000 (deleted?)"));
    }

    void canonicalEncodingIsPinned()
    {
        // These bytes and their SHA-256 were produced outside Custos, once, with
        //   printf '%s\n%s' 'custos-audit-v1' '<json>' | sha256sum
        // A change here breaks the verification of every trail written so far: add an encoding instead.
        AuditEvent e;
        e.seq = 1;
        e.time = utc(kT0);
        e.operatorName = QStringLiteral("alice");
        e.approvers = {QStringLiteral("bob"), QStringLiteral("carol")};
        e.operation = QStringLiteral("VaultCreate");
        e.resource = QStringLiteral("/vaults/payments");
        e.result = AuditResult::Success;
        e.justification = QStringLiteral("CHG-1234 \u00c4nderung");
        e.correlationId = QStringLiteral("c0ffee00-0000-4000-8000-000000000001");
        e.workstation = QStringLiteral("paw-01");
        e.osUser = QStringLiteral("alice");
        e.version = QStringLiteral("0.1.0");
        e.details =
            QJsonObject{{QStringLiteral("retentionDays"), 90}, {QStringLiteral("protection"), QStringLiteral("hsm")}};
        e.prevHash = QString(64, QLatin1Char('0'));

        const QByteArray expected =
            "custos-audit-v1\n"
            "{\"approvers\":[\"bob\",\"carol\"],\"correlationId\":\"c0ffee00-0000-4000-8000-000000000001\","
            "\"details\":{\"protection\":\"hsm\",\"retentionDays\":90},\"justification\":\"CHG-1234 \xc3\x84nderung\","
            "\"operation\":\"VaultCreate\",\"operator\":\"alice\",\"osUser\":\"alice\","
            "\"prevHash\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"reason\":\"\","
            "\"resource\":\"/vaults/payments\",\"result\":\"Success\",\"seq\":1,\"time\":1795326695123,"
            "\"version\":\"0.1.0\",\"workstation\":\"paw-01\"}";
        QCOMPARE(AuditLog::canonicalEncoding(e), expected);
        QCOMPARE(AuditLog::computeHash(e),
                 QStringLiteral("9c956bef896c3bb130c4b44e9a77f5312b4a7521a34eb9329fa8b76c089fa0ed"));

        // Encoding 2, which append writes now; computed outside Custos (python3 hashlib) from
        // AuditEncoding.h's definition. The same event appended first to an empty trail gets it.
        e.encoding = 2;
        QCOMPARE(auditContentHash(e),
                 QStringLiteral("7b6683ec604fd46ca8ccdd6f21bca27844757d8b4f9daad9c491e1b27b0d4d98"));
        QCOMPARE(AuditLog::computeHash(e),
                 QStringLiteral("80f4095777f2b62173ee4e2e2ced47094f48eb041ff1b0b4b3838a25bc86f82d"));
        auto appended = m_log->append(e);
        QVERIFY(appended.ok());
        QCOMPARE(appended.value().hash,
                 QStringLiteral("80f4095777f2b62173ee4e2e2ced47094f48eb041ff1b0b4b3838a25bc86f82d"));
        QCOMPARE(m_log->list({}).value().at(0).hash, appended.value().hash);
        QVERIFY(m_log->verify().value().ok);
    }

    // A trail written before encoding 2 keeps verifying, and encoding-2 events chain onto it.
    void encodingOneEventsStillVerify()
    {
        AuditEvent old = makeEvent(QStringLiteral("alice"), QStringLiteral("VaultCreate"), QStringLiteral("/vaults/a"),
                                   AuditResult::Success, kT0);
        old.seq = 1;
        old.encoding = 1;
        old.prevHash = QString(64, QLatin1Char('0'));
        old.hash = AuditLog::computeHash(old);
        QSqlQuery insert(m_db->connection());
        insert.prepare(
            QStringLiteral("INSERT INTO audit_events(seq, encoding, time, operator, approvers, operation, "
                           "resource, result, reason, justification, correlation_id, workstation, os_user, "
                           "version, details, prev_hash, hash) VALUES(1, 1, ?, ?, '[]', ?, ?, 'Success', '', "
                           "'', ?, ?, ?, ?, '{}', ?, ?)"));
        for (const QVariant& v : QVariantList{kT0, old.operatorName, old.operation, old.resource, old.correlationId,
                                              old.workstation, old.osUser, old.version, old.prevHash, old.hash})
            insert.addBindValue(v);
        QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
        auto next = m_log->append(makeEvent(QStringLiteral("bob"), QStringLiteral("VaultCreate"),
                                            QStringLiteral("/vaults/b"), AuditResult::Success, kT0 + 1));
        QVERIFY(next.ok());
        QCOMPARE(next.value().encoding, 2);
        QCOMPARE(next.value().prevHash, old.hash);
        AuditVerification v = m_log->verify().value();
        QVERIFY2(v.ok, qPrintable(v.problem));
        QCOMPARE(v.eventsChecked, 2);

        dropTriggers();
        exec(QStringLiteral("UPDATE audit_events SET operator = 'mallory' WHERE seq = 1"));
        v = m_log->verify().value();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadSeq, 1);
        QCOMPARE(v.kind, AuditVerification::Problem::Edited);
    }

    void toJsonUsesTheCliFields()
    {
        AuditEvent e = makeEvent(QStringLiteral("alice"), QStringLiteral("VaultCreate"), QStringLiteral("/vaults/a"),
                                 AuditResult::Denied, kT0);
        e.approvers = {QStringLiteral("bob")};
        e.details = QJsonObject{{QStringLiteral("k"), QStringLiteral("v")}};
        e.reason = QStringLiteral("missing permission vaults/write at /vaults/a");
        const AuditEvent stored = m_log->append(e).value();
        const QJsonObject json = AuditLog::toJson(stored);
        QStringList keys = json.keys();
        QStringList expected{
            QStringLiteral("seq"),           QStringLiteral("time"),        QStringLiteral("operator"),
            QStringLiteral("approvers"),     QStringLiteral("operation"),   QStringLiteral("resource"),
            QStringLiteral("result"),        QStringLiteral("reason"),      QStringLiteral("justification"),
            QStringLiteral("correlationId"), QStringLiteral("workstation"), QStringLiteral("osUser"),
            QStringLiteral("version"),       QStringLiteral("details"),     QStringLiteral("prevHash"),
            QStringLiteral("hash"),          QStringLiteral("encoding")};
        keys.sort();
        expected.sort();
        QCOMPARE(keys, expected);
        QCOMPARE(json.value(QStringLiteral("seq")).toInteger(), 1);
        QCOMPARE(json.value(QStringLiteral("time")).toString(), QStringLiteral("2026-11-22T05:51:35.123Z"));
        QCOMPARE(json.value(QStringLiteral("result")).toString(), QStringLiteral("Denied"));
        QCOMPARE(json.value(QStringLiteral("approvers")).toArray(), QJsonArray{QStringLiteral("bob")});
        QCOMPARE(json.value(QStringLiteral("details")).toObject().value(QStringLiteral("k")).toString(),
                 QStringLiteral("v"));
        QCOMPARE(json.value(QStringLiteral("correlationId")).toString(), e.correlationId);
        QCOMPARE(json.value(QStringLiteral("osUser")).toString(), QStringLiteral("tester"));
        QCOMPARE(json.value(QStringLiteral("hash")).toString(), stored.hash);
        QCOMPARE(json.value(QStringLiteral("prevHash")).toString(), QString(64, QLatin1Char('0')));
    }

    void listFilters()
    {
        seedForList();
        auto run = [this](const AuditFilter& filter) { return seqs(m_log->list(filter).value()); };
        using Seqs = QList<qint64>;

        QCOMPARE(run({}), (Seqs{1, 2, 3, 4, 5, 6}));

        AuditFilter f;
        f.operation = QStringLiteral("VaultCreate");
        QCOMPARE(run(f), (Seqs{1, 4}));
        f.limit = 1;
        QCOMPARE(run(f), (Seqs{4}));

        f = {};
        f.result = AuditResult::Denied;
        QCOMPARE(run(f), (Seqs{3}));
        f.result = AuditResult::Failed;
        QCOMPARE(run(f), (Seqs{4, 5}));

        f = {};
        f.principal = QStringLiteral("bob");
        QCOMPARE(run(f), (Seqs{2, 3}));
        f.principal = QStringLiteral("alice");
        f.result = AuditResult::Success;
        QCOMPARE(run(f), (Seqs{1, 6}));

        f = {};
        f.resourcePrefix = QStringLiteral("/vaults/payments");
        QCOMPARE(run(f), (Seqs{1, 2, 3, 6})); // not /vaults/paymentsx
        f.resourcePrefix = QStringLiteral("/vaults/payments/");
        QCOMPARE(run(f), (Seqs{1, 2, 3, 6}));
        f.resourcePrefix = QStringLiteral("/vaults/payments/keys/signing");
        QCOMPARE(run(f), (Seqs{2, 3}));
        f.resourcePrefix = QStringLiteral("/");
        QCOMPARE(run(f), (Seqs{1, 2, 3, 4, 5, 6}));
        f.resourcePrefix = QStringLiteral("/operators");
        QCOMPARE(run(f), (Seqs{5}));

        f = {};
        f.search = QStringLiteral("signing"); // resource and reason
        QCOMPARE(run(f), (Seqs{2, 3}));
        f.search = QStringLiteral("CANCELLED"); // case-insensitive, in reason
        QCOMPARE(run(f), (Seqs{4}));
        f.search = QStringLiteral("P-256"); // in details
        QCOMPARE(run(f), (Seqs{2}));
        f.search = QStringLiteral("0%"); // wildcards are literal
        QCOMPARE(run(f), (Seqs{6}));
        f.search = QStringLiteral("a_b");
        QCOMPARE(run(f), (Seqs{2}));
        f.search = QStringLiteral("CHG-42"); // justification
        QCOMPARE(run(f), (Seqs{4}));
        f.search = QStringLiteral("nothing like this");
        QCOMPARE(run(f), Seqs{});

        f = {};
        f.limit = 2;
        QCOMPARE(run(f), (Seqs{5, 6}));
        f.limit = 100;
        QCOMPARE(run(f), (Seqs{1, 2, 3, 4, 5, 6}));

        f = {};
        f.since = utc(kT0 + 1000);
        f.until = utc(kT0 + 3000);
        QCOMPARE(run(f), (Seqs{2, 3, 4})); // both ends inclusive
        f.until = QDateTime();
        QCOMPARE(run(f), (Seqs{2, 3, 4, 5, 6}));
        f.since = QDateTime();
        f.until = utc(kT0 + 999);
        QCOMPARE(run(f), (Seqs{1}));

        f = {};
        f.afterSeq = 4;
        QCOMPARE(run(f), (Seqs{5, 6}));

        const QList<AuditEvent> events = m_log->list({}).value();
        QCOMPARE(events.at(2).reason,
                 QStringLiteral("missing permission keys/sign/action at /vaults/payments/keys/signing"));
        QCOMPARE(events.at(4).operatorName, QString());
    }

private:
    void appendFive()
    {
        for (int i = 1; i <= 5; ++i) {
            AuditEvent e = makeEvent(QStringLiteral("alice"), QStringLiteral("KeyCreate"),
                                     QStringLiteral("/vaults/v/keys/k%1").arg(i),
                                     i == 3 ? AuditResult::Denied : AuditResult::Success, kT0 + i);
            e.approvers = {QStringLiteral("bob")};
            e.details = QJsonObject{{QStringLiteral("index"), i}};
            if (i == 3)
                e.reason = QStringLiteral("missing permission keys/create at /vaults/v");
            auto appended = m_log->append(e);
            QVERIFY2(appended.ok(), qPrintable(appended.ok() ? QString() : appended.error().message));
            QCOMPARE(appended.value().seq, i);
        }
    }

    void seedForList()
    {
        AuditEvent e1 = makeEvent(QStringLiteral("alice"), QStringLiteral("VaultCreate"),
                                  QStringLiteral("/vaults/payments"), AuditResult::Success, kT0);
        AuditEvent e2 = makeEvent(QStringLiteral("bob"), QStringLiteral("KeyCreate"),
                                  QStringLiteral("/vaults/payments/keys/signing"), AuditResult::Success, kT0 + 1000);
        e2.details = QJsonObject{{QStringLiteral("kty"), QStringLiteral("EC")},
                                 {QStringLiteral("curve"), QStringLiteral("P-256")},
                                 {QStringLiteral("note"), QStringLiteral("a_b")}};
        AuditEvent e3 = makeEvent(QStringLiteral("bob"), QStringLiteral("KeySign"),
                                  QStringLiteral("/vaults/payments/keys/signing"), AuditResult::Denied, kT0 + 2000);
        e3.reason = QStringLiteral("missing permission keys/sign/action at /vaults/payments/keys/signing");
        AuditEvent e4 = makeEvent(QStringLiteral("alice"), QStringLiteral("VaultCreate"),
                                  QStringLiteral("/vaults/paymentsx"), AuditResult::Failed, kT0 + 3000);
        e4.reason = QStringLiteral("cancelled");
        e4.justification = QStringLiteral("CHG-42");
        AuditEvent e5 = makeEvent(QString(), QStringLiteral("LoginFailed"), QStringLiteral("/operators/mallory"),
                                  AuditResult::Failed, kT0 + 4000);
        AuditEvent e6 = makeEvent(QStringLiteral("alice"), QStringLiteral("VaultUpdate"),
                                  QStringLiteral("/vaults/payments"), AuditResult::Success, kT0 + 5000);
        e6.justification = QStringLiteral("100% sure");
        for (const AuditEvent& e : {e1, e2, e3, e4, e5, e6})
            QVERIFY(m_log->append(e).ok());
    }

    void exec(const QString& sql)
    {
        QSqlQuery query(m_db->connection());
        QVERIFY2(query.exec(sql), qPrintable(sql + QStringLiteral(": ") + query.lastError().text()));
    }

    // What an attacker with write access to the file does first.
    void dropTriggers()
    {
        exec(QStringLiteral("DROP TRIGGER audit_events_no_update"));
        exec(QStringLiteral("DROP TRIGGER audit_events_no_delete"));
    }

    // Swaps every column but seq between two events; with `rehash`, gives each its correct own hash.
    void swapContent(qint64 a, qint64 b, bool rehash)
    {
        exec(QStringLiteral("UPDATE audit_events SET seq = -1 WHERE seq = %1").arg(a));
        exec(QStringLiteral("UPDATE audit_events SET seq = %1 WHERE seq = %2").arg(a).arg(b));
        exec(QStringLiteral("UPDATE audit_events SET seq = %1 WHERE seq = -1").arg(b));
        if (!rehash)
            return;
        const QList<AuditEvent> events = m_log->list({}).value();
        for (const AuditEvent& e : events) {
            if (e.seq == a || e.seq == b)
                exec(QStringLiteral("UPDATE audit_events SET hash = '%1' WHERE seq = %2")
                         .arg(AuditLog::computeHash(e))
                         .arg(e.seq));
        }
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AuditLog> m_log;
};

CUSTOS_REGISTER_TEST(TestAuditChain)
#include "TestAuditChain.moc"
