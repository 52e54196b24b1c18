// custosctl: the command-line shell over the model (no Widgets). Wiring only: app/cli does the work.
#include "app/cli/Cli.h"
#include "crypto/ProcessHardening.h"
#include "crypto/SecureHeap.h"
#include "crypto/selftest/SelfTest.h"
#include "crypto/selftest/SelfTestGate.h"

#include <QCoreApplication>
#include <QTimer>

namespace {
// Async. Cli::run never throws, so the event loop always ends with its status. (Not Task::then:
// in QCoro 0.8 it awaits the Task object it was called on, which must outlive the whole command.)
QCoro::Task<> runAndExit(custos::app::Cli* cli)
{
    auto statusTask = cli->run();
    const int status = co_await statusTask;
    QCoreApplication::exit(status);
}
} // namespace

int main(int argc, char** argv)
{
    // Before any secret exists: no core dumps, not dumpable, secrets in the locked secure heap.
    // `custosctl selftest` reports how each of these went.
    (void)custos::crypto::hardenProcess();
    custos::crypto::initialiseSecureHeap();
    // The known-answer tests (a few ms): a failure blocks key operations (ServicePath) and says why.
    custos::crypto::selftest::recordStartupReport(custos::crypto::selftest::runPrimitiveSelfTests());
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("custos"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CUSTOS_VERSION));

    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    custos::app::Cli cli(arguments);
    // The command runs as one coroutine inside the event loop: the services await worker threads.
    QTimer::singleShot(0, &app, [&cli] { runAndExit(&cli); });
    return app.exec();
}
