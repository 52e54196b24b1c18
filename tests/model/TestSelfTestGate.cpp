#include "TestKeyCryptoFixture.h"
#include "TestRegistry.h"

#include "crypto/selftest/SelfTest.h"
#include "crypto/selftest/SelfTestGate.h"

#include <QTest>

using namespace custos;
using namespace custos::model;
using namespace custos::keytest;

// Issue 9: a failed start-up self test blocks key and certificate operations (audited as Failed,
// naming the failed checks), leaves reads alone, and clearing it unblocks.
class TestSelfTestGate : public QObject
{
    Q_OBJECT
private:
    KeyFixture m_fx;

    static void failStartupSelfTest()
    {
        crypto::selftest::SelfTestOptions options;
        options.corruptExpected = {QStringLiteral("SHA-256"), QStringLiteral("ECDSA P-256")};
        crypto::selftest::recordStartupReport(crypto::selftest::runPrimitiveSelfTests(options));
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString failed = m_fx.setUp();
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }
    void cleanupTestCase() { m_fx.tearDown(); }
    void cleanup() { crypto::selftest::clearStartupFailures(); }

    void failedSelfTestBlocksKeyOperations()
    {
        auto key =
            m_fx.createKey(Protection::Hsm, QStringLiteral("before"), crypto::KeyKind::Ec, 0, QStringLiteral("P-256"));
        QVERIFY2(key, errorText(key));
        const QByteArray message = QByteArrayLiteral("signed before and after");
        auto signedBefore =
            test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("ES256"), message, false));
        QVERIFY2(signedBefore, errorText(signedBefore));

        failStartupSelfTest();

        auto refused =
            m_fx.createKey(Protection::Hsm, QStringLiteral("during"), crypto::KeyKind::Ec, 0, QStringLiteral("P-256"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Failed);
        const QString why = refused.error().message;
        QVERIFY2(why.contains(QLatin1String("SHA-256, ECDSA P-256")), qPrintable(why));
        QVERIFY2(why.contains(QLatin1String("custosctl selftest")), qPrintable(why));
        auto created = m_fx.lastEvent(QStringLiteral("KeyCreate"));
        QVERIFY(created);
        QCOMPARE(created->result, AuditResult::Failed);
        QCOMPARE(created->reason, why);
        auto noKey = KeyStore(m_fx.db()).find(kHsmVault, QStringLiteral("during"));
        QVERIFY(noKey && !noKey.value());

        auto signRefused =
            test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("ES256"), message, false));
        QVERIFY(!signRefused);
        QVERIFY2(signRefused.error().message.contains(QLatin1String("custosctl selftest")), errorText(signRefused));
        auto signEvent = m_fx.lastEvent(QStringLiteral("KeySign"));
        QVERIFY(signEvent);
        QCOMPARE(signEvent->result, AuditResult::Failed);
        QVERIFY2(signEvent->reason.contains(QLatin1String("SHA-256")), qPrintable(signEvent->reason));

        // Reads keep working.
        auto vaults = m_fx.services().vaults().list();
        QVERIFY2(vaults, errorText(vaults));
        QVERIFY(vaults->size() >= 2);
        auto keys = m_fx.services().keys().list(kHsmVault);
        QVERIFY2(keys, errorText(keys));

        crypto::selftest::clearStartupFailures();
        auto after =
            m_fx.createKey(Protection::Hsm, QStringLiteral("after"), crypto::KeyKind::Ec, 0, QStringLiteral("P-256"));
        QVERIFY2(after, errorText(after));
        auto signedAfter =
            test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("ES256"), message, false));
        QVERIFY2(signedAfter, errorText(signedAfter));
    }

    void passingReportBlocksNothing()
    {
        crypto::selftest::recordStartupReport(crypto::selftest::runPrimitiveSelfTests());
        auto key = m_fx.createKey(Protection::Software, QStringLiteral("clean"), crypto::KeyKind::Ec, 0,
                                  QStringLiteral("P-256"));
        QVERIFY2(key, errorText(key));
    }
};

CUSTOS_REGISTER_TEST(TestSelfTestGate)
#include "TestSelfTestGate.moc"
