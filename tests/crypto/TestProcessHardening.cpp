#include "TestRegistry.h"

#include "crypto/ProcessHardening.h"
#include "crypto/selftest/SelfTest.h"

#include <QTest>

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace custos;

// hardenProcess() in a forked child, so that this test runner stays debuggable and able to dump.
class TestProcessHardening : public QObject
{
    Q_OBJECT

    // Runs `body` in a child; its return value is the child's exit status (0 = as expected).
    static int inChild(int (*body)())
    {
        const pid_t pid = fork();
        if (pid == 0)
            _exit(body());
        int status = 0;
        if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
            return 100;
        return WEXITSTATUS(status);
    }

private Q_SLOTS:
    void childIsNotDumpableAndHasNoCoreLimit()
    {
        const int status = inChild([]() -> int {
            rlimit before{};
            getrlimit(RLIMIT_CORE, &before);
            if (prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 1)
                return 1; // the starting point must be dumpable, or the test proves nothing
            const crypto::HardeningReport report = crypto::hardenProcess();
            if (!report.ok() || report.applied.size() != 2)
                return 2;
            rlimit after{};
            if (getrlimit(RLIMIT_CORE, &after) != 0 || after.rlim_cur != 0 || after.rlim_max != 0)
                return 3;
            if (prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0)
                return 4;
            const crypto::HardeningState state = crypto::currentHardeningState();
            if (!state.coreDumpsDisabled() || state.dumpable != 0)
                return 5;
            return 0;
        });
        QCOMPARE(status, 0);
    }

    // The self-test report reads the state back: it fails in a process that was not hardened
    // (this runner) and passes in one that was.
    void processSelfTestReadsTheLiveState()
    {
        const crypto::selftest::SelfTestReport here = crypto::selftest::processSelfTests();
        QCOMPARE(here.results.size(), 2);
        QCOMPARE(here.results.at(0).name, QStringLiteral("Process hardening"));
        QVERIFY(!here.results.at(0).passed);
        QVERIFY(!here.results.at(0).proposedFix.isEmpty());

        const int status = inChild([]() -> int {
            (void)crypto::hardenProcess();
            const crypto::selftest::SelfTestReport report = crypto::selftest::processSelfTests();
            return report.results.at(0).passed ? 0 : 1;
        });
        QCOMPARE(status, 0);
    }
};

CUSTOS_REGISTER_TEST(TestProcessHardening)
#include "TestProcessHardening.moc"
