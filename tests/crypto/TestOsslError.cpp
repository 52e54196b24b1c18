#include "TestRegistry.h"

#include "OutcomeText.h"

#include "crypto/ossl/OsslError.h"
#include "crypto/ossl/PublicKeyInfo.h"

#include <QTest>

#include <openssl/err.h>
#include <openssl/x509.h>

using namespace custos;
using namespace custos::crypto;

// The error path of the OpenSSL wrapper has its own tests (STYLE.md: XCA's dead error macro).
class TestOsslError : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { ERR_clear_error(); }

    void queueTextReachesTheMessage()
    {
        const unsigned char garbage[] = {0x30, 0x03, 0x02, 0x01, 0x05};
        const unsigned char* p = garbage;
        QVERIFY(d2i_PUBKEY(nullptr, &p, sizeof garbage) == nullptr);
        QVERIFY(ERR_peek_error() != 0);

        const Error error = ossl::opensslError("d2i_PUBKEY");
        QCOMPARE(error.kind, ErrorKind::Failed);
        QVERIFY2(error.message.startsWith(QStringLiteral("d2i_PUBKEY: error:")), qPrintable(error.message));
        QCOMPARE(ERR_peek_error(), 0UL); // drained
    }

    void emptyQueueSaysFailed()
    {
        const Error error = ossl::opensslError("EVP_Something", ErrorKind::Invalid);
        QCOMPARE(error.kind, ErrorKind::Invalid);
        QCOMPARE(error.message, QStringLiteral("EVP_Something failed"));
        QVERIFY(ossl::drainErrorQueue().isEmpty());
    }

    void failingEngineCallCarriesQueueText()
    {
        // A P-256 "point" that is not on the curve: EVP_PKEY_fromdata fails inside OpenSSL.
        QByteArray point(65, '\x01');
        point[0] = 0x04;
        auto der = ossl::ecPublicKeyInfo("P-256", point);
        QVERIFY(!der.ok());
        QCOMPARE(der.error().kind, ErrorKind::Failed);
        QVERIFY2(der.error().message.startsWith(QStringLiteral("EVP_PKEY_fromdata: error:")),
                 errorText(der).constData());
        QCOMPARE(ERR_peek_error(), 0UL);
    }

    void validKeyRoundTrips()
    {
        // The P-256 generator point is a valid public key.
        const QByteArray point =
            QByteArray::fromHex("046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
                                "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");
        auto der = ossl::ecPublicKeyInfo("P-256", point);
        QVERIFY2(der.ok(), errorText(der).constData());
        const auto* p = reinterpret_cast<const unsigned char*>(der->constData());
        EVP_PKEY* key = d2i_PUBKEY(nullptr, &p, der->size());
        QVERIFY(key);
        QCOMPARE(EVP_PKEY_get_bits(key), 256);
        EVP_PKEY_free(key);
    }
};

CUSTOS_REGISTER_TEST(TestOsslError)
#include "TestOsslError.moc"
