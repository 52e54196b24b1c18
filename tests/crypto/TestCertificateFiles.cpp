#include "TestRegistry.h"

#include "OutcomeText.h"
#include "X509TestFiles.h"

#include "crypto/x509/CertificateFiles.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::crypto::x509;
using namespace custos::test::x509files;

// readCertificateFile (issues 4 and 8): detection by content, every format admins bring, and
// errors that say what was found and what was expected. Fixtures: tests/data/x509/make-fixtures.sh.
class TestCertificateFiles : public QObject
{
    Q_OBJECT

private:
    QByteArray m_leafDer;
    QByteArray m_rootDer;

    static void expectInvalid(const Outcome<CertificateFile>& read, const QString& fragment)
    {
        QVERIFY(!read.ok());
        QCOMPARE(read.error().kind, ErrorKind::Invalid);
        QVERIFY2(read.error().message.contains(fragment), qPrintable(read.error().message));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_leafDer = fixture(QStringLiteral("leaf.der"));
        QVERIFY2(!m_leafDer.isEmpty(), "tests/data/x509/leaf.der is missing: run make-fixtures.sh");
        QCOMPARE(commonName(m_leafDer), QStringLiteral("leaf.example.test"));
        auto pem = readCertificateFile(fixture(QStringLiteral("two-certs-with-text.pem")));
        QVERIFY2(pem.ok(), errorText(pem));
        QCOMPARE(pem->certificatesDer.size(), 2);
        m_rootDer = pem->certificatesDer[1];
    }

    void pemWithTwoCertificatesAndTextAround()
    {
        auto read = readCertificateFile(fixture(QStringLiteral("two-certs-with-text.pem")));
        QVERIFY2(read.ok(), errorText(read));
        QCOMPARE(read->format, CertificateFileFormat::Pem);
        QCOMPARE(read->certificatesDer.size(), 2);
        QCOMPARE(read->certificatesDer[0], m_leafDer); // file order, exact DER
        QCOMPARE(commonName(read->certificatesDer[1]), QStringLiteral("Custos Fixture Root"));
    }

    void derCertificate()
    {
        auto read = readCertificateFile(m_leafDer);
        QVERIFY2(read.ok(), errorText(read));
        QCOMPARE(read->format, CertificateFileFormat::Der);
        QCOMPARE(read->certificatesDer, QList<QByteArray>{m_leafDer});
    }

    void pemNamedDerIsDetectedByContent()
    {
        auto read = readCertificateFile(fixture(QStringLiteral("leaf-pem-named.der")));
        QVERIFY2(read.ok(), errorText(read));
        QCOMPARE(read->format, CertificateFileFormat::Pem);
        QCOMPARE(read->certificatesDer, QList<QByteArray>{m_leafDer});
    }

    void windowsLineEndings()
    {
        QByteArray pem = fixture(QStringLiteral("two-certs-with-text.pem"));
        pem.replace("\n", "\r\n");
        auto read = readCertificateFile(pem);
        QVERIFY2(read.ok(), errorText(read));
        QCOMPARE(read->certificatesDer, (QList<QByteArray>{m_leafDer, m_rootDer}));
    }

    void trustedCertificatePem()
    {
        auto read = readCertificateFile(fixture(QStringLiteral("root-trusted.pem")));
        QVERIFY2(read.ok(), errorText(read));
        QCOMPARE(read->format, CertificateFileFormat::Pem);
        QCOMPARE(read->certificatesDer, QList<QByteArray>{m_rootDer}); // the trust settings are dropped
    }

    void pkcs7Der()
    {
        auto read = readCertificateFile(fixture(QStringLiteral("bundle.p7b")));
        QVERIFY2(read.ok(), errorText(read));
        QCOMPARE(read->format, CertificateFileFormat::Pkcs7Der);
        QCOMPARE(read->certificatesDer, (QList<QByteArray>{m_leafDer, m_rootDer}));
    }

