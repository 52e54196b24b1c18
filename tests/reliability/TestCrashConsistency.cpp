// Issue 10, crash consistency: a seeded workload through custosctl (vaults, HSM keys, rotation,
// signatures, certificates, role assignments, delete/recover), each command a process that is
// SIGKILLed at a random point most of the time. After every kill: `doctor --repair` may find only
// what an interrupted operation leaves (an intent row, its orphaned token objects) and repairs it;
// nothing half-made is visible; every operation that reported success is there with its Success
// event. At the end `audit verify` passes and `doctor` finds nothing.
//
// CUSTOS_RELIABILITY_SEED repeats a run's choices (kill timing still depends on the machine);
// CUSTOS_RELIABILITY_KILLS sets the number of kill points (default 200).

#include "CliHarness.h"
#include "KillableRun.h"
#include "TestRegistry.h"
#include "WorkspaceSnapshot.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using namespace custos::test;

namespace {

struct Step
{
    QString operation; // the audit event a success must leave
    QString resource;
    QStringList args; // after the global options
    QString creates;  // "vault:V", "key:V/K", "cert:V/C", "version:V/K" or empty
};

struct Success
{
    QString operation;
    QString resource;
    QString creates;
};

int envNumber(const char* name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok ? value : fallback;
}

class Workload
{
public:
    Workload(quint32 seed, QString dataFile) : m_random(seed), m_dataFile(std::move(dataFile)) {}

    Step next(const WorkspaceSnapshot& s)
    {
        for (;;) {
            const int pick = int(m_random.bounded(100));
            const QString vault = s.vaults.value(int(m_random.bounded(quint32(s.vaults.size()))));
            if (pick < 8 && s.vaults.size() < 4) {
                const QString name = QStringLiteral("vlt%1").arg(++m_counter);
                return {QStringLiteral("VaultCreate"),
                        QStringLiteral("/vaults/") + name,
                        {QStringLiteral("vault"), QStringLiteral("create"), name},
                        QStringLiteral("vault:") + name};
            }
            if (pick < 40) {
                const QString name = QStringLiteral("k%1").arg(++m_counter);
                const bool ec = m_random.bounded(2) == 0;
                QStringList args{QStringLiteral("key"), QStringLiteral("create"), vault, name, QStringLiteral("--kty")};
                args << (ec ? QStringList{QStringLiteral("EC"), QStringLiteral("--curve"), QStringLiteral("P-256")}
                            : QStringList{QStringLiteral("RSA"), QStringLiteral("--size"), QStringLiteral("2048")});
                return {QStringLiteral("KeyCreate"), keyResource(vault, name), args,
                        QStringLiteral("key:%1/%2").arg(vault, name)};
            }
            if (pick < 50) {
                const QString name = QStringLiteral("c%1").arg(++m_counter);
                return {QStringLiteral("CertificateIssue"),
                        QStringLiteral("/vaults/base/certificates/%1").arg(name),
                        {QStringLiteral("cert"), QStringLiteral("issue"), QStringLiteral("base"), name,
                         QStringLiteral("--ca"), QStringLiteral("base/root"), QStringLiteral("--profile"),
                         QStringLiteral("tls-server"), QStringLiteral("--subject"),
                         QStringLiteral("CN=%1.example").arg(name), QStringLiteral("--san"),
                         QStringLiteral("dns:%1.example").arg(name), QStringLiteral("--kty"), QStringLiteral("EC")},
                        QStringLiteral("cert:base/") + name};
            }
            if (s.liveKeys.isEmpty())
                continue;
            const QString key = s.liveKeys.value(int(m_random.bounded(quint32(s.liveKeys.size()))));
            const QString keyVault = key.section(QLatin1Char('/'), 0, 0), keyName = key.section(QLatin1Char('/'), 1);
            if (pick < 62)
                return {QStringLiteral("KeyRotate"),
                        keyResource(keyVault, keyName),
                        {QStringLiteral("key"), QStringLiteral("rotate"), keyVault, keyName},
                        QStringLiteral("version:") + key};
            if (pick < 82) {
                const bool ec = s.keyKinds.value(key) == QLatin1String("EC");
                return {QStringLiteral("KeySign"),
                        keyResource(keyVault, keyName),
                        {QStringLiteral("key"), QStringLiteral("sign"), keyVault, keyName, QStringLiteral("--alg"),
                         ec ? QStringLiteral("ES256") : QStringLiteral("PS256"), QStringLiteral("--in"), m_dataFile},
                        {}};
            }
            const QString scope = keyResource(keyVault, keyName);
            if (pick < 88 && !s.assignedScopes.contains(scope))
                return {QStringLiteral("RoleAssignmentCreate"),
                        scope,
                        {QStringLiteral("role"), QStringLiteral("assign"), QStringLiteral("--principal"),
                         QStringLiteral("auditor"), QStringLiteral("--role"), QStringLiteral("Crypto Auditor"),
                         QStringLiteral("--scope"), scope},
                        {}};
            if (pick < 94)
                return {QStringLiteral("KeyDelete"),
                        keyResource(keyVault, keyName),
                        {QStringLiteral("key"), QStringLiteral("delete"), keyVault, keyName},
                        {}};
            if (s.deletedKeys.isEmpty())
                continue;
            const QString gone = s.deletedKeys.value(int(m_random.bounded(quint32(s.deletedKeys.size()))));
            return {QStringLiteral("KeyRecover"),
                    keyResource(gone.section(QLatin1Char('/'), 0, 0), gone.section(QLatin1Char('/'), 1)),
                    {QStringLiteral("key"), QStringLiteral("recover"), gone.section(QLatin1Char('/'), 0, 0),
                     gone.section(QLatin1Char('/'), 1)},
                    {}};
        }
    }

