#include "TestRegistry.h"

#include "OutcomeText.h"
#include "X509TestFiles.h"

#include "crypto/x509/CertificateFiles.h"
#include "crypto/x509/Pkcs12.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/pkcs12.h>

using namespace custos;
using namespace custos::crypto;
using namespace custos::crypto::x509;
using namespace custos::test::x509files;

namespace {
const QString kModern = QStringLiteral("AES-256-CBC, PBKDF2-HMAC-SHA256");
const QString kLegacy = QStringLiteral("3DES + RC2-40 (legacy)");
const QString kWrongPassword = QStringLiteral("wrong password for the PKCS#12 file");

SecureBuffer password(const char* text)
{
    return SecureBuffer::fromString(text);
}

QByteArray secretBytes(const SecureBuffer& buffer) // test-only comparison
{
    return QByteArray(buffer.chars(), static_cast<qsizetype>(buffer.size()));
}

// A PKCS#12 with the same key twice in one plain safe (no tool writes one), MAC with `pass`.
QByteArray twoKeyFile(const SecureBuffer& pkcs8, const char* pass)
{
    const unsigned char* p = pkcs8.data();
    EVP_PKEY* key = d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(pkcs8.size()));
    STACK_OF(PKCS12_SAFEBAG)* bags = nullptr;
    STACK_OF(PKCS7)* safes = nullptr;
    QByteArray der;
    if (key && PKCS12_add_key(&bags, key, 0, 2048, NID_aes_256_cbc, pass) &&
        PKCS12_add_key(&bags, key, 0, 2048, NID_aes_256_cbc, pass) && PKCS12_add_safe(&safes, bags, -1, 0, nullptr)) {
        PKCS12* p12 = PKCS12_add_safes(safes, 0);
        unsigned char* out = nullptr;
        int length = 0;
        if (p12 && PKCS12_set_mac(p12, pass, -1, nullptr, 0, 2048, EVP_sha256()) &&
            (length = i2d_PKCS12(p12, &out)) > 0)
            der = QByteArray(reinterpret_cast<const char*>(out), length);
        OPENSSL_free(out);
        PKCS12_free(p12);
    }
    sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
    sk_PKCS7_pop_free(safes, PKCS7_free);
    EVP_PKEY_free(key);
    return der;
}
} // namespace

// readPkcs12 and writePkcs12 (issues 4 and 8) against files `openssl pkcs12 -export` made
// (tests/data/x509/make-fixtures.sh) and against themselves. Outside readers: TestPkcs12Interop.
class TestPkcs12 : public QObject
{
    Q_OBJECT

private:
    QByteArray m_leafDer;
    QByteArray m_rootDer;

    static void expectInvalid(const Outcome<Pkcs12Contents>& read, const QString& fragment)
    {
        QVERIFY(!read.ok());
        QCOMPARE(read.error().kind, ErrorKind::Invalid);
        QVERIFY2(read.error().message.contains(fragment), qPrintable(read.error().message));
    }

    Outcome<Pkcs12Contents> readFixture(const QString& name, const char* pass = kFixturePassword)
    {
        return readPkcs12(fixture(name), password(pass));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_leafDer = fixture(QStringLiteral("leaf.der"));
        QVERIFY2(!m_leafDer.isEmpty(), "tests/data/x509/leaf.der is missing: run make-fixtures.sh");
        auto bundle = readCertificateFile(fixture(QStringLiteral("bundle.p7b")));
        QVERIFY2(bundle.ok(), errorText(bundle));
        m_rootDer = bundle->certificatesDer.value(1);
    }

    void readsOpensslModern()
    {
        auto read = readFixture(QStringLiteral("modern.p12"));
        QVERIFY2(read.ok(), errorText(read));
        QCOMPARE(read->encryption, kModern);
        QVERIFY(!read->legacy);
        QCOMPARE(read->certificateDer, m_leafDer);
        QCOMPARE(read->chainDer, QList<QByteArray>{m_rootDer});
        QVERIFY(!read->privateKeyPkcs8Der.isEmpty());
        QCOMPARE(privateKeyPublicKey(read->privateKeyPkcs8Der), certificatePublicKey(m_leafDer));
    }

    void readsOpensslLegacy()
    {
        auto read = readFixture(QStringLiteral("legacy.p12"));
        QVERIFY2(read.ok(), errorText(read));
        QCOMPARE(read->encryption, kLegacy);
        QVERIFY(read->legacy);
        QCOMPARE(read->certificateDer, m_leafDer);
        QCOMPARE(read->chainDer, QList<QByteArray>{m_rootDer});
        QCOMPARE(privateKeyPublicKey(read->privateKeyPkcs8Der), certificatePublicKey(m_leafDer));
    }

