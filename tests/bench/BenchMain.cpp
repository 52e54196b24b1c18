#include "BenchRegistry.h"
#include "crypto/SecureHeap.h"

#include <QApplication>

int main(int argc, char** argv)
{
    custos::crypto::initialiseSecureHeap();
    QApplication app(argc, argv); // the GUI benchmarks need widgets; run with -platform offscreen
    app.setApplicationName(QStringLiteral("custos-bench"));
    return custos::bench::runRegisteredBenches(argc, argv);
}
