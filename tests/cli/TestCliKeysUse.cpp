#include "CliHarness.h"
#include "TestRegistry.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;

// key sign|verify|encrypt|decrypt|wrap|unwrap|export through custosctl, one workspace with a few keys.
class TestCliKeysUse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_h.init("admin"));
        QCOMPARE(m_h.run("admin", {"vault", "create", "use-hsm"}).exitCode, 0);
        QCOMPARE(m_h.run("admin", {"vault", "create", "use-soft", "--protection", "software"}).exitCode, 0);
        const QList<QStringList> keys{
            {"use-hsm", "rsa", "--kty", "RSA"},
            {"use-hsm", "ec", "--kty", "EC"},
            {"use-hsm", "aes", "--kty", "oct"},
            {"use-hsm", "signer", "--kty", "RSA", "--ops", "sign,verify"},
            {"use-soft", "soft-ec", "--kty", "EC", "--exportable"},
        };
        for (const QStringList& k : keys) {
            const CliResult r = m_h.run("admin", QStringList{"key", "create"} + k);
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        }
        m_data = writeFile("data.txt", "The quick brown fox jumps over the lazy dog\n");
    }

    void signVerify_data()
    {
        QTest::addColumn<QString>("vault");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("alg");
        QTest::addColumn<int>("rawSize");
        QTest::newRow("RS256") << "use-hsm"
                               << "rsa"
                               << "RS256" << 256;
        QTest::newRow("PS384") << "use-hsm"
                               << "rsa"
                               << "PS384" << 256;
        QTest::newRow("ES256") << "use-hsm"
                               << "ec"
                               << "ES256" << 64;
        QTest::newRow("ES256 software") << "use-soft"
                                        << "soft-ec"
                                        << "ES256" << 64;
    }
    void signVerify()
    {
        QFETCH(QString, vault);
        QFETCH(QString, key);
        QFETCH(QString, alg);
        QFETCH(int, rawSize);
        const QString sig = m_h.root() + "/" + key + alg + ".sig";
        const CliResult signedResult = m_h.run(
            "admin", {"key", "sign", vault, key, "--alg", alg, "--in", m_data, "--out", sig, "--reason", "R-9"});
        QVERIFY2(signedResult.exitCode == 0, qPrintable(signedResult.err));
        QVERIFY2(signedResult.out.startsWith("Signed '" + m_data + "' with key '" + key + "'"),
                 qPrintable(signedResult.out));
        QCOMPARE(QFileInfo(sig).size(), qint64(rawSize));
        const CliResult valid =
            m_h.run("admin", {"key", "verify", vault, key, "--alg", alg, "--in", m_data, "--signature", sig});
        QVERIFY2(valid.exitCode == 0, qPrintable(valid.err));
        QVERIFY(valid.out.startsWith("Signature is valid"));

        QByteArray tampered = readFile(sig);
        tampered[10] = char(tampered[10] ^ 0x01);
        const QString bad = writeFile(key + alg + ".bad", tampered);
        const CliResult invalid =
            m_h.run("admin", {"key", "verify", vault, key, "--alg", alg, "--in", m_data, "--signature", bad, "--json"});
        QCOMPARE(invalid.exitCode, 1);
        QCOMPARE(invalid.err, QString("custosctl: signature is not valid\n"));
        QCOMPARE(invalid.json().value("value").toBool(true), false);

        // --json without --out: Key Vault's {kid, value} with the signature in base64url.
        const CliResult json = m_h.run("admin", {"key", "sign", vault, key, "--alg", alg, "--in", m_data, "--json"});
        QCOMPARE(json.exitCode, 0);
        QVERIFY(json.json().value("kid").toString().startsWith("/vaults/" + vault + "/keys/" + key + "/versions/"));
        QCOMPARE(QByteArray::fromBase64(json.json().value("value").toString().toLatin1(), QByteArray::Base64UrlEncoding)
                     .size(),
                 rawSize);
    }

    void signDigestAndDer()
    {
        const QByteArray digest = QCryptographicHash::hash(readFile(m_data), QCryptographicHash::Sha256);
        const QString digestFile = writeFile("data.sha256", digest);
        const QString sig = m_h.root() + "/digest.sig";
        const CliResult signedDigest =
            m_h.run("admin", {"key", "sign", "use-hsm", "ec", "--alg", "ES256", "--in", digestFile, "--digest",
                              "--signature-format", "der", "--out", sig});
        QVERIFY2(signedDigest.exitCode == 0, qPrintable(signedDigest.err));
        QCOMPARE(readFile(sig).at(0), char(0x30)); // a DER SEQUENCE
        // The same signature verifies over the data itself.
        const CliResult verified = m_h.run("admin", {"key", "verify", "use-hsm", "ec", "--alg", "ES256", "--in", m_data,
                                                     "--signature", sig, "--signature-format", "der"});
        QVERIFY2(verified.exitCode == 0, qPrintable(verified.err));
        const QString shortDigest = writeFile("short.digest", QByteArray(20, 'x'));
        const CliResult wrongLength = m_h.run(
            "admin", {"key", "sign", "use-hsm", "ec", "--alg", "ES256", "--in", shortDigest, "--digest", "--out", sig});
        QCOMPARE(wrongLength.exitCode, 1);
        QVERIFY2(wrongLength.err.contains("32"), qPrintable(wrongLength.err));
    }

    void refusals_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString out = "/tmp/custos-never-written.bin";
        QTest::newRow("no alg") << QStringList{"key", "sign", "use-hsm", "rsa", "--in", "x"} << 2 << "--alg";
        QTest::newRow("no in") << QStringList{"key", "sign", "use-hsm", "rsa", "--alg", "RS256"} << 2 << "--in";
        QTest::newRow("no signature") << QStringList{"key", "verify", "use-hsm", "rsa", "--alg", "RS256", "--in", "x"}
                                      << 2 << "--signature";
        QTest::newRow("signature format")
            << QStringList{"key", "sign", "use-hsm", "ec", "--alg", "ES256", "--in", "x", "--signature-format", "pem"}
            << 2 << "raw or der";
        QTest::newRow("aad with rsa") << QStringList{"key",  "encrypt", "use-hsm", "rsa", "--alg", "RSA-OAEP-256",
                                                     "--in", "x",       "--out",   out,   "--aad", "x"}
                                      << 2 << "--aad";
        QTest::newRow("alg for key type")
            << QStringList{"key", "sign", "use-hsm", "rsa", "--alg", "ES256", "--in", "@DATA"} << 1 << "EC";
        QTest::newRow("unknown alg") << QStringList{"key", "sign", "use-hsm", "rsa", "--alg", "HS256", "--in", "@DATA"}
                                     << 1 << "HS256";
        QTest::newRow("op not in key_ops") << QStringList{"key",          "encrypt", "use-hsm", "signer", "--alg",
                                                          "RSA-OAEP-256", "--in",    "@DATA",   "--out",  out}
                                           << 1 << "encrypt";
        QTest::newRow("missing file") << QStringList{"key",   "sign",  "use-hsm", "rsa",
                                                     "--alg", "RS256", "--in",    "/nonexistent/input.bin"}
                                      << 1 << "/nonexistent/input.bin";
        QTest::newRow("missing key") << QStringList{"key",   "sign",  "use-hsm", "nokey",
                                                    "--alg", "RS256", "--in",    "@DATA"}
                                     << 1 << "nokey";
    }
    void refusals()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        args.replaceInStrings("@DATA", m_data);
        const CliResult r = m_h.run("admin", args);
        QCOMPARE(r.exitCode, exitCode);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(!QFile::exists("/tmp/custos-never-written.bin"));
    }

    void refusalsAreAudited()
    {
        const CliResult r = m_h.run("admin", {"key", "sign", "use-hsm", "rsa", "--alg", "ES512", "--in", m_data});
        QCOMPARE(r.exitCode, 1);
        const CliResult audit =
            m_h.run("admin", {"audit", "list", "--operation", "KeySign", "--result", "Failed", "--format", "jsonl"});
        QCOMPARE(audit.exitCode, 0);
        QVERIFY2(audit.out.contains("/vaults/use-hsm/keys/rsa"), qPrintable(audit.out));
    }

    void gcmEnvelope()
    {
        const QString plain = writeFile("plain.bin", QByteArray("secret\0payload", 14));
        const QString aad = writeFile("aad.bin", "header");
        const QString envelope = m_h.root() + "/env.json";
        const CliResult encrypted = m_h.run("admin", {"key", "encrypt", "use-hsm", "aes", "--alg", "A256GCM", "--in",
                                                      plain, "--out", envelope, "--aad", aad});
        QVERIFY2(encrypted.exitCode == 0, qPrintable(encrypted.err));
        const QJsonObject json = QJsonDocument::fromJson(readFile(envelope)).object();
        QCOMPARE(json.keys(), (QStringList{"ciphertext", "iv", "tag"}));
        for (const QString& field : json.keys())
            QVERIFY2(!json.value(field).toString().contains('=') && !json.value(field).toString().contains('+'),
                     qPrintable(field));
        QCOMPARE(QByteArray::fromBase64(json.value("iv").toString().toLatin1(), QByteArray::Base64UrlEncoding).size(),
                 12);
        QCOMPARE(QByteArray::fromBase64(json.value("tag").toString().toLatin1(), QByteArray::Base64UrlEncoding).size(),
                 16);

        const QString back = m_h.root() + "/plain.back";
        const CliResult decrypted = m_h.run("admin", {"key", "decrypt", "use-hsm", "aes", "--alg", "A256GCM", "--in",
                                                      envelope, "--out", back, "--aad", aad});
        QVERIFY2(decrypted.exitCode == 0, qPrintable(decrypted.err));
        QCOMPARE(readFile(back), readFile(plain));
        QCOMPARE(QFileInfo(back).permissions() & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());

        const QString other = writeFile("aad2.bin", "other");
        const QString never = m_h.root() + "/never.bin";
        QCOMPARE(m_h.run("admin", {"key", "decrypt", "use-hsm", "aes", "--alg", "A256GCM", "--in", envelope, "--out",
                                   never, "--aad", other})
                     .exitCode,
                 1);
        QVERIFY(!QFile::exists(never));

        QJsonObject broken = json;
        broken.insert("iv", "not*base64");
        const QString badEnvelope = writeFile("bad-env.json", QJsonDocument(broken).toJson());
        const CliResult malformed = m_h.run(
            "admin", {"key", "decrypt", "use-hsm", "aes", "--alg", "A256GCM", "--in", badEnvelope, "--out", never});
        QCOMPARE(malformed.exitCode, 1);
        QVERIFY2(malformed.err.contains(badEnvelope) && malformed.err.contains("\"iv\"") &&
                     malformed.err.contains("base64url"),
                 qPrintable(malformed.err));
        const QString notJson = writeFile("not-json.json", "iv=abc");
        const CliResult notJsonResult =
            m_h.run("admin", {"key", "decrypt", "use-hsm", "aes", "--alg", "A256GCM", "--in", notJson, "--out", never});
        QCOMPARE(notJsonResult.exitCode, 1);
        QVERIFY2(notJsonResult.err.contains(notJson) && notJsonResult.err.contains("JSON"),
                 qPrintable(notJsonResult.err));
        QVERIFY(!QFile::exists(never));
    }

    void rsaEncryptAndWrap()
    {
        const QString plain = writeFile("rsa-plain.bin", "thirty-two bytes of secret data!");
        const QString cipher = m_h.root() + "/rsa.cipher";
        const QString back = m_h.root() + "/rsa.back";
        const CliResult encrypted = m_h.run(
            "admin", {"key", "encrypt", "use-hsm", "rsa", "--alg", "RSA-OAEP-256", "--in", plain, "--out", cipher});
        QVERIFY2(encrypted.exitCode == 0, qPrintable(encrypted.err));
        QCOMPARE(QFileInfo(cipher).size(), qint64(256));
        const CliResult decrypted = m_h.run(
            "admin", {"key", "decrypt", "use-hsm", "rsa", "--alg", "RSA-OAEP-256", "--in", cipher, "--out", back});
        QVERIFY2(decrypted.exitCode == 0, qPrintable(decrypted.err));
        QCOMPARE(readFile(back), readFile(plain));

        const QString wrapped = m_h.root() + "/aes.wrapped";
        const QString unwrapped = m_h.root() + "/aes.unwrapped";
        const CliResult wrap =
            m_h.run("admin", {"key", "wrap", "use-hsm", "aes", "--alg", "A256KW", "--in", plain, "--out", wrapped});
        QVERIFY2(wrap.exitCode == 0, qPrintable(wrap.err));
        QCOMPARE(QFileInfo(wrapped).size(), qint64(40));
        const CliResult unwrap = m_h.run(
            "admin", {"key", "unwrap", "use-hsm", "aes", "--alg", "A256KW", "--in", wrapped, "--out", unwrapped});
        QVERIFY2(unwrap.exitCode == 0, qPrintable(unwrap.err));
        QCOMPARE(readFile(unwrapped), readFile(plain));

        const CliResult rsaWrap = m_h.run(
            "admin", {"key", "wrap", "use-hsm", "rsa", "--alg", "RSA-OAEP-256", "--in", plain, "--out", wrapped});
        QVERIFY2(rsaWrap.exitCode == 0, qPrintable(rsaWrap.err));
        QCOMPARE(QFileInfo(wrapped).size(), qint64(256));
        const CliResult rsaUnwrap = m_h.run(
            "admin", {"key", "unwrap", "use-hsm", "rsa", "--alg", "RSA-OAEP-256", "--in", wrapped, "--out", unwrapped});
        QVERIFY2(rsaUnwrap.exitCode == 0, qPrintable(rsaUnwrap.err));
        QCOMPARE(readFile(unwrapped), readFile(plain));
    }

    void versions()
    {
        QCOMPARE(m_h.run("admin", {"key", "create", "use-hsm", "rot", "--kty", "EC"}).exitCode, 0);
        const QString first =
            m_h.run("admin", {"key", "show", "use-hsm", "rot", "--json"}).json().value("version").toString();
        const QString sig = m_h.root() + "/rot.sig";
        QCOMPARE(m_h.run("admin", {"key", "sign", "use-hsm", "rot", "--alg", "ES256", "--in", m_data, "--out", sig})
                     .exitCode,
                 0);
        QCOMPARE(m_h.run("admin", {"key", "rotate", "use-hsm", "rot"}).exitCode, 0);
        // The old version still verifies; the new current one does not know the signature.
        const QStringList verify{"key",   "verify", "use-hsm", "rot",         "--alg",
                                 "ES256", "--in",   m_data,    "--signature", sig};
        const CliResult old = m_h.run("admin", verify + QStringList{"--version", first});
        QVERIFY2(old.exitCode == 0, qPrintable(old.err));
        QCOMPARE(m_h.run("admin", verify).exitCode, 1);
        // A disabled version refuses everything.
        QCOMPARE(m_h.run("admin", {"key", "set", "use-hsm", "rot", "--version", first, "--enabled", "false"}).exitCode,
                 0);
        const CliResult disabled = m_h.run("admin", verify + QStringList{"--version", first});
        QCOMPARE(disabled.exitCode, 1);
        QVERIFY2(disabled.err.contains("disabled"), qPrintable(disabled.err));
    }

    void exportPublic()
    {
        const CliResult pem = m_h.run("admin", {"key", "export", "use-hsm", "ec", "--format", "pem"});
        QVERIFY2(pem.exitCode == 0, qPrintable(pem.err));
        QVERIFY(pem.out.startsWith("-----BEGIN PUBLIC KEY-----\n"));
        const QString file = m_h.root() + "/ec.jwk";
        const CliResult jwk = m_h.run("admin", {"key", "export", "use-hsm", "ec", "--format", "jwk", "--out", file});
        QVERIFY2(jwk.exitCode == 0, qPrintable(jwk.err));
        const QJsonObject json = QJsonDocument::fromJson(readFile(file)).object();
        const QString version =
            m_h.run("admin", {"key", "show", "use-hsm", "ec", "--json"}).json().value("version").toString();
        QCOMPARE(json.value("kid").toString(), "/vaults/use-hsm/keys/ec/versions/" + version);
        QCOMPARE(json.value("crv").toString(), QString("P-256"));
        QVERIFY(!json.contains("d"));
        const CliResult oct = m_h.run("admin", {"key", "export", "use-hsm", "aes", "--format", "pem"});
        QCOMPARE(oct.exitCode, 1);
        QCOMPARE(m_h.run("admin", {"key", "export", "use-hsm", "ec", "--format", "pfx"}).exitCode, 2);
    }

    void exportPrivate()
    {
        const QString password = m_h.secretFile("p8", "correct horse");
        const QString out = m_h.root() + "/soft.p8";
        const CliResult exported = m_h.run("admin", {"key", "export", "use-soft", "soft-ec", "--private", "--format",
                                                     "pkcs8", "--password-file", password, "--out", out});
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        QVERIFY(readFile(out).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        QCOMPARE(QFileInfo(out).permissions() & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());
        const QString never = m_h.root() + "/hsm.p8";
        const CliResult hsm = m_h.run(
            "admin", {"key", "export", "use-hsm", "ec", "--private", "--password-file", password, "--out", never});
        QCOMPARE(hsm.exitCode, 1);
        QVERIFY(!QFile::exists(never));
        QCOMPARE(m_h.run("admin", {"key", "export", "use-soft", "soft-ec", "--private", "--out", never}).exitCode, 2);
        QCOMPARE(m_h.run("admin", {"key", "export", "use-soft", "soft-ec", "--private", "--password-file", password})
                     .exitCode,
                 2);
    }

private:
    QString writeFile(const QString& name, const QByteArray& bytes)
    {
        const QString path = m_h.root() + "/" + name;
        QFile file(path);
        if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            file.write(bytes);
        return path;
    }
    static QByteArray readFile(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    CliHarness m_h;
    QString m_data;
};

CUSTOS_REGISTER_TEST(TestCliKeysUse)
#include "TestCliKeysUse.moc"
