#include "TestKeyCryptoFixture.h"
#include "TestRegistry.h"

#include "crypto/Random.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::model;
using namespace custos::keytest;
using crypto::JoseAlgorithm;
using crypto::KeyKind;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray output; // stdout and stderr
};

Run openssl(const QStringList& arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("openssl"), arguments);
    Run run;
    if (!process.waitForFinished(60000))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.output = process.readAll();
    return run;
}

QString opensslDigest(JoseAlgorithm algorithm)
{
    switch (crypto::digestOf(algorithm)) {
    case crypto::DigestKind::Sha384:
        return QStringLiteral("sha384");
    case crypto::DigestKind::Sha512:
        return QStringLiteral("sha512");
    default:
        return QStringLiteral("sha256");
    }
}

bool isPss(JoseAlgorithm algorithm)
{
    return algorithm == JoseAlgorithm::Ps256 || algorithm == JoseAlgorithm::Ps384 || algorithm == JoseAlgorithm::Ps512;
}

} // namespace

// Proof by an independent implementation (issue 3): the openssl command line verifies Custos's
// signatures with the exported PEM for every algorithm, and RSA-OAEP-256 works both ways.
class TestKeyOpensslInterop : public QObject
{
    Q_OBJECT
private:
    KeyFixture m_fx;
    QTemporaryDir m_files;

    QString write(const QString& name, const QByteArray& bytes)
    {
        const QString path = m_files.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            qWarning("cannot write %s", qPrintable(path));
        return path;
    }

