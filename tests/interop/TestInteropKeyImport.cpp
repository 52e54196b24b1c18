#include "CliHarness.h"
#include "InteropTools.h"
#include "TestRegistry.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTest>

using namespace custos::test;

// Proof by independent tools: keys made by `openssl genpkey`, `openssl pkcs8 -topk8 -v2 aes-256-cbc`,
// `openssl pkcs12 -export` (modern and -legacy), Java's `keytool -genkeypair` (PKCS12 store) and the
// npm package jose (exportJWK) import through custosctl, and a signature Custos makes with the
// imported key verifies with `openssl dgst -verify` against the ORIGINAL public key.
class TestInteropKeyImport : public QObject
{
    Q_OBJECT
private:
    CliHarness m_h;
    QString m_dir;
    QString m_password;

    QString path(const QString& name) const { return m_dir + QLatin1Char('/') + name; }

    bool openssl(const QStringList& args)
    {
        const ToolResult r = runTool(QStringLiteral("openssl"), args, m_dir);
        if (r.exitCode != 0)
            qWarning("openssl %s: %s", qPrintable(args.join(' ')), qPrintable(r.text()));
        return r.exitCode == 0;
    }

    // A fresh private key in PEM (PKCS#8) and its public key, both by openssl.
    bool genpkey(const QString& stem, const QString& kty)
    {
        const QStringList algorithm = kty == QLatin1String("RSA")
                                          ? QStringList{"-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"}
                                          : QStringList{"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"};
        return openssl(QStringList{"genpkey"} + algorithm + QStringList{"-out", stem + ".key.pem"}) &&
               openssl({"pkey", "-in", stem + ".key.pem", "-pubout", "-out", stem + ".pub.pem"});
    }
    bool selfSigned(const QString& stem)
    {
        return openssl({"req", "-x509", "-key", stem + ".key.pem", "-subj", "/CN=" + stem, "-days", "30", "-out",
                        stem + ".cert.pem"});
    }

    // Makes the file custosctl imports (returned) and `stem`.pub.pem, the original public key.
    QString makeSource(const QString& tool, const QString& kty, const QString& stem)
    {
        if (tool == QLatin1String("genpkey"))
            return genpkey(stem, kty) ? path(stem + ".key.pem") : QString();
        if (tool == QLatin1String("pkcs8-v2")) {
            if (!genpkey(stem, kty) || !openssl({"pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", stem + ".key.pem",
                                                 "-out", stem + ".p8.pem", "-passout", "file:" + m_password}))
                return {};
            return path(stem + ".p8.pem");
        }
        if (tool == QLatin1String("pkcs12") || tool == QLatin1String("pkcs12-legacy")) {
            QStringList args{"pkcs12",           "-export", "-inkey",      stem + ".key.pem", "-in",
                             stem + ".cert.pem", "-out",    stem + ".p12", "-passout",        "file:" + m_password};
            if (tool == QLatin1String("pkcs12-legacy"))
                args << "-legacy";
            if (!genpkey(stem, kty) || !selfSigned(stem) || !openssl(args))
                return {};
            return path(stem + ".p12");
        }
        if (tool == QLatin1String("keytool")) {
            const QString keytool = QStandardPaths::findExecutable("keytool");
            if (keytool.isEmpty())
                return {};
            const QStringList algorithm = kty == QLatin1String("RSA")
                                              ? QStringList{"-keyalg", "RSA", "-keysize", "2048"}
                                              : QStringList{"-keyalg", "EC", "-groupname", "secp256r1"};
            const ToolResult r = runTool(keytool,
                                         QStringList{"-genkeypair", "-alias", stem, "-storetype", "PKCS12", "-keystore",
                                                     path(stem + ".p12"), "-storepass", "custos-test", "-keypass",
                                                     "custos-test", "-dname", "CN=" + stem, "-validity", "30"} +
                                             algorithm,
                                         m_dir);
            if (r.exitCode != 0) {
                qWarning("keytool: %s", qPrintable(r.text()));
                return {};
            }
            // The original public key: the one in keytool's own certificate.
            if (!openssl({"pkcs12", "-in", stem + ".p12", "-nokeys", "-passin", "pass:custos-test", "-out",
                          stem + ".cert.pem"}) ||
                !openssl({"x509", "-in", stem + ".cert.pem", "-pubkey", "-noout", "-out", stem + ".pub.pem"}))
                return {};
            return path(stem + ".p12");
        }
        if (tool == QLatin1String("jose")) {
            // jose generates the key and exports the private JWK and the public SPKI PEM.
            const QString alg = kty == QLatin1String("RSA") ? QStringLiteral("RS256") : QStringLiteral("ES256");
            const QString script =
                QStringLiteral(
                    "import * as jose from 'jose'; import fs from 'fs';"
                    "const { publicKey, privateKey } = await jose.generateKeyPair('%1', { extractable: true });"
                    "fs.writeFileSync('%2', JSON.stringify(await jose.exportJWK(privateKey)));"
                    "fs.writeFileSync('%3', await jose.exportSPKI(publicKey));")
                    .arg(alg, path(stem + ".jwk"), path(stem + ".pub.pem"));
            const ToolResult r = runTool(QStandardPaths::findExecutable("node"), {"--input-type=module", "-e", script},
                                         QStringLiteral(CUSTOS_INTEROP_DIR "/jose"));
            if (r.exitCode != 0) {
                qWarning("node: %s", qPrintable(r.text()));
                return {};
            }
            return path(stem + ".jwk");
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_h.init("admin"));
        m_dir = m_h.root() + "/interop-import";
        QVERIFY(QDir().mkpath(m_dir));
        m_password = m_h.secretFile("import-password", "custos-test");
        QCOMPARE(m_h.run("admin", {"vault", "create", "imp"}).exitCode, 0);
        QCOMPARE(m_h.run("admin", {"vault", "create", "imp-soft", "--protection", "software"}).exitCode, 0);
        writeBytes(path("message.txt"), "signed by a key Custos imported\n");
    }

