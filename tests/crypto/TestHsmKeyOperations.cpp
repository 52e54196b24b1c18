#include "SoftHsmTestToken.h"
#include "TestRegistry.h"

#include "OutcomeText.h"

#include "crypto/Random.h"
#include "crypto/keys/HsmKeyOperations.h"
#include "crypto/keys/JoseAlgorithm.h"
#include "crypto/keys/MechanismSupport.h"
#include "crypto/keys/PublicKeyExport.h"
#include "crypto/keys/PublicKeyOperations.h"
#include "crypto/pkcs11/Pkcs11Module.h"
#include "crypto/pkcs11/Token.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>

using namespace custos;
using namespace custos::crypto;

namespace {
const QString kTokenLabel = QStringLiteral("custos-keyops");

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Runs openssl; returns its exit code, -1 when it did not run. Output in `output`.
int runOpenssl(const QStringList& arguments, QByteArray* output = nullptr)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("openssl"), arguments);
    if (!process.waitForFinished(30000))
        return -1;
    if (output)
        *output = process.readAll();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

QString text(const SecureBuffer& buffer)
{
    return QString::fromLatin1(buffer.chars(), static_cast<qsizetype>(buffer.size()));
}
} // namespace

class TestHsmKeyOperations : public QObject
{
    Q_OBJECT

private:
    test::SoftHsmTestToken m_softHsm;
    QTemporaryDir m_files;
    std::shared_ptr<Pkcs11Module> m_module;
    Token* m_token = nullptr;                   // owned by m_softHsm
    std::map<QString, QByteArray> m_publicKeys; // key id → SPKI DER

    bool generate(KeyKind kind, const QByteArray& id, int bits, const QString& curve = {})
    {
        KeyGenSpec spec;
        spec.kind = kind;
        spec.id = id;
        spec.label = QString::fromLatin1(id);
        spec.bits = bits;
        spec.curve = curve;
        auto key = m_token->generateKey(spec);
        if (!key.ok()) {
            qWarning("%s", errorText(key).constData());
            return false;
        }
        m_publicKeys[QString::fromLatin1(id)] = key->publicKeyDer;
        return true;
    }

    static QByteArray signingKeyId(JoseAlgorithm algorithm)
    {
        switch (algorithm) {
        case JoseAlgorithm::Es256:
            return "ec256";
        case JoseAlgorithm::Es384:
            return "ec384";
        case JoseAlgorithm::Es512:
            return "ec521";
        default:
            return "rsa";
        }
    }

    QString pemFile(const QByteArray& id)
    {
        const QString path = m_files.filePath(QString::fromLatin1(id) + QStringLiteral(".pem"));
        if (!QFile::exists(path)) {
            auto pem = publicKeyPem(m_publicKeys[QString::fromLatin1(id)]);
            if (!pem.ok() || !writeFile(path, pem.value()))
                return {};
        }
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!test::SoftHsmTestToken::moduleInstalled())
            QSKIP("SoftHSM2 is not installed");
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("openssl is not installed");
        QVERIFY(m_files.isValid());
        const QString problem = m_softHsm.setUp(kTokenLabel);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        m_module = m_softHsm.module();
        m_token = m_softHsm.token();

