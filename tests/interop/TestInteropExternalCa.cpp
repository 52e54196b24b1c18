#include "CliHarness.h"
#include "InteropTools.h"
#include "TestRegistry.h"

#include <QTest>

using namespace custos::test;

// External CAs with openssl as the other side: a CSR from `cert csr` verifies with `openssl req
// -verify`, an openssl root signs it, `cert merge` takes it back and `openssl verify` accepts the
// exported leaf; an intermediate created with `--issuer external` is signed by the same root, merged,
// and issues a leaf openssl verifies through it; `ca sign-csr` signs an openssl CSR, and the CRL
// after revoking it lists it (`openssl crl -verify`). Refusals:
// another key's certificate, a CSR with a flipped signature byte (exit 1, audited as Failed).
class TestInteropExternalCa : public QObject
{
    Q_OBJECT
private:
    CliHarness m_h;
    QString m_openssl;
    QString m_dir;

    QString path(const QString& name) const { return m_dir + QLatin1Char('/') + name; }

    void run(const QStringList& args)
    {
        const CliResult r = m_h.run("admin", args);
        QVERIFY2(r.exitCode == 0, qPrintable(args.join(' ') + ": " + r.err));
    }

    void openssl(const QStringList& args)
    {
        const ToolResult r = runTool(m_openssl, args);
        QVERIFY2(r.exitCode == 0, qPrintable("openssl " + args.join(' ') + ": " + r.text()));
    }

    // The openssl root signs `csr` with the extensions of `extensions` (an -extfile).
    void externalSign(const QString& csr, const QString& out, const QByteArray& extensions)
    {
        writeBytes(path("ext.cnf"), extensions);
        openssl({"x509", "-req", "-in", csr, "-CA", path("extroot.pem"), "-CAkey", path("extroot.key"),
                 "-CAcreateserial", "-days", "200", "-extfile", path("ext.cnf"), "-out", out});
    }

