#pragma once

#include <QString>
#include <QStringList>

namespace custos::crypto {

// What hardenProcess() did: each step applied, or failed with its errno text.
struct HardeningReport
{
    QStringList applied;  // "RLIMIT_CORE 0/0", "PR_SET_DUMPABLE 0"
    QStringList failures; // "setrlimit(RLIMIT_CORE, 0/0): Operation not permitted"
    bool ok() const { return failures.isEmpty(); }
};

// The process as it is now (read back, not remembered), so a report can prove it.
struct HardeningState
{
    long long coreLimitSoft = -1; // RLIM_INFINITY as -1
    long long coreLimitHard = -1;
    int dumpable = -1; // prctl(PR_GET_DUMPABLE): 0 not dumpable, 1 dumpable, -1 unknown
    bool coreDumpsDisabled() const { return coreLimitSoft == 0 && coreLimitHard == 0; }
};

// No core dumps (RLIMIT_CORE 0, soft and hard) and not dumpable (PR_SET_DUMPABLE 0: no core, no
// ptrace attach by the same user, /proc/PID files owned by root). Call first thing in main(),
// before any secret exists. A failed step is reported, not fatal: the self test shows it.
HardeningReport hardenProcess();
HardeningState currentHardeningState();

} // namespace custos::crypto
