#include "SoftHsmTestToken.h"
#include "TestRegistry.h"

#include "OutcomeText.h"

#include "crypto/Random.h"
#include "crypto/keys/PublicKeyOperations.h"
#include "crypto/keys/software/SoftwareKey.h"
#include "crypto/pkcs11/Pkcs11Module.h"
#include "crypto/pkcs11/Token.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>
#include <optional>

using namespace custos;
using namespace custos::crypto;

namespace {
const QString kTokenLabel = QStringLiteral("custos-sealing");
const QString kSealingLabel = QStringLiteral("custos-sealing-key");

QByteArray publicPem(const QByteArray& der)
{
    QByteArray pem("-----BEGIN PUBLIC KEY-----\n");
    const QByteArray base64 = der.toBase64();
    for (qsizetype i = 0; i < base64.size(); i += 64)
        pem += base64.mid(i, 64) + '\n';
    return pem + "-----END PUBLIC KEY-----\n";
}

QByteArray secretBytes(const SecureBuffer& buffer) // test-only comparison
{
    return QByteArray(buffer.chars(), static_cast<qsizetype>(buffer.size()));
}

struct Run
{
    int exitCode = -1;
    QString output;
};
} // namespace

class TestSoftwareKeys : public QObject
{
    Q_OBJECT

private:
    test::SoftHsmTestToken m_softHsm;
    QTemporaryDir m_files;
    std::shared_ptr<Pkcs11Module> m_module;
    Token* m_token = nullptr; // owned by m_softHsm
    std::optional<SoftwareKey> m_rsa;
    std::map<QString, SoftwareKey> m_ec;
    QString m_openssl;

    QString writeFile(const QString& name, const QByteArray& content)
    {
        const QString path = m_files.filePath(name);
        QFile file(path);
        if (file.open(QIODevice::WriteOnly))
            file.write(content);
        return path;
    }
    QByteArray readFile(const QString& name)
    {
        QFile file(m_files.filePath(name));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    Run openssl(const QStringList& arguments)
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(m_openssl, arguments);
        Run run;
        if (!process.waitForFinished(30000))
            return run;
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.output = QString::fromUtf8(process.readAll());
        return run;
    }
    const SoftwareKey& keyFor(JoseAlgorithm algorithm)
    {
        switch (algorithm) {
        case JoseAlgorithm::Es256:
            return m_ec.at(QStringLiteral("P-256"));
        case JoseAlgorithm::Es384:
            return m_ec.at(QStringLiteral("P-384"));
        case JoseAlgorithm::Es512:
            return m_ec.at(QStringLiteral("P-521"));
        default:
            return *m_rsa;
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_files.isValid());
        m_openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        auto rsa = SoftwareKey::generateRsa(2048);
        QVERIFY2(rsa.ok(), errorText(rsa).constData());
        m_rsa.emplace(rsa.take());
        for (const QString& curve : {QStringLiteral("P-256"), QStringLiteral("P-384"), QStringLiteral("P-521")}) {
            auto ec = SoftwareKey::generateEc(curve);
            QVERIFY2(ec.ok(), errorText(ec).constData());
            QCOMPARE(ec->curve(), curve);
            m_ec.emplace(curve, ec.take());
        }
        QCOMPARE(m_rsa->bits(), 2048);
        QCOMPARE(m_ec.at(QStringLiteral("P-521")).bits(), 521);

        if (!test::SoftHsmTestToken::moduleInstalled())
            return; // the sealing test skips
        const QString problem = m_softHsm.setUp(kTokenLabel);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        m_module = m_softHsm.module();
        m_token = m_softHsm.token();
    }

    void cleanupTestCase()
    {
        m_token = nullptr;
        m_module.reset();
        m_softHsm.tearDown();
    }

    void generationRejectsBadSizes()
    {
        QCOMPARE(SoftwareKey::generateRsa(1024).error().kind, ErrorKind::Invalid);
        QCOMPARE(SoftwareKey::generateEc(QStringLiteral("P-224")).error().kind, ErrorKind::Invalid);
        QCOMPARE(SoftwareKey::generateAes(64).error().kind, ErrorKind::Invalid);
    }

