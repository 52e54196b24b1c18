#include "KillableRun.h"

#include <QElapsedTimer>
#include <QProcessEnvironment>

#include <unistd.h>

namespace custos::test {

KillableOutcome runKillable(const QStringList& args, int killAfterMs)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"CUSTOS_PASSPHRASE", "CUSTOS_WORKSPACE", "CUSTOS_OPERATOR", "CUSTOS_CARD_PIN"})
        env.remove(QString::fromLatin1(name));
    process.setProcessEnvironment(env);
    process.setChildProcessModifier([] { ::setsid(); });
    QElapsedTimer clock;
    clock.start();
    process.start(QStringLiteral(CUSTOS_CUSTOSCTL_PATH), args);
    KillableOutcome outcome;
    if (!process.waitForStarted(30000))
        return outcome;
    const int waitMs = killAfterMs < 0 ? 120000 : killAfterMs;
    if (process.waitForFinished(waitMs)) {
        outcome.finished = process.exitStatus() == QProcess::NormalExit;
    } else {
        process.kill(); // SIGKILL: no handler, no cleanup, as a power cut would leave it
        process.waitForFinished(30000);
        // It may have exited on its own just before the signal landed.
        outcome.finished = process.exitStatus() == QProcess::NormalExit;
        outcome.killed = !outcome.finished;
    }
    outcome.elapsedMs = clock.elapsed();
    outcome.exitCode = process.exitCode();
    outcome.out = QString::fromUtf8(process.readAllStandardOutput());
    outcome.err = QString::fromUtf8(process.readAllStandardError());
    return outcome;
}

} // namespace custos::test