    void pkcs7Pem()
    {
        auto read = readCertificateFile(fixture(QStringLiteral("bundle-p7.pem")));
        QVERIFY2(read.ok(), errorText(read));
        QCOMPARE(read->format, CertificateFileFormat::Pkcs7Pem);
        QCOMPARE(read->certificatesDer, (QList<QByteArray>{m_leafDer, m_rootDer}));
    }

    void cmsPemLabel()
    {
        QByteArray pem = fixture(QStringLiteral("bundle-p7.pem"));
        pem.replace("-----BEGIN PKCS7-----", "-----BEGIN CMS-----");
        pem.replace("-----END PKCS7-----", "-----END CMS-----");
        auto read = readCertificateFile(pem);
        QVERIFY2(read.ok(), errorText(read));
        QCOMPARE(read->format, CertificateFileFormat::Pkcs7Pem);
        QCOMPARE(read->certificatesDer.size(), 2);
    }

    void privateKeyPemIsNoCertificate()
    {
        const QByteArray keyPem = fixture(QStringLiteral("private-key.pem"));
        auto read = readCertificateFile(keyPem);
        expectInvalid(read, QStringLiteral("no certificate found: expected PEM, DER or PKCS#7 certificates (the file "
                                           "starts with '-----BEGIN PRIVATE KEY-----')"));
        const QByteArray keyLine = keyPem.split('\n').value(1).left(20);
        QVERIFY(!keyLine.isEmpty());
        QVERIFY2(!read.error().message.contains(QString::fromLatin1(keyLine)), "the key must not reach the message");
    }

    // A PEM with a certificate and its key: the certificate is read, the key block skipped.
    void keyBlocksBesideCertificatesAreSkipped()
    {
        const QByteArray combined =
            fixture(QStringLiteral("private-key.pem")) + "\n" + fixture(QStringLiteral("leaf-pem-named.der"));
        auto read = readCertificateFile(combined);
        QVERIFY2(read.ok(), errorText(read));
        QCOMPARE(read->format, CertificateFileFormat::Pem);
        QCOMPARE(read->certificatesDer, QList<QByteArray>{m_leafDer});
    }

    void truncatedDer()
    {
        const QByteArray truncated = fixture(QStringLiteral("truncated.der"));
        QCOMPARE(truncated.size(), 100);
        expectInvalid(
            readCertificateFile(truncated),
            QStringLiteral("truncated DER: the outer SEQUENCE needs %1 bytes, the file has 100").arg(m_leafDer.size()));
    }

    void emptyFile()
    {
        expectInvalid(readCertificateFile(QByteArray()),
                      QStringLiteral("the file is empty: expected PEM, DER or PKCS#7 certificates"));
    }

    void garbage()
    {
        expectInvalid(readCertificateFile(QByteArray("\x01\x02\x03\xff\xfe garbage", 14)),
                      QStringLiteral("no certificate found: expected PEM, DER or PKCS#7 certificates (the file is "
                                     "binary data that does not start with a DER SEQUENCE)"));
        expectInvalid(readCertificateFile(QByteArray("just some text\nand more\n")),
                      QStringLiteral("(the file is text without a PEM BEGIN line)"));
        // A well-formed SEQUENCE that is neither a certificate nor PKCS#7.
        expectInvalid(readCertificateFile(QByteArray::fromHex("3006020101020102")),
                      QStringLiteral("the file is DER but neither an X.509 certificate nor PKCS#7"));
    }

    void derWithTrailingBytes()
    {
        expectInvalid(readCertificateFile(m_leafDer + QByteArray("\x00\x00\x00", 3)),
                      QStringLiteral("the DER certificate is followed by 3 unexpected bytes"));
    }