    void certificatesOnlyGiveAnEmptyKey()
    {
        auto read = readFixture(QStringLiteral("certs-only.p12"));
        QVERIFY2(read.ok(), errorText(read));
        QVERIFY(read->privateKeyPkcs8Der.isEmpty());
        QCOMPARE(read->certificateDer, m_leafDer);
        QCOMPARE(read->chainDer, QList<QByteArray>{m_rootDer});
        QCOMPARE(read->encryption, kModern);
    }

    void wrongPassword()
    {
        for (const QString& name :
             {QStringLiteral("modern.p12"), QStringLiteral("legacy.p12"), QStringLiteral("certs-only.p12")}) {
            auto read = readFixture(name, "not-the-password");
            QVERIFY(!read.ok());
            QCOMPARE(read.error().kind, ErrorKind::Invalid);
            QCOMPARE(read.error().message, kWrongPassword);
            auto empty = readFixture(name, "");
            QVERIFY(!empty.ok());
            QCOMPARE(empty.error().message, kWrongPassword);
        }
    }

    // Without a MAC the password is checked by decrypting: a failure is still "wrong password".
    void withoutMac()
    {
        auto read = readFixture(QStringLiteral("nomac.p12"));
        QVERIFY2(read.ok(), errorText(read));
        QCOMPARE(read->encryption, kModern);
        QCOMPARE(read->certificateDer, m_leafDer);
        QCOMPARE(privateKeyPublicKey(read->privateKeyPkcs8Der), certificatePublicKey(m_leafDer));
        auto wrong = readFixture(QStringLiteral("nomac.p12"), "not-the-password");
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().message, kWrongPassword);
    }

    void damagedMacReadsAsWrongPassword()
    {
        QByteArray file = fixture(QStringLiteral("modern.p12"));
        file[file.size() - 40] = static_cast<char>(file[file.size() - 40] ^ 0x01); // inside the MAC value
        auto read = readPkcs12(file, password(kFixturePassword));
        QVERIFY(!read.ok());
        QCOMPARE(read.error().message, kWrongPassword);
    }

    void notPkcs12()
    {
        expectInvalid(readPkcs12(m_leafDer, password(kFixturePassword)), QStringLiteral("not a PKCS#12 file: "));
        expectInvalid(readPkcs12(fixture(QStringLiteral("private-key.pem")), password(kFixturePassword)),
                      QStringLiteral("not a PKCS#12 file: the file starts with '-----BEGIN PRIVATE KEY-----'"));
        expectInvalid(readPkcs12(QByteArray(), password(kFixturePassword)),
                      QStringLiteral("not a PKCS#12 file: the file is empty"));
        expectInvalid(readPkcs12(QByteArray("\x05\x04garbage", 9), password(kFixturePassword)),
                      QStringLiteral("not a PKCS#12 file: the file is binary data"));
        const QByteArray modern = fixture(QStringLiteral("modern.p12"));
        expectInvalid(readPkcs12(modern.left(modern.size() / 2), password(kFixturePassword)),
                      QStringLiteral("not a PKCS#12 file: the file is truncated DER: its outer SEQUENCE needs %1 bytes")
                          .arg(modern.size()));
        expectInvalid(readPkcs12(modern + "xx", password(kFixturePassword)),
                      QStringLiteral("not a PKCS#12 file: 2 unexpected bytes follow the PKCS#12 structure"));
    }

    void moreThanOneKeyIsRefused()
    {
        auto source = readFixture(QStringLiteral("modern.p12"));
        QVERIFY2(source.ok(), errorText(source));
        const QByteArray file = twoKeyFile(source->privateKeyPkcs8Der, "pw");
        QVERIFY(!file.isEmpty());
        expectInvalid(readPkcs12(file, password("pw")),
                      QStringLiteral("the PKCS#12 file holds more than one private key: expected one"));
    }

    // A hostile iteration count is refused before any key derivation runs.
    void excessiveIterationsAreRefused()
    {
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (openssl.isEmpty())
            QSKIP("openssl is not installed");
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("slow.p12"));
        const ToolRun run =
            runTool(openssl, {QStringLiteral("pkcs12"), QStringLiteral("-export"), QStringLiteral("-inkey"),
                              QStringLiteral(CUSTOS_TEST_DATA_DIR "/x509/private-key.pem"), QStringLiteral("-in"),
                              QStringLiteral(CUSTOS_TEST_DATA_DIR "/x509/leaf-pem-named.der"),
                              QStringLiteral("-certpbe"), QStringLiteral("NONE"), QStringLiteral("-iter"),
                              QStringLiteral("2000001"), QStringLiteral("-nomaciter"), QStringLiteral("-passout"),
                              QStringLiteral("pass:pw"), QStringLiteral("-out"), out});
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        expectInvalid(
            readPkcs12(readFile(out), password("pw")),
            QStringLiteral("PBKDF2-HMAC-SHA256 with an iteration count outside 1..2000000 in the PKCS#12 file"));
    }

    void roundTripModern()
    {
        auto source = readFixture(QStringLiteral("modern.p12"));
        QVERIFY2(source.ok(), errorText(source));
        auto written = writePkcs12(source->privateKeyPkcs8Der, m_leafDer, {m_rootDer}, password("s3cret pass"),
                                   Pkcs12Profile::Modern, QStringLiteral("web01"));
        QVERIFY2(written.ok(), errorText(written));
        auto read = readPkcs12(written.value(), password("s3cret pass"));
        QVERIFY2(read.ok(), errorText(read));
        QCOMPARE(read->encryption, kModern);
        QVERIFY(!read->legacy);
        QCOMPARE(secretBytes(read->privateKeyPkcs8Der), secretBytes(source->privateKeyPkcs8Der));
        QCOMPARE(read->certificateDer, m_leafDer);
        QCOMPARE(read->chainDer, QList<QByteArray>{m_rootDer});
        auto wrong = readPkcs12(written.value(), password("s3cret pasS"));
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().message, kWrongPassword);
    }

    void roundTripLegacy()
    {
        auto source = readFixture(QStringLiteral("modern.p12"));
        QVERIFY2(source.ok(), errorText(source));
        auto written = writePkcs12(source->privateKeyPkcs8Der, m_leafDer, {}, password("legacy"), Pkcs12Profile::Legacy,
                                   QStringLiteral("old-java"));
        QVERIFY2(written.ok(), errorText(written));
        auto read = readPkcs12(written.value(), password("legacy"));
        QVERIFY2(read.ok(), errorText(read));
        QCOMPARE(read->encryption, kLegacy);
        QVERIFY(read->legacy);
        QCOMPARE(secretBytes(read->privateKeyPkcs8Der), secretBytes(source->privateKeyPkcs8Der));
        QCOMPARE(read->certificateDer, m_leafDer);
        QVERIFY(read->chainDer.isEmpty());
    }

    void writeRefusesBadInput()
    {
        auto source = readFixture(QStringLiteral("modern.p12"));
        QVERIFY2(source.ok(), errorText(source));
        const SecureBuffer& key = source->privateKeyPkcs8Der;

        auto noPassword = writePkcs12(key, m_leafDer, {}, SecureBuffer(), Pkcs12Profile::Modern, {});
        QVERIFY(!noPassword.ok());
        QCOMPARE(noPassword.error().message, QStringLiteral("the PKCS#12 password must not be empty"));

        auto mismatch = writePkcs12(key, m_rootDer, {}, password("pw"), Pkcs12Profile::Modern, {});
        QVERIFY(!mismatch.ok());
        QCOMPARE(mismatch.error().kind, ErrorKind::Invalid);
        QCOMPARE(mismatch.error().message,
                 QStringLiteral("the private key does not match the certificate's public key"));

        auto badCertificate = writePkcs12(key, QByteArray("nope"), {}, password("pw"), Pkcs12Profile::Modern, {});
        QVERIFY(!badCertificate.ok());
        QVERIFY2(badCertificate.error().message.startsWith(QStringLiteral("the certificate is not valid DER X.509")),
                 qPrintable(badCertificate.error().message));

        auto badChain =
            writePkcs12(key, m_leafDer, {m_rootDer, QByteArray("x")}, password("pw"), Pkcs12Profile::Modern, {});
        QVERIFY(!badChain.ok());
        QVERIFY2(badChain.error().message.startsWith(QStringLiteral("chain certificate 2 is not valid DER X.509")),
                 qPrintable(badChain.error().message));

        auto notKey = writePkcs12(password("not a key"), m_leafDer, {}, password("pw"), Pkcs12Profile::Modern, {});
        QVERIFY(!notKey.ok());
        QVERIFY2(notKey.error().message.startsWith(QStringLiteral("the private key is not an unencrypted PKCS#8")),
                 qPrintable(notKey.error().message));
        QVERIFY(!notKey.error().message.contains(QStringLiteral("not a key")));

        auto noKey = writePkcs12(SecureBuffer(), m_leafDer, {}, password("pw"), Pkcs12Profile::Modern, {});
        QVERIFY(!noKey.ok());
    }
};

CUSTOS_REGISTER_TEST(TestPkcs12)
#include "TestPkcs12.moc"