    QByteArray read(const QString& name)
    {
        QFile file(m_files.filePath(name));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    static void protections()
    {
        QTest::addColumn<QString>("protection");
        QTest::newRow("hsm") << QStringLiteral("hsm");
        QTest::newRow("software") << QStringLiteral("software");
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("the openssl command is not installed");
        QVERIFY(m_files.isValid());
        const QString failed = m_fx.setUp();
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }
    void cleanupTestCase() { m_fx.tearDown(); }

    void opensslVerifiesSignatures_data() { protections(); }
    void opensslVerifiesSignatures()
    {
        QFETCH(QString, protection);
        const Protection p = protectionNamed(protection);
        QMap<QString, KeyRecord> keys; // "RSA", "P-256", ...
        auto rsa = m_fx.createKey(p, QStringLiteral("ossl-rsa-") + protection, KeyKind::Rsa, 3072);
        QVERIFY2(rsa, errorText(rsa));
        keys.insert(QStringLiteral("RSA"), rsa.value());
        for (const QString& curve : {QStringLiteral("P-256"), QStringLiteral("P-384"), QStringLiteral("P-521")}) {
            auto ec = m_fx.createKey(p, QStringLiteral("ossl-") + curve + QLatin1Char('-') + protection, KeyKind::Ec, 0,
                                     curve);
            QVERIFY2(ec, errorText(ec));
            keys.insert(curve, ec.value());
        }
        QMap<QString, QString> pems;
        for (auto it = keys.cbegin(); it != keys.cend(); ++it) {
            auto pem = test::await(m_fx.crypto().exportPublic(target(it.value()), PublicKeyFormat::Pem));
            QVERIFY2(pem, errorText(pem));
            pems.insert(it.key(), write(it.key() + QStringLiteral(".pem"), pem.value()));
        }
        const QByteArray message = QByteArrayLiteral("signed by Custos, verified by openssl");
        const QString messageFile = write(QStringLiteral("message.bin"), message);

        for (JoseAlgorithm alg : crypto::allJoseAlgorithms()) {
            if (!crypto::isSignatureAlgorithm(alg))
                continue;
            const QString name = crypto::joseAlgorithmName(alg);
            const bool ecdsa = crypto::requiredKeyKind(alg) == KeyKind::Ec;
            const QString keyName = ecdsa ? crypto::requiredCurve(alg) : QStringLiteral("RSA");
            const KeyRecord key = keys.value(keyName);
            // openssl reads DER ECDSA signatures.
            const SignatureFormat format = ecdsa ? SignatureFormat::Der : SignatureFormat::Raw;
            QStringList padding;
            if (isPss(alg))
                padding = {QStringLiteral("-sigopt"), QStringLiteral("rsa_padding_mode:pss"), QStringLiteral("-sigopt"),
                           QStringLiteral("rsa_pss_saltlen:digest")};

            // openssl dgst over the message.
            auto signature = test::await(m_fx.crypto().sign(target(key), name, message, false, format));
            QVERIFY2(signature, errorText(signature));
            const QString signatureFile = write(name + QStringLiteral(".sig"), signature.value());
            QStringList dgst{QStringLiteral("dgst"), QLatin1Char('-') + opensslDigest(alg), QStringLiteral("-verify"),
                             pems.value(keyName)};
            dgst << padding << QStringLiteral("-signature") << signatureFile << messageFile;
            const Run verified = openssl(dgst);
            QVERIFY2(verified.exitCode == 0 && verified.output.contains("Verified OK"),
                     qPrintable(name + QLatin1String(": ") + QString::fromUtf8(verified.output)));

            // A tampered signature fails in openssl too.
            QByteArray tampered = signature.value();
            tampered[tampered.size() - 3] = static_cast<char>(tampered[tampered.size() - 3] ^ 0x10);
            write(name + QStringLiteral(".sig"), tampered);
            const Run refused = openssl(dgst);
            QVERIFY2(refused.exitCode != 0,
                     qPrintable(name + QLatin1String(": openssl accepted a tampered signature")));

            // openssl pkeyutl over a digest Custos signed as a digest.
            const QByteArray digest = hashFor(alg, message);
            const QString digestFile = write(QStringLiteral("digest.bin"), digest);
            auto overDigest = test::await(m_fx.crypto().sign(target(key), name, digest, true, format));
            QVERIFY2(overDigest, errorText(overDigest));
            const QString digestSignatureFile = write(name + QStringLiteral(".dsig"), overDigest.value());
            QStringList pkeyutl{QStringLiteral("pkeyutl"),
                                QStringLiteral("-verify"),
                                QStringLiteral("-pubin"),
                                QStringLiteral("-inkey"),
                                pems.value(keyName),
                                QStringLiteral("-in"),
                                digestFile,
                                QStringLiteral("-sigfile"),
                                digestSignatureFile,
                                QStringLiteral("-pkeyopt"),
                                QStringLiteral("digest:") + opensslDigest(alg)};
            if (!ecdsa)
                pkeyutl << QStringLiteral("-pkeyopt")
                        << (isPss(alg) ? QStringLiteral("rsa_padding_mode:pss")
                                       : QStringLiteral("rsa_padding_mode:pkcs1"));
            if (isPss(alg))
                pkeyutl << QStringLiteral("-pkeyopt") << QStringLiteral("rsa_pss_saltlen:digest");
            const Run pkeyVerified = openssl(pkeyutl);
            QVERIFY2(pkeyVerified.exitCode == 0 && pkeyVerified.output.contains("Signature Verified Successfully"),
                     qPrintable(name + QLatin1String(" (pkeyutl): ") + QString::fromUtf8(pkeyVerified.output)));
        }
    }

    void rsaOaep256BothWays_data() { protections(); }
    void rsaOaep256BothWays()
    {
        QFETCH(QString, protection);
        const Protection p = protectionNamed(protection);
        const bool software = p == Protection::Software;
        const QStringList ops{QStringLiteral("encrypt"), QStringLiteral("decrypt"), QStringLiteral("export")};
        auto key = m_fx.createKey(p, QStringLiteral("oaep-") + protection, KeyKind::Rsa, 2048, {},
                                  software ? ops : QStringList(), software);
        QVERIFY2(key, errorText(key));
        auto pem = test::await(m_fx.crypto().exportPublic(target(key.value()), PublicKeyFormat::Pem));
        QVERIFY2(pem, errorText(pem));
        const QString publicFile = write(QStringLiteral("oaep-") + protection + QStringLiteral(".pem"), pem.value());
        const QStringList oaep{QStringLiteral("-pkeyopt"), QStringLiteral("rsa_padding_mode:oaep"),
                               QStringLiteral("-pkeyopt"), QStringLiteral("rsa_oaep_md:sha256"),
                               QStringLiteral("-pkeyopt"), QStringLiteral("rsa_mgf1_md:sha256")};

        // openssl encrypts, Custos decrypts.
        const QByteArray plaintext = crypto::randomBytes(48);
        const QString plainFile = write(QStringLiteral("plain.bin"), plaintext);
        const QString cipherFile = m_files.filePath(QStringLiteral("cipher.bin"));
        const Run encrypted = openssl(QStringList{QStringLiteral("pkeyutl"), QStringLiteral("-encrypt"),
                                                  QStringLiteral("-pubin"), QStringLiteral("-inkey"), publicFile,
                                                  QStringLiteral("-in"), plainFile, QStringLiteral("-out"), cipherFile}
                                      << oaep);
        QVERIFY2(encrypted.exitCode == 0, encrypted.output.constData());
        KeyCiphertext input;
        input.ciphertext = read(QStringLiteral("cipher.bin"));
        auto decrypted = test::await(m_fx.crypto().decrypt(target(key.value()), QStringLiteral("RSA-OAEP-256"), input));
        QVERIFY2(decrypted, errorText(decrypted));
        QCOMPARE(bytesOf(*decrypted.value()), plaintext);
        if (!software)
            return; // an HSM key's private part never leaves the token: openssl cannot decrypt with it

        // Custos encrypts, openssl decrypts with the exported (encrypted PKCS#8) private key.
        auto sealed = test::await(
            m_fx.crypto().encrypt(target(key.value()), QStringLiteral("RSA-OAEP-256"), secretOf(plaintext)));
        QVERIFY2(sealed, errorText(sealed));
        const QString password = QStringLiteral("interop password");
        auto privatePem = test::await(m_fx.crypto().exportPrivate(target(key.value()), secretOf(password.toUtf8())));
        QVERIFY2(privatePem, errorText(privatePem));
        const QString privateFile = write(QStringLiteral("private.pem"), privatePem.value());
        const QString passwordFile = write(QStringLiteral("password.txt"), password.toUtf8() + '\n');
        const QString custosCipherFile = write(QStringLiteral("custos-cipher.bin"), sealed->ciphertext);
        const QString outFile = m_files.filePath(QStringLiteral("decrypted.bin"));
        const Run opened =
            openssl(QStringList{QStringLiteral("pkeyutl"), QStringLiteral("-decrypt"), QStringLiteral("-inkey"),
                                privateFile, QStringLiteral("-passin"), QStringLiteral("file:") + passwordFile,
                                QStringLiteral("-in"), custosCipherFile, QStringLiteral("-out"), outFile}
                    << oaep);
        QVERIFY2(opened.exitCode == 0, opened.output.constData());
        QCOMPARE(read(QStringLiteral("decrypted.bin")), plaintext);
    }
};

CUSTOS_REGISTER_TEST(TestKeyOpensslInterop)
#include "TestKeyOpensslInterop.moc"
