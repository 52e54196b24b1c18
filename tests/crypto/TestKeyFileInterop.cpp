#include "TestKeyFileSupport.h"
#include "TestRegistry.h"

#include "../interop/InteropTools.h"
#include "OutcomeText.h"

#include "crypto/import/KeyFile.h"
#include "crypto/keys/PublicKeyExport.h"
#include "crypto/keys/PublicKeyOperations.h"
#include "crypto/keys/software/SoftwareKey.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::crypto;
using namespace custos::crypto::import;
using namespace custos::test;

// crypto::import against the independent tools admins bring keys from: every form `openssl`
// writes, Java's keytool (PKCS#12 with one and with several entries) and the npm package jose
// (exportJWK). The public key read equals what openssl reports, the private key read equals
// openssl's PKCS#8 DER, and a signature made with it verifies with openssl or node.
class TestKeyFileInterop : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    const SecureBuffer m_password = SecureBuffer::fromString("custos-test");
    const QByteArray m_message = "a message signed with an imported key";

    QString path(const QString& name) const { return m_dir.filePath(name); }

    ToolResult openssl(const QStringList& args) { return runTool(QStringLiteral("openssl"), args, m_dir.path()); }

    bool run(const QStringList& args)
    {
        const ToolResult result = openssl(args);
        if (result.exitCode != 0)
            qWarning("openssl %s: %s", qPrintable(args.join(' ')), qPrintable(result.text()));
        return result.exitCode == 0;
    }

    // A base key with its public key (DER and PEM), its PKCS#8 DER and a self-signed certificate.
    bool makeBase(const QString& name, const QStringList& genpkey, const QString& digest = QStringLiteral("-sha256"))
    {
        return run(QStringList{"genpkey"} + genpkey + QStringList{"-out", path(name + ".pem")}) &&
               run({"pkey", "-in", path(name + ".pem"), "-pubout", "-outform", "DER", "-out",
                    path(name + ".pub.der")}) &&
               run({"pkey", "-in", path(name + ".pem"), "-pubout", "-out", path(name + ".pub.pem")}) &&
               run({"pkcs8", "-topk8", "-nocrypt", "-in", path(name + ".pem"), "-outform", "DER", "-out",
                    path(name + ".p8.der")}) &&
               run({"req", "-x509", "-new", "-key", path(name + ".pem"), "-subj", "/CN=" + name, "-days", "30", digest,
                    "-out", path(name + ".crt")});
    }

    // Signs with the key read (Custos' software key) and verifies with openssl against `publicPem`.
    bool signatureVerifies(const ImportedKey& key, const QString& publicPem)
    {
        auto software = SoftwareKey::fromPrivateDer(key.kind, key.privateKey);
        if (!software) {
            qWarning("the key read does not load as a software key");
            return false;
        }
        JoseAlgorithm algorithm = JoseAlgorithm::Rs256;
        QString digest = QStringLiteral("-sha256");
        if (key.curve == QStringLiteral("P-256"))
            algorithm = JoseAlgorithm::Es256;
        else if (key.curve == QStringLiteral("P-384"))
            algorithm = JoseAlgorithm::Es384, digest = QStringLiteral("-sha384");
        else if (key.curve == QStringLiteral("P-521"))
            algorithm = JoseAlgorithm::Es512, digest = QStringLiteral("-sha512");
        auto signature = software->sign(algorithm, m_message);
        if (!signature)
            return false;
        QByteArray der = signature.value();
        if (key.kind == KeyKind::Ec) {
            auto converted = ecdsaRawToDer(der);
            if (!converted)
                return false;
            der = converted.value();
        }
        writeBytes(path("message"), m_message);
        writeBytes(path("signature"), der);
        const ToolResult verified =
            openssl({"dgst", digest, "-verify", publicPem, "-signature", path("signature"), path("message")});
        if (verified.exitCode != 0)
            qWarning("openssl dgst -verify: %s", qPrintable(verified.text()));
        return verified.exitCode == 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("openssl is not installed");
        QVERIFY(m_dir.isValid());
        QVERIFY(makeBase("rsa2048", {"-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"}));
        QVERIFY(makeBase("rsa1024", {"-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"}));
        QVERIFY(makeBase("ec256", {"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"}));
        QVERIFY(makeBase("ec384", {"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"}));
        QVERIFY(makeBase("ec521", {"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"}));
        QVERIFY(run({"req", "-x509", "-new", "-key", path("rsa2048.pem"), "-subj", "/CN=sha1", "-days", "30", "-sha1",
                     "-out", path("rsa2048-sha1.crt")}));
    }

    void opensslForms_data()
    {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QStringList>("command"); // {base}, {cert}, {out}, {pass} are replaced
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<bool>("hasPrivate");
        QTest::addColumn<bool>("hasCertificate");
        QTest::addColumn<QString>("encryption");
        QTest::addColumn<QString>("warning");
        const QStringList pkey{"pkey", "-in", "{base}", "-out", "{out}"};
        const QStringList pkeyDer = pkey + QStringList{"-outform", "DER"};
        const QStringList topk8{"pkcs8", "-topk8", "-in", "{base}", "-out", "{out}", "-passout", "{pass}"};
        const QStringList export12{"pkcs12", "-export", "-inkey",   "{base}", "-in",   "{cert}",
                                   "-out",   "{out}",   "-passout", "{pass}", "-name", "entry"};
        const QString pbkdf2 = "PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC";
        QTest::newRow("RSA PKCS#8 PEM") << "rsa2048" << pkey << "k.pem" << true << false << ""
                                        << "";
        QTest::newRow("RSA PKCS#8 DER") << "rsa2048" << pkeyDer << "k.der" << true << false << ""
                                        << "";
        QTest::newRow("RSA PKCS#1 PEM") << "rsa2048"
                                        << QStringList{"rsa", "-traditional", "-in", "{base}", "-out", "{out}"}
                                        << "k.pem" << true << false << ""
                                        << "";
        QTest::newRow("RSA PKCS#1 DER") << "rsa2048" << QStringList{"rsa", "-traditional", "-outform", "DER",
                                                                    "-in", "{base}",       "-out",     "{out}"}
                                        << "k.der" << true << false << ""
                                        << "";
        QTest::newRow("EC P-256 PKCS#8 PEM") << "ec256" << pkey << "k.pem" << true << false << ""
                                             << "";
        QTest::newRow("EC P-384 SEC1 PEM")
            << "ec384" << QStringList{"ec", "-in", "{base}", "-out", "{out}"} << "k.pem" << true << false << ""
            << "";
        QTest::newRow("EC P-521 SEC1 DER")
            << "ec521" << QStringList{"ec", "-in", "{base}", "-outform", "DER", "-out", "{out}"} << "k.der" << true
            << false << ""
            << "";
        QTest::newRow("PBKDF2 PEM") << "rsa2048" << topk8 + QStringList{"-v2", "aes-256-cbc"} << "k.pem" << true
                                    << false << pbkdf2 << "";
        QTest::newRow("PBKDF2 DER") << "ec521" << topk8 + QStringList{"-v2", "aes-256-cbc", "-outform", "DER"}
                                    << "k.der" << true << false << pbkdf2 << "";
        QTest::newRow("scrypt") << "ec256" << topk8 + QStringList{"-scrypt"} << "k.pem" << true << false
                                << "PBES2: scrypt, AES-256-CBC"
                                << "";
        QTest::newRow("PBES1 3DES") << "ec384" << topk8 + QStringList{"-v1", "PBE-SHA1-3DES"} << "k.pem" << true
                                    << false << "PBES1: pbeWithSHA1And3-KeyTripleDES-CBC (legacy)"
                                    << "legacy PBE (PBES1";
        QTest::newRow("PBES1 single DES")
            << "ec256" << topk8 + QStringList{"-v1", "PBE-MD5-DES", "-provider", "legacy", "-provider", "default"}
            << "k.pem" << true << false << "PBES1: pbeWithMD5AndDES-CBC (legacy)"
            << "legacy PBE (PBES1";
        QTest::newRow("traditional AES-128")
            << "rsa2048"
            << QStringList{"rsa", "-traditional", "-aes128", "-in", "{base}", "-out", "{out}", "-passout", "{pass}"}
            << "k.pem" << true << false << "traditional PEM, AES-128-CBC"
            << "traditional PEM encryption";
        QTest::newRow("PKCS#12 modern") << "ec256" << export12 << "k.p12" << true << true
                                        << "PKCS#12: AES-256-CBC, PBKDF2-HMAC-SHA256"
                                        << "";
        QTest::newRow("PKCS#12 legacy") << "rsa2048" << export12 + QStringList{"-legacy"} << "k.p12" << true << true
                                        << "(legacy)"
                                        << "legacy PKCS#12 encryption";
        QTest::newRow("SPKI PEM") << "ec384" << QStringList{"pkey", "-in", "{base}", "-pubout", "-out", "{out}"}
                                  << "k.pem" << false << false << ""
                                  << "";
        QTest::newRow("SPKI DER") << "rsa2048"
                                  << QStringList{"pkey", "-in", "{base}", "-pubout", "-outform", "DER", "-out", "{out}"}
                                  << "k.der" << false << false << ""
                                  << "";
        QTest::newRow("RSA PUBLIC KEY") << "rsa2048"
                                        << QStringList{"rsa", "-in", "{base}", "-RSAPublicKey_out", "-out", "{out}"}
                                        << "k.pem" << false << false << ""
                                        << "";
        QTest::newRow("X.509 PEM") << "ec521" << QStringList{"x509", "-in", "{cert}", "-out", "{out}"} << "c.pem"
                                   << false << true << ""
                                   << "";
        QTest::newRow("X.509 DER") << "rsa2048"
                                   << QStringList{"x509", "-in", "{cert}", "-outform", "DER", "-out", "{out}"}
                                   << "c.der" << false << true << ""
                                   << "";
        QTest::newRow("PKCS#7") << "ec256" << QStringList{"crl2pkcs7", "-nocrl", "-certfile", "{cert}", "-out", "{out}"}
                                << "c.p7b" << false << true << ""
                                << "";
        QTest::newRow("SHA-1 certificate")
            << "rsa2048" << QStringList{"x509", "-in", "{sha1cert}", "-out", "{out}"} << "c.pem" << false << true << ""
            << "is signed with SHA-1";
        QTest::newRow("RSA 1024") << "rsa1024" << pkey << "k.pem" << true << false << ""
                                  << "RSA 1024 bits is below 2048";
        QTest::newRow("PEM named .der") << "ec256" << pkey << "k.der" << true << false << ""
                                        << "the file is named .der but holds PEM";
    }
    void opensslForms()
    {
        QFETCH(QString, base);
        QFETCH(QStringList, command);
        QFETCH(QString, fileName);
        QFETCH(bool, hasPrivate);
        QFETCH(bool, hasCertificate);
        QFETCH(QString, encryption);
        QFETCH(QString, warning);
        const QString out = path(fileName);
        QFile::remove(out);
        for (QString& arg : command) {
            arg.replace("{base}", path(base + ".pem"))
                .replace("{cert}", path(base + ".crt"))
                .replace("{sha1cert}", path("rsa2048-sha1.crt"))
                .replace("{out}", out)
                .replace("{pass}", "pass:custos-test");
        }
        QVERIFY(run(command));
        const QByteArray bytes = readBytes(out);
        QVERIFY(!bytes.isEmpty());

        auto detected = detectKeyFile(bytes);
        QVERIFY2(detected, errorText(detected).constData());
        QCOMPARE(detected->needsPassword, !encryption.isEmpty());

        auto read = readKeyFile(bytes, &m_password, KeyFileFormat::Auto, fileName);
        QVERIFY2(read, errorText(read).constData());
        QCOMPARE(read->keys.size(), 1);
        const ImportedKey& key = read->keys.front();
        QCOMPARE(key.publicKeyDer, readBytes(path(base + ".pub.der")));
        QCOMPARE(key.isPublicOnly(), !hasPrivate);
        QCOMPARE(!key.certificateDer.isEmpty(), hasCertificate);
        if (hasPrivate) {
            const QByteArray pkcs8 = readBytes(path(base + ".p8.der"));
            QVERIFY(key.privateKey.equals(SecureBuffer(pkcs8.constData(), std::size_t(pkcs8.size()))));
            QVERIFY(signatureVerifies(key, path(base + ".pub.pem")));
        }
        if (encryption.isEmpty())
            QVERIFY2(read->encryption.isEmpty(), qPrintable(read->encryption));
        else
            QVERIFY2(read->encryption.contains(encryption), qPrintable(read->encryption));
        const QString warnings = read->warnings.join('\n');
        if (warning.isEmpty())
            QVERIFY2(warnings.isEmpty(), qPrintable(warnings));
        else
            QVERIFY2(warnings.contains(warning), qPrintable(warnings));
        if (!encryption.isEmpty()) {
            auto without = readKeyFile(bytes, nullptr);
            QVERIFY(!without);
            QVERIFY2(without.error().message.contains("a password is needed"), qPrintable(without.error().message));
        }
    }

    void bundlesAndChains()
    {
        // A PKCS#7 bundle of two certificates alone: two public keys, each with the other as its chain.
        QVERIFY(run({"crl2pkcs7", "-nocrl", "-certfile", path("ec256.crt"), "-certfile", path("rsa2048.crt"), "-out",
                     path("bundle.p7b")}));
        auto bundle = readKeyFile(readBytes(path("bundle.p7b")), nullptr);
        QVERIFY2(bundle, errorText(bundle).constData());
        QCOMPARE(bundle->keys.size(), 2);
        QCOMPARE(bundle->keys[0].publicKeyDer, readBytes(path("ec256.pub.der")));
        QCOMPARE(bundle->keys[1].publicKeyDer, readBytes(path("rsa2048.pub.der")));
        QCOMPARE(bundle->keys[0].chainDer, QList<QByteArray>{bundle->keys[1].certificateDer});
        QCOMPARE(bundle->keys[1].chainDer, QList<QByteArray>{bundle->keys[0].certificateDer});

        // A server's PEM: its key, its certificate and an issuer's: the certificate is matched by public key.
        const QByteArray pem =
            readBytes(path("ec521.crt")) + readBytes(path("rsa2048.pem")) + readBytes(path("rsa2048.crt"));
        auto server = readKeyFile(pem, nullptr);
        QVERIFY2(server, errorText(server).constData());
        QCOMPARE(server->keys.size(), 1);
        const ImportedKey& key = server->keys.front();
        QCOMPARE(key.publicKeyDer, readBytes(path("rsa2048.pub.der")));
        QCOMPARE(key.chainDer.size(), 1);
        QVERIFY(run({"x509", "-in", path("rsa2048.crt"), "-outform", "DER", "-out", path("rsa2048.crt.der")}));
        QCOMPARE(key.certificateDer, readBytes(path("rsa2048.crt.der")));
    }

    void javaKeytool()
    {
        const QString keytool = QStandardPaths::findExecutable(QStringLiteral("keytool"));
        if (keytool.isEmpty())
            QSKIP("keytool is not installed (a JDK or JRE)");
        const QString store = path("java.p12");
        QFile::remove(store);
        const auto genkeypair = [&](const QStringList& args) {
            const ToolResult result =
                runTool(keytool, QStringList{"-genkeypair", "-storetype", "PKCS12", "-keystore", store, "-storepass",
                                             "custos-test", "-keypass", "custos-test", "-validity", "30", "-noprompt"} +
                                     args);
            if (result.exitCode != 0)
                qWarning("keytool: %s", qPrintable(result.text()));
            return result.exitCode == 0;
        };
        QVERIFY(genkeypair({"-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=server"}));

        // One entry: the common path (x509::readPkcs12).
        auto one = readKeyFile(readBytes(store), &m_password);
        QVERIFY2(one, errorText(one).constData());
        QCOMPARE(one->keys.size(), 1);
        QCOMPARE(one->keys.front().curve, QStringLiteral("P-256"));
        QVERIFY(!one->keys.front().certificateDer.isEmpty());

        // Two entries: walked bag by bag, each key with its own certificate.
        QVERIFY(genkeypair({"-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=client"}));
        auto two = readKeyFile(readBytes(store), &m_password);
        QVERIFY2(two, errorText(two).constData());
        QCOMPARE(two->keys.size(), 2);
        QStringList labels;
        for (const ImportedKey& key : two->keys) {
            labels << key.label;
            QVERIFY(!key.privateKey.isEmpty());
            // The certificate matched to the key holds its public key (as openssl reads the certificate).
            writeBytes(path("entry.crt.der"), key.certificateDer);
            QVERIFY(run({"x509", "-inform", "DER", "-in", path("entry.crt.der"), "-pubkey", "-noout", "-out",
                         path("entry.pub.pem")}));
            QVERIFY(run(
                {"pkey", "-pubin", "-in", path("entry.pub.pem"), "-outform", "DER", "-out", path("entry.pub.der")}));
            QCOMPARE(key.publicKeyDer, readBytes(path("entry.pub.der")));
            QVERIFY(signatureVerifies(key, path("entry.pub.pem")));
        }
        labels.sort();
        QCOMPARE(labels, (QStringList{"PKCS#12 entry 'client'", "PKCS#12 entry 'server'"}));

        const SecureBuffer wrong = SecureBuffer::fromString("not-the-password");
        auto refused = readKeyFile(readBytes(store), &wrong);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.startsWith("wrong password"), qPrintable(refused.error().message));
    }

    void joseJwks()
    {
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        const QString joseDir = QDir::cleanPath(QStringLiteral(CUSTOS_TEST_DATA_DIR "/../interop/jose"));
        if (node.isEmpty())
            QSKIP("node is not installed: apt-get install nodejs npm, then npm ci --prefix tests/interop/jose");
        if (!QFileInfo::exists(joseDir + "/node_modules/jose/package.json"))
            QSKIP("the npm package jose is missing: npm ci --prefix tests/interop/jose");
        // exportJWK of generated keys, private and public halves (ESM resolves 'jose' from the working directory).
        const QString script = QStringLiteral(R"(
import { generateKeyPair, generateSecret, exportJWK } from 'jose';
const out = {};
for (const [name, alg, options] of [['rsa', 'RS256', { modulusLength: 2048 }], ['p256', 'ES256', {}],
                                    ['p384', 'ES384', {}], ['p521', 'ES512', {}]]) {
    const pair = await generateKeyPair(alg, { ...options, extractable: true });
    out[name] = { private: { ...(await exportJWK(pair.privateKey)), kid: name }, public: await exportJWK(pair.publicKey) };
}
out.oct = { private: { ...(await exportJWK(await generateSecret('A128GCM', { extractable: true }))), kid: 'oct' } };
console.log(JSON.stringify(out));
)");
        const ToolResult generated = runTool(node, {"--input-type=module", "-e", script}, joseDir);
        QVERIFY2(generated.exitCode == 0, qPrintable(generated.text()));
        const QJsonObject all = QJsonDocument::fromJson(generated.out).object();
        QVERIFY(!all.isEmpty());

        // node's crypto verifies what Custos signs with the imported private key.
        const QString verifyScript = QStringLiteral(R"(
const c = require('crypto');
const [jwk, hash, message, signature] = process.argv.slice(1);
const key = c.createPublicKey({ key: JSON.parse(jwk), format: 'jwk' });
const ok = c.verify(hash, Buffer.from(message), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64'));
process.exit(ok ? 0 : 1);
)");
        const struct
        {
            const char* name;
            JoseAlgorithm algorithm;
            const char* hash;
        } kinds[] = {{"rsa", JoseAlgorithm::Rs256, "sha256"},
                     {"p256", JoseAlgorithm::Es256, "sha256"},
                     {"p384", JoseAlgorithm::Es384, "sha384"},
                     {"p521", JoseAlgorithm::Es512, "sha512"}};
        QJsonArray set;
        for (const auto& kind : kinds) {
            const QJsonObject pair = all.value(kind.name).toObject();
            const QJsonObject publicJwk = pair.value("public").toObject();
            const QByteArray privateJson = QJsonDocument(pair.value("private").toObject()).toJson();
            auto read = readKeyFile(privateJson, nullptr, KeyFileFormat::Jwk, "key.jwk");
            QVERIFY2(read, errorText(read).constData());
            QCOMPARE(read->keys.size(), 1);
            const ImportedKey& key = read->keys.front();
            QCOMPARE(key.label, QStringLiteral("JWK (kid '%1')").arg(kind.name));
            // The public key read is the one jose exported.
            auto ours = publicKeyJwk(key.publicKeyDer, QString(), {});
            QVERIFY2(ours, errorText(ours).constData());
            for (const QString& member : publicJwk.keys())
                QCOMPARE(ours->value(member).toString(), publicJwk.value(member).toString());
            // The private key signs what node verifies with jose's public key.
            auto software = SoftwareKey::fromPrivateDer(key.kind, key.privateKey);
            QVERIFY2(software, errorText(software).constData());
            auto signature = software->sign(kind.algorithm, m_message);
            QVERIFY2(signature, errorText(signature).constData());
            const ToolResult verified =
                runTool(node, {"-e", verifyScript, QString::fromUtf8(QJsonDocument(publicJwk).toJson()), kind.hash,
                               QString::fromUtf8(m_message), QString::fromLatin1(signature->toBase64())});
            QVERIFY2(verified.exitCode == 0, qPrintable(verified.text()));
            // A public JWK reads as a public key alone.
            auto publicRead = readKeyFile(QJsonDocument(publicJwk).toJson(), nullptr);
            QVERIFY2(publicRead, errorText(publicRead).constData());
            QVERIFY(publicRead->keys.front().isPublicOnly());
            QCOMPARE(publicRead->keys.front().publicKeyDer, key.publicKeyDer);
            set.append(pair.value("private"));
        }
        const QJsonObject oct = all.value("oct").toObject().value("private").toObject();
        set.append(oct);
        auto jwks = readKeyFile(QJsonDocument(QJsonObject{{"keys", set}}).toJson(), nullptr);
        QVERIFY2(jwks, errorText(jwks).constData());
        QCOMPARE(jwks->keys.size(), 5);
        const ImportedKey& aes = jwks->keys.back();
        QCOMPARE(aes.kind, KeyKind::Aes);
        QCOMPARE(aes.bits, 128);
        QCOMPARE(aes.label, QStringLiteral("JWK 5 (kid 'oct')"));
        const QByteArray k =
            QByteArray::fromBase64(oct.value("k").toString().toLatin1(), QByteArray::Base64UrlEncoding);
        QVERIFY(aes.privateKey.equals(SecureBuffer(k.constData(), std::size_t(k.size()))));
    }
};

CUSTOS_REGISTER_TEST(TestKeyFileInterop)
#include "TestKeyFileInterop.moc"
