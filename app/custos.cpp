// The Custos GUI: first run or login, then the main window (app/gui/GuiController).

#include "crypto/ProcessHardening.h"
#include "crypto/SecureHeap.h"
#include "crypto/ThreadGuard.h"
#include "crypto/selftest/SelfTest.h"
#include "crypto/selftest/SelfTestGate.h"
#include "gui/GuiController.h"
#include "gui/GuiOptions.h"
#include "gui/Translations.h"

#include <QApplication>
#include <QIcon>
#include <QTimer>

#ifndef CUSTOS_VERSION
#define CUSTOS_VERSION "0.1.0"
#endif

int main(int argc, char** argv)
{
    // Before any secret exists: no core dumps, not dumpable, secrets in the locked secure heap.
    (void)custos::crypto::hardenProcess();
    custos::crypto::initialiseSecureHeap();
    Q_INIT_RESOURCE(custos); // the icons live in the static custos_ui library

    // The known-answer tests take a few milliseconds (measured well under 200 ms), so they run here,
    // before the first window: a failure blocks key operations (ServicePath) and the main window
    // shows it (Help > Self Test...).
    custos::crypto::selftest::recordStartupReport(custos::crypto::selftest::runPrimitiveSelfTests());
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("custos"));
    QApplication::setOrganizationName(QStringLiteral("Custos"));
    QApplication::setApplicationVersion(QStringLiteral(CUSTOS_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("custos"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/custos.svg")));
    // The flow decides when to quit: between the login dialog and the main window no window is open.
    QApplication::setQuitOnLastWindowClosed(false);
    // Debug builds abort on a PKCS#11 call on this thread: the window must never wait on the token.
    custos::crypto::armThreadGuard();

    const custos::app::GuiOptions options = custos::app::GuiOptions::parse(app);
    custos::app::installTranslations(app, options.language);

    custos::app::GuiController controller(custos::app::resolveWorkspaceDirectory(options));
    controller.setCeremonyMode(options.ceremony); // --ceremony: the ceremony window after login
    QObject::connect(&controller, &custos::app::GuiController::finished, &app,
                     [](int exitCode) { QCoreApplication::exit(exitCode); });
    // Started from the event loop, so an early exit(1) is not lost before exec() runs.
    QTimer::singleShot(0, &controller, &custos::app::GuiController::start);
    return app.exec();
}
