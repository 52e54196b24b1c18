#include "CliHarness.h"
#include "TestRegistry.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <tuple>

using custos::test::CliHarness;
using custos::test::CliResult;

// `operator enroll-card` and the card PIN at login through custosctl. The card is made with
// independent tools in the workspace's own token directory before custosctl loads SoftHSM2:
// softhsm2-util --init-token --free, a key and a self-signed certificate from openssl, both written
// with pkcs11-tool --write-object.
class TestCliOperatorCard : public QObject
{
    Q_OBJECT
private:
    CliHarness m_h;
    QString m_certificateSha256; // hex of the card certificate's DER
    const QString m_module = QStringLiteral(CUSTOS_DEFAULT_PKCS11_MODULE);

    QString tool(const QString& program, const QStringList& args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SOFTHSM2_CONF"), m_h.workspace() + QStringLiteral("/softhsm2.conf"));
        p.setProcessEnvironment(env);
        p.start(program, args);
        if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
            return program + QStringLiteral(" failed: ") + QString::fromLocal8Bit(p.readAllStandardError());
        return {};
    }

    // A key pair and its self-signed certificate as DER files under the harness directory.
    QString makeKeyAndCertificate(const QString& stem)
    {
        const QString dir = m_h.root() + QLatin1Char('/');
        if (QString e =
                tool(QStringLiteral("openssl"),
                     {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                      dir + stem + ".pem", "-out", dir + stem + "-cert.pem", "-subj", "/CN=" + stem, "-days", "30"});
            !e.isEmpty())
            return e;
        if (QString e = tool(QStringLiteral("openssl"), {"pkcs8", "-topk8", "-nocrypt", "-in", dir + stem + ".pem",
                                                         "-outform", "DER", "-out", dir + stem + ".der"});
            !e.isEmpty())
            return e;
        return tool(QStringLiteral("openssl"),
                    {"x509", "-in", dir + stem + "-cert.pem", "-outform", "DER", "-out", dir + stem + "-cert.der"});
    }

    QString writeObject(const QString& file, const QString& type, const QString& id, const QString& label)
    {
        return tool(QStringLiteral("pkcs11-tool"),
                    {"--module", m_module, "--token-label", "alice-card", "--login", "--pin", "4711-card",
                     "--write-object", file, "--type", type, "--id", id, "--label", label});
    }

    CliResult runAlice(const QStringList& args, const QProcessEnvironment& env = {})
    {
        return m_h.runRaw(QStringList{"--workspace", m_h.workspace(), "--operator", "alice", "--passphrase-file",
                                      m_h.passphraseFile("alice")} +
                              args,
                          env);
    }

