#include "CliHarness.h"
#include "InteropTools.h"
#include "TestRegistry.h"

#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

using namespace custos::test;

// Proof by independent implementations: chains issued by custosctl verify with `openssl verify`
// and GnuTLS `certtool --verify-chain`, `certtool -i` reads the extensions, the CRL verifies with
// `openssl crl`, and a real TLS handshake (openssl s_server, gnutls-cli) accepts the certificate
// for its host name and refuses another.
class TestInteropCertificates : public QObject
{
    Q_OBJECT
private:
    CliHarness m_h;
    QString m_openssl;
    QString m_certtool;
    QString m_dir;

    QString path(const QString& name) const { return m_dir + QLatin1Char('/') + name; }

    void run(const QStringList& args)
    {
        const CliResult r = m_h.run("admin", args);
        QVERIFY2(r.exitCode == 0, qPrintable(args.join(' ') + ": " + r.err));
    }

    static int freePort()
    {
        QTcpServer server;
        if (!server.listen(QHostAddress::LocalHost, 0))
            return 0;
        return server.serverPort();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_openssl = QStandardPaths::findExecutable("openssl");
        m_certtool = QStandardPaths::findExecutable("certtool");
        if (m_openssl.isEmpty() || m_certtool.isEmpty())
            QSKIP("openssl and certtool (gnutls-bin) are needed");
        QVERIFY(m_h.init("admin"));
        m_dir = m_h.root();
        run({"vault", "create", "pki"});
        run({"vault", "create", "web", "--protection", "software"});
        run({"ca", "create", "pki", "root", "--subject", "CN=Interop Root CA, O=Custos", "--months", "120"});
        run({"ca",
             "create",
             "pki",
             "issuing",
             "--subject",
             "CN=Interop Issuing CA, O=Custos",
             "--issuer",
             "pki/root",
             "--kty",
             "RSA",
             "--size",
             "3072",
             "--months",
             "60",
             "--path-length",
             "0",
             "--crl-url",
             "http://pki.example.test/issuing.crl",
             "--aia-url",
             "http://pki.example.test/issuing.cer"});
        run({"cert", "issue", "web", "web01", "--ca", "pki/issuing", "--profile", "tls-server", "--subject",
             "CN=web01.example.test", "--san", "dns:web01.example.test", "--san", "ip:127.0.0.1", "--months", "12",
             "--exportable"});
        run({"ca", "export", "pki", "root", "--out", path("root.pem")});
        run({"ca", "export", "pki", "issuing", "--out", path("issuing.pem")});
        run({"cert", "export", "web", "web01", "--format", "pem", "--out", path("leaf.pem")});
        run({"cert", "export", "web", "web01", "--format", "pem", "--chain", "--out", path("chain.pem")});
    }

    void opensslVerifiesTheChain()
    {
        const ToolResult ok = runTool(
            m_openssl, {"verify", "-CAfile", path("root.pem"), "-untrusted", path("issuing.pem"), path("leaf.pem")});
        QVERIFY2(ok.exitCode == 0 && ok.out.contains("OK"), qPrintable(ok.text()));
        // The check can fail: without the intermediate the leaf does not link to the root.
        const ToolResult missing = runTool(m_openssl, {"verify", "-CAfile", path("root.pem"), path("leaf.pem")});
        QVERIFY(missing.exitCode != 0);
        // A leaf from another root does not verify.
        run({"vault", "create", "other"});
        run({"ca", "create", "other", "root2", "--subject", "CN=Other Root"});
        run({"cert", "issue", "other", "x", "--ca", "other/root2", "--profile", "tls-server", "--subject", "CN=x",
             "--san", "dns:x.example.test"});
        run({"cert", "export", "other", "x", "--format", "pem", "--out", path("other.pem")});
        const ToolResult foreign = runTool(
            m_openssl, {"verify", "-CAfile", path("root.pem"), "-untrusted", path("issuing.pem"), path("other.pem")});
        QVERIFY(foreign.exitCode != 0);
    }

