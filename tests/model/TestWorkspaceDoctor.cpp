#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "crypto/Random.h"
#include "crypto/pkcs11/Token.h"
#include "model/services/KeyService.h"
#include "model/services/WorkspaceDoctor.h"
#include "model/session/WorkspaceLock.h"
#include "model/store/Stores.h"

#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::model;

// doctor (issue 10): what a crash between an operation's token work and its commit leaves (an
// intent row, token objects no row owns), what a lost token object means, and what --repair does
// about each, audited; refused while another process has the workspace open.
class TestWorkspaceDoctor : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;

    Services& services() { return *m_ready->services; }
    crypto::Token& token() { return *m_ready->workspace->token(); }

    // Token objects with a fresh id, as a key creation makes them before its commit.
    QString makeObjects()
    {
        const QString id = crypto::randomId();
        crypto::KeyGenSpec spec;
        spec.kind = crypto::KeyKind::Ec;
        spec.curve = QStringLiteral("P-256");
        spec.id = QByteArray::fromHex(id.toLatin1());
        spec.label = QStringLiteral("vault/crashed");
        auto made = token().generateKey(spec);
        return made ? id : QString();
    }
    bool recordIntent(const QString& id, const QString& operation)
    {
        return bool(IntentStore(m_ready->workspace->database())
                        .insert({id, operation, QStringLiteral("/vaults/vault/keys/crashed"),
                                 QDateTime::currentDateTimeUtc()}));
    }
    bool tokenHas(const QString& id)
    {
        auto held = token().hasObjects(QByteArray::fromHex(id.toLatin1()));
        return held && held.value();
    }
    QList<AuditEvent> events(const QString& operation)
    {
        AuditFilter filter;
        filter.operation = operation;
        auto listed = services().audit().list(filter);
        return listed ? listed.value() : QList<AuditEvent>();
    }
    DoctorReport examine()
    {
        auto report = test::await(examineWorkspace(services()));
        if (!report)
            qWarning("doctor failed: %s", qPrintable(report.error().message));
        return report ? report.value() : DoctorReport{};
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")), QStringLiteral("admin"),
                                           {QStringLiteral("Administrator"), QStringLiteral("Crypto User")});
        QVERIFY(m_ready);
        auto vault = test::await(services().vaults().create(QStringLiteral("vault")));
        QVERIFY2(vault, errorText(vault).constData());
        KeyCreateRequest request;
        request.vault = QStringLiteral("vault");
        request.name = QStringLiteral("intact");
        request.kty = crypto::KeyKind::Ec;
        auto key = test::await(services().keys().create(request));
        QVERIFY2(key, errorText(key).constData());
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void aHealthyWorkspaceHasNoFindings()
    {
        const DoctorReport report = examine();
        QVERIFY(report.findings.isEmpty());
        QCOMPARE(report.hsmKeyVersions, 1);
        QVERIFY(report.tokenKeyObjects >= 2); // the key and the audit key
        QVERIFY(report.auditEvents > 0);
        QVERIFY(report.exclusive);
    }

    void anInterruptedCreationIsRepairedByDestroyingItsObjects()
    {
        const QString id = makeObjects();
        QVERIFY(!id.isEmpty());
        QVERIFY(recordIntent(id, QStringLiteral("KeyCreate")));

        const DoctorReport found = examine();
        QCOMPARE(found.findings.size(), 1);
        const DoctorFinding& f = found.findings.first();
        QCOMPARE(f.kind, DoctorFinding::Kind::InterruptedOperation);
        QCOMPARE(f.subject, id);
        QCOMPARE(f.operation, QStringLiteral("KeyCreate"));
        QVERIFY2(f.explanation.contains(QLatin1String("never reported success")), qPrintable(f.explanation));
        QVERIFY(f.repairable && f.destroysObjects);
        QVERIFY(tokenHas(id)); // examining changed nothing

        auto repaired = test::await(repairWorkspace(services(), {}));
        QVERIFY2(repaired, errorText(repaired).constData());
        QCOMPARE(repaired->unrepaired(), 0);
        QVERIFY(!tokenHas(id));
        QVERIFY(examine().findings.isEmpty());
        const QList<AuditEvent> repairs = events(QStringLiteral("WorkspaceRepair"));
        QCOMPARE(repairs.size(), 1);
        QCOMPARE(repairs.first().result, AuditResult::Success);
        QCOMPARE(repairs.first().details.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(repairs.first().details.value(QStringLiteral("interruptedOperation")).toString(),
                 QStringLiteral("KeyCreate"));
    }

    void anIntentWithNothingMadeOnlyLosesItsRecord()
    {
        const QString id = crypto::randomId();
        QVERIFY(recordIntent(id, QStringLiteral("KeyRotate")));
        const DoctorReport found = examine();
        QCOMPARE(found.findings.size(), 1);
        QVERIFY(!found.findings.first().destroysObjects);
        auto repaired = test::await(repairWorkspace(services(), {}));
        QVERIFY(repaired && repaired->unrepaired() == 0);
        auto intents = IntentStore(m_ready->workspace->database()).list();
        QVERIFY(intents && intents->isEmpty());
    }

    void anInterruptedPurgeKeepsTheKey()
    {
        auto key = services().keys().show(QStringLiteral("vault"), QStringLiteral("intact"));
        QVERIFY(key);
        const QString id = key->currentVersion.id;
        QVERIFY(recordIntent(id, QStringLiteral("KeyPurge")));
        const DoctorReport found = examine();
        QCOMPARE(found.findings.size(), 1);
        QVERIFY2(found.findings.first().explanation.contains(QLatin1String("intact")),
                 qPrintable(found.findings.first().explanation));
        QVERIFY(!found.findings.first().destroysObjects);
        QVERIFY(test::await(repairWorkspace(services(), {}))->unrepaired() == 0);
        QVERIFY(tokenHas(id));
    }

    void orphanedObjectsOnTheEmbeddedTokenAreDestroyed()
    {
        const QString id = makeObjects();
        const DoctorReport found = examine();
        QCOMPARE(found.findings.size(), 1);
        QCOMPARE(found.findings.first().kind, DoctorFinding::Kind::OrphanedTokenObject);
        QVERIFY(found.findings.first().repairable);
        QVERIFY(test::await(repairWorkspace(services(), {}))->unrepaired() == 0);
        QVERIFY(!tokenHas(id));
    }

    void aKeyWhoseObjectsAreGoneIsReportedNotRepaired()
    {
        auto key = services().keys().show(QStringLiteral("vault"), QStringLiteral("intact"));
        QVERIFY(key);
        QVERIFY(token().destroyObjects(QByteArray::fromHex(key->currentVersion.id.toLatin1())));
        const DoctorReport found = examine();
        QCOMPARE(found.findings.size(), 1);
        QCOMPARE(found.findings.first().kind, DoctorFinding::Kind::MissingTokenObject);
        QVERIFY(!found.findings.first().repairable);
        QVERIFY(found.findings.first().remedy.contains(QLatin1String("restore")));
        auto repaired = test::await(repairWorkspace(services(), {}));
        QVERIFY(repaired);
        QCOMPARE(repaired->unrepaired(), 1);
        QVERIFY(events(QStringLiteral("WorkspaceRepair")).isEmpty());
    }

    void repairIsRefusedWhileAnotherProcessHasTheWorkspace()
    {
        const QString id = crypto::randomId();
        QVERIFY(recordIntent(id, QStringLiteral("KeyCreate")));
        // A second open file description conflicts like another process would.
        WorkspaceLock other(m_ready->directory);
        QVERIFY(other.isActive());
        QVERIFY(!examine().exclusive);
        auto refused = test::await(repairWorkspace(services(), {}));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QLatin1String("another Custos process")),
                 qPrintable(refused.error().message));
        const QList<AuditEvent> failed = events(QStringLiteral("WorkspaceRepair"));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().result, AuditResult::Failed);
        auto intents = IntentStore(m_ready->workspace->database()).list();
        QVERIFY(intents && intents->size() == 1); // untouched
    }

    void repairNeedsWorkspaceRepair()
    {
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("auditor"), {QStringLiteral("Crypto Auditor")}));
        QVERIFY(test::switchOperator(services(), QStringLiteral("auditor")));
        QVERIFY(test::await(examineWorkspace(services()))); // workspace/read
        auto denied = test::await(repairWorkspace(services(), {}));
        QVERIFY(!denied);
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
        const QList<AuditEvent> attempts = events(QStringLiteral("WorkspaceRepair"));
        QCOMPARE(attempts.size(), 1);
        QCOMPARE(attempts.first().result, AuditResult::Denied);
    }
};

CUSTOS_REGISTER_TEST(TestWorkspaceDoctor)
#include "TestWorkspaceDoctor.moc"
