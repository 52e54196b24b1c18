#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "crypto/Random.h"
#include "crypto/pkcs11/Token.h"
#include "model/audit/AuditLog.h"
#include "model/services/ServicePath.h"
#include "model/session/Session.h"
#include "model/store/Stores.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>

using namespace custos;
using namespace custos::model;

// The one path: authorise, engine off the calling thread, persist + event in one transaction, and
// fail closed when the event cannot be written.
class TestServicePath : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;

    ServicePath& path() { return m_ready->services->path(); }
    Database& db() { return m_ready->workspace->database(); }
    QList<AuditEvent> events(const QString& operation)
    {
        AuditFilter filter;
        filter.operation = operation;
        auto list = AuditLog(db()).list(filter);
        return list ? list.value() : QList<AuditEvent>{};
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")), QStringLiteral("admin"), {}, false);
        QVERIFY(m_ready);
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void successCommitsChangeAndOneEvent()
    {
        auto vault = test::await(
            m_ready->services->vaults().create({QStringLiteral("payments")}, {QStringLiteral("CHG-1234"), {}}));
        QVERIFY(vault);
        const auto created = events(QStringLiteral("VaultCreate"));
        QCOMPARE(created.size(), 1);
        QCOMPARE(created.first().result, AuditResult::Success);
        QCOMPARE(created.first().resource, QStringLiteral("/vaults/payments"));
        QCOMPARE(created.first().justification, QStringLiteral("CHG-1234"));
        QCOMPARE(created.first().operatorName, QStringLiteral("admin"));
        QCOMPARE(created.first().details.value(QStringLiteral("protection")).toString(), QStringLiteral("hsm"));
        QVERIFY(!created.first().workstation.isEmpty());
        QVERIFY(!created.first().osUser.isEmpty());
    }

    void unwritableEventUndoesTheChange()
    {
        QSqlQuery q(db().connection());
        QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER audit_blocked BEFORE INSERT ON audit_events "
                                      "BEGIN SELECT RAISE(ABORT, 'simulated audit failure'); END")));
        auto vault = test::await(m_ready->services->vaults().create({QStringLiteral("payments")}));
        QVERIFY(!vault);
        QVERIFY2(vault.error().message.contains(QStringLiteral("audit event could not be written")),
                 qPrintable(vault.error().message));
        QVERIFY(q.exec(QStringLiteral("DROP TRIGGER audit_blocked")));
        auto found = VaultStore(db()).find(QStringLiteral("payments"));
        QVERIFY(found);
        QVERIFY(!found.value().has_value());
    }

    void engineRunsOffTheCallingThreadAndFailureIsAudited()
    {
        std::atomic<bool> ranElsewhere = false;
        const auto caller = QThread::currentThread();
        Operation op;
        op.name = QStringLiteral("ProbeOperation");
        op.permission = QStringLiteral("vaults/write");
        Steps<int> steps;
        steps.engine = [&ranElsewhere, caller]() -> Outcome<void> {
            ranElsewhere = QThread::currentThread() != caller;
            return makeError(ErrorKind::Failed, QStringLiteral("C_GenerateKey failed: CKR_DEVICE_ERROR (0x30)"));
        };
        bool persisted = false;
        steps.persist = [&persisted](Database&, QJsonObject&) -> Outcome<int> {
            persisted = true;
            return 1;
        };
        auto result = test::await(path().run(op, steps));
        QVERIFY(!result);
        QVERIFY(ranElsewhere);
        QVERIFY(!persisted);
        const auto failed = events(QStringLiteral("ProbeOperation"));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().result, AuditResult::Failed);
        QVERIFY(failed.first().reason.contains(QStringLiteral("CKR_DEVICE_ERROR")));
    }

    void failedCommitUndoesEngineWork()
    {
        std::atomic<bool> undone = false;
        Operation op;
        op.name = QStringLiteral("ProbeOperation");
        op.permission = QStringLiteral("vaults/write");
        Steps<int> steps;
        steps.engine = []() -> Outcome<void> { return {}; };
        steps.undoEngine = [&undone]() { undone = true; };
        steps.persist = [](Database&, QJsonObject&) -> Outcome<int> {
            return makeError(ErrorKind::Failed, QStringLiteral("disk full"));
        };
        auto result = test::await(path().run(op, steps));
        QVERIFY(!result);
        QVERIFY(undone);
        QCOMPARE(events(QStringLiteral("ProbeOperation")).first().reason, QStringLiteral("disk full"));
    }

    void tokenObjectsFollowTheirIntentRow()
    {
        crypto::Token* token = m_ready->workspace->token();
        QVERIFY(token);
        auto generateUnder = [token](const QString& intentId) {
            return [token, intentId]() -> Outcome<void> {
                crypto::KeyGenSpec spec;
                spec.id = QByteArray::fromHex(intentId.toLatin1());
                spec.label = QStringLiteral("probe");
                auto generated = token->generateKey(spec);
                if (!generated)
                    return generated.error();
                return {};
            };
        };
        auto hasObjects = [this, token](const QString& intentId) {
            return QtConcurrent::run(m_ready->workspace->tokenPool(),
                                     [token, intentId]() {
                                         auto has = token->hasObjects(QByteArray::fromHex(intentId.toLatin1()));
                                         return has && has.value();
                                     })
                .result();
        };
        Operation op;
        op.name = QStringLiteral("ProbeKeyCreate");
        op.permission = QStringLiteral("vaults/write");

        // Success: the key exists, and its intent row was there until the commit removed it.
        const QString kept = crypto::randomId();
        Steps<int> steps;
        steps.intentId = kept;
        steps.engine = generateUnder(kept);
        bool intentSeen = false;
        steps.persist = [&intentSeen, kept](Database& db, QJsonObject&) -> Outcome<int> {
            const auto intents = IntentStore(db).list(); // named: a range-for over .value() of a temporary dangles
            for (const Intent& intent : intents.value())
                intentSeen = intentSeen || intent.id == kept;
            return 1;
        };
        QVERIFY(test::await(path().run(op, steps)));
        QVERIFY(intentSeen);
        QVERIFY(hasObjects(kept));
        QVERIFY(IntentStore(db()).list()->isEmpty());

        // The commit fails: the token work is undone and the intent row goes with it.
        const QString undone = crypto::randomId();
        Steps<int> failing;
        failing.intentId = undone;
        failing.engine = generateUnder(undone);
        failing.undoEngine = [token, undone]() { (void)token->destroyObjects(QByteArray::fromHex(undone.toLatin1())); };
        failing.persist = [](Database&, QJsonObject&) -> Outcome<int> {
            return makeError(ErrorKind::Failed, QStringLiteral("disk full"));
        };
        QVERIFY(!test::await(path().run(op, failing)));
        QVERIFY(!hasObjects(undone));
        QVERIFY(IntentStore(db()).list()->isEmpty());
    }

    void cancelledOperationIsAuditedAsFailedCancelled()
    {
        Operation op;
        op.name = QStringLiteral("ProbeOperation");
        op.permission = QStringLiteral("vaults/write");
        Steps<int> steps;
        steps.engine = []() -> Outcome<void> { return makeError(ErrorKind::Cancelled, QStringLiteral("stopped")); };
        steps.persist = [](Database&, QJsonObject&) -> Outcome<int> { return 1; };
        auto result = test::await(path().run(op, steps));
        QVERIFY(result.isCancelled());
        const auto event = events(QStringLiteral("ProbeOperation")).first();
        QCOMPARE(event.result, AuditResult::Failed);
        QCOMPARE(event.reason, QStringLiteral("cancelled"));
    }

    void denialNamesTheMissingPermissionAndIsAudited()
    {
        QVERIFY(test::addOperatorWithRoles(*m_ready->services, QStringLiteral("auditor"),
                                           {QStringLiteral("Crypto Auditor")}));
        QVERIFY(test::switchOperator(*m_ready->services, QStringLiteral("auditor")));
        auto vault = test::await(m_ready->services->vaults().create({QStringLiteral("payments")}));
        QVERIFY(!vault);
        QCOMPARE(vault.error().kind, ErrorKind::Denied);
        QCOMPARE(vault.error().message, QStringLiteral("denied: missing permission vaults/write at /vaults/payments"));
        const auto denied = events(QStringLiteral("VaultCreate"));
        QCOMPARE(denied.size(), 1);
        QCOMPARE(denied.first().result, AuditResult::Denied);
        QCOMPARE(denied.first().operatorName, QStringLiteral("auditor"));
        QCOMPARE(denied.first().details.value(QStringLiteral("missingPermission")).toString(),
                 QStringLiteral("vaults/write"));
    }

    void operatorDisabledAfterLoginIsStoppedAtTheNextOperation()
    {
        QVERIFY(
            test::addOperatorWithRoles(*m_ready->services, QStringLiteral("carol"), {QStringLiteral("Administrator")}));
        QVERIFY(test::switchOperator(*m_ready->services, QStringLiteral("carol")));
        // Disable carol behind the session's back, as another workstation would.
        QSqlQuery q(db().connection());
        QVERIFY(q.exec(QStringLiteral("UPDATE operators SET enabled = 0 WHERE name = 'carol'")));
        auto vault = test::await(m_ready->services->vaults().create({QStringLiteral("payments")}));
        QVERIFY(!vault);
        QVERIFY(vault.error().message.contains(QStringLiteral("disabled")));
    }

    void exportIsAuditedAndAtomic()
    {
        const QString path = m_tmp->filePath(QStringLiteral("export.txt"));
        auto render = [](const QList<AuditEvent>& events) {
            QByteArray out;
            for (const AuditEvent& e : events)
                out += e.operation.toUtf8() + '\n';
            return out;
        };
        auto exported = test::await(m_ready->services->audit().exportTo({}, path, QStringLiteral("csv"), render,
                                                                        {QStringLiteral("SIEM-7"), {}}));
        QVERIFY2(exported, errorText(exported).constData());
        QCOMPARE(exported.value(), qint64(1));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("WorkspaceInit\n"));
        const auto events = this->events(QStringLiteral("AuditExport"));
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().justification, QStringLiteral("SIEM-7"));
        QCOMPARE(events.first().details.value(QStringLiteral("events")).toInt(), 1);

        // No event, no export: the file written in the transaction is removed again.
        const QString second = m_tmp->filePath(QStringLiteral("second.txt"));
        QSqlQuery q(db().connection());
        QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER audit_blocked BEFORE INSERT ON audit_events "
                                      "BEGIN SELECT RAISE(ABORT, 'simulated audit failure'); END")));
        QVERIFY(!test::await(m_ready->services->audit().exportTo({}, second, QStringLiteral("csv"), render)));
        QVERIFY(!QFile::exists(second));
    }

    void exportIsDeniedWithoutAuditPermissionsAtRoot()
    {
        // Every built-in role with audit/read also has audit/export; a grant at a vault covers
        // neither at "/", so the export is refused and nothing is written.
        QVERIFY(test::addOperatorWithRoles(*m_ready->services, QStringLiteral("narrow"),
                                           {QStringLiteral("Crypto Auditor")}, QStringLiteral("/vaults/pay")));
        QVERIFY(test::switchOperator(*m_ready->services, QStringLiteral("narrow")));
        auto denied = test::await(
            m_ready->services->audit().exportTo({}, m_tmp->filePath(QStringLiteral("x")), QStringLiteral("csv"),
                                                [](const QList<AuditEvent>&) { return QByteArray(); }));
        QVERIFY(!denied);
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
        QVERIFY(!QFile::exists(m_tmp->filePath(QStringLiteral("x"))));
    }

    void auditChainVerifiesAfterMixedOutcomes()
    {
        QVERIFY(test::await(m_ready->services->vaults().create({QStringLiteral("one-1")})));
        QVERIFY(!test::await(m_ready->services->vaults().create({QStringLiteral("x")})));
        QVERIFY(test::addOperatorWithRoles(*m_ready->services, QStringLiteral("auditor"),
                                           {QStringLiteral("Crypto Auditor")}));
        QVERIFY(test::switchOperator(*m_ready->services, QStringLiteral("auditor")));
        QVERIFY(!test::await(m_ready->services->vaults().remove(QStringLiteral("one-1"))));
        auto verified = m_ready->services->audit().verify();
        QVERIFY(verified);
        QVERIFY2(verified->ok, qPrintable(verified->problem));
        QVERIFY(verified->eventsChecked >= 6);
    }
};

CUSTOS_REGISTER_TEST(TestServicePath)
#include "TestServicePath.moc"
