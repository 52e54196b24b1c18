#include "SoftHsmTestToken.h"
#include "TestRegistry.h"

#include "crypto/selftest/ModuleProbe.h"
#include "crypto/selftest/SelfTest.h"
#include "crypto/selftest/SelfTestGate.h"

#include <QElapsedTimer>
#include <QTest>

using namespace custos;
using namespace custos::crypto::selftest;

namespace {
QByteArray describe(const SelfTestReport& report)
{
    QByteArray text;
    for (const SelfTestResult& r : report.results) {
        if (!r.passed)
            text +=
                (r.name + QLatin1String(": ") + r.shortError + QLatin1String(" - ") + r.longError + QLatin1Char('\n'))
                    .toUtf8();
    }
    return text;
}

const SelfTestResult* find(const SelfTestReport& report, const QString& name)
{
    for (const SelfTestResult& r : report.results) {
        if (r.name == name)
            return &r;
    }
    return nullptr;
}
} // namespace

// The known-answer self tests, their failure path through the seam, the module probe and the gate.
class TestSelfTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { clearStartupFailures(); }

    void everyPrimitivePassesHere()
    {
        QElapsedTimer timer;
        timer.start();
        const SelfTestReport report = runPrimitiveSelfTests();
        const qint64 elapsed = timer.elapsed();
        QVERIFY2(report.passed(), describe(report).constData());
        QCOMPARE(report.results.size(), 10);
        const QStringList expected{QStringLiteral("SHA-256"),      QStringLiteral("SHA-384"),
                                   QStringLiteral("HMAC-SHA-256"), QStringLiteral("AES-256-GCM"),
                                   QStringLiteral("AES key wrap"), QStringLiteral("AES key wrap with padding"),
                                   QStringLiteral("RSA-PSS"),      QStringLiteral("RSA-OAEP"),
                                   QStringLiteral("ECDSA P-256"),  QStringLiteral("scrypt")};
        QCOMPARE(primitiveSelfTestNames(), expected);
        for (const SelfTestResult& r : report.results) {
            QVERIFY2(!r.detail.isEmpty(), qPrintable(r.name));
            QVERIFY(r.shortError.isEmpty() && r.longError.isEmpty() && r.proposedFix.isEmpty());
        }
        // custos runs them on the GUI thread before the first window: they must stay cheap.
        qInfo("primitive self tests: %lld ms", elapsed);
        QVERIFY2(elapsed < 200, qPrintable(QStringLiteral("%1 ms").arg(elapsed)));
    }

    // The seam corrupts each expected value in turn: every check must notice, and say why.
    void eachCheckFailsOnAWrongExpectedValue_data()
    {
        QTest::addColumn<QString>("name");
        for (const QString& name : primitiveSelfTestNames())
            QTest::newRow(qPrintable(name)) << name;
    }
    void eachCheckFailsOnAWrongExpectedValue()
    {
        QFETCH(QString, name);
        SelfTestOptions options;
        options.corruptExpected = {name};
        const SelfTestReport report = runPrimitiveSelfTests(options);
        QVERIFY(!report.passed());
        QCOMPARE(report.failedNames(), QStringList{name});
        const SelfTestResult* failed = find(report, name);
        QVERIFY(failed);
        QVERIFY(!failed->passed);
        QVERIFY(!failed->shortError.isEmpty());
        QVERIFY(!failed->longError.isEmpty());
        QVERIFY2(failed->proposedFix.contains(QLatin1String("custosctl selftest")), qPrintable(failed->proposedFix));
        QVERIFY2(failed->proposedFix.contains(name), qPrintable(failed->proposedFix));
    }

    void knownAnswerMismatchNamesBothValues()
    {
        SelfTestOptions options;
        options.corruptExpected = {QStringLiteral("SHA-256")};
        const SelfTestReport report = runPrimitiveSelfTests(options); // find() points into it
        const SelfTestResult* failed = find(report, QStringLiteral("SHA-256"));
        QVERIFY(failed);
        QCOMPARE(failed->shortError, QStringLiteral("known-answer mismatch"));
        // The corrupted expectation (first byte ba ^ 01 = bb) and what OpenSSL computed.
        QVERIFY2(failed->longError.contains(QLatin1String("expected bb7816bf")), qPrintable(failed->longError));
        QVERIFY2(failed->longError.contains(QLatin1String("got ba7816bf")), qPrintable(failed->longError));
    }

    void gateRecordsOnlyFailures()
    {
        QVERIFY(startupFailures().isEmpty());
        QVERIFY(startupFailureMessage().isEmpty());
        SelfTestOptions options;
        options.corruptExpected = {QStringLiteral("RSA-OAEP"), QStringLiteral("scrypt")};
        recordStartupReport(runPrimitiveSelfTests(options));
        QCOMPARE(startupFailures(), (QStringList{QStringLiteral("RSA-OAEP"), QStringLiteral("scrypt")}));
        const QString message = startupFailureMessage();
        QVERIFY2(message.contains(QLatin1String("RSA-OAEP, scrypt")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("custosctl selftest")), qPrintable(message));
        QCOMPARE(startupReport().results.size(), 10);
        recordStartupReport(runPrimitiveSelfTests()); // a passing report clears
        QVERIFY(startupFailures().isEmpty());
    }

    void moduleProbeReportsTheLibrary()
    {
        if (!test::SoftHsmTestToken::moduleInstalled())
            QSKIP("SoftHSM2 is not installed");
        test::SoftHsmTestToken token;
        const QString failed = token.setUp(QStringLiteral("probe"));
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        const SelfTestResult module = probeModule(test::kSoftHsmModule);
        QVERIFY2(module.passed, qPrintable(module.longError));
        QVERIFY2(module.detail.contains(QLatin1String("SoftHSM")), qPrintable(module.detail));
        QVERIFY2(module.detail.contains(QLatin1String("Cryptoki 2.")), qPrintable(module.detail));

        const SelfTestResult present = probeToken(test::kSoftHsmModule, QStringLiteral("probe"));
        QVERIFY2(present.passed, qPrintable(present.longError));
        const SelfTestResult missing = probeToken(test::kSoftHsmModule, QStringLiteral("no-such-token"));
        QVERIFY(!missing.passed);
        QCOMPARE(missing.shortError, QStringLiteral("token not found"));
        QVERIFY2(missing.longError.contains(QLatin1String("no-such-token")), qPrintable(missing.longError));
    }

    void moduleProbeFailsOnABadPath()
    {
        const QString path = QStringLiteral("/nonexistent/libnothing.so");
        const SelfTestResult module = probeModule(path);
        QVERIFY(!module.passed);
        QCOMPARE(module.shortError, QStringLiteral("module does not load"));
        QVERIFY2(module.longError.contains(path), qPrintable(module.longError));
        QVERIFY2(module.proposedFix.contains(QLatin1String("does not exist")), qPrintable(module.proposedFix));
    }
};

CUSTOS_REGISTER_TEST(TestSelfTest)
#include "TestSelfTest.moc"
