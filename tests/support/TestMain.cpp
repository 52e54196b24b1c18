#include "TestRegistry.h"
#include "crypto/SecureHeap.h"
#include "crypto/ThreadGuard.h"

#include <QSettings>
#include <QTemporaryDir>

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
    // QSettings() in a private directory: no test reads what an earlier run (or the user) stored,
    // e.g. a column layout or sort order the ViewStateKeeper would restore.
    QTemporaryDir settingsDir;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
#ifdef CUSTOS_TEST_GUI
    // As in the GUI: no PKCS#11 call may block this thread (debug builds abort on one).
    custos::crypto::armThreadGuard();
#endif
    return custos::test::runRegisteredTests(argc, argv);
}
