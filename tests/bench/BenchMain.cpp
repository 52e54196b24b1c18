#include "BenchRegistry.h"
#include "crypto/SecureHeap.h"

#include <QApplication>

int main(int argc, char** argv)
{
    custos::crypto::initialiseSecureHeap();
    // The GUI benchmarks need widgets; offscreen unless the caller chose a platform (the same
    // figures with or without a display, and no window popping up).
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    app.setApplicationName(QStringLiteral("custos-bench"));
    return custos::bench::runRegisteredBenches(argc, argv);
}
