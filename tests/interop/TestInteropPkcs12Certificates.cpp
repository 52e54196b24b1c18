#include "CliHarness.h"
#include "InteropTools.h"
#include "TestRegistry.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace custos::test;

// Proof by independent implementations for PKCS#12: what `cert export --format pkcs12` writes
// (modern and --legacy) is a PrivateKeyEntry for Java's keytool and reads in `openssl pkcs12` with
// the key matching the certificate; what `openssl pkcs12 -export` (and -legacy) writes imports
// into Custos with its chain; bad files are refused clearly and leave nothing stored.
class TestInteropPkcs12Certificates : public QObject
{
    Q_OBJECT
private:
    CliHarness m_h;
    QString m_openssl;
    QString m_keytool;
    QString m_dir;
    QString m_password;

    QString path(const QString& name) const { return m_dir + QLatin1Char('/') + name; }

    void run(const QStringList& args)
    {
        const CliResult r = m_h.run("admin", args);
        QVERIFY2(r.exitCode == 0, qPrintable(args.join(' ') + ": " + r.err));
    }
    void tool(const QStringList& args)
    {
        const ToolResult r = runTool(m_openssl, args);
        QVERIFY2(r.exitCode == 0, qPrintable("openssl " + args.join(' ') + ": " + r.text()));
    }

