// Signed checkpoints, the token's anchor, verifiable exports and archives (issue 6, "Tamper evidence").
#include "OutcomeText.h"
#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "crypto/pkcs11/Token.h"
#include "model/audit/AuditCheckpoint.h"
#include "model/audit/AuditCheckpoints.h"
#include "model/audit/AuditKey.h"
#include "model/audit/AuditLog.h"
#include "model/audit/AuditVerifier.h"
#include "model/services/ServicePath.h"
#include "model/session/Session.h"
#include "model/session/Workspace.h"
#include "model/store/Stores.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::model;
using Problem = AuditVerification::Problem;

class TestAuditCheckpoints : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_dir->path(), QStringLiteral("admin"), {},
                                           false); // exact event numbers: no activation event
        QVERIFY(m_ready);
    }

    void cleanup()
    {
        m_ready.reset();
        m_dir.reset();
    }

    void initSignsTheFirstEventAndLoginMakesNoEvent()
    {
        auto checkpoints = AuditCheckpointStore(db()).list();
        QVERIFY2(checkpoints, errorText(checkpoints).constData());
        QCOMPARE(checkpoints->size(), 1);
        QCOMPARE(checkpoints->first().seq, 1);
        QCOMPARE(checkpoints->first().kind, QStringLiteral("init"));
        QVERIFY(verifyAuditSignature(publicKey(), checkpoints->first().signedText(), checkpoints->first().signature));
        const auto v = verify();
        QVERIFY2(v.ok, qPrintable(v.problem));
        QCOMPARE(v.lastCheckpointSeq, 1);
        QCOMPARE(v.anchorSeq, 1);
    }

    void checkpointEveryIntervalAndAtLogout()
    {
        setInterval(5);
        createVaults(12); // events 2..13
        auto checkpoints = AuditCheckpointStore(db()).list();
        QList<qint64> seqs;
        for (const AuditCheckpoint& c : checkpoints.value())
            seqs << c.seq;
        QCOMPARE(seqs, (QList<qint64>{1, 6, 11}));
        AuditVerification v = verify();
        QVERIFY2(v.ok, qPrintable(v.problem));
        QCOMPARE(v.unsignedFrom, 12);
        QCOMPARE(v.checkpointsChecked, 3);

        m_ready->services->session().logout(); // a clean end signs the rest
        QVERIFY(test::switchOperator(*m_ready->services, QStringLiteral("admin")));
        checkpoints = AuditCheckpointStore(db()).list();
        QCOMPARE(checkpoints->last().seq, 13);
        QCOMPARE(checkpoints->last().kind, QStringLiteral("shutdown"));
        v = verify();
        QVERIFY2(v.ok, qPrintable(v.problem));
        QCOMPARE(v.unsignedFrom, 0);
        QCOMPARE(v.anchorSeq, 13);
    }

    void editWithTheChainRecomputedIsCaughtByTheCheckpoint()
    {
        setInterval(4);
        createVaults(8); // checkpoints at 1, 5, 9
        dropTriggers();
        // The attacker edits event 3 and recomputes every later hash: the chain alone is intact.
        QList<AuditEvent> events = AuditLog(db()).list({}).value();
        QString prev = events[1].hash;
        for (int i = 2; i < events.size(); ++i) {
            AuditEvent e = events[i];
            if (e.seq == 3)
                e.operatorName = QStringLiteral("mallory");
            e.prevHash = prev;
            e.hash = AuditLog::computeHash(e);
            exec(QStringLiteral("UPDATE audit_events SET operator = '%1', prev_hash = '%2', hash = '%3' WHERE seq = %4")
                     .arg(e.operatorName, e.prevHash, e.hash)
                     .arg(e.seq));
            prev = e.hash;
        }
        QVERIFY(AuditLog(db()).verify().value().ok); // chain only: fooled
        const AuditVerification v = verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.kind, Problem::Edited);
        QCOMPARE(v.firstBadSeq, 2);
        QCOMPARE(v.problem, QStringLiteral("events 2 to 5 are not the ones checkpoint 5 signed (edited and the chain "
                                           "recomputed?)"));
    }

    void anchorRolledBackIsDetected()
    {
        createVaults(2);
        m_ready->services->session().logout();
        QVERIFY(test::switchOperator(*m_ready->services, QStringLiteral("admin")));
        QCOMPARE(verify().anchorSeq, 3);
        // Someone with the token PIN writes an older anchor.
        crypto::Token& token = *m_ready->workspace->token();
        auto old = AuditCheckpointStore(db()).list().value().first();
        QVERIFY(writeAuditAnchor(token, AuditAnchor{old.seq, old.head}));
        const AuditVerification v = verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.kind, Problem::Truncated);
        QCOMPARE(v.problem, QStringLiteral("the token's anchor records event 1, but checkpoint 3 is newer: the anchor "
                                           "was rolled back"));
    }

    void truncationBehindTheCheckpointsIsCaughtByTheAnchor()
    {
        createVaults(3);
        m_ready->services->session().logout();
        QVERIFY(test::switchOperator(*m_ready->services, QStringLiteral("admin")));
        dropTriggers();
        exec(QStringLiteral("DROP TRIGGER audit_checkpoints_no_delete"));
        exec(QStringLiteral("DELETE FROM audit_events WHERE seq >= 3"));
        exec(QStringLiteral("DELETE FROM audit_checkpoints WHERE seq >= 3"));
        QVERIFY(AuditLog(db()).verify().value().ok); // chain only: fooled
        const AuditVerification v = verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.kind, Problem::Truncated);
        QCOMPARE(v.firstBadSeq, 3);
        QVERIFY2(v.problem.contains(QStringLiteral("the token's anchor records event 4")), qPrintable(v.problem));
    }

    void filteredExportVerifiesOfflineWithStubs()
    {
        createVaults(3);                                                                  // 2..4
        QVERIFY(!test::await(m_ready->services->vaults().create({QStringLiteral("x")}))); // 5 Failed
        createVaults(2);                                                                  // 6..7
        QVERIFY(!test::await(m_ready->services->vaults().create({QStringLiteral("y")}))); // 8 Failed
        AuditFilter filter;
        filter.result = AuditResult::Failed;
        const QString path = m_dir->filePath(QStringLiteral("failed.jsonl"));
        auto exported = test::await(m_ready->services->audit().exportTo(filter, path, QStringLiteral("jsonl"), {}));
        QVERIFY2(exported, errorText(exported).constData());
        QCOMPARE(exported.value(), 2);

        auto summary = verifyAuditFile(path, publicKey());
        QVERIFY2(summary, errorText(summary).constData());
        QVERIFY2(summary->verification.ok, qPrintable(summary->verification.problem));
        QCOMPARE(summary->events, 2);
        QCOMPARE(summary->stubs, 5); // 2..4 and 6..7: from the checkpoint at 1 to the one the export made
        QCOMPARE(summary->firstSeq, 2);
        QCOMPARE(summary->verification.unsignedFrom, 0);

        // A changed event, a changed stub, a dropped line: each is found offline.
        QByteArray text = readFile(path);
        QVERIFY(writeFile(path, QByteArray(text).replace("invalid vault name 'x'", "invalid vault name 'z'")));
        auto edited = verifyAuditFile(path, publicKey());
        QVERIFY(!edited->verification.ok);
        QCOMPARE(edited->verification.firstBadSeq, 5);
        QCOMPARE(edited->verification.kind, Problem::Edited);

        QList<QByteArray> lines = text.split('\n');
        for (QByteArray& line : lines) {
            if (line.contains("\"stub\":true") && line.contains("\"seq\":6"))
                line = line.left(line.indexOf("contentHash") + 14) + QByteArray(64, 'f') +
                       "\",\"encoding\":2,\"seq\":6,"
                       "\"stub\":true}";
        }
        QVERIFY(writeFile(path, lines.join('\n')));
        auto stubEdited = verifyAuditFile(path, publicKey());
        QVERIFY(!stubEdited->verification.ok);
        QCOMPARE(stubEdited->verification.firstBadSeq, 8); // the next full event no longer links

        // Another key does not verify the checkpoints.
        QVERIFY(writeFile(path, text));
        QTemporaryDir other;
        auto otherReady = test::makeReadyWorkspace(other.path(), QStringLiteral("admin"), {}, false);
        QVERIFY(otherReady);
        auto otherKey = auditPublicKeyDer(*otherReady->workspace->token());
        auto foreign = verifyAuditFile(path, otherKey.value());
        QVERIFY(!foreign->verification.ok);
        QCOMPARE(foreign->verification.kind, Problem::ForgedCheckpoint);
    }

    void archiveMovesEventsAndVerifiesAcrossTheFile()
    {
        createVaults(4); // 2..5
        const QString archive = m_dir->filePath(QStringLiteral("archive-1.jsonl"));
        const QDateTime future = QDateTime::currentDateTimeUtc().addSecs(60);
        auto archived = test::await(m_ready->services->audit().archive(future, archive));
        QVERIFY2(archived, errorText(archived).constData());
        QCOMPARE(archived->events, 5);
        QCOMPARE(archived->lastSeq, 5);
        QCOMPARE(AuditLog(db()).count().value(), 1); // the AuditArchive event itself, seq 6
        QCOMPARE(AuditLog(db()).list({}).value().first().operation, QStringLiteral("AuditArchive"));

        AuditVerification v = verify();
        QVERIFY2(v.ok, qPrintable(v.problem));
        QCOMPARE(v.eventsChecked, 1);
        v = verify({archive});
        QVERIFY2(v.ok, qPrintable(v.problem));
        QCOMPARE(v.archivedEvents, 5);
        QCOMPARE(v.eventsChecked, 1);

        auto file = verifyAuditFile(archive, publicKey());
        QVERIFY2(file->verification.ok, qPrintable(file->verification.problem));
        QCOMPARE(file->sha256, archived->fileSha256);

        // A second archive continues the first; verify needs both, in order.
        createVaults(2); // 7..8
        const QString second = m_dir->filePath(QStringLiteral("archive-2.jsonl"));
        QVERIFY(test::await(m_ready->services->audit().archive(QDateTime::currentDateTimeUtc().addSecs(60), second)));
        v = verify({archive, second});
        QVERIFY2(v.ok, qPrintable(v.problem));
        QCOMPARE(v.archivedEvents, 8);
        QVERIFY(!verify({second}).ok);

        // An edited archive is not the file the link checkpoint signed.
        QByteArray text = readFile(archive);
        const qsizetype at = text.indexOf("\"operation\":\"VaultCreate\"");
        QVERIFY(at > 0);
        QVERIFY(writeFile(archive, text.replace(at, 25, "\"operation\":\"VaultDelete\"")));
        v = verify({archive, second});
        QVERIFY2(!v.ok, qPrintable(v.problem));
        QVERIFY2(v.problem.startsWith(QStringLiteral("archive ")), qPrintable(v.problem));
    }

    void archiveIsDeniedWithoutThePermissionAndAudited()
    {
        QVERIFY(test::addOperatorWithRoles(*m_ready->services, QStringLiteral("reader"),
                                           {QStringLiteral("Crypto Auditor")}));
        QVERIFY(test::switchOperator(*m_ready->services, QStringLiteral("reader")));
        auto denied = test::await(m_ready->services->audit().archive(QDateTime::currentDateTimeUtc(),
                                                                     m_dir->filePath(QStringLiteral("a.jsonl"))));
        QVERIFY(!denied);
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
        QVERIFY(denied.error().message.contains(QStringLiteral("audit/archive")));
        QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("a.jsonl"))));
        AuditFilter filter;
        filter.operation = QStringLiteral("AuditArchive");
        const auto events = AuditLog(db()).list(filter).value();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().result, AuditResult::Denied);
    }

    // Fail closed: when the event cannot be written, the operation does not happen.
    void operationIsRefusedWhenItsEventCannotBeWritten()
    {
        exec(QStringLiteral("CREATE TRIGGER refuse_events BEFORE INSERT ON audit_events "
                            "BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END"));
        auto created = test::await(m_ready->services->vaults().create({QStringLiteral("never")}));
        QVERIFY(!created);
        QVERIFY2(created.error().message.contains(QStringLiteral("audit event")), qPrintable(created.error().message));
        QVERIFY(!VaultStore(db()).find(QStringLiteral("never")).value());
    }

