#include "TestRegistry.h"

#include "OutcomeText.h"
#include "X509TestFiles.h"

#include "crypto/x509/Pkcs12.h"

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QTest>

using namespace custos;
using namespace custos::crypto;
using namespace custos::crypto::x509;
using namespace custos::test::x509files;

namespace {
const char* const kChildVariable = "CUSTOS_TEST_PKCS12_NO_LEGACY_PROVIDER";
const QString kExpected = QStringLiteral("legacy PKCS#12 encryption (3DES, RC2-40) needs OpenSSL's legacy provider, "
                                         "which did not load");
} // namespace

// Without OpenSSL's legacy provider, legacy PKCS#12 fails with an explanation and modern files
// still work. The provider loads once per process, so the check runs in a child test process
// whose OPENSSL_MODULES points nowhere.
class TestPkcs12LegacyProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void missingProviderIsExplained()
    {
        if (qEnvironmentVariableIsSet(kChildVariable)) {
            runAsChild();
            return;
        }
        QProcess child;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QString::fromLatin1(kChildVariable), QStringLiteral("1"));
        environment.insert(QStringLiteral("OPENSSL_MODULES"), QStringLiteral("/nonexistent-custos-ossl-modules"));
        child.setProcessEnvironment(environment);
        child.setProcessChannelMode(QProcess::MergedChannels);
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("TestPkcs12LegacyProvider"), QStringLiteral("missingProviderIsExplained")});
        QVERIFY(child.waitForFinished(60000));
        const QString output = QString::fromUtf8(child.readAll());
        QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("PASS   : TestPkcs12LegacyProvider::missingProviderIsExplained()")),
                 qPrintable(output));
    }

private:
    void runAsChild()
    {
        const SecureBuffer password = SecureBuffer::fromString(kFixturePassword);
        auto legacyRead = readPkcs12(fixture(QStringLiteral("legacy.p12")), password);
        QVERIFY(!legacyRead.ok());
        QCOMPARE(legacyRead.error().kind, ErrorKind::Failed);
        QVERIFY2(legacyRead.error().message.startsWith(kExpected), errorText(legacyRead));

        auto modern = readPkcs12(fixture(QStringLiteral("modern.p12")), password);
        QVERIFY2(modern.ok(), errorText(modern));
        QVERIFY(!modern->legacy);

        auto legacyWrite = writePkcs12(modern->privateKeyPkcs8Der, modern->certificateDer, {}, password,
                                       Pkcs12Profile::Legacy, QStringLiteral("old"));
        QVERIFY(!legacyWrite.ok());
        QCOMPARE(legacyWrite.error().kind, ErrorKind::Failed);
        QVERIFY2(legacyWrite.error().message.startsWith(kExpected), errorText(legacyWrite));

        auto modernWrite = writePkcs12(modern->privateKeyPkcs8Der, modern->certificateDer, {}, password,
                                       Pkcs12Profile::Modern, QStringLiteral("new"));
        QVERIFY2(modernWrite.ok(), errorText(modernWrite));
    }
};

CUSTOS_REGISTER_TEST(TestPkcs12LegacyProvider)
#include "TestPkcs12LegacyProvider.moc"