    // Rows of what an import creates, read straight from the workspace database.
    QList<int> rowCounts()
    {
        QList<int> counts;
        const QString connection = QStringLiteral("test-interop-pkcs12-count");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
            db.setDatabaseName(m_h.databasePath());
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            if (db.open()) {
                for (const char* table : {"certificates", "certificate_versions", "keys", "key_versions", "intents"}) {
                    QSqlQuery q(db);
                    counts << (q.exec(QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table))) && q.next()
                                   ? q.value(0).toInt()
                                   : -1);
                }
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
        return counts;
    }

    int failedImports()
    {
        const CliResult r = m_h.run(
            "admin", {"audit", "list", "--operation", "CertificateImport", "--result", "Failed", "--format", "jsonl"});
        if (r.exitCode != 0)
            return -1;
        int events = 0;
        for (const QString& line : r.out.split(QLatin1Char('\n')))
            events += line.startsWith(QLatin1Char('{')) ? 1 : 0;
        return events;
    }

    static QByteArray normalisedPem(const QByteArray& pem)
    {
        QByteArray out = pem;
        out.replace('\r', "");
        QByteArray kept;
        for (const QByteArray& line : out.split('\n'))
            if (!line.trimmed().isEmpty())
                kept += line.trimmed() + '\n';
        return kept;
    }

    // An external root and a leaf it signed, made by openssl alone.
    void makeExternalChain(const QString& prefix, const QString& rootName)
    {
        tool({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
              path(prefix + "root.key"), "-subj", "/CN=" + rootName, "-days", "365", "-out", path(prefix + "root.pem"),
              "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"});
        tool({"req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
              path(prefix + "leaf.key"), "-subj", "/CN=" + prefix + "leaf.example.test", "-out",
              path(prefix + "leaf.csr")});
        QVERIFY(!writeBytes(path(prefix + "ext.cnf"), "subjectAltName=DNS:" + prefix.toLatin1() +
                                                          "leaf.example.test\nextendedKeyUsage=serverAuth\n")
                     .isEmpty());
        tool({"x509", "-req", "-in", path(prefix + "leaf.csr"), "-CA", path(prefix + "root.pem"), "-CAkey",
              path(prefix + "root.key"), "-CAcreateserial", "-days", "30", "-extfile", path(prefix + "ext.cnf"), "-out",
              path(prefix + "leaf.pem")});
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_openssl = QStandardPaths::findExecutable("openssl");
        m_keytool = QStandardPaths::findExecutable("keytool");
        if (m_openssl.isEmpty() || m_keytool.isEmpty())
            QSKIP("openssl and keytool (a JDK) are needed");
        QVERIFY(m_h.init("admin"));
        m_dir = m_h.root();
        m_password = m_h.secretFile("p12", "p12 export password");
        run({"vault", "create", "pki"});
        run({"vault", "create", "web", "--protection", "software"});
        run({"ca", "create", "pki", "root", "--subject", "CN=P12 Root CA, O=Custos"});
        run({"ca", "create", "pki", "issuing", "--subject", "CN=P12 Issuing CA, O=Custos", "--issuer", "pki/root"});
        run({"cert", "issue", "web", "web01", "--ca", "pki/issuing", "--profile", "tls-server", "--subject",
             "CN=web01.example.test", "--san", "dns:web01.example.test", "--exportable"});
        run({"cert", "export", "web", "web01", "--format", "pem", "--chain", "--out", path("web01-chain.pem")});
        makeExternalChain(QStringLiteral("ext-"), QStringLiteral("External Root"));
        makeExternalChain(QStringLiteral("alien-"), QStringLiteral("Alien Root"));
    }

    void exportedPkcs12IsReadByKeytoolAndOpenssl_data()
    {
        QTest::addColumn<bool>("legacy");
        QTest::newRow("modern") << false;
        QTest::newRow("legacy") << true;
    }
    void exportedPkcs12IsReadByKeytoolAndOpenssl()
    {
        QFETCH(bool, legacy);
        const QString p12 = path(legacy ? "web01-legacy.p12" : "web01.p12");
        QStringList args{"cert",   "export",          "web",      "web01", "--format",
                         "pkcs12", "--password-file", m_password, "--out", p12};
        if (legacy)
            args << "--legacy";
        const CliResult exported = m_h.run("admin", args);
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        QCOMPARE(exported.err.contains("warning"), legacy);
        QCOMPARE(QFile::permissions(p12) & (QFile::ReadGroup | QFile::ReadOther), QFileDevice::Permissions());

        const ToolResult listed = runTool(
            m_keytool, {"-list", "-v", "-storetype", "PKCS12", "-keystore", p12, "-storepass:file", m_password});
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.text()));
        QVERIFY2(listed.text().contains("PrivateKeyEntry"), qPrintable(listed.text()));
        QVERIFY2(listed.text().contains("web01"), qPrintable(listed.text()));
        QVERIFY2(listed.text().contains("Certificate chain length: 3"), qPrintable(listed.text()));

        QStringList read{"pkcs12", "-in", p12, "-passin", "file:" + m_password};
        if (legacy)
            read << "-legacy";
        tool(read + QStringList{"-nocerts", "-nodes", "-out", path("p12-key.pem")});
        tool(read + QStringList{"-clcerts", "-nokeys", "-out", path("p12-cert.pem")});
        tool(read + QStringList{"-cacerts", "-nokeys", "-out", path("p12-ca.pem")});
        const ToolResult keyPublic = runTool(m_openssl, {"pkey", "-in", path("p12-key.pem"), "-pubout"});
        const ToolResult certPublic = runTool(m_openssl, {"x509", "-in", path("p12-cert.pem"), "-pubkey", "-noout"});
        QVERIFY2(keyPublic.exitCode == 0 && certPublic.exitCode == 0, qPrintable(keyPublic.text() + certPublic.text()));
        QCOMPARE(keyPublic.out, certPublic.out);
        const ToolResult subject = runTool(m_openssl, {"x509", "-in", path("p12-cert.pem"), "-subject", "-noout"});
        QVERIFY2(subject.out.contains("web01.example.test"), qPrintable(subject.text()));
        QCOMPARE(readBytes(path("p12-ca.pem")).count("BEGIN CERTIFICATE"), 2);
    }

    void opensslPkcs12ImportsWithItsChain_data()
    {
        QTest::addColumn<bool>("legacy");
        QTest::newRow("modern") << false;
        QTest::newRow("legacy") << true;
    }
    void opensslPkcs12ImportsWithItsChain()
    {
        QFETCH(bool, legacy);
        const QString name = legacy ? QStringLiteral("ext-legacy") : QStringLiteral("ext-modern");
        QStringList args{"pkcs12",    "-export",
                         "-inkey",    path("ext-leaf.key"),
                         "-in",       path("ext-leaf.pem"),
                         "-certfile", path("ext-root.pem"),
                         "-name",     "external",
                         "-passout",  "file:" + m_password,
                         "-out",      path(name + ".p12")};
        if (legacy)
            args << "-legacy";
        tool(args);
        const CliResult imported =
            m_h.run("admin", {"cert", "import", "web", name, "--in", path(name + ".p12"), "--password-file", m_password,
                              "--protection", "software", "--exportable", "--json"});
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
        QVERIFY2(imported.json().value("format").toString().startsWith("PKCS#12"), qPrintable(imported.out));
        QCOMPARE(imported.json().value("chainLength").toInt(), 2);
        QCOMPARE(imported.err.contains("legacy"), legacy);

        run({"cert", "export", "web", name, "--format", "pem", "--chain", "--out", path(name + "-back.pem")});
        QCOMPARE(normalisedPem(readBytes(path(name + "-back.pem"))),
                 normalisedPem(readBytes(path("ext-leaf.pem")) + readBytes(path("ext-root.pem"))));
        // And back out as PKCS#12 for openssl: the same key.
        run({"cert", "export", "web", name, "--format", "pkcs12", "--password-file", m_password, "--out",
             path(name + "-again.p12")});
        tool({"pkcs12", "-in", path(name + "-again.p12"), "-passin", "file:" + m_password, "-nocerts", "-nodes", "-out",
              path(name + "-again.key")});
        const ToolResult again = runTool(m_openssl, {"pkey", "-in", path(name + "-again.key"), "-pubout"});
        const ToolResult original = runTool(m_openssl, {"pkey", "-in", path("ext-leaf.key"), "-pubout"});
        QVERIFY(again.exitCode == 0 && !again.out.isEmpty());
        QCOMPARE(again.out, original.out);
    }

    // A ".der" file that really holds PEM (certificate and its key) imports by its content.
    void derFileThatIsPemImports()
    {
        QVERIFY(!writeBytes(path("really-pem.der"), readBytes(path("ext-leaf.pem")) + readBytes(path("ext-root.pem")) +
                                                        readBytes(path("ext-leaf.key")))
                     .isEmpty());
        const CliResult imported = m_h.run("admin", {"cert", "import", "web", "from-pem", "--in",
                                                     path("really-pem.der"), "--protection", "software", "--json"});
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
        QCOMPARE(imported.json().value("format").toString(), QStringLiteral("PEM"));
        QCOMPARE(imported.json().value("chainLength").toInt(), 2);
    }

    void badFilesAreRefusedAndNothingIsStored()
    {
        tool({"pkcs12", "-export", "-inkey", path("ext-leaf.key"), "-in", path("ext-leaf.pem"), "-passout",
              "file:" + m_password, "-out", path("plain.p12")});
        // The leaf with another root's certificate as its "chain".
        tool({"pkcs12", "-export", "-inkey", path("ext-leaf.key"), "-in", path("ext-leaf.pem"), "-certfile",
              path("alien-root.pem"), "-passout", "file:" + m_password, "-out", path("unlinked.p12")});
        const QString wrong = m_h.secretFile("wrong", "not the password");
        const QList<int> before = rowCounts();
        QVERIFY(!before.contains(-1));
        const int failedBefore = failedImports();

        struct Case
        {
            QStringList args;
            QString expected;
        };
        const QList<Case> cases{
            {{"--in", path("plain.p12"), "--password-file", wrong}, "wrong password"},
            {{"--in", path("plain.p12")}, "password-protected PKCS#12"},
            {{"--in", path("unlinked.p12"), "--password-file", m_password}, "the chain does not link"},
            {{"--in", path("ext-leaf.key")}, "no certificate found"},
        };
        for (const Case& c : cases) {
            const CliResult r =
                m_h.run("admin", QStringList{"cert", "import", "web", "bad", "--protection", "software"} + c.args);
            QVERIFY2(r.exitCode == 1, qPrintable(c.args.join(' ') + ": " + r.err));
            QVERIFY2(r.err.contains(c.expected), qPrintable(c.expected + " not in: " + r.err));
            QVERIFY2(!r.err.contains("MII"), qPrintable(r.err)); // no base64 file content in messages
        }
        QCOMPARE(rowCounts(), before);
        QCOMPARE(failedImports(), failedBefore + int(cases.size()));
        const CliResult shown = m_h.run("admin", {"cert", "show", "web", "bad"});
        QCOMPARE(shown.exitCode, 1);
    }

    void exportRefusals()
    {
        run({"cert", "issue", "web", "locked", "--ca", "pki/issuing", "--profile", "tls-client", "--subject",
             "CN=locked"});
        const CliResult locked = m_h.run("admin", {"cert", "export", "web", "locked", "--format", "pkcs12",
                                                   "--password-file", m_password, "--out", path("locked.p12")});
        QCOMPARE(locked.exitCode, 1);
        QVERIFY2(locked.err.contains("not exportable"), qPrintable(locked.err));
        QVERIFY(!QFile::exists(path("locked.p12")));
        const CliResult noPassword =
            m_h.run("admin", {"cert", "export", "web", "web01", "--format", "pkcs12", "--out", path("x.p12")});
        QCOMPARE(noPassword.exitCode, 2);
        QVERIFY2(noPassword.err.contains("--password-file"), qPrintable(noPassword.err));
        const CliResult pemLegacy = m_h.run("admin", {"cert", "export", "web", "web01", "--format", "pem", "--legacy"});
        QCOMPARE(pemLegacy.exitCode, 2);
        QVERIFY2(pemLegacy.err.contains("only to --format pkcs12"), qPrintable(pemLegacy.err));
        const CliResult noInput = m_h.run("admin", {"cert", "import", "web", "x"});
        QCOMPARE(noInput.exitCode, 2);
        QVERIFY2(noInput.err.contains("--in F"), qPrintable(noInput.err));
    }
};

CUSTOS_REGISTER_TEST(TestInteropPkcs12Certificates)
#include "TestInteropPkcs12Certificates.moc"