    // Kill points: most runs are killed somewhere between the start and the typical duration.
    int killDelay()
    {
        if (m_random.bounded(100) >= 85)
            return -1;
        return int(m_random.bounded(quint32(qMax<qint64>(20, m_typicalMs))));
    }
    void finishedIn(qint64 ms) { m_typicalMs = (m_typicalMs * 7 + ms) / 8; }

private:
    static QString keyResource(const QString& vault, const QString& name)
    {
        return QStringLiteral("/vaults/%1/keys/%2").arg(vault, name);
    }

    QRandomGenerator m_random;
    QString m_dataFile;
    int m_counter = 0;
    qint64 m_typicalMs = 300;
};

// What must hold after every kill; the first problem, or empty.
QString missingSuccess(const WorkspaceSnapshot& s, const QList<Success>& done)
{
    QMap<QString, int> expected;
    for (const Success& d : done)
        ++expected[d.operation + QLatin1Char(' ') + d.resource];
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        const int found = s.successEvents.value(it.key());
        if (found < it.value())
            return QStringLiteral("%1 reported success %2 time(s), the audit trail has %3")
                .arg(it.key())
                .arg(it.value())
                .arg(found);
    }
    QMap<QString, int> versions;
    for (const Success& d : done) {
        const QString kind = d.creates.section(QLatin1Char(':'), 0, 0), what = d.creates.section(QLatin1Char(':'), 1);
        if (kind == QLatin1String("vault") && !s.vaults.contains(what))
            return QStringLiteral("vault %1 was created but is gone").arg(what);
        if (kind == QLatin1String("key") && !s.liveKeys.contains(what) && !s.deletedKeys.contains(what))
            return QStringLiteral("key %1 was created but is gone").arg(what);
        if (kind == QLatin1String("cert") && !s.certificates.contains(what))
            return QStringLiteral("certificate %1 was issued but is gone").arg(what);
        if (kind == QLatin1String("version"))
            ++versions[what];
    }
    for (auto it = versions.cbegin(); it != versions.cend(); ++it) {
        if (s.keyVersions.value(it.key()) < it.value() + 1)
            return QStringLiteral("key %1 was rotated %2 time(s) but has %3 version(s)")
                .arg(it.key())
                .arg(it.value())
                .arg(s.keyVersions.value(it.key()));
    }
    return {};
}

} // namespace

