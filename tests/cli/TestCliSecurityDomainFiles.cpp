#include "CliHarness.h"
#include "SoftHsmTestToken.h"
#include "TestRegistry.h"

#include "crypto/sd/RestoreBlob.h"
#include "crypto/sd/TokenCustodian.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;
namespace sd = custos::crypto::sd;

// The security-domain commands that work on files alone (`sd inspect`, `sd restore-blob`,
// `sd verify-share`, `sd transcript verify`), run as the real custosctl without a workspace, on the
// shared test vector (tests/data/security-domain, whose restore blob came from the real az).
class TestCliSecurityDomainFiles : public QObject
{
    Q_OBJECT

    const QString m_vector = QStringLiteral(CUSTOS_TEST_DATA_DIR "/security-domain");
    const QString m_custodians = QStringLiteral(CUSTOS_TEST_DATA_DIR "/custodians");
    CliHarness m_h;
    QString m_password0; // --custodian-password-file of cert_0.key
    QJsonObject m_manifest;

    QString vector(const QString& name) const { return m_vector + QLatin1Char('/') + name; }

    static QByteArray readFile(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    static QString writeFile(const QString& path, const QByteArray& bytes)
    {
        QFile file(path);
        if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            file.write(bytes);
        return path;
    }

    CliResult restoreBlob(const QString& sdFile, const QStringList& custodians, const QString& out) const
    {
        return m_h.runRaw(QStringList{"sd", "restore-blob", "--sd-file", sdFile, "--exchange-key",
                                      vector("exchange.cer"), "--out", out} +
                          custodians);
    }

    // What the new HSM does: the exchange key opens the blob; the payloads must be the vector's.
    QString checkBlobOpens(const QString& blobPath) const
    {
        auto blob = sd::RestoreBlob::parse(readFile(blobPath));
        if (!blob)
            return QStringLiteral("blob does not parse: ") + blob.error().message;
        auto exchange = sd::openCustodianKeyFile(vector("exchange.key"), nullptr, vector("exchange.cer"));
        if (!exchange)
            return QStringLiteral("exchange key: ") + exchange.error().message;
        auto payloads = sd::openRestoreBlob(blob.value(), *exchange.value());
        if (!payloads)
            return QStringLiteral("blob does not open: ") + payloads.error().message;
        const QStringList tags{"hsm_payload_a", "hsm_payload_b"};
        if (payloads->size() != 2)
            return QStringLiteral("%1 payloads").arg(payloads->size());
        for (int i = 0; i < 2; ++i) {
            const sd::Payload& p = payloads->at(size_t(i));
            const QByteArray expected = readFile(vector(QStringLiteral("payload_%1.bin").arg(i)));
            if (p.tag != tags.at(i))
                return QStringLiteral("payload %1 has tag %2").arg(i).arg(p.tag);
            if (QByteArray(p.data.chars(), qsizetype(p.data.size())) != expected)
                return QStringLiteral("payload %1 differs from payload_%1.bin").arg(i);
        }
        return {};
    }

    QString m_openssl;
    QString runOpenssl(const QStringList& args) const
    {
        QProcess process;
        process.start(m_openssl, args);
        if (!process.waitForFinished(30000) || process.exitCode() != 0)
            return QString::fromUtf8(process.readAllStandardError()) + QStringLiteral(" (openssl failed)");
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_password0 = m_h.secretFile("pw0", "testvector-pw0");
        m_manifest = QJsonDocument::fromJson(readFile(vector("manifest.json"))).object();
        QVERIFY(!m_manifest.isEmpty());
        m_openssl = QStandardPaths::findExecutable("openssl");
    }

    void inspectSharedVector()
    {
        const CliResult r = m_h.runRaw({"sd", "inspect", vector("sd.json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("version 2, quorum 2 of 3 custodians"), qPrintable(r.out));
        QVERIFY2(r.out.contains("hsm_payload_a: 208 bytes of ciphertext"), qPrintable(r.out));
        const QByteArray sha = QCryptographicHash::hash(readFile(vector("sd.json")), QCryptographicHash::Sha256);
        QVERIFY(r.out.contains(QString::fromLatin1(sha.toHex())));

        const CliResult j = m_h.runRaw({"sd", "inspect", vector("sd.json"), "--json"});
        QVERIFY2(j.exitCode == 0, qPrintable(j.err));
        const QJsonObject o = j.json();
        QCOMPARE(o.value("required").toInt(), 2);
        QCOMPARE(o.value("custodians").toInt(), 3);
        QCOMPARE(o.value("version").toInt(), 2);
        const QJsonArray thumbprints = o.value("x5t_256").toArray();
        const QJsonArray custodians = m_manifest.value("custodians").toArray();
        QCOMPARE(thumbprints.size(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(thumbprints.at(i).toString(), custodians.at(i).toObject().value("x5t_256").toString());
        const QJsonArray items = o.value("items").toArray();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(1).toObject().value("tag").toString(), QString("hsm_payload_b"));
        QCOMPARE(items.at(1).toObject().value("ciphertextBytes").toInt(), 208);
        QVERIFY(o.value("warnings").toArray().isEmpty());
    }

    void inspectRefusesNonSecurityDomain()
    {
        const CliResult r = m_h.runRaw({"sd", "inspect", vector("manifest.json")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("manifest.json"), qPrintable(r.err));
    }

    void restoreBlobSharedVector()
    {
        const QString out = m_h.root() + "/blob01.json";
        const CliResult r = restoreBlob(vector("sd.json"),
                                        {"--custodian", vector("cert_0.key"), "--custodian-password-file", m_password0,
                                         "--custodian", vector("cert_1.key")},
                                        out);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("SD custodian 0 opened share 1; 1 of 2 shares collected"), qPrintable(r.err));
        QVERIFY2(r.err.contains("SD custodian 1 opened share 2; 2 of 2 shares collected"), qPrintable(r.err));
        QVERIFY2(r.out.contains("Wrote the restore blob to"), qPrintable(r.out));
        const QString opened = checkBlobOpens(out);
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        // az's layout: no trailing newline, "EncData" first.
        const QByteArray blob = readFile(out);
        QVERIFY(blob.startsWith("{\"EncData\": {\"data\": [{\"compact_jwe\": "));
        QVERIFY(!blob.endsWith('\n'));
    }

    void restoreBlobOtherPairsAndExtraCustodian()
    {
        // {1,2}, and {2,1,0}: the third key is not needed, so its password is never asked.
        const QString out = m_h.root() + "/blob12.json";
        CliResult r = restoreBlob(vector("sd.json"),
                                  {"--custodian", vector("cert_1.key"), "--custodian", vector("cert_2.key")}, out);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QString opened = checkBlobOpens(out);
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        r = restoreBlob(vector("sd.json"),
                        {"--custodian", vector("cert_2.key"), "--custodian", vector("cert_1.key"), "--custodian",
                         vector("cert_0.key")},
                        out);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("custodian 3 ('" + vector("cert_0.key") + "'): not needed"), qPrintable(r.err));
    }

    void verifyShareGood()
    {
        const CliResult r = m_h.runRaw({"sd", "verify-share", vector("sd.json"), "--custodian", vector("cert_1.key")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("SD custodian 1"), qPrintable(r.out));
        QVERIFY2(r.out.contains("share 2"), qPrintable(r.out));
        QVERIFY2(r.out.contains("1 share of 3"), qPrintable(r.out));
        const CliResult j = m_h.runRaw({"sd", "verify-share", vector("sd.json"), "--custodian", vector("cert_0.key"),
                                        "--custodian-password-file", m_password0, "--json"});
        QVERIFY2(j.exitCode == 0, qPrintable(j.err));
        const QJsonObject first = j.json().value("value").toArray().at(0).toObject();
        QVERIFY2(first.value("holder").toString().contains("SD custodian 0"), qPrintable(j.out));
        QCOMPARE(first.value("shares").toInt(), 1);
        QCOMPARE(first.value("ok").toBool(), true);
    }

    void verifyShareForeignKey()
    {
        const CliResult r =
            m_h.runRaw({"sd", "verify-share", vector("sd.json"), "--custodian", m_custodians + "/custodian_1.key"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("Test Custodian 1"), qPrintable(r.err));
        QVERIFY2(r.err.contains("not a custodian"), qPrintable(r.err));
    }

    void wrongPassword()
    {
        const QString out = m_h.root() + "/wrong-password.json";
        const QString wrong = m_h.secretFile("wrong", "not-the-password");
        const CliResult r = restoreBlob(vector("sd.json"),
                                        {"--custodian", vector("cert_0.key"), "--custodian-password-file", wrong,
                                         "--custodian", vector("cert_1.key")},
                                        out);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("wrong password"), qPrintable(r.err));
        QVERIFY2(r.err.contains("nothing written"), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(out));
    }

    void encryptedKeyWithoutPasswordAndNoTerminal()
    {
        const QString out = m_h.root() + "/no-password.json";
        const CliResult r = restoreBlob(
            vector("sd.json"), {"--custodian", vector("cert_0.key"), "--custodian", vector("cert_1.key")}, out);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("is encrypted") && r.err.contains("--custodian-password-file"), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(out));
    }

    void tooFewCustodians()
    {
        const QString out = m_h.root() + "/short.json";
        const CliResult r = restoreBlob(vector("sd.json"), {"--custodian", vector("cert_1.key")}, out);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("needs the shares of 2 custodians (quorum 2 of 3) and 1 --custodian given"),
                 qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(out));
    }

    void duplicateCustodian()
    {
        const QString out = m_h.root() + "/duplicate.json";
        CliResult r = restoreBlob(vector("sd.json"),
                                  {"--custodian", vector("cert_1.key"), "--custodian", vector("cert_1.key")}, out);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("already presented"), qPrintable(r.err));
        QVERIFY2(r.err.contains("1 of 2 shares collected: 2 needed"), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(out));
        // The duplicate is refused, not fatal: a third custodian still completes the quorum.
        r = restoreBlob(vector("sd.json"),
                        {"--custodian", vector("cert_1.key"), "--custodian", vector("cert_1.key"), "--custodian",
                         vector("cert_2.key")},
                        out);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString opened = checkBlobOpens(out);
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
    }

    void tamperedShareContinuesWithNextCustodian()
    {
        // Change one character in the middle of share 2's ciphertext segment: its MAC fails.
        QJsonObject root = QJsonDocument::fromJson(readFile(vector("sd.json"))).object();
        QJsonObject shared = root.value("SharedKeys").toObject();
        QJsonArray shares = shared.value("enc_shares").toArray();
        QJsonObject share = shares.at(1).toObject();
        QList<QByteArray> parts = share.value("enc_key").toString().toLatin1().split('.');
        QCOMPARE(parts.size(), 5);
        QByteArray& ciphertext = parts[3];
        const qsizetype middle = ciphertext.size() / 2;
        ciphertext[middle] = ciphertext.at(middle) == 'A' ? 'B' : 'A';
        share.insert("enc_key", QString::fromLatin1(parts.join('.')));
        shares.replace(1, share);
        shared.insert("enc_shares", shares);
        root.insert("SharedKeys", shared);
        const QString tampered = writeFile(m_h.root() + "/tampered.json", QJsonDocument(root).toJson());
        const QString out = m_h.root() + "/tampered-blob.json";
        const CliResult r = restoreBlob(tampered,
                                        {"--custodian", vector("cert_1.key"), "--custodian", vector("cert_2.key"),
                                         "--custodian", vector("cert_0.key"), "--custodian-password-file", m_password0},
                                        out);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("custodian 1 ('" + vector("cert_1.key") + "')") && r.err.contains("MAC"),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains("0 of 2 shares collected"), qPrintable(r.err));
        QVERIFY2(r.err.contains("2 of 2 shares collected"), qPrintable(r.err));
        const QString opened = checkBlobOpens(out);
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
    }

    void tokenCustodian()
    {
        // A custodian on a PKCS#11 token (a second SoftHSM2 token stands in for the card; SOFTHSM2_CONF
        // of this process reaches custosctl), with two key-file custodians.
        if (!custos::test::SoftHsmTestToken::moduleInstalled())
            QSKIP("SoftHSM2 is not installed");
        custos::test::SoftHsmTestToken card;
        const QString failed = card.setUp("custodian-card");
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        auto cardCertificate = sd::createCustodianOnToken(*card.module(), "custodian-card", card.userPin(),
                                                          "sd-custodian", "Card Holder", 2048);
        QVERIFY2(cardCertificate.ok(), cardCertificate.ok() ? "" : qPrintable(cardCertificate.error().message));
        QList<QByteArray> certificates{cardCertificate.value()};
        for (int i = 1; i <= 2; ++i) {
            auto c = sd::readCustodianCertificate(readFile(m_custodians + QStringLiteral("/custodian_%1.cer").arg(i)));
            QVERIFY(c.ok());
            certificates << c->der;
        }
        std::vector<sd::Payload> payloads;
        payloads.push_back({"hsm_payload_a", custos::crypto::SecureBuffer::fromString("first payload")});
        auto file = sd::createSecurityDomain(certificates, 2, payloads);
        QVERIFY2(file.ok(), file.ok() ? "" : qPrintable(file.error().message));
        const QString sdFile = writeFile(m_h.root() + "/card-sd.json", file->toJson());
        const QString uri = "pkcs11:token=custodian-card;object=sd-custodian";
        const QString pin = m_h.secretFile("card-pin", card.userPinText());

        CliResult r = m_h.runRaw({"sd", "verify-share", sdFile, "--custodian", uri, "--custodian-pin-file", pin});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("Card Holder") && r.out.contains("share 1"), qPrintable(r.out));
        // The module named in the URI (RFC 7512 query attribute) instead of the default.
        r = m_h.runRaw({"sd", "verify-share", sdFile, "--custodian",
                        uri + "?module-path=" + custos::test::kSoftHsmModule, "--custodian-pin-file", pin});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString wrongPin = m_h.secretFile("wrong-pin", "99999999");
        r = m_h.runRaw({"sd", "verify-share", sdFile, "--custodian", uri, "--custodian-pin-file", wrongPin});
        QCOMPARE(r.exitCode, 1);
        // No PIN and no terminal: the clear error.
        r = m_h.runRaw({"sd", "verify-share", sdFile, "--custodian", uri});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("--custodian-pin-file"), qPrintable(r.err));

