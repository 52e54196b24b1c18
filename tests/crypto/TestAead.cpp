#include "TestRegistry.h"

#include "OutcomeText.h"

#include "crypto/Aead.h"
#include "crypto/Random.h"

#include <QTest>

#include <openssl/err.h>

using namespace custos;
using namespace custos::crypto;

class TestAead : public QObject
{
    Q_OBJECT

private:
    static void verifyAuthenticationFailed(const Outcome<SecureBuffer>& opened)
    {
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().kind, ErrorKind::Failed);
        QCOMPARE(opened.error().message, QStringLiteral("authentication failed"));
        QCOMPARE(ERR_peek_error(), 0UL); // nothing left behind for the next OpenSSL call
    }

private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("plaintext");
        QTest::addColumn<QByteArray>("aad");
        QTest::newRow("short") << QByteArray("hello") << QByteArray("alice");
        QTest::newRow("empty plaintext") << QByteArray() << QByteArray("alice");
        QTest::newRow("no aad") << QByteArray("hello") << QByteArray();
        QTest::newRow("long") << QByteArray(100000, 'x') << QByteArray("context");
    }

    void roundTrip()
    {
        QFETCH(QByteArray, plaintext);
        QFETCH(QByteArray, aad);
        const SecureBuffer key = randomSecret(32);
        const SecureBuffer secret(plaintext.constData(), static_cast<std::size_t>(plaintext.size()));
        auto sealed = sealAes256Gcm(key, secret, aad);
        QVERIFY2(sealed.ok(), errorText(sealed).constData());
        QCOMPARE(sealed->size(), 12 + plaintext.size() + 16);
        if (!plaintext.isEmpty())
            QVERIFY(!sealed->contains(plaintext));
        auto opened = openAes256Gcm(key, sealed.value(), aad);
        QVERIFY2(opened.ok(), errorText(opened).constData());
        QVERIFY(opened->equals(secret));
    }

    void freshIvEachTime()
    {
        const SecureBuffer key = randomSecret(32);
        auto a = sealAes256Gcm(key, SecureBuffer::fromString("same"), {});
        auto b = sealAes256Gcm(key, SecureBuffer::fromString("same"), {});
        QVERIFY(a.ok() && b.ok());
        QVERIFY(a->left(12) != b->left(12));
        QVERIFY(a.value() != b.value());
    }

    void wrongKeyFails()
    {
        auto sealed = sealAes256Gcm(randomSecret(32), SecureBuffer::fromString("secret"), "aad");
        QVERIFY(sealed.ok());
        verifyAuthenticationFailed(openAes256Gcm(randomSecret(32), sealed.value(), "aad"));
    }

    void wrongAadFails()
    {
        const SecureBuffer key = randomSecret(32);
        auto sealed = sealAes256Gcm(key, SecureBuffer::fromString("secret"), "alice");
        QVERIFY(sealed.ok());
        verifyAuthenticationFailed(openAes256Gcm(key, sealed.value(), "mallory"));
        verifyAuthenticationFailed(openAes256Gcm(key, sealed.value(), {}));
    }

    void tamperedFails_data()
    {
        QTest::addColumn<int>("position"); // negative counts from the end
        QTest::newRow("iv") << 0;
        QTest::newRow("ciphertext") << 12;
        QTest::newRow("tag") << -1;
    }

    void tamperedFails()
    {
        QFETCH(int, position);
        const SecureBuffer key = randomSecret(32);
        auto sealed = sealAes256Gcm(key, SecureBuffer::fromString("secret"), "aad");
        QVERIFY(sealed.ok());
        QByteArray tampered = sealed.value();
        const qsizetype index = position >= 0 ? position : tampered.size() + position;
        tampered[index] = static_cast<char>(tampered[index] ^ 0x01);
        verifyAuthenticationFailed(openAes256Gcm(key, tampered, "aad"));
    }

    void truncatedFails()
    {
        const SecureBuffer key = randomSecret(32);
        auto sealed = sealAes256Gcm(key, SecureBuffer::fromString("secret"), "aad");
        QVERIFY(sealed.ok());
        verifyAuthenticationFailed(openAes256Gcm(key, sealed->left(sealed->size() - 1), "aad"));
        verifyAuthenticationFailed(openAes256Gcm(key, sealed->left(27), "aad"));
        verifyAuthenticationFailed(openAes256Gcm(key, QByteArray(), "aad"));
    }

    void wrongKeySizeIsInvalid()
    {
        auto sealed = sealAes256Gcm(randomSecret(16), SecureBuffer::fromString("secret"), {});
        QVERIFY(!sealed.ok());
        QCOMPARE(sealed.error().kind, ErrorKind::Invalid);
        auto opened = openAes256Gcm(randomSecret(31), QByteArray(40, 'x'), {});
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().kind, ErrorKind::Invalid);
    }
};

CUSTOS_REGISTER_TEST(TestAead)
#include "TestAead.moc"