class TestCrashConsistency : public QObject
{
    Q_OBJECT

private slots:
    void killedAtRandomPointsLeavesAConsistentWorkspace()
    {
        const quint32 seed = quint32(envNumber("CUSTOS_RELIABILITY_SEED", 20261123));
        const int killTarget = envNumber("CUSTOS_RELIABILITY_KILLS", 200);
        qInfo("seed %u (CUSTOS_RELIABILITY_SEED repeats the choices), %d kill points", seed, killTarget);

        CliHarness h;
        QVERIFY(h.init(QStringLiteral("admin"),
                       {QStringLiteral("--roles"),
                        QStringLiteral("Administrator,Crypto User,Crypto Officer,Certificates Officer")}));
        QVERIFY(h.addOperator(QStringLiteral("auditor")));
        const QStringList global{QStringLiteral("--workspace"),       h.workspace(),
                                 QStringLiteral("--operator"),        QStringLiteral("admin"),
                                 QStringLiteral("--passphrase-file"), h.passphraseFile(QStringLiteral("admin"))};
        for (const QStringList& setup :
             {QStringList{QStringLiteral("vault"), QStringLiteral("create"), QStringLiteral("base")},
              QStringList{QStringLiteral("ca"), QStringLiteral("create"), QStringLiteral("base"),
                          QStringLiteral("root"), QStringLiteral("--subject"), QStringLiteral("CN=Crash Test Root"),
                          QStringLiteral("--kty"), QStringLiteral("EC")}}) {
            const KillableOutcome r = runKillable(global + setup, -1);
            QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.err));
        }
        const QString dataFile = h.secretFile(QStringLiteral("payload"), QStringLiteral("signed by the crash harness"));

        Workload workload(seed, dataFile);
        QList<Success> done;
        int kills = 0, runs = 0, repairs = 0;
        QElapsedTimer clock;
        clock.start();
        while (kills < killTarget) {
            const WorkspaceSnapshot before = readWorkspaceSnapshot(h.databasePath());
            QVERIFY2(before.error.isEmpty(), qPrintable(before.error));
            const Step step = workload.next(before);
            const KillableOutcome r = runKillable(global + step.args, workload.killDelay());
            ++runs;
            if (r.finished) {
                QVERIFY2(r.exitCode == 0,
                         qPrintable(QStringLiteral("%1 failed: %2").arg(step.args.join(QLatin1Char(' ')), r.err)));
                workload.finishedIn(r.elapsedMs);
                done << Success{step.operation, step.resource, step.creates};
                continue;
            }
            QVERIFY2(r.killed, "the process neither finished nor was killed");
            ++kills;

            // The next process finds what this one left, and says what it repairs.
            const KillableOutcome doctor = runKillable(
                global + QStringList{QStringLiteral("doctor"), QStringLiteral("--repair"), QStringLiteral("--json")},
                -1);
            const QJsonObject report = QJsonDocument::fromJson(doctor.out.toUtf8()).object();
            QVERIFY2(doctor.finished && doctor.exitCode == 0,
                     qPrintable(QStringLiteral("after killing '%1' at %2 ms: doctor --repair exit %3: %4 %5")
                                    .arg(step.args.join(QLatin1Char(' ')))
                                    .arg(r.elapsedMs)
                                    .arg(doctor.exitCode)
                                    .arg(doctor.err, doctor.out)));
            for (const QJsonValue& f : report.value(QStringLiteral("findings")).toArray()) {
                const QString kind = f.toObject().value(QStringLiteral("kind")).toString();
                QVERIFY2(kind == QLatin1String("interrupted-operation"),
                         qPrintable(QStringLiteral("after killing '%1': unexpected finding %2")
                                        .arg(step.args.join(QLatin1Char(' ')),
                                             QString::fromUtf8(QJsonDocument(f.toObject()).toJson()))));
                ++repairs;
            }
            const WorkspaceSnapshot after = readWorkspaceSnapshot(h.databasePath());
            QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
            QVERIFY2(after.halfMade.isEmpty(), qPrintable(after.halfMade.join(QStringLiteral("; "))));
            const QString missing = missingSuccess(after, done);
            QVERIFY2(missing.isEmpty(), qPrintable(missing));
        }
        qInfo("%d runs, %d kill points, %d successes, %d interrupted operations repaired, %lld s", runs, kills,
              int(done.size()), repairs, clock.elapsed() / 1000);

        const KillableOutcome verify =
            runKillable(global + QStringList{QStringLiteral("audit"), QStringLiteral("verify")}, -1);
        QVERIFY2(verify.finished && verify.exitCode == 0, qPrintable(verify.err + verify.out));
        const KillableOutcome doctor = runKillable(global + QStringList{QStringLiteral("doctor")}, -1);
        QVERIFY2(doctor.finished && doctor.exitCode == 0, qPrintable(doctor.err + doctor.out));
        QVERIFY(doctor.out.contains(QLatin1String("No findings.")));
    }
};

CUSTOS_REGISTER_TEST(TestCrashConsistency)
#include "TestCrashConsistency.moc"