        const QString out = m_h.root() + "/card-blob.json";
        r = m_h.runRaw({"sd", "restore-blob", "--sd-file", sdFile, "--exchange-key", vector("exchange.cer"), "--out",
                        out, "--custodian", uri, "--custodian-pin-file", pin, "--custodian",
                        m_custodians + "/custodian_2.key"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("Card Holder opened share 1; 1 of 2 shares collected"), qPrintable(r.err));
        auto blob = sd::RestoreBlob::parse(readFile(out));
        QVERIFY(blob.ok());
        auto exchange = sd::openCustodianKeyFile(vector("exchange.key"), nullptr, vector("exchange.cer"));
        QVERIFY(exchange.ok());
        auto opened = sd::openRestoreBlob(blob.value(), *exchange.value());
        QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
        QCOMPARE(QByteArray(opened->at(0).data.chars(), qsizetype(opened->at(0).data.size())),
                 QByteArray("first payload"));
    }

    void usageErrors()
    {
        // A secret-file option must follow its --custodian; a PIN file is for tokens.
        CliResult r = m_h.runRaw({"sd", "verify-share", vector("sd.json"), "--custodian-password-file", m_password0,
                                  "--custodian", vector("cert_0.key")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("must follow the --custodian"), qPrintable(r.err));
        r = m_h.runRaw({"sd", "verify-share", vector("sd.json"), "--custodian", vector("cert_0.key"),
                        "--custodian-pin-file", m_password0});
        QCOMPARE(r.exitCode, 2);
        r = m_h.runRaw({"sd", "verify-share", vector("sd.json")});
        QCOMPARE(r.exitCode, 2);
        r = m_h.runRaw({"sd", "restore-blob", "--sd-file", vector("sd.json"), "--custodian", vector("cert_1.key")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--exchange-key"), qPrintable(r.err));
    }

    void transcriptVerify()
    {
        if (m_openssl.isEmpty())
            QSKIP("openssl is not installed");
        const QString dir = m_h.root() + "/transcript";
        QVERIFY(QDir().mkpath(dir));
        for (const QString& name : {QString("audit"), QString("other")}) {
            QString failed = runOpenssl({"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
                                         dir + "/" + name + ".key"});
            QVERIFY2(failed.isEmpty(), qPrintable(failed));
            failed =
                runOpenssl({"pkey", "-in", dir + "/" + name + ".key", "-pubout", "-out", dir + "/" + name + ".pem"});
            QVERIFY2(failed.isEmpty(), qPrintable(failed));
        }
        QString failed =
            runOpenssl({"pkey", "-pubin", "-in", dir + "/audit.pem", "-outform", "DER", "-out", dir + "/audit.der"});
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        const QByteArray fingerprint =
            QCryptographicHash::hash(readFile(dir + "/audit.der"), QCryptographicHash::Sha256).toHex(':').toUpper();

        QJsonObject t{
            {"format", "custos-ceremony-transcript-1"},
            {"ceremony", "download"},
            {"workspaceId", "3f1c0e7a-0000-4000-8000-000000000001"},
            {"workspaceName", "Ops"},
            {"date", "2026-11-22T10:00:00Z"},
            {"workstation", "ceremony-pc"},
            {"operator", "admin"},
            {"witnesses", QJsonArray{"alice", "bob"}},
            {"custodians", QJsonArray{QJsonObject{{"holder", "Test Custodian 0"}, {"x5t_256", "abc"}},
                                      QJsonObject{{"holder", "Test Custodian 1"}, {"x5t_256", "def"}},
                                      QJsonObject{{"holder", "Test Custodian 2"}, {"x5t_256", "ghi"}}}},
            {"required", 2},
            {"custodianCount", 3},
            {"fileSha256", QString(64, QLatin1Char('a'))},
            {"domainKeyId", "domain-key-1"},
            {"auditKeyFingerprint", QString::fromLatin1(fingerprint)},
            {"steps", QJsonArray{QJsonObject{
                          {"time", "2026-11-22T10:00:01Z"}, {"step", "file written"}, {"result", "Success"}}}}};
        const QByteArray json = QJsonDocument(t).toJson(QJsonDocument::Compact);
        const QString file = writeFile(dir + "/t.json", json);
        failed = runOpenssl({"dgst", "-sha256", "-sign", dir + "/audit.key", "-out", file + ".sig", file});
        QVERIFY2(failed.isEmpty(), qPrintable(failed));

        CliResult r = m_h.runRaw({"sd", "transcript", "verify", file, "--key", dir + "/audit.pem"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString sha = QString::fromLatin1(QCryptographicHash::hash(json, QCryptographicHash::Sha256).toHex());
        QVERIFY2(r.out.contains("SHA-256 of the transcript: " + sha), qPrintable(r.out));
        QVERIFY2(r.out.contains("quorum 2 of 3"), qPrintable(r.out));
        r = m_h.runRaw({"sd", "transcript", "verify", file, "--key", dir + "/audit.pem", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.json().value("sha256").toString(), sha);

        // Another key: refused.
        r = m_h.runRaw({"sd", "transcript", "verify", file, "--key", dir + "/other.pem"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("does not verify"), qPrintable(r.err));

        // One changed byte (the same length, still JSON): refused, with the signature kept apart.
        QByteArray changed = json;
        changed.replace("\"Ops\"", "\"Opz\"");
        const QString tampered = writeFile(dir + "/tampered.json", changed);
        r = m_h.runRaw(
            {"sd", "transcript", "verify", tampered, "--key", dir + "/audit.pem", "--signature", file + ".sig"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("does not verify"), qPrintable(r.err));

        // Signed, but a required member missing: refused, naming it.
        t.remove("fileSha256");
        const QString incomplete = writeFile(dir + "/incomplete.json", QJsonDocument(t).toJson(QJsonDocument::Compact));
        failed = runOpenssl({"dgst", "-sha256", "-sign", dir + "/audit.key", "-out", incomplete + ".sig", incomplete});
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        r = m_h.runRaw({"sd", "transcript", "verify", incomplete, "--key", dir + "/audit.pem"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("fileSha256 is missing"), qPrintable(r.err));
    }
};

CUSTOS_REGISTER_TEST(TestCliSecurityDomainFiles)
#include "TestCliSecurityDomainFiles.moc"
