#include "TestRegistry.h"

#include "crypto/Digest.h"
#include "crypto/Random.h"

#include <QRegularExpression>
#include <QTest>

using namespace custos::crypto;

class TestRandomDigest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void randomBytesAndSecrets()
    {
        QCOMPARE(randomBytes(0).size(), 0);
        const QByteArray a = randomBytes(32);
        QCOMPARE(a.size(), 32);
        QVERIFY(a != randomBytes(32));
        const SecureBuffer s = randomSecret(32);
        QCOMPARE(s.size(), std::size_t(32));
        QVERIFY(!s.equals(randomSecret(32)));
    }

    void randomPinIsPrintableHex_data()
    {
        QTest::addColumn<int>("length");
        QTest::newRow("even") << 16;
        QTest::newRow("odd") << 7;
        QTest::newRow("one") << 1;
    }

    void randomPinIsPrintableHex()
    {
        QFETCH(int, length);
        const SecureBuffer pin = randomPin(static_cast<std::size_t>(length));
        QCOMPARE(pin.size(), std::size_t(length));
        for (const unsigned char c : pin.bytes())
            QVERIFY((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    void randomIdIsLowercaseHex()
    {
        static const QRegularExpression pattern(QStringLiteral("^[0-9a-f]{32}$"));
        const QString id = randomId();
        QVERIFY2(pattern.match(id).hasMatch(), qPrintable(id));
        QVERIFY(id != randomId());
    }

    void sha256KnownAnswers()
    {
        QCOMPARE(sha256("").toHex(),
                 QByteArrayLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(sha256("abc").toHex(),
                 QByteArrayLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }
};

CUSTOS_REGISTER_TEST(TestRandomDigest)
#include "TestRandomDigest.moc"
