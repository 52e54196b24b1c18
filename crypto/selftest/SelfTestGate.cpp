#include "SelfTestGate.h"

#include <QMutex>
#include <QMutexLocker>

namespace custos::crypto::selftest {

namespace {
// Written at start-up, read by every key operation on any thread.
QMutex g_mutex;
QStringList g_failures;
SelfTestReport g_report;
} // namespace

void recordStartupReport(const SelfTestReport& report)
{
    QMutexLocker lock(&g_mutex);
    g_failures = report.failedNames();
    g_report = report;
}

void clearStartupFailures()
{
    QMutexLocker lock(&g_mutex);
    g_failures.clear();
}

SelfTestReport startupReport()
{
    QMutexLocker lock(&g_mutex);
    return g_report;
}

QStringList startupFailures()
{
    QMutexLocker lock(&g_mutex);
    return g_failures;
}

QString startupFailureMessage()
{
    const QStringList failed = startupFailures();
    if (failed.isEmpty())
        return {};
    return QStringLiteral("key operations are blocked: the start-up self test failed (%1); run `custosctl selftest` "
                          "for details and the proposed fix")
        .arg(failed.join(QStringLiteral(", ")));
}

} // namespace custos::crypto::selftest
