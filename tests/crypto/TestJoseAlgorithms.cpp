#include "TestRegistry.h"

#include "OutcomeText.h"

#include "crypto/keys/JoseAlgorithm.h"
#include "crypto/keys/MechanismSupport.h"
#include "crypto/keys/PublicKeyOperations.h"

#include <QTest>

using namespace custos;
using namespace custos::crypto;

// The token-free parts of the key operations: names, key types, the route table, encodings.
class TestJoseAlgorithms : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void joseNames()
    {
        for (const JoseAlgorithm algorithm : allJoseAlgorithms())
            QCOMPARE(parseJoseAlgorithm(joseAlgorithmName(algorithm)), std::optional<JoseAlgorithm>(algorithm));
        QCOMPARE(joseAlgorithmName(JoseAlgorithm::RsaOaep256), QStringLiteral("RSA-OAEP-256"));
        QVERIFY(!parseJoseAlgorithm(u"HS256"));
        QCOMPARE(parseKeyOperation(u"wrapKey"), std::optional<KeyOperation>(KeyOperation::WrapKey));
        QCOMPARE(digestLength(digestOf(JoseAlgorithm::Es384)), 48);
        QVERIFY(!supportedOperations(KeyKind::Ec).contains(KeyOperation::Encrypt));

        auto unknown = algorithmForKey(u"HS256", KeyKind::Rsa, KeyOperation::Sign);
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().kind, ErrorKind::Invalid);
        QVERIFY(unknown.error().message.startsWith(QStringLiteral("unknown algorithm \"HS256\"")));
        auto wrongKind = algorithmForKey(u"ES256", KeyKind::Rsa, KeyOperation::Sign);
        QVERIFY(!wrongKind.ok());
        QCOMPARE(wrongKind.error().message, QStringLiteral("algorithm ES256 needs an EC key, not RSA"));
        auto wrongOp = algorithmForKey(u"RS256", KeyKind::Rsa, KeyOperation::Encrypt);
        QVERIFY(!wrongOp.ok());
        QCOMPARE(wrongOp.error().message, QStringLiteral("algorithm RS256 cannot encrypt"));
    }

    void mechanismRoutes()
    {
        // A token without CKM_ECDSA cannot do ES256 at all; one without CKM_RSA_X_509 cannot
        // compose RSA-OAEP-256.
        const auto bare = MechanismSupport::fromMechanisms({{CKM_RSA_PKCS, CKF_SIGN | CKF_DECRYPT}});
        QCOMPARE(bare.route(JoseAlgorithm::Es256, KeyOperation::Sign), MechanismRoute::Unavailable);
        QCOMPARE(bare.route(JoseAlgorithm::Rs256, KeyOperation::Sign), MechanismRoute::Native);
        QCOMPARE(bare.route(JoseAlgorithm::Rsa1_5, KeyOperation::Decrypt), MechanismRoute::Native);
        QCOMPARE(bare.route(JoseAlgorithm::RsaOaep256, KeyOperation::Decrypt), MechanismRoute::Unavailable);
        // Verify is a public-key operation in OpenSSL, not a token route.
        QCOMPARE(bare.route(JoseAlgorithm::Rs256, KeyOperation::Verify), MechanismRoute::Unavailable);
        const auto full = MechanismSupport::fromMechanisms(
            {{CKM_ECDSA, CKF_SIGN}, {CKM_RSA_X_509, CKF_DECRYPT}, {CKM_AES_KEY_WRAP, CKF_WRAP | CKF_UNWRAP}});
        QCOMPARE(full.route(JoseAlgorithm::Es512, KeyOperation::Sign), MechanismRoute::Composed);
        QCOMPARE(full.route(JoseAlgorithm::RsaOaep256, KeyOperation::UnwrapKey), MechanismRoute::Composed);
        QCOMPARE(full.route(JoseAlgorithm::A192Kw, KeyOperation::UnwrapKey), MechanismRoute::Native);
        QCOMPARE(full.route(JoseAlgorithm::A256Gcm, KeyOperation::Encrypt), MechanismRoute::Unavailable);
        QCOMPARE(mechanismRouteName(MechanismRoute::Composed), QStringLiteral("composed"));
    }

    void ecdsaEncodings()
    {
        // r = 1, s = 0x80 (needs a leading zero in DER) on a 32-byte field.
        QByteArray raw(64, '\0');
        raw[31] = 1;
        raw[63] = static_cast<char>(0x80);
        auto der = ecdsaRawToDer(raw);
        QVERIFY2(der.ok(), errorText(der).constData());
        QCOMPARE(der->toHex(), QByteArray("3007020101020200"
                                          "80"));
        auto back = ecdsaDerToRaw(der.value(), 32);
        QVERIFY2(back.ok(), errorText(back).constData());
        QCOMPARE(back.value(), raw);
        QCOMPARE(ecdsaRawToDer(QByteArray(63, 'x')).error().kind, ErrorKind::Invalid);
        QCOMPARE(ecdsaDerToRaw("not der", 32).error().kind, ErrorKind::Invalid);
        QCOMPARE(ecdsaDerToRaw(der.value(), 0).error().kind, ErrorKind::Invalid);
    }

    // DER as X.690 has it, nothing looser: what OpenSSL's i2d writes, and only that.
    void ecdsaDerIsStrict_data()
    {
        QTest::addColumn<QByteArray>("derHex");
        QTest::addColumn<QString>("expected");
        QTest::newRow("minimal") << QByteArray("3007020101020200"
                                               "80")
                                 << QString();
        QTest::newRow("needless leading zero") << QByteArray("300702020001020180") << "malformed";
        QTest::newRow("negative r") << QByteArray("3006020181020101") << "malformed";
        QTest::newRow("empty integer") << QByteArray("30050200020101") << "malformed";
        QTest::newRow("trailing byte") << QByteArray("300602010102010100") << "malformed";
        QTest::newRow("length too long") << QByteArray("3008020101020101") << "malformed";
        QTest::newRow("long-form length under 128") << QByteArray("308106020101020101") << "malformed";
        QTest::newRow("not a sequence") << QByteArray("3106020101020101") << "malformed";
        QTest::newRow("three integers") << QByteArray("3009020101020101020101") << "malformed";
        QTest::newRow("r wider than the field")
            << (QByteArray("3026022101") + QByteArray(64, '1') + QByteArray("020101")) << "do not fit 32 bytes";
    }

    void ecdsaDerIsStrict()
    {
        QFETCH(QByteArray, derHex);
        QFETCH(QString, expected);
        auto raw = ecdsaDerToRaw(QByteArray::fromHex(derHex), 32);
        if (expected.isEmpty()) {
            QVERIFY2(raw.ok(), errorText(raw).constData());
            return;
        }
        QVERIFY(!raw.ok());
        QCOMPARE(raw.error().kind, ErrorKind::Invalid);
        QVERIFY2(raw.error().message.contains(expected), qPrintable(raw.error().message));
    }

    void digests()
    {
        auto sha256 = signatureDigest(JoseAlgorithm::Ps256, "abc", false);
        QVERIFY2(sha256.ok(), errorText(sha256).constData());
        QCOMPARE(sha256->toHex(), QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        auto wrong = signatureDigest(JoseAlgorithm::Es512, QByteArray(48, 'x'), true);
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().message, QStringLiteral("ES512 needs a 64-byte SHA-512 digest, got 48 bytes"));
        auto notSignature = signatureDigest(JoseAlgorithm::A128Gcm, "abc", false);
        QVERIFY(!notSignature.ok());
        QCOMPARE(notSignature.error().kind, ErrorKind::Invalid);
    }
};

CUSTOS_REGISTER_TEST(TestJoseAlgorithms)
#include "TestJoseAlgorithms.moc"
