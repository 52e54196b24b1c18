#include "CliHarness.h"
#include "TestRegistry.h"

#include <QJsonObject>
#include <QProcess>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;

// `cert import --key F`: a DER certificate (no key of its own) with its key in a file of its own,
// into an HSM vault (the key becomes an HSM key); a key that is not the certificate's is refused
// naming both files, and nothing is stored.
class TestCliCertificateImport : public QObject
{
    Q_OBJECT
private:
    CliHarness m_h;

    QString path(const QString& name) const { return m_h.root() + QLatin1Char('/') + name; }

    static bool openssl(const QStringList& arguments)
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStringLiteral("openssl"), arguments);
        if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit ||
            process.exitCode() != 0) {
            qWarning("openssl %s: %s", qPrintable(arguments.join(QLatin1Char(' '))), process.readAll().constData());
            return false;
        }
        return true;
    }

    // An EC P-256 self-signed certificate (DER) and its key (PKCS#8 DER), made by openssl.
    bool makeCertificate(const QString& stem)
    {
        return openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                        path(stem + ".key.pem"), "-out", path(stem + ".pem"), "-subj", "/CN=" + stem + ".example.test",
                        "-days", "30"}) &&
               openssl({"x509", "-in", path(stem + ".pem"), "-outform", "DER", "-out", path(stem + ".der")}) &&
               openssl({"pkey", "-in", path(stem + ".key.pem"), "-outform", "DER", "-out", path(stem + ".key.der")});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_h.init("admin"));
        QCOMPARE(m_h.run("admin", {"vault", "create", "pki"}).exitCode, 0);
        QVERIFY(makeCertificate("srv"));
        QVERIFY(makeCertificate("other"));
    }

    void derWithKeyFileImportsIntoHsm()
    {
        const CliResult imported = m_h.run(
            "admin", {"cert", "import", "pki", "srv", "--in", path("srv.der"), "--key", path("srv.key.der"), "--json"});
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
        const QJsonObject o = imported.json();
        QCOMPARE(o.value("format").toString(), QString("DER"));
        QVERIFY(o.value("hasPrivateKey").toBool());
        QCOMPARE(o.value("policy").toObject().value("protection").toString(), QString("hsm"));
        QCOMPARE(o.value("policy").toObject().value("exportable").toBool(), false);
        const CliResult key = m_h.run("admin", {"key", "show", "pki", "srv", "--json"});
        QVERIFY2(key.exitCode == 0, qPrintable(key.err));
        QVERIFY2(key.out.contains("\"hsm\""), qPrintable(key.out));
    }

    void mismatchedKeyIsRefused()
    {
        const CliResult refused = m_h.run(
            "admin", {"cert", "import", "pki", "mixed", "--in", path("srv.der"), "--key", path("other.key.pem")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("the key in %1 does not belong to the certificate in %2")
                                          .arg(path("other.key.pem"), path("srv.der"))),
                 qPrintable(refused.err));
        QCOMPARE(m_h.run("admin", {"cert", "show", "pki", "mixed"}).exitCode, 1);
        QCOMPARE(m_h.run("admin", {"key", "show", "pki", "mixed"}).exitCode, 1);

        // Issue 8: a certificate alone imports as a verify-only certificate.
        const CliResult noKey = m_h.run("admin", {"cert", "import", "pki", "alone", "--in", path("srv.der")});
        QVERIFY2(noKey.exitCode == 0, qPrintable(noKey.err));
        QVERIFY2(noKey.out.contains("without its private key"), qPrintable(noKey.out));
        const CliResult key = m_h.run("admin", {"key", "show", "pki", "alone", "--json"});
        QVERIFY2(key.exitCode == 0 && key.json().value("publicOnly").toBool(), qPrintable(key.out + key.err));
    }

    void usageNamesKeyOption()
    {
        const CliResult usage = m_h.run("admin", {"cert", "import", "pki", "x"});
        QCOMPARE(usage.exitCode, 2);
        QVERIFY2(usage.err.contains("with --key F"), qPrintable(usage.err));
        const CliResult exportable = m_h.run("admin", {"cert", "import", "pki", "x", "--in", path("srv.der"), "--key",
                                                       path("srv.key.der"), "--protection", "hsm", "--exportable"});
        QCOMPARE(exportable.exitCode, 2);
        const CliResult help = m_h.runRaw({"--help"});
        QVERIFY2((help.out + help.err).contains("cert import VAULT NAME --in F [--key F]"),
                 qPrintable(help.out + help.err));
    }
};

CUSTOS_REGISTER_TEST(TestCliCertificateImport)
#include "TestCliCertificateImport.moc"