private:
    Database& db() { return m_ready->workspace->database(); }

    QByteArray publicKey() { return auditPublicKeyDer(*m_ready->workspace->token()).value(); }

    AuditVerification verify(const QStringList& archives = {})
    {
        auto v = m_ready->services->audit().verify(archives);
        if (v)
            return v.value();
        AuditVerification failed;
        failed.ok = false;
        failed.problem = QStringLiteral("verify returned an error: ") + v.error().message;
        return failed;
    }

    void setInterval(int n)
    {
        QVERIFY(SettingsStore(db()).set(QLatin1String(kCheckpointIntervalSetting), QString::number(n)));
        QVERIFY(test::switchOperator(*m_ready->services, QStringLiteral("admin"))); // read at login
    }

    void createVaults(int n)
    {
        for (int i = 0; i < n; ++i) {
            auto v = test::await(m_ready->services->vaults().create({QStringLiteral("vault-%1").arg(++m_vaults)}));
            QVERIFY2(v, errorText(v).constData());
        }
    }

    void exec(const QString& sql)
    {
        QSqlQuery query(db().connection());
        QVERIFY2(query.exec(sql), qPrintable(sql + QStringLiteral(": ") + query.lastError().text()));
    }

    void dropTriggers()
    {
        exec(QStringLiteral("DROP TRIGGER audit_events_no_update"));
        exec(QStringLiteral("DROP TRIGGER audit_events_no_delete"));
    }

    static QByteArray readFile(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    static bool writeFile(const QString& path, const QByteArray& bytes)
    {
        QFile f(path);
        return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<test::ReadyWorkspace> m_ready;
    int m_vaults = 0;
};

CUSTOS_REGISTER_TEST(TestAuditCheckpoints)
#include "TestAuditCheckpoints.moc"
