#include "TestRegistry.h"
#include "crypto/SecureHeap.h"

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
    return custos::test::runRegisteredTests(argc, argv);
}