    int failedEvents(const QString& operation)
    {
        const CliResult r =
            m_h.run("admin", {"audit", "list", "--format", "jsonl", "--operation", operation, "--result", "Failed"});
        return r.exitCode == 0 ? int(r.out.split('\n', Qt::SkipEmptyParts).size()) : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_openssl = QStandardPaths::findExecutable("openssl");
        if (m_openssl.isEmpty())
            QSKIP("openssl is needed");
        QVERIFY(m_h.init("admin"));
        m_dir = m_h.root();
        run({"vault", "create", "pki"});
        run({"vault", "create", "web", "--protection", "software"});
        openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                 path("extroot.key"), "-out", path("extroot.pem"), "-subj", "/CN=External Root/O=Elsewhere", "-days",
                 "365", "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
                 "keyUsage=critical,keyCertSign,cRLSign"});
    }

    void csrSignedByOpensslIsMergedAndVerifies()
    {
        run({"cert", "csr", "web", "ext01", "--subject", "CN=ext01.example.test", "--san", "dns:ext01.example.test",
             "--profile", "tls-server", "--out", path("ext01.csr")});
        const ToolResult verified = runTool(m_openssl, {"req", "-verify", "-noout", "-in", path("ext01.csr")});
        QVERIFY2(verified.exitCode == 0 && verified.text().contains("verify OK"), qPrintable(verified.text()));
        const CliResult pending = m_h.run("admin", {"cert", "show", "web", "ext01", "--json"});
        QCOMPARE(pending.exitCode, 0);
        QCOMPARE(pending.json().value("pending").toBool(), true);

        externalSign(path("ext01.csr"), path("ext01.pem"),
                     "subjectAltName=DNS:ext01.example.test\nkeyUsage=critical,digitalSignature\n"
                     "extendedKeyUsage=serverAuth\n");
        // The signed certificate with its issuer, as CAs hand them out.
        writeBytes(path("ext01-chain.pem"), readBytes(path("ext01.pem")) + readBytes(path("extroot.pem")));
        run({"cert", "merge", "web", "ext01", "--in", path("ext01-chain.pem")});
        run({"cert", "export", "web", "ext01", "--format", "pem", "--out", path("ext01-exported.pem")});
        const ToolResult ok =
            runTool(m_openssl, {"verify", "-CAfile", path("extroot.pem"), path("ext01-exported.pem")});
        QVERIFY2(ok.exitCode == 0 && ok.out.contains("OK"), qPrintable(ok.text()));
        QCOMPARE(readBytes(path("ext01-exported.pem")), readBytes(path("ext01.pem")));
        // The root that came with it is exported with --chain.
        run({"cert", "export", "web", "ext01", "--format", "pem", "--chain", "--out", path("ext01-full.pem")});
        QCOMPARE(readBytes(path("ext01-full.pem")), readBytes(path("ext01-chain.pem")));
    }

    void externalIntermediateIssuesAVerifiableLeaf()
    {
        run({"ca", "create", "pki", "extca", "--subject", "CN=Custos Issuing CA, O=Custos", "--issuer", "external",
             "--csr-out", path("extca.csr"), "--path-length", "0", "--crl-url", "http://pki.example.test/extca.crl"});
        const ToolResult verified = runTool(m_openssl, {"req", "-verify", "-noout", "-text", "-in", path("extca.csr")});
        QVERIFY2(verified.exitCode == 0 && verified.out.contains("CA:TRUE"), qPrintable(verified.text()));
        externalSign(path("extca.csr"), path("extca.pem"),
                     "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n"
                     "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
        // `cert merge` on a CA is named as the mix-up it is.
        const CliResult wrongCommand = m_h.run("admin", {"cert", "merge", "pki", "extca", "--in", path("extca.pem")});
        QCOMPARE(wrongCommand.exitCode, 1);
        // Merged with its issuer along: the external root is kept for chain exports.
        writeBytes(path("extca-bundle.pem"), readBytes(path("extca.pem")) + readBytes(path("extroot.pem")));
        run({"ca", "merge", "pki", "extca", "--in", path("extca-bundle.pem")});
        run({"cert", "issue", "web", "leaf1", "--ca", "pki/extca", "--profile", "tls-server", "--subject",
             "CN=leaf1.example.test", "--san", "dns:leaf1.example.test", "--months", "3"});
        run({"ca", "export", "pki", "extca", "--out", path("intermediate.pem")});
        run({"cert", "export", "web", "leaf1", "--format", "pem", "--out", path("leaf1.pem")});
        const ToolResult ok = runTool(m_openssl, {"verify", "-CAfile", path("extroot.pem"), "-untrusted",
                                                  path("intermediate.pem"), path("leaf1.pem")});
        QVERIFY2(ok.exitCode == 0 && ok.out.contains("OK"), qPrintable(ok.text()));
        // Without the intermediate it does not link: the check can fail.
        const ToolResult missing = runTool(m_openssl, {"verify", "-CAfile", path("extroot.pem"), path("leaf1.pem")});
        QVERIFY(missing.exitCode != 0);
        // The leaf's chain runs through the Custos intermediate to the external root.
        run({"cert", "export", "web", "leaf1", "--format", "pem", "--chain", "--out", path("leaf1-chain.pem")});
        QCOMPARE(readBytes(path("leaf1-chain.pem")).count("BEGIN CERTIFICATE"), 3);
        const QString certtool = QStandardPaths::findExecutable("certtool");
        if (!certtool.isEmpty()) {
            const ToolResult chain = runTool(certtool, {"--verify-chain", "--infile", path("leaf1-chain.pem")});
            QVERIFY2(chain.exitCode == 0, qPrintable(chain.text()));
        }
    }

    void mergeOfAnotherKeysCertificateIsRefused()
    {
        run({"cert", "csr", "web", "ext02", "--subject", "CN=ext02.example.test", "--san", "dns:ext02.example.test",
             "--out", path("ext02.csr")});
        openssl({"req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                 path("other.key"), "-out", path("other.csr"), "-subj", "/CN=ext02.example.test"});
        externalSign(path("other.csr"), path("other.pem"), "subjectAltName=DNS:ext02.example.test\n");
        const int failedBefore = failedEvents("CertificateMerge");
        const CliResult refused = m_h.run("admin", {"cert", "merge", "web", "ext02", "--in", path("other.pem")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("does not match the pending CSR's key"), qPrintable(refused.err));
        QCOMPARE(refused.err.trimmed().count('\n'), 0); // one line
        QCOMPARE(failedEvents("CertificateMerge"), failedBefore + 1);
        const CliResult still = m_h.run("admin", {"cert", "show", "web", "ext02", "--json"});
        QCOMPARE(still.json().value("pending").toBool(), true);
        // A usage error touches nothing: exit 2.
        QCOMPARE(m_h.run("admin", {"cert", "merge", "web", "ext02"}).exitCode, 2);
        QCOMPARE(m_h.run("admin", {"cert", "csr", "web", "ext03", "--subject", "CN=x"}).exitCode, 2); // no --out
        QCOMPARE(m_h.run("admin", {"ca", "create", "pki", "x", "--subject", "CN=x", "--issuer", "external"}).exitCode,
                 2);
    }

    void signCsrSignsAnOpensslCsrAndRefusesATamperedOne()
    {
        run({"ca", "create", "pki", "root", "--subject", "CN=Custos Root CA"});
        run({"ca", "export", "pki", "root", "--out", path("custosroot.pem")});
        openssl({"req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                 path("outside.key"), "-out", path("outside.csr"), "-subj", "/CN=outside.example.test", "-addext",
                 "subjectAltName=DNS:outside.example.test"});
        run({"ca", "sign-csr", "pki", "root", "--in", path("outside.csr"), "--profile", "tls-server", "--months", "6",
             "--out", path("outside.pem")});
        const ToolResult ok = runTool(m_openssl, {"verify", "-CAfile", path("custosroot.pem"), path("outside.pem")});
        QVERIFY2(ok.exitCode == 0 && ok.out.contains("OK"), qPrintable(ok.text()));
        const ToolResult text = runTool(m_openssl, {"x509", "-in", path("outside.pem"), "-noout", "-text"});
        QVERIFY2(text.out.contains("DNS:outside.example.test") && text.out.contains("TLS Web Server Authentication"),
                 qPrintable(text.text()));

        openssl({"req", "-in", path("outside.csr"), "-outform", "DER", "-out", path("outside.der")});
        QByteArray der = readBytes(path("outside.der"));
        QVERIFY(!der.isEmpty());
        der[der.size() - 1] = char(der.at(der.size() - 1) ^ 0x01); // the signature's last byte
        writeBytes(path("tampered.der"), der);
        const CliResult refused = m_h.run("admin", {"ca", "sign-csr", "pki", "root", "--in", path("tampered.der"),
                                                    "--profile", "tls-server", "--out", path("tampered.pem")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("signature does not verify"), qPrintable(refused.err));
        QVERIFY(!QFile::exists(path("tampered.pem")));
        QCOMPARE(failedEvents("CertificateAuthoritySign"), 1);
        QCOMPARE(m_h.run("admin", {"ca", "sign-csr", "pki", "root", "--profile", "tls-server"}).exitCode, 2);
    }

    // What `ca sign-csr` signed is revoked like a Custos certificate: openssl verifies the CRL and
    // finds the serial openssl itself reads from the certificate, with the reason.
    void signedCsrIsRevokedInACrlOpensslVerifies()
    {
        if (m_h.run("admin", {"ca", "show", "pki", "root"}).exitCode != 0)
            run({"ca", "create", "pki", "root", "--subject", "CN=Custos Root CA"});
        run({"ca", "export", "pki", "root", "--out", path("custosroot-crl.pem")});
        openssl({"req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                 path("device.key"), "-out", path("device.csr"), "-subj", "/CN=device.example.test"});
        run({"ca", "sign-csr", "pki", "root", "--in", path("device.csr"), "--profile", "tls-client", "--months", "3",
             "--out", path("device.pem")});
        const ToolResult serialLine = runTool(m_openssl, {"x509", "-in", path("device.pem"), "-noout", "-serial"});
        QVERIFY2(serialLine.exitCode == 0 && serialLine.out.startsWith("serial="), qPrintable(serialLine.text()));
        const QString serial = QString::fromLatin1(serialLine.out.mid(7)).trimmed();
        QVERIFY(!serial.isEmpty());

        run({"ca", "revoke", "pki", "root", "--serial", serial, "--revocation-reason", "keyCompromise"});
        run({"ca", "crl", "pki", "root", "--out", path("root.crl")});
        const ToolResult crl = runTool(m_openssl, {"crl", "-in", path("root.crl"), "-verify", "-CAfile",
                                                   path("custosroot-crl.pem"), "-noout", "-text"});
        QVERIFY2(crl.exitCode == 0 && crl.err.contains("verify OK"), qPrintable(crl.text()));
        QVERIFY2(crl.out.contains("Serial Number: " + serial.toLatin1()), qPrintable(crl.text()));
        QVERIFY2(crl.out.contains("Key Compromise"), qPrintable(crl.text()));
    }
};

CUSTOS_REGISTER_TEST(TestInteropExternalCa)
#include "TestInteropExternalCa.moc"
