#include "SoftHsmTestToken.h"
#include "TestRegistry.h"
#include "crypto/ThreadGuard.h"

#include <QStringList>
#include <QTest>

#include <thread>

using namespace custos;

namespace {
QStringList violations;
void record(const char* what)
{
    violations << QString::fromLatin1(what);
}
} // namespace

// The debug-build guard the GUI arms for its thread: any PKCS#11 call there is reported.
class TestThreadGuard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        violations.clear();
        crypto::setThreadGuardHandler(&record);
    }
    void cleanup()
    {
        crypto::disarmThreadGuard();
        crypto::setThreadGuardHandler(nullptr);
    }

    void pkcs11CallsOnTheGuardedThreadAreReported()
    {
#ifdef NDEBUG
        QSKIP("the guard is compiled out of release builds");
#endif
        if (!test::SoftHsmTestToken::moduleInstalled())
            QSKIP("SoftHSM2 is not installed");
        test::SoftHsmTestToken fixture;
        const QString failed = fixture.setUp(QStringLiteral("guard"));
        QVERIFY2(failed.isEmpty(), qPrintable(failed));

        // Unarmed: nothing reported.
        QVERIFY(fixture.token()->session());
        QVERIFY(violations.isEmpty());

        crypto::armThreadGuard();
        QVERIFY(crypto::onGuardedThread());
        (void)fixture.token()->session();
        QCOMPARE(violations, QStringList{QStringLiteral("a PKCS#11 call")});

        // Another thread may talk to the token.
        violations.clear();
        bool opened = false;
        std::thread worker([&] { opened = bool(fixture.token()->session()); });
        worker.join();
        QVERIFY(opened);
        QVERIFY(violations.isEmpty());

        // So may this one once the guard is lifted.
        crypto::disarmThreadGuard();
        QVERIFY(!crypto::onGuardedThread());
        (void)fixture.token()->session();
        QVERIFY(violations.isEmpty());
    }
};

CUSTOS_REGISTER_TEST(TestThreadGuard)
#include "TestThreadGuard.moc"