    void damagedPemBlocksAreNamed()
    {
        const QByteArray pem = fixture(QStringLiteral("two-certs-with-text.pem"));
        // Second block: valid base64 that is not a certificate.
        const qsizetype second = pem.indexOf("-----BEGIN CERTIFICATE-----", pem.indexOf("-----END CERTIFICATE-----"));
        QVERIFY(second > 0);
        const QByteArray notCertificate =
            pem.left(second) + "-----BEGIN CERTIFICATE-----\nMAYCAQECAQI=\n-----END CERTIFICATE-----\n";
        expectInvalid(readCertificateFile(notCertificate),
                      QStringLiteral("PEM block 2 (CERTIFICATE) is not a valid certificate: "));
        // First block: broken base64.
        const QByteArray badBase64("-----BEGIN CERTIFICATE-----\nMII*&^%$\n-----END CERTIFICATE-----\n");
        expectInvalid(readCertificateFile(badBase64), QStringLiteral("PEM block 1 is not valid PEM: "));
    }

    void pkcs7WithoutCertificates()
    {
        QTemporaryDir dir;
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (openssl.isEmpty())
            QSKIP("openssl is not installed");
        const QString out = dir.filePath(QStringLiteral("empty.p7b"));
        const ToolRun run =
            runTool(openssl, {QStringLiteral("crl2pkcs7"), QStringLiteral("-nocrl"), QStringLiteral("-outform"),
                              QStringLiteral("DER"), QStringLiteral("-out"), out});
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        expectInvalid(readCertificateFile(readFile(out)),
                      QStringLiteral("the PKCS#7 file holds no certificates: expected a PKCS#7 certificate bundle"));
    }

    void writtenBundleReadsBack()
    {
        auto bundle = writePkcs7Bundle({m_leafDer, m_rootDer});
        QVERIFY2(bundle.ok(), errorText(bundle));
        auto read = readCertificateFile(bundle.value());
        QVERIFY2(read.ok(), errorText(read));
        QCOMPARE(read->format, CertificateFileFormat::Pkcs7Der);
        QCOMPARE(read->certificatesDer, (QList<QByteArray>{m_leafDer, m_rootDer}));
    }

    // An independent reader: `openssl pkcs7 -print_certs` lists both certificates in order.
    void writtenBundleReadByOpenssl()
    {
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (openssl.isEmpty())
            QSKIP("openssl is not installed");
        auto bundle = writePkcs7Bundle({m_leafDer, m_rootDer});
        QVERIFY2(bundle.ok(), errorText(bundle));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bundle.p7b"));
        QVERIFY(writeFile(path, bundle.value()));
        const ToolRun run =
            runTool(openssl, {QStringLiteral("pkcs7"), QStringLiteral("-inform"), QStringLiteral("DER"),
                              QStringLiteral("-in"), path, QStringLiteral("-print_certs"), QStringLiteral("-noout")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        const qsizetype leaf = run.output.indexOf(QStringLiteral("subject=CN = leaf.example.test"));
        const qsizetype root = run.output.indexOf(QStringLiteral("subject=CN = Custos Fixture Root"));
        QVERIFY2(leaf >= 0 && root > leaf, qPrintable(run.output));
    }

    void writeBundleRefusesBadInput()
    {
        auto empty = writePkcs7Bundle({});
        QVERIFY(!empty.ok());
        QCOMPARE(empty.error().message, QStringLiteral("a PKCS#7 bundle needs at least one certificate"));
        auto bad = writePkcs7Bundle({m_leafDer, QByteArray("not DER")});
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().kind, ErrorKind::Invalid);
        QVERIFY2(bad.error().message.startsWith(QStringLiteral("certificate 2 of the bundle is not valid DER X.509")),
                 qPrintable(bad.error().message));
    }

    void formatNames()
    {
        QCOMPARE(certificateFileFormatName(CertificateFileFormat::Pem), QStringLiteral("PEM"));
        QCOMPARE(certificateFileFormatName(CertificateFileFormat::Der), QStringLiteral("DER"));
        QCOMPARE(certificateFileFormatName(CertificateFileFormat::Pkcs7Der), QStringLiteral("PKCS#7 (DER)"));
        QCOMPARE(certificateFileFormatName(CertificateFileFormat::Pkcs7Pem), QStringLiteral("PKCS#7 (PEM)"));
    }
};

CUSTOS_REGISTER_TEST(TestCertificateFiles)
#include "TestCertificateFiles.moc"
