#include "CliHarness.h"
#include "TestRegistry.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;

// `sd custodian create` through custosctl. The file form without any workspace, checked with
// openssl; the token form on a second SoftHSM2 token in the workspace's token directory (made with
// softhsm2-util before custosctl loads the module), checked with pkcs11-tool and the audit trail.
class TestCliSdCustodian : public QObject
{
    Q_OBJECT
private:
    CliHarness m_h;
    const QString m_module = QStringLiteral(CUSTOS_DEFAULT_PKCS11_MODULE);

    struct Tool
    {
        int exitCode = -1;
        QString out;
    };

    Tool tool(const QString& program, const QStringList& args, bool withWorkspaceConf = false)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (withWorkspaceConf)
            env.insert(QStringLiteral("SOFTHSM2_CONF"), m_h.workspace() + QStringLiteral("/softhsm2.conf"));
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(program, args);
        Tool t;
        if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit)
            return t;
        t.exitCode = p.exitCode();
        t.out = QString::fromLocal8Bit(p.readAll());
        return t;
    }

    QString path(const QString& name) const { return m_h.root() + QLatin1Char('/') + name; }

    QByteArray fileBytes(const QString& file)
    {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    // custosctl without a workspace: --workspace names a directory that does not exist.
    CliResult runWithoutWorkspace(const QStringList& args)
    {
        return m_h.runRaw(QStringList{"--workspace", path("no-workspace-here")} + args);
    }

    QList<QJsonObject> events(const QString& operation)
    {
        const CliResult r = m_h.run("admin", {"audit", "list", "--operation", operation, "--json"});
        QList<QJsonObject> found;
        for (const QJsonValue& v : r.json().value("value").toArray())
            found << v.toObject();
        return found;
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char* program : {"softhsm2-util", "pkcs11-tool", "openssl"}) {
            if (QStandardPaths::findExecutable(QString::fromLatin1(program)).isEmpty())
                QSKIP(qPrintable(QStringLiteral("%1 is not installed").arg(QString::fromLatin1(program))));
        }
        QVERIFY(m_h.init("admin"));
        const Tool made = tool(
            QStringLiteral("softhsm2-util"),
            {"--init-token", "--free", "--label", "custodian-card", "--so-pin", "card-so-pin-1", "--pin", "4711-card"},
            true);
        QVERIFY2(made.exitCode == 0, qPrintable(made.out));
    }

    void fileFormWithoutWorkspace()
    {
        const QString password = m_h.secretFile("carol-password", "carol's custodian password");
        const CliResult r = runWithoutWorkspace({"sd", "custodian", "create", "Carol Custodian", "--out-key",
                                                 path("carol.key"), "--out-cert", path("carol.cer"), "--password-file",
                                                 password, "--size", "2048", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject json = r.json();
        QCOMPARE(json.value("name").toString(), QStringLiteral("Carol Custodian"));
        QCOMPARE(json.value("rsaBits").toInt(), 2048);
        QVERIFY(!json.value("x5t_256").toString().isEmpty());
        QVERIFY(!QFileInfo::exists(path("no-workspace-here")));

        // The key file: 0600, encrypted PKCS#8, readable by openssl only with the password.
        QCOMPARE(QFileInfo(path("carol.key")).permissions() &
                     ~(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser),
                 QFileDevice::Permissions());
        QVERIFY(fileBytes(path("carol.key")).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        const Tool withPassword =
            tool(QStringLiteral("openssl"), {"pkey", "-in", path("carol.key"), "-passin", "file:" + password, "-pubout",
                                             "-out", path("carol-key.pub")});
        QVERIFY2(withPassword.exitCode == 0, qPrintable(withPassword.out));
        const Tool withoutPassword =
            tool(QStringLiteral("openssl"), {"pkey", "-in", path("carol.key"), "-passin", "pass:wrong", "-noout"});
        QVERIFY(withoutPassword.exitCode != 0);
        // The certificate: CN = the holder, and it certifies the key in the file.
        const Tool subject = tool(QStringLiteral("openssl"), {"x509", "-in", path("carol.cer"), "-noout", "-subject"});
        QVERIFY2(subject.out.contains("CN = Carol Custodian") || subject.out.contains("CN=Carol Custodian"),
                 qPrintable(subject.out));
        const Tool certificateKey = tool(QStringLiteral("openssl"), {"x509", "-in", path("carol.cer"), "-noout",
                                                                     "-pubkey", "-out", path("carol-cert.pub")});
        QVERIFY2(certificateKey.exitCode == 0, qPrintable(certificateKey.out));
        QCOMPARE(fileBytes(path("carol-cert.pub")), fileBytes(path("carol-key.pub")));
        // x5t_256 is the certificate's SHA-256, base64url.
        const Tool der = tool(QStringLiteral("openssl"),
                              {"x509", "-in", path("carol.cer"), "-outform", "DER", "-out", path("carol.der")});
        QCOMPARE(der.exitCode, 0);
        QCOMPARE(json.value("x5t_256").toString(),
                 QString::fromLatin1(QCryptographicHash::hash(fileBytes(path("carol.der")), QCryptographicHash::Sha256)
                                         .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)));
    }

    void fileFormRefusesToOverwrite()
    {
        const QString password = m_h.secretFile("dave-password", "dave's password");
        const QStringList args{
            "sd",         "custodian",      "create",          "Dave",   "--out-key", path("dave.key"),
            "--out-cert", path("dave.cer"), "--password-file", password, "--size",    "2048"};
        const CliResult first = runWithoutWorkspace(args);
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        QVERIFY2(first.out.startsWith("Created the custodian 'Dave': key "), qPrintable(first.out));
        const QByteArray key = fileBytes(path("dave.key"));
        const QByteArray certificate = fileBytes(path("dave.cer"));
        const CliResult second = runWithoutWorkspace(args);
        QCOMPARE(second.exitCode, 1);
        QVERIFY2(second.err.contains("refusing to overwrite the key file"), qPrintable(second.err));
        QCOMPARE(fileBytes(path("dave.key")), key);
        QCOMPARE(fileBytes(path("dave.cer")), certificate);
        // Only the certificate exists: still refused, and no key file is left behind.
        QFile::remove(path("dave.key"));
        const CliResult third = runWithoutWorkspace(args);
        QCOMPARE(third.exitCode, 1);
        QVERIFY2(third.err.contains("refusing to overwrite the certificate file"), qPrintable(third.err));
        QVERIFY(!QFileInfo::exists(path("dave.key")));
        QCOMPARE(fileBytes(path("dave.cer")), certificate);
    }

    void fileFormDefaultCertificateNextToTheKey()
    {
        const CliResult r = runWithoutWorkspace({"sd", "custodian", "create", "Erin", "--out-key", path("cert_3.key"),
                                                 "--password-file", m_h.secretFile("erin-password", "erin's password"),
                                                 "--size", "2048"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(QFileInfo::exists(path("cert_3.cer"))); // az's pairing: cert_3.key next to cert_3.cer
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString password = m_h.secretFile("usage-password", "password");
        QTest::newRow("bad size") << QStringList{"sd",          "custodian",       "create", "Frank",  "--out-key",
                                                 path("f.key"), "--password-file", password, "--size", "1000"}
                                  << "invalid size 1000 for an RSA key: expected 2048, 3072 or 4096 bits";
        QTest::newRow("size not a number")
            << QStringList{"sd", "custodian", "create", "Frank", "--password-file", password, "--size", "big"}
            << "invalid size big";
        QTest::newRow("unknown action") << QStringList{"sd", "custodian", "delete", "Frank"}
                                        << "expected 'sd custodian create NAME'";
        QTest::newRow("no password") << QStringList{"sd", "custodian", "create", "Frank", "--out-key", path("f.key")}
                                     << "password-file";
        QTest::newRow("token and key file")
            << QStringList{"sd", "custodian", "create", "Frank", "--token-label", "card", "--out-key", path("f.key")}
            << "--out-key and --password-file belong to the file form";
        QTest::newRow("pin without token")
            << QStringList{"sd", "custodian", "create", "Frank", "--pin-file", password} << "belong to the token form";
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliResult r = runWithoutWorkspace(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(path("f.key")));
    }

    void tokenFormCreatesOnTheCard()
    {
        const QString pin = m_h.secretFile("card-pin", "4711-card");
        const CliResult r =
            m_h.run("admin", {"sd", "custodian", "create", "Grace Hopper", "--token-label", "custodian-card",
                              "--pin-file", pin, "--object-label", "grace", "--out-cert", path("grace.cer"), "--size",
                              "2048", "--reason", "CHG-42", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject json = r.json();
        QCOMPARE(json.value("key").toString(), QStringLiteral("pkcs11:token=custodian-card;object=grace"));
        const QString thumbprint = json.value("x5t_256").toString();
        QVERIFY(!thumbprint.isEmpty());
        const Tool subject = tool(QStringLiteral("openssl"), {"x509", "-in", path("grace.cer"), "-noout", "-subject"});
        QVERIFY2(subject.out.contains("Grace Hopper"), qPrintable(subject.out));

        // opensc sees the key (decrypt, never extractable) and the certificate under the label.
        const Tool listing = tool(QStringLiteral("pkcs11-tool"),
                                  {"--module", m_module, "--token-label", "custodian-card", "--login", "--pin",
                                   "4711-card", "--list-objects"},
                                  true);
        QVERIFY2(listing.exitCode == 0, qPrintable(listing.out));
        QVERIFY2(listing.out.contains("Private Key Object; RSA"), qPrintable(listing.out));
        QVERIFY2(listing.out.contains("Certificate Object; type = X.509 cert"), qPrintable(listing.out));
        QCOMPARE(listing.out.count("label:      grace"), 3); // private key, public key, certificate
        QVERIFY2(listing.out.contains("never extractable"), qPrintable(listing.out));

        // Audited with the token label, the holder and the thumbprint; never the PIN.
        const QList<QJsonObject> created = events("SecurityDomainCustodianCreate");
        QCOMPARE(created.size(), 1);
        const QJsonObject event = created.front();
        QCOMPARE(event.value("result").toString(), QStringLiteral("Success"));
        QCOMPARE(event.value("justification").toString(), QStringLiteral("CHG-42"));
        const QJsonObject details = event.value("details").toObject();
        QCOMPARE(details.value("tokenLabel").toString(), QStringLiteral("custodian-card"));
        QCOMPARE(details.value("holder").toString(), QStringLiteral("Grace Hopper"));
        QCOMPARE(details.value("x5t_256").toString(), thumbprint);
        QVERIFY(!QJsonDocument(event).toJson().contains("4711-card"));

        // The same label again: refused (Conflict), audited as Failed, the certificate file untouched.
        const CliResult again = m_h.run("admin", {"sd", "custodian", "create", "Grace Hopper", "--token-label",
                                                  "custodian-card", "--pin-file", pin, "--object-label", "grace",
                                                  "--out-cert", path("grace-2.cer"), "--size", "2048"});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains("already holds an object labelled \"grace\""), qPrintable(again.err));
        QVERIFY(!QFileInfo::exists(path("grace-2.cer")));
    }

    void tokenFormRefusals()
    {
        const int failedBefore = int(events("SecurityDomainCustodianCreate").size());
        const CliResult wrongPin = m_h.run(
            "admin", {"sd", "custodian", "create", "Heidi", "--token-label", "custodian-card", "--pin-file",
                      m_h.secretFile("wrong-pin", "0000-card"), "--out-cert", path("heidi.cer"), "--size", "2048"});
        QCOMPARE(wrongPin.exitCode, 1);
        QVERIFY2(wrongPin.err.contains("refused the PIN"), qPrintable(wrongPin.err));
        QVERIFY(!QFileInfo::exists(path("heidi.cer")));

        // The workspace's own token is no custodian's card.
        const CliResult status = m_h.run("admin", {"token", "info", "--json"});
        const QString ownLabel = status.json().value("label").toString();
        QVERIFY2(!ownLabel.isEmpty(), qPrintable(status.out));
        const CliResult own =
            m_h.run("admin", {"sd", "custodian", "create", "Heidi", "--token-label", ownLabel, "--pin-file",
                              m_h.secretFile("card-pin", "4711-card"), "--out-cert", path("heidi.cer")});
        QCOMPARE(own.exitCode, 1);
        QVERIFY2(own.err.contains("is the workspace's own token"), qPrintable(own.err));

        const CliResult noCard =
            m_h.run("admin", {"sd", "custodian", "create", "Heidi", "--token-label", "nocard", "--pin-file",
                              m_h.secretFile("card-pin", "4711-card"), "--out-cert", path("heidi.cer")});
        QCOMPARE(noCard.exitCode, 1);
        QVERIFY2(noCard.err.contains("no token labelled \"nocard\""), qPrintable(noCard.err));

        // Each refusal is one audited attempt.
        QCOMPARE(int(events("SecurityDomainCustodianCreate").size()), failedBefore + 3);
    }

    // Without securitydomain/download/action: denied and audited, nothing on the card.
    void tokenFormNeedsThePermission()
    {
        QVERIFY(m_h.addOperator("ivan"));
        const CliResult assigned =
            m_h.run("admin", {"role", "assign", "--principal", "ivan", "--role", "Crypto Officer", "--scope", "/"});
        QVERIFY2(assigned.exitCode == 0, qPrintable(assigned.err));
        const CliResult r =
            m_h.run("ivan", {"sd", "custodian", "create", "Ivan", "--token-label", "custodian-card", "--pin-file",
                             m_h.secretFile("card-pin", "4711-card"), "--out-cert", path("ivan.cer")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("securitydomain/download/action"), qPrintable(r.err));
        bool denied = false;
        for (const QJsonObject& e : events("SecurityDomainCustodianCreate"))
            denied = denied || e.value("result").toString() == QLatin1String("Denied");
        QVERIFY(denied);
        const Tool listing = tool(QStringLiteral("pkcs11-tool"),
                                  {"--module", m_module, "--token-label", "custodian-card", "--login", "--pin",
                                   "4711-card", "--list-objects"},
                                  true);
        QVERIFY(!listing.out.contains("label:      Ivan"));
    }
};

CUSTOS_REGISTER_TEST(TestCliSdCustodian)
#include "TestCliSdCustodian.moc"