    void sealedAtRestUnderTokenKey()
    {
        if (!m_token)
            QSKIP("SoftHSM2 is not installed");
        auto ensured = m_token->ensureSealingKey(kSealingLabel);
        QVERIFY2(ensured.ok(), errorText(ensured).constData());
        ensured = m_token->ensureSealingKey(kSealingLabel); // exists: nothing to do
        QVERIFY2(ensured.ok(), errorText(ensured).constData());

        const SoftwareKey& key = m_ec.at(QStringLiteral("P-384"));
        auto der = key.toPrivateDer();
        QVERIFY2(der.ok(), errorText(der).constData());
        const QByteArray aad("vault/keys/ec-1/1");
        auto sealed = m_token->seal(kSealingLabel, der.value(), aad);
        QVERIFY2(sealed.ok(), errorText(sealed).constData());
        QCOMPARE(sealed->size(), qsizetype(12 + der->size() + 16));
        QVERIFY(!sealed->contains(secretBytes(der.value()).mid(8, 32)));

        auto unsealed = m_token->unseal(kSealingLabel, sealed.value(), aad);
        QVERIFY2(unsealed.ok(), errorText(unsealed).constData());
        QVERIFY(unsealed->equals(der.value()));
        auto restored = SoftwareKey::fromPrivateDer(KeyKind::Ec, unsealed.value());
        QVERIFY2(restored.ok(), errorText(restored).constData());
        QCOMPARE(restored->publicKeyDer().value(), key.publicKeyDer().value());

        // Tampered blob, other aad, other key: all fail the same way.
        for (const qsizetype at : {qsizetype(0), qsizetype(20), sealed->size() - 1}) {
            QByteArray tampered = sealed.value();
            tampered[at] = static_cast<char>(tampered.at(at) ^ 0x01);
            auto bad = m_token->unseal(kSealingLabel, tampered, aad);
            QVERIFY(!bad.ok());
            QCOMPARE(bad.error().message, QStringLiteral("authentication failed"));
        }
        auto otherAad = m_token->unseal(kSealingLabel, sealed.value(), "vault/keys/ec-2/1");
        QVERIFY(!otherAad.ok());
        QVERIFY(!m_token->unseal(kSealingLabel, sealed->left(20), aad).ok());
        auto missing = m_token->seal(QStringLiteral("no-such-key"), der.value(), aad);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, ErrorKind::NotFound);
    }

    void privateDerRoundTrip()
    {
        auto der = m_rsa->toPrivateDer();
        QVERIFY2(der.ok(), errorText(der).constData());
        auto back = SoftwareKey::fromPrivateDer(KeyKind::Rsa, der.value());
        QVERIFY2(back.ok(), errorText(back).constData());
        QCOMPARE(back->publicKeyDer().value(), m_rsa->publicKeyDer().value());
        QVERIFY(!SoftwareKey::fromPrivateDer(KeyKind::Ec, der.value()).ok());
        SecureBuffer truncated(der->data(), der->size() / 2);
        QVERIFY(!SoftwareKey::fromPrivateDer(KeyKind::Rsa, truncated).ok());
    }

    void signaturesVerifyWithOpenssl_data()
    {
        QTest::addColumn<int>("algorithm");
        QTest::addColumn<QString>("digest");
        QTest::addColumn<bool>("pss");
        QTest::addColumn<int>("rawSize"); // ECDSA r||s; 0 for RSA
        QTest::newRow("RS256") << int(JoseAlgorithm::Rs256) << "-sha256" << false << 0;
        QTest::newRow("RS384") << int(JoseAlgorithm::Rs384) << "-sha384" << false << 0;
        QTest::newRow("RS512") << int(JoseAlgorithm::Rs512) << "-sha512" << false << 0;
        QTest::newRow("PS256") << int(JoseAlgorithm::Ps256) << "-sha256" << true << 0;
        QTest::newRow("PS384") << int(JoseAlgorithm::Ps384) << "-sha384" << true << 0;
        QTest::newRow("PS512") << int(JoseAlgorithm::Ps512) << "-sha512" << true << 0;
        QTest::newRow("ES256") << int(JoseAlgorithm::Es256) << "-sha256" << false << 64;
        QTest::newRow("ES384") << int(JoseAlgorithm::Es384) << "-sha384" << false << 96;
        QTest::newRow("ES512") << int(JoseAlgorithm::Es512) << "-sha512" << false << 132;
    }

    void signaturesVerifyWithOpenssl()
    {
        QFETCH(int, algorithm);
        QFETCH(QString, digest);
        QFETCH(bool, pss);
        QFETCH(int, rawSize);
        const auto alg = static_cast<JoseAlgorithm>(algorithm);
        const SoftwareKey& key = keyFor(alg);
        const QByteArray data("Custos signs this for the openssl command line.");

        auto signature = key.sign(alg, data);
        QVERIFY2(signature.ok(), errorText(signature).constData());
        if (rawSize)
            QCOMPARE(signature->size(), qsizetype(rawSize));
        auto verified = key.verify(alg, data, signature.value());
        QVERIFY2(verified.ok() && verified.value(), errorText(verified).constData());
        QVERIFY(!key.verify(alg, data + "!", signature.value()).value());

        // Over a precomputed digest: the same hash, so it verifies against the data as well.
        const QCryptographicHash::Algorithm hash = digest == QLatin1String("-sha256")   ? QCryptographicHash::Sha256
                                                   : digest == QLatin1String("-sha384") ? QCryptographicHash::Sha384
                                                                                        : QCryptographicHash::Sha512;
        auto overDigest = key.signDigest(alg, QCryptographicHash::hash(data, hash));
        QVERIFY2(overDigest.ok(), errorText(overDigest).constData());
        QVERIFY(key.verify(alg, data, overDigest.value()).value());
        QCOMPARE(key.signDigest(alg, QByteArray(20, 'x')).error().kind, ErrorKind::Invalid);

        if (m_openssl.isEmpty())
            QSKIP("openssl is not installed");
        const QString tag = QString::fromLatin1(QTest::currentDataTag());
        const QString pub = writeFile(tag + QStringLiteral(".pub.pem"), publicPem(key.publicKeyDer().value()));
        const QString in = writeFile(tag + QStringLiteral(".data"), data);
        for (const QByteArray& sig : {signature.value(), overDigest.value()}) {
            QByteArray encoded = sig;
            if (rawSize) {
                auto der = ecdsaRawToDer(sig);
                QVERIFY2(der.ok(), errorText(der).constData());
                encoded = der.take();
            }
            const QString sigFile = writeFile(tag + QStringLiteral(".sig"), encoded);
            QStringList arguments{QStringLiteral("dgst"), digest, QStringLiteral("-verify"), pub};
            if (pss)
                arguments << QStringLiteral("-sigopt") << QStringLiteral("rsa_padding_mode:pss")
                          << QStringLiteral("-sigopt") << QStringLiteral("rsa_pss_saltlen:digest");
            arguments << QStringLiteral("-signature") << sigFile << in;
            const Run run = openssl(arguments);
            QVERIFY2(run.exitCode == 0 && run.output.contains(QStringLiteral("Verified OK")), qPrintable(run.output));
        }
    }

    void wrongKeyForAlgorithmIsRefused()
    {
        QCOMPARE(m_ec.at(QStringLiteral("P-256")).sign(JoseAlgorithm::Rs256, "x").error().kind, ErrorKind::Invalid);
        QCOMPARE(m_rsa->sign(JoseAlgorithm::Es256, "x").error().kind, ErrorKind::Invalid);
        auto curve = m_ec.at(QStringLiteral("P-256")).sign(JoseAlgorithm::Es384, "x");
        QVERIFY(!curve.ok());
        QVERIFY2(curve.error().message.contains(QStringLiteral("P-384")), qPrintable(curve.error().message));
        QCOMPARE(m_rsa->sign(JoseAlgorithm::A256Gcm, "x").error().kind, ErrorKind::Invalid);
    }

    void rsaOaepInteroperatesWithOpenssl()
    {
        if (m_openssl.isEmpty())
            QSKIP("openssl is not installed");
        const QByteArray secret("thirty-two bytes of a content key");
        const QString pub = writeFile(QStringLiteral("oaep.pub.pem"), publicPem(m_rsa->publicKeyDer().value()));
        const QString in = writeFile(QStringLiteral("oaep.in"), secret);
        const QString out = m_files.filePath(QStringLiteral("oaep.ct"));
        const Run run = openssl({QStringLiteral("pkeyutl"), QStringLiteral("-encrypt"), QStringLiteral("-pubin"),
                                 QStringLiteral("-inkey"), pub, QStringLiteral("-in"), in, QStringLiteral("-out"), out,
                                 QStringLiteral("-pkeyopt"), QStringLiteral("rsa_padding_mode:oaep"),
                                 QStringLiteral("-pkeyopt"), QStringLiteral("rsa_oaep_md:sha256"),
                                 QStringLiteral("-pkeyopt"), QStringLiteral("rsa_mgf1_md:sha256")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        auto plain = m_rsa->decrypt(JoseAlgorithm::RsaOaep256, readFile(QStringLiteral("oaep.ct")));
        QVERIFY2(plain.ok(), errorText(plain).constData());
        QCOMPARE(secretBytes(plain.value()), secret);
        // The SHA-1 variant is a different padding: the same ciphertext does not decrypt.
        QVERIFY(!m_rsa->decrypt(JoseAlgorithm::RsaOaep, readFile(QStringLiteral("oaep.ct"))).ok());

        // The other way: Custos encrypts, openssl decrypts with the exported private key.
        const SecureBuffer password = SecureBuffer::fromString("oaep export password");
        auto pem = m_rsa->exportEncryptedPkcs8(password);
        QVERIFY2(pem.ok(), errorText(pem).constData());
        const QString keyFile = writeFile(QStringLiteral("oaep.key.pem"), pem.value());
        const QString passFile = writeFile(QStringLiteral("oaep.pass"), "oaep export password\n");
        for (const JoseAlgorithm alg : {JoseAlgorithm::RsaOaep256, JoseAlgorithm::RsaOaep, JoseAlgorithm::Rsa1_5}) {
            auto ct = m_rsa->encrypt(alg, SecureBuffer(secret.constData(), static_cast<std::size_t>(secret.size())));
            QVERIFY2(ct.ok(), errorText(ct).constData());
            auto back = m_rsa->decrypt(alg, ct.value());
            QVERIFY2(back.ok(), errorText(back).constData());
            QCOMPARE(secretBytes(back.value()), secret);
            if (alg != JoseAlgorithm::RsaOaep256)
                continue;
            const QString ctFile = writeFile(QStringLiteral("oaep.ct2"), ct.value());
            const QString plainFile = m_files.filePath(QStringLiteral("oaep.out"));
            const Run decrypted = openssl(
                {QStringLiteral("pkeyutl"), QStringLiteral("-decrypt"), QStringLiteral("-inkey"), keyFile,
                 QStringLiteral("-passin"), QStringLiteral("file:") + passFile, QStringLiteral("-in"), ctFile,
                 QStringLiteral("-out"), plainFile, QStringLiteral("-pkeyopt"), QStringLiteral("rsa_padding_mode:oaep"),
                 QStringLiteral("-pkeyopt"), QStringLiteral("rsa_oaep_md:sha256"), QStringLiteral("-pkeyopt"),
                 QStringLiteral("rsa_mgf1_md:sha256")});
            QVERIFY2(decrypted.exitCode == 0, qPrintable(decrypted.output));
            QCOMPARE(readFile(QStringLiteral("oaep.out")), secret);
        }
    }

    void encryptedPkcs8OpensWithOpenssl()
    {
        if (m_openssl.isEmpty())
            QSKIP("openssl is not installed");
        const SecureBuffer password = SecureBuffer::fromString("correct horse battery staple");
        for (const SoftwareKey* key : {&*m_rsa, &m_ec.at(QStringLiteral("P-521"))}) {
            auto pem = key->exportEncryptedPkcs8(password);
            QVERIFY2(pem.ok(), errorText(pem).constData());
            QVERIFY(pem->startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
            const QString file = writeFile(QStringLiteral("export.pem"), pem.value());
            const QString good = writeFile(QStringLiteral("good.txt"), "correct horse battery staple\n");
            const QString bad = writeFile(QStringLiteral("bad.txt"), "wrong horse\n");
            const Run opened = openssl({QStringLiteral("pkey"), QStringLiteral("-in"), file, QStringLiteral("-passin"),
                                        QStringLiteral("file:") + good, QStringLiteral("-noout")});
            QVERIFY2(opened.exitCode == 0, qPrintable(opened.output));
            const Run refused = openssl({QStringLiteral("pkey"), QStringLiteral("-in"), file, QStringLiteral("-passin"),
                                         QStringLiteral("file:") + bad, QStringLiteral("-noout")});
            QVERIFY2(refused.exitCode != 0, qPrintable(refused.output));
            // PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC.
            const Run parsed = openssl({QStringLiteral("asn1parse"), QStringLiteral("-in"), file});
            QVERIFY2(parsed.exitCode == 0, qPrintable(parsed.output));
            for (const char* expected : {"PBES2", "PBKDF2", "hmacWithSHA256", "aes-256-cbc"})
                QVERIFY2(parsed.output.contains(QLatin1String(expected)), qPrintable(parsed.output));
        }
        QVERIFY(!m_rsa->exportEncryptedPkcs8(SecureBuffer()).ok());
        auto aes = SoftwareKey::generateAes(256);
        QVERIFY(!aes->exportEncryptedPkcs8(password).ok());
    }

    void aesGcmAndKeyWrap()
    {
        for (const int bits : {128, 192, 256}) {
            auto key = SoftwareKey::generateAes(bits);
            QVERIFY2(key.ok(), errorText(key).constData());
            QCOMPARE(key->bits(), bits);
            const SecureBuffer plain = SecureBuffer::fromString("software key payload");
            auto sealed = key->encryptGcm(plain, "aad");
            QVERIFY2(sealed.ok(), errorText(sealed).constData());
            QCOMPARE(sealed->size(), qsizetype(12 + plain.size() + 16));
            auto opened = key->decryptGcm(sealed.value(), "aad");
            QVERIFY2(opened.ok(), errorText(opened).constData());
            QVERIFY(opened->equals(plain));
            QByteArray tampered = sealed.value();
            tampered[14] = static_cast<char>(tampered.at(14) ^ 0x80);
            QVERIFY(!key->decryptGcm(tampered, "aad").ok());
            QVERIFY(!key->decryptGcm(sealed.value(), "other").ok());

            const SecureBuffer cek = randomSecret(32);
            auto wrapped = key->wrapKey(cek);
            QVERIFY2(wrapped.ok(), errorText(wrapped).constData());
            QCOMPARE(wrapped->size(), qsizetype(40));
            auto unwrapped = key->unwrapKey(wrapped.value());
            QVERIFY2(unwrapped.ok(), errorText(unwrapped).constData());
            QVERIFY(unwrapped->equals(cek));
            QByteArray broken = wrapped.value();
            broken[3] = static_cast<char>(broken.at(3) ^ 0x01);
            QVERIFY(!key->unwrapKey(broken).ok());
        }
        // RFC 3394, 4.1: 128-bit key data with a 128-bit KEK.
        const QByteArray kek = QByteArray::fromHex("000102030405060708090A0B0C0D0E0F");
        auto key = SoftwareKey::fromPrivateDer(KeyKind::Aes, SecureBuffer(kek.constData(), 16));
        QVERIFY2(key.ok(), errorText(key).constData());
        const QByteArray data = QByteArray::fromHex("00112233445566778899AABBCCDDEEFF");
        auto wrapped = key->wrapKey(SecureBuffer(data.constData(), 16));
        QVERIFY2(wrapped.ok(), errorText(wrapped).constData());
        QCOMPARE(wrapped.value(), QByteArray::fromHex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"));
    }

    void movedFromKeyIsEmpty()
    {
        auto key = SoftwareKey::generateEc(QStringLiteral("P-256"));
        QVERIFY2(key.ok(), errorText(key).constData());
        SoftwareKey moved = key.take();
        QVERIFY(moved.sign(JoseAlgorithm::Es256, "x").ok());
        SoftwareKey other = std::move(moved);
        QVERIFY(other.sign(JoseAlgorithm::Es256, "x").ok());
    }
};

CUSTOS_REGISTER_TEST(TestSoftwareKeys)
#include "TestSoftwareKeys.moc"
