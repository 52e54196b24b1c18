#pragma once

#include <QProcess>
#include <QStringList>

namespace custos::test {

// One custosctl process that the crash harness may SIGKILL after `killAfterMs` (negative: never).
struct KillableOutcome
{
    bool killed = false;   // our SIGKILL ended it (it had not finished by then)
    bool finished = false; // it exited on its own
    int exitCode = -1;
    QString out, err;
    qint64 elapsedMs = 0;
};

// Runs custosctl (CUSTOS_CUSTOSCTL_PATH) without a controlling terminal and with the caller's
// CUSTOS_* variables removed, as CliHarness does.
KillableOutcome runKillable(const QStringList& args, int killAfterMs);

} // namespace custos::test
