#include "ProcessHardening.h"

#include <cerrno>
#include <cstring>

#include <sys/prctl.h>
#include <sys/resource.h>

namespace custos::crypto {

namespace {
QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

long long limitValue(rlim_t value)
{
    return value == RLIM_INFINITY ? -1 : static_cast<long long>(value);
}
} // namespace

HardeningReport hardenProcess()
{
    HardeningReport report;
    const rlimit none{0, 0};
    if (setrlimit(RLIMIT_CORE, &none) == 0)
        report.applied << QStringLiteral("RLIMIT_CORE 0/0");
    else
        report.failures << QStringLiteral("setrlimit(RLIMIT_CORE, 0/0): %1").arg(errnoText(errno));
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0)
        report.applied << QStringLiteral("PR_SET_DUMPABLE 0");
    else
        report.failures << QStringLiteral("prctl(PR_SET_DUMPABLE, 0): %1").arg(errnoText(errno));
    return report;
}

HardeningState currentHardeningState()
{
    HardeningState state;
    rlimit limit{};
    if (getrlimit(RLIMIT_CORE, &limit) == 0) {
        state.coreLimitSoft = limitValue(limit.rlim_cur);
        state.coreLimitHard = limitValue(limit.rlim_max);
    }
    state.dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
    return state;
}

} // namespace custos::crypto
