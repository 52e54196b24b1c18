#include "TestRegistry.h"

#include "crypto/SecureBuffer.h"
#include "crypto/SecureHeap.h"

#include <QTest>

#include <openssl/crypto.h>

using namespace custos::crypto;

// TestMain initialises the secure heap as both executables do; secrets must land in it.
class TestSecureHeap : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void secretsLiveInTheSecureHeap()
    {
        QVERIFY(secureHeapState() != SecureHeapState::Unavailable);
        SecureBuffer pin = SecureBuffer::fromString("123456");
        QVERIFY(CRYPTO_secure_allocated(pin.data()));
    }

    void aFullSecureHeapFallsBackInsteadOfFailing()
    {
        // Larger than the whole 1 MiB heap: still a working, wiped buffer.
        SecureBuffer big(2u << 20);
        QCOMPARE(big.size(), std::size_t(2u << 20));
        QVERIFY(!CRYPTO_secure_allocated(big.data()));
        big.data()[big.size() - 1] = 7;
        big.clear();
        QVERIFY(big.isEmpty());
    }
};

CUSTOS_REGISTER_TEST(TestSecureHeap)
#include "TestSecureHeap.moc"
