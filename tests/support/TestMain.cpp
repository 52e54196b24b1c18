#include "TestRegistry.h"
#include "crypto/SecureHeap.h"
#include "crypto/ThreadGuard.h"

#ifdef CUSTOS_TEST_GUI
#include <QApplication>
using TestApplication = QApplication;
#else
#include <QCoreApplication>
using TestApplication = QCoreApplication;
#endif

int main(int argc, char** argv)
{
    custos::crypto::initialiseSecureHeap();
    TestApplication app(argc, argv);
    app.setApplicationName(QStringLiteral("custos-tests"));
#ifdef CUSTOS_TEST_GUI
    // As in the GUI: no PKCS#11 call may block this thread (debug builds abort on one).
    custos::crypto::armThreadGuard();
#endif
    return custos::test::runRegisteredTests(argc, argv);
}