    void importedKeySignsForTheOriginalPublicKey_data()
    {
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QString>("kty");
        QTest::addColumn<QString>("vault");
        QTest::addColumn<bool>("password");
        const QStringList tools{"genpkey", "pkcs8-v2", "pkcs12", "pkcs12-legacy", "keytool", "jose"};
        for (const QString& tool : tools) {
            const bool password = tool != QLatin1String("genpkey") && tool != QLatin1String("jose");
            QTest::addRow("%s EC hsm", qPrintable(tool)) << tool << "EC"
                                                         << "imp" << password;
            QTest::addRow("%s RSA software", qPrintable(tool)) << tool << "RSA"
                                                               << "imp-soft" << password;
        }
    }
    void importedKeySignsForTheOriginalPublicKey()
    {
        QFETCH(QString, tool);
        QFETCH(QString, kty);
        QFETCH(QString, vault);
        QFETCH(bool, password);
        if (tool == QLatin1String("keytool") && QStandardPaths::findExecutable("keytool").isEmpty())
            QSKIP("keytool is not installed (apt-get install default-jre-headless)");
        if (tool == QLatin1String("jose") &&
            (QStandardPaths::findExecutable("node").isEmpty() ||
             !QFileInfo::exists(QStringLiteral(CUSTOS_INTEROP_DIR "/jose/node_modules/jose/package.json"))))
            QSKIP("node or the npm package jose is not installed: npm ci --prefix tests/interop/jose");
        const QString stem = QString("%1-%2").arg(tool, kty.toLower());
        const QString source = makeSource(tool, kty, stem);
        QVERIFY2(!source.isEmpty(), "the tool could not make the key file");

        QStringList import{"key", "import", vault, stem, "--in", source};
        if (password)
            import << "--password-file" << m_password;
        const CliResult imported = m_h.run("admin", import);
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));

        const bool ec = kty == QLatin1String("EC");
        const QString signature = path(stem + ".sig");
        QStringList sign{"key",   "sign",   vault, stem, "--alg", ec ? "ES256" : "RS256", "--in", path("message.txt"),
                         "--out", signature};
        if (ec)
            sign << "--signature-format"
                 << "der"; // openssl verifies DER ECDSA signatures
        const CliResult signedBy = m_h.run("admin", sign);
        QVERIFY2(signedBy.exitCode == 0, qPrintable(signedBy.err));
        const ToolResult verified = runTool("openssl", {"dgst", "-sha256", "-verify", path(stem + ".pub.pem"),
                                                        "-signature", signature, path("message.txt")});
        QVERIFY2(verified.exitCode == 0 && verified.text().contains("Verified OK"), qPrintable(verified.text()));
    }
};

CUSTOS_REGISTER_TEST(TestInteropKeyImport)
#include "TestInteropKeyImport.moc"
