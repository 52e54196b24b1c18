#include "TestRegistry.h"

#include "OutcomeText.h"

#include "crypto/Kdf.h"

#include <QTest>

using namespace custos;
using namespace custos::crypto;

class TestKdf : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfc7914Vector()
    {
        // RFC 7914, section 12, second vector.
        const KdfParams params{1024, 8, 16};
        auto key = deriveKey(SecureBuffer::fromString("password"), QByteArrayLiteral("NaCl"), params, 64);
        QVERIFY2(key.ok(), errorText(key).constData());
        QCOMPARE(QByteArray(key->chars(), 64).toHex(),
                 QByteArrayLiteral("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a388"
                                   "6ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"));
    }

    void defaultCostDerives()
    {
        // n=65536 needs 64 MiB, above OpenSSL's default 32 MiB limit: proves maxmem is raised.
        const KdfParams params = KdfParams::forMemoryMiB(64);
        auto key = deriveKey(SecureBuffer::fromString("correct horse"), QByteArrayLiteral("salt"), params, 32);
        QVERIFY2(key.ok(), errorText(key).constData());
        QCOMPARE(key->size(), std::size_t(32));
        auto again = deriveKey(SecureBuffer::fromString("correct horse"), QByteArrayLiteral("salt"), params, 32);
        QVERIFY(again.ok() && again->equals(key.value()));
        auto other = deriveKey(SecureBuffer::fromString("correct horse"), QByteArrayLiteral("pepper"), params, 32);
        QVERIFY(other.ok() && !other->equals(key.value()));
    }

    void emptyPassphraseAndSalt()
    {
        // RFC 7914, section 12, first vector.
        auto key = deriveKey(SecureBuffer(), QByteArray(), KdfParams{16, 1, 1}, 64);
        QVERIFY2(key.ok(), errorText(key).constData());
        QCOMPARE(QByteArray(key->chars(), 16).toHex(), QByteArrayLiteral("77d6576238657b203b19ca42c18a0497"));
    }

    void forMemoryMiB()
    {
        const KdfParams defaults = KdfParams::forMemoryMiB(64);
        QCOMPARE(defaults.n, quint64(65536));
        QCOMPARE(defaults.r, quint32(8));
        QCOMPARE(defaults.p, quint32(1));
        QCOMPARE(defaults.memoryMiB(), 64);
        QCOMPARE(KdfParams::forMemoryMiB(1).n, quint64(1024));
        QCOMPARE(KdfParams::forMemoryMiB(100).n, quint64(65536)); // rounds down to a power of two
        QCOMPARE(KdfParams::forMemoryMiB(128).n, quint64(131072));
        QCOMPARE(KdfParams::forMemoryMiB(0).n, quint64(1024)); // clamped to 1 MiB
    }

    void encodeDecodeRoundTrip()
    {
        const KdfParams params = KdfParams::forMemoryMiB(64);
        QCOMPARE(params.encode(), QStringLiteral("scrypt:n=65536,r=8,p=1"));
        auto decoded = KdfParams::decode(params.encode());
        QVERIFY2(decoded.ok(), errorText(decoded).constData());
        QCOMPARE(decoded->n, params.n);
        QCOMPARE(decoded->r, params.r);
        QCOMPARE(decoded->p, params.p);
    }

    void decodeRejects_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("garbage") << QStringLiteral("garbage");
        QTest::newRow("empty") << QString();
        QTest::newRow("other kdf") << QStringLiteral("argon2id:m=65536,t=3,p=1");
        QTest::newRow("n not power of two") << QStringLiteral("scrypt:n=1000,r=8,p=1");
        QTest::newRow("n one") << QStringLiteral("scrypt:n=1,r=8,p=1");
        QTest::newRow("r zero") << QStringLiteral("scrypt:n=1024,r=0,p=1");
        QTest::newRow("p zero") << QStringLiteral("scrypt:n=1024,r=8,p=0");
        QTest::newRow("too much memory") << QStringLiteral("scrypt:n=1099511627776,r=8,p=1");
        QTest::newRow("trailing") << QStringLiteral("scrypt:n=1024,r=8,p=1,x=2");
        QTest::newRow("negative") << QStringLiteral("scrypt:n=-1024,r=8,p=1");
    }

    void decodeRejects()
    {
        QFETCH(QString, text);
        auto decoded = KdfParams::decode(text);
        QVERIFY(!decoded.ok());
        QCOMPARE(decoded.error().kind, ErrorKind::Invalid);
        QVERIFY(!decoded.error().message.isEmpty());
    }

    void deriveRejectsBadParameters()
    {
        auto key = deriveKey(SecureBuffer::fromString("x"), QByteArrayLiteral("s"), KdfParams{1000, 8, 1}, 32);
        QVERIFY(!key.ok());
        QCOMPARE(key.error().kind, ErrorKind::Invalid);
        auto empty = deriveKey(SecureBuffer::fromString("x"), QByteArrayLiteral("s"), KdfParams{1024, 8, 1}, 0);
        QVERIFY(!empty.ok());
        QCOMPARE(empty.error().kind, ErrorKind::Invalid);
    }
};

CUSTOS_REGISTER_TEST(TestKdf)
#include "TestKdf.moc"