        // Few keys, reused by every row (RSA-2048 generation takes about 0.4 s).
        QVERIFY(generate(KeyKind::Rsa, "rsa", 2048));
        QVERIFY(generate(KeyKind::Ec, "ec256", 0, QStringLiteral("P-256")));
        QVERIFY(generate(KeyKind::Ec, "ec384", 0, QStringLiteral("P-384")));
        QVERIFY(generate(KeyKind::Ec, "ec521", 0, QStringLiteral("P-521")));
        QVERIFY(generate(KeyKind::Aes, "aes256", 256));
        QVERIFY(generate(KeyKind::Aes, "aes128", 128));
    }

    void cleanupTestCase()
    {
        m_token = nullptr;
        m_module.reset();
        m_softHsm.tearDown();
    }

    void mechanismSupport()
    {
        auto support = MechanismSupport::query(*m_token);
        QVERIFY2(support.ok(), errorText(support).constData());
        QCOMPARE(support->route(JoseAlgorithm::Es256, KeyOperation::Sign), MechanismRoute::Composed);
        QCOMPARE(support->route(JoseAlgorithm::RsaOaep256, KeyOperation::Decrypt), MechanismRoute::Composed);
        QCOMPARE(support->route(JoseAlgorithm::RsaOaep, KeyOperation::Decrypt), MechanismRoute::Native);
        QCOMPARE(support->route(JoseAlgorithm::Ps256, KeyOperation::Sign), MechanismRoute::Native);
        QCOMPARE(support->route(JoseAlgorithm::Rs256, KeyOperation::Sign), MechanismRoute::Native);
        QCOMPARE(support->route(JoseAlgorithm::A256Gcm, KeyOperation::Encrypt), MechanismRoute::Native);
        QCOMPARE(support->route(JoseAlgorithm::A128Kw, KeyOperation::WrapKey), MechanismRoute::Native);
        // Why wrapKey goes through C_WrapKey and a session object (HsmKeyOperations.cpp).
        QVERIFY(support->has(CKM_AES_KEY_WRAP, CKF_WRAP | CKF_UNWRAP));
        QVERIFY(!support->has(CKM_AES_KEY_WRAP, CKF_ENCRYPT));
        QVERIFY(!support->has(CKM_ECDSA_SHA256, CKF_SIGN));
        for (const AlgorithmSupport& entry : support->all())
            QVERIFY2(entry.route != MechanismRoute::Unavailable, qPrintable(joseAlgorithmName(entry.algorithm)));
    }

    void signAndVerify_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<bool>("isDigest");
        for (const char* name : {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}) {
            QTest::addRow("%s data", name) << QString::fromLatin1(name) << false;
            QTest::addRow("%s digest", name) << QString::fromLatin1(name) << true;
        }
    }

    void signAndVerify()
    {
        QFETCH(QString, algorithm);
        QFETCH(bool, isDigest);
        const JoseAlgorithm alg = *parseJoseAlgorithm(algorithm);
        const QByteArray id = signingKeyId(alg);
        const QByteArray message = "Custos signs this " + algorithm.toLatin1() + (isDigest ? " digest" : " data");
        auto digest = digestData(digestOf(alg), message);
        QVERIFY2(digest.ok(), errorText(digest).constData());

        HsmKeyOperations key(*m_token, id);
        auto signature = key.sign(alg, isDigest ? digest.value() : message, isDigest);
        QVERIFY2(signature.ok(), errorText(signature).constData());
        const QByteArray spki = m_publicKeys[QString::fromLatin1(id)];

        auto verified = verify(alg, spki, message, false, signature.value());
        QVERIFY2(verified.ok(), errorText(verified).constData());
        QVERIFY(verified.value());
        auto verifiedDigest = verify(alg, spki, digest.value(), true, signature.value());
        QVERIFY2(verifiedDigest.ok(), errorText(verifiedDigest).constData());
        QVERIFY(verifiedDigest.value());
        auto truncated = verify(alg, spki, message, false, signature->left(signature->size() - 2));
        QVERIFY2(truncated.ok(), errorText(truncated).constData());
        QVERIFY(!truncated.value());
        auto otherMessage = verify(alg, spki, message + "!", false, signature.value());
        QVERIFY2(otherMessage.ok(), errorText(otherMessage).constData());
        QVERIFY(!otherMessage.value());

        // The independent check: openssl dgst over the message with the exported PEM.
        QByteArray encoded = signature.value();
        if (requiredKeyKind(alg) == KeyKind::Ec) {
            auto der = ecdsaRawToDer(encoded);
            QVERIFY2(der.ok(), errorText(der).constData());
            auto back = ecdsaDerToRaw(der.value(), static_cast<int>(encoded.size() / 2));
            QVERIFY2(back.ok(), errorText(back).constData());
            QCOMPARE(back.value(), encoded);
            encoded = der.value();
        }
        const QString sigPath = m_files.filePath(QStringLiteral("sig.bin"));
        const QString msgPath = m_files.filePath(QStringLiteral("msg.bin"));
        QVERIFY(writeFile(sigPath, encoded) && writeFile(msgPath, message));
        const QString pem = pemFile(id);
        QVERIFY(!pem.isEmpty());
        QStringList arguments{QStringLiteral("dgst"),
                              QStringLiteral("-") + QString::fromLatin1(digestName(digestOf(alg))).toLower(),
                              QStringLiteral("-verify"),
                              pem,
                              QStringLiteral("-signature"),
                              sigPath};
        if (algorithm.startsWith(QLatin1String("PS")))
            arguments << QStringLiteral("-sigopt") << QStringLiteral("rsa_padding_mode:pss")
                      << QStringLiteral("-sigopt") << QStringLiteral("rsa_pss_saltlen:-1");
        arguments << msgPath;
        QByteArray output;
        QCOMPARE(runOpenssl(arguments, &output), 0);
        QVERIFY2(output.contains("Verified OK"), output.constData());
    }

    void badSignInput()
    {
        HsmKeyOperations ec(*m_token, "ec256");
        auto shortDigest = ec.sign(JoseAlgorithm::Es256, QByteArray(20, 'x'), true);
        QVERIFY(!shortDigest.ok());
        QCOMPARE(shortDigest.error().kind, ErrorKind::Invalid);
        QCOMPARE(shortDigest.error().message, QStringLiteral("ES256 needs a 32-byte SHA-256 digest, got 20 bytes"));
        auto rsaOnEc = ec.sign(JoseAlgorithm::Rs256, "data", false);
        QVERIFY(!rsaOnEc.ok());
        QCOMPARE(rsaOnEc.error().kind, ErrorKind::Invalid);
        QCOMPARE(rsaOnEc.error().message, QStringLiteral("algorithm RS256 needs an RSA key, not EC"));
        auto wrongCurve = ec.sign(JoseAlgorithm::Es384, "data", false);
        QVERIFY(!wrongCurve.ok());
        QCOMPARE(wrongCurve.error().kind, ErrorKind::Invalid);
        HsmKeyOperations rsa(*m_token, "rsa");
        auto decryptWithSign = rsa.decrypt(JoseAlgorithm::Ps256, QByteArray(256, 'x'));
        QVERIFY(!decryptWithSign.ok());
        QCOMPARE(decryptWithSign.error().kind, ErrorKind::Invalid);
        HsmKeyOperations missing(*m_token, "nope");
        auto notFound = missing.sign(JoseAlgorithm::Es256, "data", false);
        QVERIFY(!notFound.ok());
        QCOMPARE(notFound.error().kind, ErrorKind::NotFound);
    }

    void rsaDecrypt_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QStringList>("options");
        QTest::newRow("RSA-OAEP-256") << QStringLiteral("RSA-OAEP-256")
                                      << QStringList{QStringLiteral("rsa_padding_mode:oaep"),
                                                     QStringLiteral("rsa_oaep_md:sha256"),
                                                     QStringLiteral("rsa_mgf1_md:sha256")};
        QTest::newRow("RSA-OAEP") << QStringLiteral("RSA-OAEP")
                                  << QStringList{QStringLiteral("rsa_padding_mode:oaep"),
                                                 QStringLiteral("rsa_oaep_md:sha1"),
                                                 QStringLiteral("rsa_mgf1_md:sha1")};
        QTest::newRow("RSA1_5") << QStringLiteral("RSA1_5") << QStringList{QStringLiteral("rsa_padding_mode:pkcs1")};
    }

    void rsaDecrypt()
    {
        QFETCH(QString, algorithm);
        QFETCH(QStringList, options);
        const JoseAlgorithm alg = *parseJoseAlgorithm(algorithm);
        const QByteArray plaintext = "the plaintext for " + algorithm.toLatin1();
        const QString inPath = m_files.filePath(QStringLiteral("plain.bin"));
        const QString outPath = m_files.filePath(QStringLiteral("cipher.bin"));
        QVERIFY(writeFile(inPath, plaintext));
        QStringList arguments{QStringLiteral("pkeyutl"),
                              QStringLiteral("-encrypt"),
                              QStringLiteral("-pubin"),
                              QStringLiteral("-inkey"),
                              pemFile("rsa"),
                              QStringLiteral("-in"),
                              inPath,
                              QStringLiteral("-out"),
                              outPath};
        for (const QString& option : options)
            arguments << QStringLiteral("-pkeyopt") << option;
        QByteArray output;
        QVERIFY2(runOpenssl(arguments, &output) == 0, output.constData());
        const QByteArray ciphertext = readFile(outPath);
        QCOMPARE(ciphertext.size(), 256);

        HsmKeyOperations key(*m_token, "rsa");
        auto decrypted = key.decrypt(alg, ciphertext);
        QVERIFY2(decrypted.ok(), errorText(decrypted).constData());
        QCOMPARE(text(decrypted.value()), QString::fromLatin1(plaintext));
        auto unwrapped = key.unwrapKey(alg, ciphertext);
        QVERIFY2(unwrapped.ok(), errorText(unwrapped).constData());
        QCOMPARE(text(unwrapped.value()), QString::fromLatin1(plaintext));

        // Custos' own public-key encryption, decrypted on the token; and openssl decrypts nothing
        // here (the private key never leaves the token), so the round trip is the check.
        const SecureBuffer secret = SecureBuffer::fromString("a secret from Custos");
        auto ours = encrypt(alg, m_publicKeys["rsa"], secret);
        QVERIFY2(ours.ok(), errorText(ours).constData());
        auto back = key.decrypt(alg, ours.value());
        QVERIFY2(back.ok(), errorText(back).constData());
        QVERIFY(back->equals(secret));

        QByteArray tampered = ciphertext;
        tampered[100] = static_cast<char>(tampered[100] ^ 0x01);
        auto failed = key.decrypt(alg, tampered);
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().message, QStringLiteral("decryption failed"));
        // Well-formed ciphertext of another padding fails the same way, whatever check catches it.
        for (const JoseAlgorithm other : {JoseAlgorithm::RsaOaep, JoseAlgorithm::RsaOaep256, JoseAlgorithm::Rsa1_5}) {
            if (other == alg)
                continue;
            auto mismatched = key.decrypt(other, ciphertext);
            QVERIFY(!mismatched.ok());
            QCOMPARE(mismatched.error().message, QStringLiteral("decryption failed"));
        }
        auto truncated = key.decrypt(alg, ciphertext.left(200));
        QVERIFY(!truncated.ok());
        QCOMPARE(truncated.error().message, QStringLiteral("decryption failed"));
    }

    // The other direction: Custos' public-key encryption decrypts with openssl pkeyutl (a software
    // key openssl generated, since the token's private key never leaves it).
    void opensslDecryptsOurEncryption_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QStringList>("options");
        QTest::newRow("RSA-OAEP-256") << QStringLiteral("RSA-OAEP-256")
                                      << QStringList{QStringLiteral("rsa_padding_mode:oaep"),
                                                     QStringLiteral("rsa_oaep_md:sha256"),
                                                     QStringLiteral("rsa_mgf1_md:sha256")};
        QTest::newRow("RSA-OAEP") << QStringLiteral("RSA-OAEP")
                                  << QStringList{QStringLiteral("rsa_padding_mode:oaep"),
                                                 QStringLiteral("rsa_oaep_md:sha1"),
                                                 QStringLiteral("rsa_mgf1_md:sha1")};
        QTest::newRow("RSA1_5") << QStringLiteral("RSA1_5") << QStringList{QStringLiteral("rsa_padding_mode:pkcs1")};
    }

    void opensslDecryptsOurEncryption()
    {
        QFETCH(QString, algorithm);
        QFETCH(QStringList, options);
        const QString keyPath = m_files.filePath(QStringLiteral("software.key"));
        const QString derPath = m_files.filePath(QStringLiteral("software.der"));
        if (!QFile::exists(derPath)) {
            QByteArray output;
            QVERIFY2(runOpenssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"),
                                 QStringLiteral("-pkeyopt"), QStringLiteral("rsa_keygen_bits:2048"),
                                 QStringLiteral("-out"), keyPath},
                                &output) == 0,
                     output.constData());
            QVERIFY2(runOpenssl({QStringLiteral("pkey"), QStringLiteral("-in"), keyPath, QStringLiteral("-pubout"),
                                 QStringLiteral("-outform"), QStringLiteral("DER"), QStringLiteral("-out"), derPath},
                                &output) == 0,
                     output.constData());
        }
        const SecureBuffer secret = SecureBuffer::fromString("Custos encrypted this");
        auto ciphertext = encrypt(*parseJoseAlgorithm(algorithm), readFile(derPath), secret);
        QVERIFY2(ciphertext.ok(), errorText(ciphertext).constData());
        const QString inPath = m_files.filePath(QStringLiteral("ours.bin"));
        const QString outPath = m_files.filePath(QStringLiteral("ours.out"));
        QVERIFY(writeFile(inPath, ciphertext.value()));
        QStringList arguments{QStringLiteral("pkeyutl"), QStringLiteral("-decrypt"),
                              QStringLiteral("-inkey"),  keyPath,
                              QStringLiteral("-in"),     inPath,
                              QStringLiteral("-out"),    outPath};
        for (const QString& option : options)
            arguments << QStringLiteral("-pkeyopt") << option;
        QByteArray output;
        QVERIFY2(runOpenssl(arguments, &output) == 0, output.constData());
        QCOMPARE(readFile(outPath), QByteArray("Custos encrypted this"));
    }

    void aesGcm()
    {
        HsmKeyOperations key(*m_token, "aes256");
        const SecureBuffer plaintext = SecureBuffer::fromString("AES-GCM on the token");
        const QByteArray aad = "header";
        auto sealed = key.encryptGcm(JoseAlgorithm::A256Gcm, plaintext, aad);
        QVERIFY2(sealed.ok(), errorText(sealed).constData());
        QCOMPARE(sealed->iv.size(), 12);
        QCOMPARE(sealed->tag.size(), 16);
        QCOMPARE(sealed->ciphertext.size(), qsizetype(plaintext.size()));
        auto opened = key.decryptGcm(JoseAlgorithm::A256Gcm, sealed.value(), aad);
        QVERIFY2(opened.ok(), errorText(opened).constData());
        QVERIFY(opened->equals(plaintext));

        AesGcmCiphertext tampered = sealed.value();
        tampered.ciphertext[0] = static_cast<char>(tampered.ciphertext[0] ^ 0x01);
        auto failed = key.decryptGcm(JoseAlgorithm::A256Gcm, tampered, aad);
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().message, QStringLiteral("decryption failed"));
        auto otherAad = key.decryptGcm(JoseAlgorithm::A256Gcm, sealed.value(), "other");
        QVERIFY(!otherAad.ok());

        auto wrongSize = key.encryptGcm(JoseAlgorithm::A128Gcm, plaintext);
        QVERIFY(!wrongSize.ok());
        QCOMPARE(wrongSize.error().kind, ErrorKind::Invalid);
        HsmKeyOperations key128(*m_token, "aes128");
        auto sealed128 = key128.encryptGcm(JoseAlgorithm::A128Gcm, plaintext);
        QVERIFY2(sealed128.ok(), errorText(sealed128).constData());
        auto opened128 = key128.decryptGcm(JoseAlgorithm::A128Gcm, sealed128.value());
        QVERIFY2(opened128.ok(), errorText(opened128).constData());
        QVERIFY(opened128->equals(plaintext));
    }

    void aesKeyWrapRoundTrip()
    {
        HsmKeyOperations key(*m_token, "aes256");
        const SecureBuffer secret = randomSecret(32);
        auto wrapped = key.wrapKey(JoseAlgorithm::A256Kw, secret);
        QVERIFY2(wrapped.ok(), errorText(wrapped).constData());
        QCOMPARE(wrapped->size(), 40);
        auto unwrapped = key.unwrapKey(JoseAlgorithm::A256Kw, wrapped.value());
        QVERIFY2(unwrapped.ok(), errorText(unwrapped).constData());
        QVERIFY(unwrapped->equals(secret));

        QByteArray tampered = wrapped.value();
        tampered[5] = static_cast<char>(tampered[5] ^ 0x01);
        auto failed = key.unwrapKey(JoseAlgorithm::A256Kw, tampered);
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().kind, ErrorKind::Invalid);
        HsmKeyOperations key128(*m_token, "aes128");
        auto wrapped128 = key128.wrapKey(JoseAlgorithm::A128Kw, secret);
        QVERIFY2(wrapped128.ok(), errorText(wrapped128).constData());
        auto unwrapped128 = key128.unwrapKey(JoseAlgorithm::A128Kw, wrapped128.value());
        QVERIFY2(unwrapped128.ok(), errorText(unwrapped128).constData());
        QVERIFY(unwrapped128->equals(secret));
        QCOMPARE(key128.wrapKey(JoseAlgorithm::A256Kw, secret).error().kind, ErrorKind::Invalid);

        auto badLength = key.wrapKey(JoseAlgorithm::A256Kw, SecureBuffer::fromString("12345"));
        QVERIFY(!badLength.ok());
        QCOMPARE(badLength.error().kind, ErrorKind::Invalid);
    }

    void aesKeyWrapKnownAnswer()
    {
        // RFC 3394 4.6: 256-bit KEK 000102...1F wrapping 128 bits of key data.
        auto s = m_token->session();
        QVERIFY2(s.ok(), errorText(s).constData());
        CK_FUNCTION_LIST* f = m_module->functions();
        SecureBuffer kek(32);
        for (int i = 0; i < 32; ++i)
            kek.data()[i] = static_cast<unsigned char>(i);
        CK_OBJECT_CLASS objectClass = CKO_SECRET_KEY;
        CK_KEY_TYPE keyType = CKK_AES;
        CK_BBOOL yes = CK_TRUE;
        CK_BBOOL no = CK_FALSE;
        QByteArray id = "kat-kek";
        CK_ATTRIBUTE attributes[] = {
            {CKA_CLASS, &objectClass, sizeof objectClass},
            {CKA_KEY_TYPE, &keyType, sizeof keyType},
            {CKA_TOKEN, &no, sizeof no},
            {CKA_PRIVATE, &yes, sizeof yes},
            {CKA_ID, id.data(), static_cast<CK_ULONG>(id.size())},
            {CKA_WRAP, &yes, sizeof yes},
            {CKA_UNWRAP, &yes, sizeof yes},
            {CKA_VALUE, kek.data(), static_cast<CK_ULONG>(kek.size())},
        };
        CK_OBJECT_HANDLE handle = CK_INVALID_HANDLE;
        QCOMPARE(f->C_CreateObject(s.value(), attributes, CK_ULONG(std::size(attributes)), &handle), CKR_OK);

        const QByteArray keyData = QByteArray::fromHex("00112233445566778899AABBCCDDEEFF");
        const QByteArray expected = QByteArray::fromHex("64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7");
        HsmKeyOperations key(*m_token, id);
        auto wrapped = key.wrapKey(JoseAlgorithm::A256Kw, SecureBuffer(keyData.constData(), keyData.size()));
        QVERIFY2(wrapped.ok(), errorText(wrapped).constData());
        QCOMPARE(wrapped.value().toHex(), expected.toHex());
        auto unwrapped = key.unwrapKey(JoseAlgorithm::A256Kw, expected);
        QVERIFY2(unwrapped.ok(), errorText(unwrapped).constData());
        QCOMPARE(QByteArray(unwrapped->chars(), qsizetype(unwrapped->size())).toHex(), keyData.toHex());
        QCOMPARE(f->C_DestroyObject(s.value(), handle), CKR_OK);
    }

    void publicKeyFormats()
    {
        auto rsa = publicKeyJwk(m_publicKeys["rsa"], QStringLiteral("kid-1"), supportedOperations(KeyKind::Rsa));
        QVERIFY2(rsa.ok(), errorText(rsa).constData());
        QCOMPARE(rsa->value(QStringLiteral("kty")).toString(), QStringLiteral("RSA"));
        QCOMPARE(rsa->value(QStringLiteral("e")).toString(), QStringLiteral("AQAB"));
        QCOMPARE(
            QByteArray::fromBase64(rsa->value(QStringLiteral("n")).toString().toLatin1(), QByteArray::Base64UrlEncoding)
                .size(),
            256);
        QCOMPARE(rsa->value(QStringLiteral("kid")).toString(), QStringLiteral("kid-1"));
        QVERIFY(rsa->value(QStringLiteral("key_ops")).toArray().contains(QStringLiteral("wrapKey")));
        auto ec = publicKeyJwk(m_publicKeys["ec521"], QStringLiteral("kid-2"), {KeyOperation::Verify});
        QVERIFY2(ec.ok(), errorText(ec).constData());
        QCOMPARE(ec->value(QStringLiteral("crv")).toString(), QStringLiteral("P-521"));
        const QString x = ec->value(QStringLiteral("x")).toString();
        QVERIFY(!x.contains(QLatin1Char('=')));
        QCOMPARE(QByteArray::fromBase64(x.toLatin1(), QByteArray::Base64UrlEncoding).size(), 66);
        QVERIFY(!publicKeyJwk("not a key", {}, {}).ok());
        auto pem = publicKeyPem(m_publicKeys["ec256"]);
        QVERIFY2(pem.ok(), errorText(pem).constData());
        QVERIFY(pem->startsWith("-----BEGIN PUBLIC KEY-----\n"));
    }
};

CUSTOS_REGISTER_TEST(TestHsmKeyOperations)
#include "TestHsmKeyOperations.moc"
