#include "HostedWorkspace.h"
#include "TestRegistry.h"
#include "TokenFaultShim.h"

#include "crypto/ThreadGuard.h"
#include "model/audit/AuditLog.h"
#include "model/services/KeyCryptoService.h"
#include "model/services/KeyService.h"
#include "model/services/VaultService.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>

using namespace custos;
using namespace custos::model;

// Issue 10, a slow token and the GUI: with the services on their own thread (ServiceHost, as in
// the GUI), a C_Sign that the token stalls for seconds leaves the GUI thread processing events,
// and locking the session during the stall neither hangs nor loses the trail.
class TestTokenStall : public QObject
{
    Q_OBJECT
private:
    test::TokenFaultShim m_shim;
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<ServiceHost> m_host;
    const QString kVault = QStringLiteral("slow");
    const QString kKey = QStringLiteral("slow-ec");
    const QByteArray kMessage = QByteArrayLiteral("signed while the token stalls");

    QCoro::Task<Outcome<QByteArray>> sign()
    {
        return m_host->call([vault = kVault, key = kKey, message = kMessage](Services& services) {
            return services.keyCrypto().sign({vault, key, {}}, QStringLiteral("ES256"), message, false);
        });
    }

    // The GUI thread's pulse while a call runs: the longest gap between 10 ms ticks, and whether a
    // tick came while the shim held a token call in its stall.
    struct Pulse
    {
        QTimer timer;
        QElapsedTimer clock;
        qint64 last = 0;
        qint64 longestGap = 0;
        int ticksDuringStall = 0;
    };

    void startPulse(Pulse& pulse)
    {
        pulse.timer.setInterval(10);
        pulse.clock.start();
        connect(&pulse.timer, &QTimer::timeout, this, [&pulse, this]() {
            const qint64 now = pulse.clock.elapsed();
            pulse.longestGap = std::max(pulse.longestGap, now - pulse.last);
            pulse.last = now;
            if (m_shim.stalling() > 0)
                ++pulse.ticksDuringStall;
        });
        pulse.timer.start();
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString loaded = m_shim.load();
        QVERIFY2(loaded.isEmpty(), qPrintable(loaded));
        m_tmp = std::make_unique<QTemporaryDir>();
        const QString directory = m_tmp->filePath(QStringLiteral("ws"));
        m_host = test::makeHostedWorkspace(directory);
        QVERIFY(m_host);
        m_host.reset(); // closed, so the module setting can change
        auto routed = test::routeTokenThroughShim(directory);
        QVERIFY2(routed, errorText(routed).constData());
        m_host = std::make_unique<ServiceHost>();
        auto opened = test::await(m_host->open(directory));
        QVERIFY2(opened, errorText(opened).constData());
        auto login = test::await(m_host->login(QStringLiteral("admin"), test::secret(test::kTestPassphrase), false));
        QVERIFY2(login, errorText(login).constData());
        QVERIFY(m_shim.calls("C_Login") >= 1);
        auto made =
            test::await(m_host->call([vault = kVault, key = kKey](Services& services) -> QCoro::Task<Outcome<void>> {
                auto creatingVault = services.vaults().create({vault});
                auto createdVault = co_await creatingVault;
                if (!createdVault)
                    co_return createdVault.error();
                KeyCreateRequest request;
                request.vault = vault;
                request.name = key;
                request.kty = crypto::KeyKind::Ec;
                request.curve = QStringLiteral("P-256");
                auto creatingKey = services.keys().create(request);
                auto createdKey = co_await creatingKey;
                if (!createdKey)
                    co_return createdKey.error();
                co_return Outcome<void>{};
            }));
        QVERIFY2(made, errorText(made).constData());
        // As in the GUI: a PKCS#11 call on this thread would abort a debug build.
        crypto::armThreadGuard();
    }

    void cleanupTestCase()
    {
        crypto::disarmThreadGuard();
        m_shim.clear();
        if (m_host) {
            auto verified = test::await(
                m_host->call([](Services& services) { return AuditLog(services.workspace().database()).verify(); }));
            QVERIFY2(verified, errorText(verified).constData());
            QVERIFY2(verified->ok, qPrintable(verified->problem));
        }
        m_host.reset();
    }

    void cleanup() { m_shim.clear(); }

    // The window never freezes: a 3 s stall of C_Sign, and the GUI thread keeps ticking throughout.
    void guiThreadRunsWhileTheTokenStalls()
    {
        m_shim.stall("C_Sign", 3000);
        Pulse pulse;
        startPulse(pulse);
        auto signature = test::await(sign());
        pulse.timer.stop();
        QVERIFY2(signature, errorText(signature).constData());
        QCOMPARE(m_shim.calls("C_Sign"), 1ul); // the stalled call is the one that signed
        // Events ran while the token held the call: the behaviour, not a performance figure.
        QVERIFY2(pulse.ticksDuringStall > 10, qPrintable(QString::number(pulse.ticksDuringStall)));
        // A sanity bound far above scheduling noise and far below the 3 s stall.
        QVERIFY2(pulse.longestGap < 1000, qPrintable(QStringLiteral("longest gap %1 ms").arg(pulse.longestGap)));
    }

    // Locking while a token call stalls: the lock waits for the token call, never forever; the
    // trail records both, and unlocking brings a working session back.
    void lockDuringAStallDoesNotHang()
    {
        m_shim.stall("C_Sign", 2000);
        auto signing = sign();
        QTRY_VERIFY_WITH_TIMEOUT(m_shim.stalling() == 1, 10000);
        Pulse pulse;
        startPulse(pulse);
        auto locked = test::await(m_host->lock());
        auto signature = test::await(std::move(signing));
        pulse.timer.stop();
        QVERIFY2(locked, errorText(locked).constData());
        QVERIFY(m_host->isLocked());
        QVERIFY(!m_host->isLoggedIn());
        // The sign either finished before the lock took effect or was refused: never half-audited.
        if (!signature)
            QVERIFY(!signature.error().message.isEmpty());
        QVERIFY2(pulse.longestGap < 1000, qPrintable(QStringLiteral("longest gap %1 ms").arg(pulse.longestGap)));

        m_shim.clear();
        auto unlocked = test::await(m_host->unlock(test::secret(test::kTestPassphrase)));
        QVERIFY2(unlocked, errorText(unlocked).constData());
        auto again = test::await(sign());
        QVERIFY2(again, errorText(again).constData());
    }
};

CUSTOS_REGISTER_TEST(TestTokenStall)
#include "TestTokenStall.moc"