    void certtoolVerifiesTheChainAndReadsTheExtensions()
    {
        const ToolResult chain = runTool(m_certtool, {"--verify-chain", "--infile", path("chain.pem")});
        QVERIFY2(chain.exitCode == 0 && chain.text().contains("Chain verification output: Verified"),
                 qPrintable(chain.text()));
        const ToolResult info = runTool(m_certtool, {"-i", "--infile", path("leaf.pem")});
        QVERIFY2(info.exitCode == 0, qPrintable(info.text()));
        const QString text = info.text();
        QVERIFY2(text.contains("DNSname: web01.example.test"), qPrintable(text));
        QVERIFY2(text.contains("IPAddress: 127.0.0.1"), qPrintable(text));
        QVERIFY2(text.contains("TLS WWW Server"), qPrintable(text));
        QVERIFY2(text.contains("http://pki.example.test/issuing.crl"), qPrintable(text));
        QVERIFY2(text.contains("http://pki.example.test/issuing.cer"), qPrintable(text));
    }

    void opensslVerifiesTheCrlWithTheRevokedSerial()
    {
        run({"cert", "issue", "web", "revoked", "--ca", "pki/issuing", "--profile", "tls-client", "--subject",
             "CN=revoked"});
        const CliResult shown = m_h.run("admin", {"cert", "show", "web", "revoked", "--json"});
        QCOMPARE(shown.exitCode, 0);
        const QString serial = shown.json().value("serial").toString();
        QVERIFY(!serial.isEmpty());
        run({"ca", "revoke", "pki", "issuing", "--serial", serial, "--revocation-reason", "keyCompromise"});
        run({"ca", "crl", "pki", "issuing", "--out", path("issuing.crl")});
        const ToolResult verified =
            runTool(m_openssl, {"crl", "-in", path("issuing.crl"), "-CAfile", path("issuing.pem"), "-noout", "-text"});
        QVERIFY2(verified.exitCode == 0 && verified.err.contains("verify OK"), qPrintable(verified.text()));
        QVERIFY2(verified.out.contains(serial.toLatin1()), qPrintable(verified.text()));
        QVERIFY2(verified.out.contains("Key Compromise"), qPrintable(verified.text()));
        // Signed by the issuing CA, not by the root.
        const ToolResult wrongCa =
            runTool(m_openssl, {"crl", "-in", path("issuing.crl"), "-CAfile", path("root.pem"), "-noout"});
        QVERIFY(wrongCa.exitCode != 0 || !wrongCa.err.contains("verify OK"));
    }

    void tlsHandshakeChecksTheHostName()
    {
        const QString gnutlsCli = QStandardPaths::findExecutable("gnutls-cli");
        if (gnutlsCli.isEmpty())
            QSKIP("gnutls-cli (gnutls-bin) is needed");
        const QString password = m_h.secretFile("p8", "export password 1");
        run({"key", "export", "web", "web01", "--private", "--format", "pkcs8", "--password-file", password, "--out",
             path("web01.p8")});
        const int port = freePort();
        QVERIFY(port > 0);
        // s_server keeps accepting until it is killed; a probe connection shows it listens.
        QProcess server;
        server.start(m_openssl, {"s_server", "-accept", QStringLiteral("127.0.0.1:%1").arg(port), "-cert",
                                 path("leaf.pem"), "-cert_chain", path("issuing.pem"), "-key", path("web01.p8"),
                                 "-pass", "file:" + password, "-quiet"});
        QVERIFY(server.waitForStarted());
        bool listening = false;
        for (int i = 0; i < 100 && !listening; ++i) {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, quint16(port));
            listening = probe.waitForConnected(100);
            if (!listening)
                QThread::msleep(100);
        }
        QVERIFY2(listening, server.readAllStandardError().constData());

        auto connect = [&](const QString& hostName) {
            QProcess client;
            client.start(gnutlsCli, {"--x509cafile", path("root.pem"), "--port", QString::number(port),
                                     "--verify-hostname", hostName, "127.0.0.1"});
            client.closeWriteChannel();
            if (!client.waitForFinished(20000)) {
                client.kill();
                client.waitForFinished();
            }
            return std::make_pair(client.exitCode(),
                                  QString::fromUtf8(client.readAllStandardOutput() + client.readAllStandardError()));
        };
        const auto [okCode, okText] = connect("web01.example.test");
        const auto [badCode, badText] = connect("other.example.test");
        server.kill();
        server.waitForFinished();
        QVERIFY2(okCode == 0 && okText.contains("Handshake was completed"), qPrintable(okText));
        QVERIFY2(badCode != 0 && badText.contains("does not match"), qPrintable(badText));
    }
};

CUSTOS_REGISTER_TEST(TestInteropCertificates)
#include "TestInteropCertificates.moc"
