// Issue 10, two (here eight) Custos processes on one workspace: both work safely. Eight custosctl
// processes each run a batch of 200 operations in one login at the same time (SQLite's locking
// with a busy timeout, a PKCS#11 session per process); afterwards every operation is there with
// its one Success event, the audit chain verifies and doctor finds nothing.

#include "CliHarness.h"
#include "TestRegistry.h"
#include "WorkspaceSnapshot.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTest>

#include <memory>
#include <vector>

#include <unistd.h>

using namespace custos::test;

namespace {

constexpr int kProcesses = 8;
constexpr int kOperationsEach = 200;
constexpr int kKeysEach = 40; // the rest signs and tags them

// Process p's batch: its vault, kKeysEach EC keys, then signatures and tag updates in turn.
QString batchText(int p, const QString& dataFile)
{
    QString text = QStringLiteral("# writer %1\nvault create writer%1\n").arg(p);
    for (int k = 0; k < kKeysEach; ++k)
        text += QStringLiteral("key create writer%1 k%2 --kty EC --curve P-256\n").arg(p).arg(k);
    for (int i = 0; i < kOperationsEach - 1 - kKeysEach; ++i) {
        const int k = i % kKeysEach;
        if (i % 3 == 2)
            text += QStringLiteral("key set writer%1 k%2 --tags \"round=%3\"\n").arg(p).arg(k).arg(i);
        else
            text += QStringLiteral("key sign writer%1 k%2 --alg ES256 --in '%3'\n").arg(p).arg(k).arg(dataFile);
    }
    return text;
}

} // namespace

class TestConcurrentWriters : public QObject
{
    Q_OBJECT

private slots:
    void eightBatchesAtOnceLoseNothing()
    {
        CliHarness h;
        QVERIFY(
            h.init(QStringLiteral("admin"), {QStringLiteral("--roles"), QStringLiteral("Administrator,Crypto User")}));
        const QString dataFile = h.secretFile(QStringLiteral("payload"), QStringLiteral("signed by eight writers"));
        const QString passphrase = h.passphraseFile(QStringLiteral("admin"));

        std::vector<std::unique_ptr<QProcess>> writers;
        QElapsedTimer clock;
        clock.start();
        for (int p = 0; p < kProcesses; ++p) {
            const QString batch = h.root() + QStringLiteral("/writer%1.batch").arg(p);
            QFile file(batch);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(batchText(p, dataFile).toUtf8());
            file.close();
            auto process = std::make_unique<QProcess>();
            process->setChildProcessModifier([] { ::setsid(); });
            process->start(QStringLiteral(CUSTOS_CUSTOSCTL_PATH),
                           {QStringLiteral("--workspace"), h.workspace(), QStringLiteral("--operator"),
                            QStringLiteral("admin"), QStringLiteral("--passphrase-file"), passphrase,
                            QStringLiteral("batch"), QStringLiteral("--in"), batch});
            writers.push_back(std::move(process));
        }
        for (int p = 0; p < kProcesses; ++p) {
            QProcess& w = *writers[size_t(p)];
            QVERIFY2(w.waitForFinished(600000), qPrintable(QStringLiteral("writer %1 did not finish").arg(p)));
            QVERIFY2(w.exitStatus() == QProcess::NormalExit && w.exitCode() == 0,
                     qPrintable(QStringLiteral("writer %1: exit %2: %3")
                                    .arg(p)
                                    .arg(w.exitCode())
                                    .arg(QString::fromUtf8(w.readAllStandardError()))));
        }
        qInfo("%d processes x %d operations in %lld ms", kProcesses, kOperationsEach, clock.elapsed());

        const WorkspaceSnapshot s = readWorkspaceSnapshot(h.databasePath());
        QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
        QVERIFY2(s.halfMade.isEmpty(), qPrintable(s.halfMade.join(QStringLiteral("; "))));
        for (int p = 0; p < kProcesses; ++p) {
            const QString vault = QStringLiteral("writer%1").arg(p);
            QVERIFY2(s.vaults.contains(vault), qPrintable(vault));
            QCOMPARE(s.successes(QStringLiteral("VaultCreate"), QStringLiteral("/vaults/") + vault), 1);
            int signs = 0, tags = 0;
            for (int i = 0; i < kOperationsEach - 1 - kKeysEach; ++i)
                (i % 3 == 2 ? tags : signs) += 1;
            int signed_ = 0, tagged = 0;
            for (int k = 0; k < kKeysEach; ++k) {
                const QString resource = QStringLiteral("/vaults/%1/keys/k%2").arg(vault).arg(k);
                QVERIFY2(s.liveKeys.contains(QStringLiteral("%1/k%2").arg(vault).arg(k)), qPrintable(resource));
                QCOMPARE(s.successes(QStringLiteral("KeyCreate"), resource), 1);
                signed_ += s.successes(QStringLiteral("KeySign"), resource);
                tagged += s.successes(QStringLiteral("KeyUpdate"), resource);
            }
            QCOMPARE(signed_, signs);
            QCOMPARE(tagged, tags);
        }

        const CliResult verify = h.run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(verify.exitCode == 0, qPrintable(verify.err + verify.out));
        const CliResult doctor = h.run(QStringLiteral("admin"), {QStringLiteral("doctor")});
        QVERIFY2(doctor.exitCode == 0, qPrintable(doctor.err + doctor.out));
    }
};

CUSTOS_REGISTER_TEST(TestConcurrentWriters)
#include "TestConcurrentWriters.moc"
