#include "CliHarness.h"
#include "InteropTools.h"
#include "TestRegistry.h"

#include <QJsonObject>
#include <QTest>

using namespace custos::test;

// Proof by an independent implementation: signatures and RSA-OAEP-256 made by custosctl check out
// with the openssl command line, and the other way round, for HSM and software keys.
class TestInteropOpenssl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_openssl = QStandardPaths::findExecutable("openssl");
        if (m_openssl.isEmpty())
            QSKIP("openssl is not installed (Debian: apt-get install openssl)");
        QVERIFY(m_h.init("admin"));
        QCOMPARE(m_h.run("admin", {"vault", "create", "io-hsm"}).exitCode, 0);
        QCOMPARE(m_h.run("admin", {"vault", "create", "io-soft", "--protection", "software"}).exitCode, 0);
        for (const QString& vault : {QString("io-hsm"), QString("io-soft")}) {
            const QList<QStringList> keys{{"rsa", "--kty", "RSA"},
                                          {"p256", "--kty", "EC", "--curve", "P-256"},
                                          {"p384", "--kty", "EC", "--curve", "P-384"},
                                          {"p521", "--kty", "EC", "--curve", "P-521"}};
            for (const QStringList& k : keys) {
                const CliResult r = m_h.run("admin", QStringList{"key", "create", vault} + k);
                QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            }
        }
        const CliResult exportable =
            m_h.run("admin", {"key", "create", "io-soft", "rsa-x", "--kty", "RSA", "--exportable"});
        QVERIFY2(exportable.exitCode == 0, qPrintable(exportable.err));
        m_data = writeBytes(m_h.root() + "/data.bin", QByteArray("interop payload \x00\x01\x02 with binary", 33));
    }

    void signatureVerifiesWithOpenssl_data()
    {
        QTest::addColumn<QString>("vault");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("alg");
        const QList<std::pair<QString, QString>> algorithms{{"RS256", "rsa"},  {"RS384", "rsa"},  {"RS512", "rsa"},
                                                            {"PS256", "rsa"},  {"PS384", "rsa"},  {"PS512", "rsa"},
                                                            {"ES256", "p256"}, {"ES384", "p384"}, {"ES512", "p521"}};
        for (const QString& vault : {QString("io-hsm"), QString("io-soft")}) {
            for (const auto& [alg, key] : algorithms)
                QTest::newRow(qPrintable(alg + " " + vault)) << vault << key << alg;
        }
    }
    void signatureVerifiesWithOpenssl()
    {
        QFETCH(QString, vault);
        QFETCH(QString, key);
        QFETCH(QString, alg);
        const QString base = m_h.root() + "/" + vault + "-" + alg;
        const QString sig = base + ".sig";
        const QString pub = base + ".pem";
        QStringList sign{"key", "sign", vault, key, "--alg", alg, "--in", m_data, "--out", sig};
        if (alg.startsWith("ES"))
            sign << "--signature-format"
                 << "der"; // openssl dgst reads ECDSA signatures as DER
        const CliResult signedResult = m_h.run("admin", sign);
        QVERIFY2(signedResult.exitCode == 0, qPrintable(signedResult.err));
        const CliResult exported = m_h.run("admin", {"key", "export", vault, key, "--format", "pem", "--out", pub});
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));

        QStringList verify{"dgst", "-sha" + alg.mid(2), "-verify", pub, "-signature", sig};
        if (alg.startsWith("PS"))
            verify << "-sigopt"
                   << "rsa_padding_mode:pss"
                   << "-sigopt"
                   << "rsa_pss_saltlen:digest";
        const ToolResult ok = runTool(m_openssl, verify + QStringList{m_data});
        QVERIFY2(ok.exitCode == 0 && ok.out.contains("Verified OK"), qPrintable(ok.text()));
        // The check can fail: other data does not verify.
        const QString other = writeBytes(base + ".other", "other data");
        const ToolResult bad = runTool(m_openssl, verify + QStringList{other});
        QVERIFY2(bad.exitCode != 0, qPrintable(bad.text()));
    }

    void oaepFromOpensslDecryptsWithCustos_data()
    {
        QTest::addColumn<QString>("vault");
        QTest::newRow("hsm") << "io-hsm";
        QTest::newRow("software") << "io-soft";
    }
    void oaepFromOpensslDecryptsWithCustos()
    {
        QFETCH(QString, vault);
        const QString base = m_h.root() + "/oaep-" + vault;
        const QString pub = base + ".pem";
        QCOMPARE(m_h.run("admin", {"key", "export", vault, "rsa", "--format", "pem", "--out", pub}).exitCode, 0);
        const QString plain = writeBytes(base + ".plain", "a 32-byte content encryption key");
        const ToolResult encrypted = runTool(
            m_openssl, {"pkeyutl", "-encrypt", "-pubin", "-inkey", pub, "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt",
                        "rsa_oaep_md:sha256", "-pkeyopt", "rsa_mgf1_md:sha256", "-in", plain, "-out", base + ".ct"});
        QVERIFY2(encrypted.exitCode == 0, qPrintable(encrypted.text()));
        const CliResult decrypted = m_h.run("admin", {"key", "decrypt", vault, "rsa", "--alg", "RSA-OAEP-256", "--in",
                                                      base + ".ct", "--out", base + ".back"});
        QVERIFY2(decrypted.exitCode == 0, qPrintable(decrypted.err));
        QCOMPARE(readBytes(base + ".back"), readBytes(plain));
    }

    void oaepFromCustosDecryptsWithOpenssl()
    {
        const QString base = m_h.root() + "/oaep-x";
        const QString plain = writeBytes(base + ".plain", "plaintext for openssl to recover");
        const CliResult encrypted = m_h.run("admin", {"key", "encrypt", "io-soft", "rsa-x", "--alg", "RSA-OAEP-256",
                                                      "--in", plain, "--out", base + ".ct"});
        QVERIFY2(encrypted.exitCode == 0, qPrintable(encrypted.err));
        const QString password = m_h.secretFile("p8", "pkcs8 password");
        const CliResult exported = m_h.run("admin", {"key", "export", "io-soft", "rsa-x", "--private", "--format",
                                                     "pkcs8", "--password-file", password, "--out", base + ".p8"});
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        // The PKCS#8 file opens with openssl and the password.
        const ToolResult parsed =
            runTool(m_openssl, {"pkey", "-in", base + ".p8", "-passin", "file:" + password, "-noout"});
        QVERIFY2(parsed.exitCode == 0, qPrintable(parsed.text()));
        const ToolResult decrypted =
            runTool(m_openssl, {"pkeyutl", "-decrypt", "-inkey", base + ".p8", "-passin", "file:" + password,
                                "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha256", "-pkeyopt",
                                "rsa_mgf1_md:sha256", "-in", base + ".ct", "-out", base + ".back"});
        QVERIFY2(decrypted.exitCode == 0, qPrintable(decrypted.text()));
        QCOMPARE(readBytes(base + ".back"), readBytes(plain));
        const ToolResult wrongPassword =
            runTool(m_openssl, {"pkey", "-in", base + ".p8", "-passin", "pass:wrong", "-noout"});
        QVERIFY(wrongPassword.exitCode != 0);
    }

private:
    CliHarness m_h;
    QString m_openssl;
    QString m_data;
};

CUSTOS_REGISTER_TEST(TestInteropOpenssl)
#include "TestInteropOpenssl.moc"
