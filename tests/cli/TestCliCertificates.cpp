#include "CliHarness.h"
#include "TestRegistry.h"

#include <QFile>
#include <QJsonArray>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;
using custos::test::treeDigest;

// ca create|list|show|export|revoke|crl|issued and cert issue|create|list|show|versions|export: output
// lines, JSON, usage errors (exit 2, nothing touched) and refusals (exit 1, one line).
class TestCliCertificates : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_h.init("admin"));
        QCOMPARE(m_h.run("admin", {"vault", "create", "pki"}).exitCode, 0);
        QCOMPARE(m_h.run("admin", {"vault", "create", "web", "--protection", "software"}).exitCode, 0);
        const CliResult root = m_h.run("admin", {"ca", "create", "pki", "root", "--subject", "CN=CLI Root",
                                                 "--crl-days", "3", "--reason", "PKI-1"});
        QVERIFY2(root.exitCode == 0, qPrintable(root.err));
        QVERIFY2(root.out.startsWith("Created CA 'root' in vault 'pki' (root, expires "), qPrintable(root.out));
        QCOMPARE(root.out.count('\n'), 1);
    }

    void issueAndShow()
    {
        const CliResult issued = m_h.run("admin", {"cert",
                                                   "issue",
                                                   "web",
                                                   "web01",
                                                   "--ca",
                                                   "pki/root",
                                                   "--profile",
                                                   "tls-server",
                                                   "--subject",
                                                   "CN=web01.example.test",
                                                   "--san",
                                                   "dns:web01.example.test",
                                                   "--san",
                                                   "ip:127.0.0.1",
                                                   "--months",
                                                   "6",
                                                   "--renew-at",
                                                   "80%",
                                                   "--notify-days-before",
                                                   "14",
                                                   "--contact",
                                                   "ops@example.test",
                                                   "--json"});
        QVERIFY2(issued.exitCode == 0, qPrintable(issued.err));
        const QJsonObject o = issued.json();
        QCOMPARE(o.value("name").toString(), QString("web01"));
        const QString version = o.value("version").toString();
        QCOMPARE(o.value("id").toString(), "/vaults/web/certificates/web01/versions/" + version);
        QVERIFY(o.value("kid").toString().startsWith("/vaults/web/keys/web01/versions/"));
        QCOMPARE(o.value("subjectAltNames").toArray(), (QJsonArray{"dns:web01.example.test", "ip:127.0.0.1"}));
        QVERIFY(!o.value("x5t").toString().isEmpty());
        QVERIFY(!o.value("serial").toString().isEmpty());
        const QJsonObject policy = o.value("policy").toObject();
        QCOMPARE(policy.value("issuer").toString(), QString("pki/root"));
        QCOMPARE(policy.value("validityMonths").toInt(), 6);
        QCOMPARE(policy.value("lifetimeActions").toArray().size(), 2);
        QCOMPARE(policy.value("contacts").toArray(), (QJsonArray{"ops@example.test"}));
        const QJsonObject attributes = o.value("attributes").toObject();
        QVERIFY(attributes.value("exp").toInteger() > attributes.value("nbf").toInteger());

        const CliResult list = m_h.run("admin", {"cert", "list", "web"});
        QCOMPARE(list.exitCode, 0);
        QVERIFY2(list.out.contains("web01") && list.out.contains("valid"), qPrintable(list.out));
        const CliResult show = m_h.run("admin", {"cert", "show", "web", "web01"});
        QCOMPARE(show.exitCode, 0);
        QVERIFY2(show.out.contains("dns:web01.example.test, ip:127.0.0.1"), qPrintable(show.out));
        QVERIFY2(show.out.contains("serverAuth"), qPrintable(show.out));
        const CliResult versions = m_h.run("admin", {"cert", "versions", "web", "web01", "--json"});
        QCOMPARE(versions.exitCode, 0);
        QCOMPARE(versions.json().value("value").toArray().size(), 1);
        const CliResult cas = m_h.run("admin", {"ca", "list", "pki", "--json"});
        QCOMPARE(cas.json().value("value").toArray().size(), 1);
        QCOMPARE(cas.json().value("value").toArray().first().toObject().value("ca").toObject().value("crlDays").toInt(),
                 3);
    }

    void exportWritesPemAndDer()
    {
        QVERIFY(m_h.run("admin", {"cert", "create", "web", "selfie", "--self-signed", "--profile", "tls-client",
                                  "--subject", "CN=selfie"})
                    .exitCode == 0);
        const QString pem = m_h.root() + "/selfie.pem";
        const QString der = m_h.root() + "/selfie.der";
        QCOMPARE(m_h.run("admin", {"cert", "export", "web", "selfie", "--format", "pem", "--out", pem}).exitCode, 0);
        QCOMPARE(m_h.run("admin", {"cert", "export", "web", "selfie", "--format", "der", "--out", der}).exitCode, 0);
        QFile pemFile(pem);
        QFile derFile(der);
        QVERIFY(pemFile.open(QIODevice::ReadOnly) && derFile.open(QIODevice::ReadOnly));
        const QByteArray pemBytes = pemFile.readAll();
        const QByteArray derBytes = derFile.readAll();
        QVERIFY(pemBytes.startsWith("-----BEGIN CERTIFICATE-----\n"));
        QCOMPARE(pemBytes.count("BEGIN CERTIFICATE"), 1);
        const QByteArray body = pemBytes.mid(28, pemBytes.indexOf("-----END") - 28);
        QCOMPARE(QByteArray::fromBase64(body), derBytes);
    }

    void batchIssuesEveryLine()
    {
        const QString good = m_h.root() + "/batch.jsonl";
        QFile file(good);
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (int i = 0; i < 5; ++i)
            file.write(QStringLiteral("{\"vault\":\"web\",\"name\":\"b%1\",\"ca\":\"pki/root\",\"profile\":"
                                      "\"tls-server\",\"subject\":\"CN=b%1\",\"san\":[\"dns:b%1.example.test\"],"
                                      "\"exportable\":true}\n")
                           .arg(i)
                           .toUtf8());
        // The name of line 7 is taken by line 1: that line fails, the others are issued.
        file.write("\n{\"vault\":\"web\",\"name\":\"b0\",\"ca\":\"pki/root\",\"profile\":\"tls-client\","
                   "\"subject\":\"CN=again\"}\n");
        file.close();
        const CliResult r = m_h.run("admin", {"cert", "issue", "--batch", good});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("Issued 5 of 6 certificates"), qPrintable(r.out));
        QVERIFY2(r.err.contains("batch.jsonl:7: b0: ") && r.err.contains("already exists"), qPrintable(r.err));
        const CliResult list = m_h.run("admin", {"cert", "list", "web", "--json"});
        int batchCertificates = 0;
        for (const auto& value : list.json().value("value").toArray())
            batchCertificates += value.toObject().value("name").toString().startsWith('b') ? 1 : 0;
        QCOMPARE(batchCertificates, 5);
        const CliResult verify = m_h.run("admin", {"audit", "verify"});
        QCOMPARE(verify.exitCode, 0);

        // A bad line is a usage error naming the line, and nothing is issued.
        const QString bad = m_h.root() + "/bad.jsonl";
        QFile badFile(bad);
        QVERIFY(badFile.open(QIODevice::WriteOnly));
        badFile.write("{\"vault\":\"web\",\"name\":\"c1\",\"ca\":\"pki/root\",\"profile\":\"tls-client\","
                      "\"subject\":\"CN=c1\"}\n{\"vault\":\"web\",\"name\":\"c2\",\"colour\":\"red\"}\n");
        badFile.close();
        const QByteArray before = treeDigest(m_h.workspace());
        const CliResult refused = m_h.run("admin", {"cert", "issue", "--batch", bad});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("bad.jsonl:2: unknown option --colour"), qPrintable(refused.err));
        QCOMPARE(treeDigest(m_h.workspace()), before);
    }

    void usageErrorsTouchNothing_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no issuer") << QStringList{"cert",      "issue",      "web",       "x",
                                                  "--profile", "tls-server", "--subject", "CN=x"}
                                   << "exactly one issuer";
        QTest::newRow("two issuers") << QStringList{"cert",       "issue",     "web",           "x",
                                                    "--ca",       "pki/root",  "--self-signed", "--profile",
                                                    "tls-server", "--subject", "CN=x"}
                                     << "exactly one issuer";
        QTest::newRow("create not self-signed")
            << QStringList{"cert", "create", "web", "x", "--profile", "tls-server", "--subject", "CN=x"}
            << "--self-signed";
        QTest::newRow("renew-at") << QStringList{"cert",      "issue",    "web",        "x",
                                                 "--ca",      "pki/root", "--profile",  "tls-server",
                                                 "--subject", "CN=x",     "--renew-at", "eighty"}
                                  << "percentage";
        QTest::newRow("months") << QStringList{"cert",      "issue",      "web",       "x",    "--ca",     "pki/root",
                                               "--profile", "tls-server", "--subject", "CN=x", "--months", "-1"}
                                << "--months";
        QTest::newRow("ca subject") << QStringList{"ca", "create", "pki", "x"} << "--subject";
        QTest::newRow("name constraint")
            << QStringList{"ca", "create", "pki", "x", "--subject", "CN=x", "--name-constraint", "example.test"}
            << "dns:";
        QTest::newRow("export format") << QStringList{"cert", "export", "web", "web01", "--format", "p7"}
                                       << "pem, der or pkcs12";
        QTest::newRow("der chain") << QStringList{"cert", "export", "web", "web01", "--format", "der", "--chain"}
                                   << "--chain";
    }
    void usageErrorsTouchNothing()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const QByteArray before = treeDigest(m_h.workspace());
        const CliResult r = m_h.run("admin", args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(treeDigest(m_h.workspace()), before);
    }

    void refusalsExitOne_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad san") << QStringList{"cert",      "issue",      "web",       "x",    "--ca",  "pki/root",
                                                "--profile", "tls-server", "--subject", "CN=x", "--san", "ip:1.2.3"}
                                 << "ip:1.2.3";
        QTest::newRow("bad subject") << QStringList{"cert",     "issue",     "web",        "x",         "--ca",
                                                    "pki/root", "--profile", "tls-client", "--subject", "XX=x"}
                                     << "XX";
        QTest::newRow("unknown ca") << QStringList{"cert",     "issue",     "web",        "x",         "--ca",
                                                   "pki/none", "--profile", "tls-client", "--subject", "CN=x"}
                                    << "not found";
        QTest::newRow("not a ca") << QStringList{"cert",      "issue",     "web",        "x",         "--ca",
                                                 "web/web01", "--profile", "tls-client", "--subject", "CN=x"}
                                  << "not a certificate authority";
        QTest::newRow("exists") << QStringList{"cert",     "issue",     "web",        "web01",     "--ca",
                                               "pki/root", "--profile", "tls-client", "--subject", "CN=x"}
                                << "already exists";
        QTest::newRow("revoke unknown serial")
            << QStringList{"ca", "revoke", "pki", "root", "--serial", "0A0B"} << "no certificate with serial";
    }
    void refusalsExitOne()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliResult r = m_h.run("admin", args);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
    }

    // What `ca sign-csr` signed is kept: `ca issued` lists it and `ca revoke` revokes it.
    void signedCsrIsListedAndRevoked()
    {
        const QString csr = m_h.root() + "/dev01.csr";
        const CliResult made =
            m_h.run("admin", {"cert", "csr", "web", "dev01", "--subject", "CN=dev01.example.test", "--san",
                              "dns:dev01.example.test", "--profile", "tls-client", "--out", csr});
        QVERIFY2(made.exitCode == 0, qPrintable(made.err));
        const CliResult signedCsr =
            m_h.run("admin", {"ca", "sign-csr", "pki", "root", "--in", csr, "--profile", "tls-client", "--months", "6",
                              "--out", m_h.root() + "/dev01.pem", "--json"});
        QVERIFY2(signedCsr.exitCode == 0, qPrintable(signedCsr.err));
        const QString serial = signedCsr.json().value("serial").toString();
        QVERIFY(!serial.isEmpty());

        const CliResult listed = m_h.run("admin", {"ca", "issued", "pki", "root"});
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.err));
        QVERIFY2(listed.out.startsWith("SERIAL") && listed.out.contains(serial) &&
                     listed.out.contains("CN=dev01.example.test"),
                 qPrintable(listed.out));

        const CliResult revoked = m_h.run(
            "admin", {"ca", "revoke", "pki", "root", "--serial", serial, "--revocation-reason", "keyCompromise"});
        QVERIFY2(revoked.exitCode == 0, qPrintable(revoked.err));
        QCOMPARE(revoked.out, QString("Revoked serial %1 of CA 'root' in vault 'pki' (keyCompromise)\n").arg(serial));
        const CliResult again = m_h.run("admin", {"ca", "revoke", "pki", "root", "--serial", serial});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains("already revoked (keyCompromise)"), qPrintable(again.err));

        const CliResult json = m_h.run("admin", {"ca", "issued", "pki", "root", "--json"});
        QCOMPARE(json.exitCode, 0);
        const QJsonArray values = json.json().value("value").toArray();
        QCOMPARE(values.size(), 1);
        const QJsonObject row = values.first().toObject();
        QCOMPARE(row.value("serial").toString(), serial);
        QCOMPARE(row.value("id").toString(), "/vaults/pki/certificates/root/issued/" + serial);
        QCOMPARE(row.value("subject").toString(), QString("CN=dev01.example.test"));
        QCOMPARE(row.value("revocationReason").toString(), QString("keyCompromise"));
        QCOMPARE(row.value("createdBy").toString(), QString("admin"));
        QCOMPARE(row.value("attributes").toObject().value("enabled").toBool(), false);
        QVERIFY(row.value("attributes").toObject().value("exp").toInteger() > 0);

        QCOMPARE(m_h.run("admin", {"ca", "issued", "pki"}).exitCode, 2);
        const CliResult notCa = m_h.run("admin", {"ca", "issued", "web", "web01"});
        QCOMPARE(notCa.exitCode, 1);
        QVERIFY2(notCa.err.contains("not a certificate authority"), qPrintable(notCa.err));
    }

private:
    CliHarness m_h;
};

CUSTOS_REGISTER_TEST(TestCliCertificates)
#include "TestCliCertificates.moc"