    int countEvents(const QString& operation, const QString& result)
    {
        const CliResult r = m_h.run("admin", {"audit", "list", "--json"});
        int n = 0;
        for (const QJsonValue& v : r.json().value("value").toArray()) {
            const QJsonObject e = v.toObject();
            if (e.value("operation").toString() == operation && e.value("result").toString() == result)
                ++n;
        }
        return n;
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char* program : {"softhsm2-util", "pkcs11-tool", "openssl"}) {
            if (QStandardPaths::findExecutable(QString::fromLatin1(program)).isEmpty())
                QSKIP(qPrintable(QStringLiteral("%1 is not installed").arg(QString::fromLatin1(program))));
        }
        QVERIFY(m_h.init("admin"));
        QVERIFY(m_h.addOperator("alice"));
        QString e = tool(QStringLiteral("softhsm2-util"), {"--init-token", "--free", "--label", "alice-card",
                                                           "--so-pin", "card-so-pin-1", "--pin", "4711-card"});
        QVERIFY2(e.isEmpty(), qPrintable(e));
        e = makeKeyAndCertificate("alice");
        QVERIFY2(e.isEmpty(), qPrintable(e));
        e = makeKeyAndCertificate("other");
        QVERIFY2(e.isEmpty(), qPrintable(e));
        const QString dir = m_h.root() + QLatin1Char('/');
        for (const auto& [file, type, id, label] :
             {std::tuple{"alice.der", "privkey", "01", "alice-key"},
              std::tuple{"alice-cert.der", "cert", "01", "alice-cert"},
              // A certificate whose id leads to another key: the card cannot prove it.
              std::tuple{"other.der", "privkey", "02", "other-key"},
              std::tuple{"alice-cert.der", "cert", "02", "mismatch"}}) {
            e = writeObject(dir + file, type, id, label);
            QVERIFY2(e.isEmpty(), qPrintable(e));
        }
        QFile cert(dir + "alice-cert.der");
        QVERIFY(cert.open(QIODevice::ReadOnly));
        m_certificateSha256 =
            QString::fromLatin1(QCryptographicHash::hash(cert.readAll(), QCryptographicHash::Sha256).toHex());
        m_h.secretFile("card-pin", "4711-card");
        m_h.secretFile("wrong-card-pin", "0000-card");
    }

    void enrollWithWrongLabelsIsRefused()
    {
        const QString pin = m_h.secretFile("card-pin", "4711-card");
        const CliResult wrongCert = m_h.run("admin", {"operator", "enroll-card", "alice", "--token-label", "alice-card",
                                                      "--cert-label", "nope", "--pin-file", pin});
        QCOMPARE(wrongCert.exitCode, 1);
        QVERIFY2(wrongCert.err.contains("no certificate labelled \"nope\" on the card \"alice-card\""),
                 qPrintable(wrongCert.err));
        const CliResult wrongToken = m_h.run("admin", {"operator", "enroll-card", "alice", "--token-label", "nocard",
                                                       "--cert-label", "alice-cert", "--pin-file", pin});
        QCOMPARE(wrongToken.exitCode, 1);
        QVERIFY2(wrongToken.err.contains("no token labelled \"nocard\""), qPrintable(wrongToken.err));
        const CliResult mismatch = m_h.run("admin", {"operator", "enroll-card", "alice", "--token-label", "alice-card",
                                                     "--cert-label", "mismatch", "--pin-file", pin});
        QCOMPARE(mismatch.exitCode, 1);
        QVERIFY2(mismatch.err.contains("does not verify"), qPrintable(mismatch.err));
        const CliResult noLabels = m_h.run("admin", {"operator", "enroll-card", "alice", "--pin-file", pin});
        QCOMPARE(noLabels.exitCode, 2);
        // Nothing enrolled: alice still logs in with her passphrase alone.
        QCOMPARE(runAlice({"operator", "show", "alice"}).exitCode, 0);
        QCOMPARE(countEvents("OperatorCardEnroll", "Failed"), 2);
        QCOMPARE(countEvents("OperatorCardEnroll", "Denied"), 1);
    }

    void enrollAndLoginWithTheCard()
    {
        const CliResult enrolled =
            m_h.run("admin", {"operator", "enroll-card", "alice", "--token-label", "alice-card", "--cert-label",
                              "alice-cert", "--pin-file", m_h.secretFile("card-pin", "4711-card")});
        QVERIFY2(enrolled.exitCode == 0, qPrintable(enrolled.err));
        QVERIFY2(enrolled.out.startsWith("Enrolled the card alice-card/alice-cert (sha256 "), qPrintable(enrolled.out));
        QCOMPARE(countEvents("OperatorCardEnroll", "Success"), 1);

        const CliResult show = m_h.run("admin", {"operator", "show", "alice"});
        QCOMPARE(show.exitCode, 0);
        QVERIFY2(show.out.contains("alice-card/alice-cert (sha256 "), qPrintable(show.out));
        const QJsonObject card =
            m_h.run("admin", {"operator", "show", "alice", "--json"}).json().value("card").toObject();
        QCOMPARE(card.value("certificateSha256").toString(), m_certificateSha256);

        // Without the card PIN: refused with what is missing.
        const CliResult noPin = runAlice({"operator", "show", "alice"});
        QCOMPARE(noPin.exitCode, 1);
        QVERIFY2(noPin.err.contains("operator 'alice' signs in with their card too: give the card PIN"),
                 qPrintable(noPin.err));
        // A wrong card PIN: refused, audited.
        const CliResult wrongPin =
            runAlice({"--card-pin-file", m_h.secretFile("wrong-card-pin", "0000-card"), "operator", "show", "alice"});
        QCOMPARE(wrongPin.exitCode, 1);
        QVERIFY2(wrongPin.err.contains("refused the PIN"), qPrintable(wrongPin.err));
        QCOMPARE(countEvents("LoginFailed", "Denied"), 2);
        // The right one, from the file or from CUSTOS_CARD_PIN.
        const CliResult fromFile =
            runAlice({"--card-pin-file", m_h.secretFile("card-pin", "4711-card"), "operator", "show", "alice"});
        QVERIFY2(fromFile.exitCode == 0, qPrintable(fromFile.err));
        QProcessEnvironment env;
        env.insert("CUSTOS_CARD_PIN", "4711-card");
        const CliResult fromEnv = runAlice({"operator", "show", "alice"}, env);
        QVERIFY2(fromEnv.exitCode == 0, qPrintable(fromEnv.err));
    }
};

CUSTOS_REGISTER_TEST(TestCliOperatorCard)
#include "TestCliOperatorCard.moc"
