#include "TestRegistry.h"

#include "OutcomeText.h"

#include "crypto/keys/software/SoftwareKey.h"
#include "crypto/x509/PemPrivateKey.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::crypto;

// x509::readPrivateKeyFile (`cert import --key`): every form openssl writes a key in reads back as
// the same key; encrypted DER needs its password; other bytes are refused clearly.
class TestPrivateKeyFile : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    QByteArray openssl(const QStringList& arguments)
    {
        const QString out = m_dir.filePath(QStringLiteral("out"));
        QFile::remove(out);
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStringLiteral("openssl"), arguments + QStringList{QStringLiteral("-out"), out});
        if (!process.waitForFinished(30000) || process.exitCode() != 0) {
            qWarning("openssl: %s", process.readAll().constData());
            return {};
        }
        QFile file(out);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    static QByteArray publicKeyOf(const SecureBuffer& pkcs8, KeyKind kind)
    {
        auto key = SoftwareKey::fromPrivateDer(kind, pkcs8);
        return key ? key->publicKeyDer().value() : QByteArray();
    }

private Q_SLOTS:
    void everyFormReadsBack_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QStringList>("conversion");
        QTest::addColumn<bool>("encrypted");
        const QStringList pkcs8Der{"pkey", "-outform", "DER"};
        QTest::newRow("EC PKCS#8 DER") << "ec" << pkcs8Der << false;
        QTest::newRow("EC SEC1 DER") << "ec" << QStringList{"ec", "-outform", "DER"} << false;
        QTest::newRow("EC SEC1 PEM") << "ec" << QStringList{"ec", "-outform", "PEM"} << false;
        QTest::newRow("RSA PKCS#8 DER") << "rsa" << pkcs8Der << false;
        QTest::newRow("RSA PKCS#1 DER") << "rsa" << QStringList{"rsa", "-outform", "DER", "-traditional"} << false;
        QTest::newRow("EC encrypted PKCS#8 DER")
            << "ec"
            << QStringList{"pkcs8", "-topk8", "-outform", "DER", "-v2", "aes-256-cbc", "-passout", "pass:kf-pass"}
            << true;
    }
    void everyFormReadsBack()
    {
        QFETCH(QString, algorithm);
        QFETCH(QStringList, conversion);
        QFETCH(bool, encrypted);
        QVERIFY(m_dir.isValid());
        const KeyKind kind = algorithm == QLatin1String("ec") ? KeyKind::Ec : KeyKind::Rsa;
        auto original =
            kind == KeyKind::Ec ? SoftwareKey::generateEc(QStringLiteral("P-384")) : SoftwareKey::generateRsa(2048);
        QVERIFY2(original, errorText(original).constData());
        auto encryptedPem = original->exportEncryptedPkcs8(SecureBuffer::fromString("src-pass"));
        QVERIFY(encryptedPem);
        const QString source = m_dir.filePath(QStringLiteral("source.pem"));
        QFile file(source);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(encryptedPem.value());
        file.close();
        const QByteArray bytes =
            openssl(conversion + QStringList{QStringLiteral("-in"), source, QStringLiteral("-passin"),
                                             QStringLiteral("pass:src-pass")});
        QVERIFY(!bytes.isEmpty());
        const SecureBuffer password = SecureBuffer::fromString("kf-pass");
        if (encrypted) {
            auto refused = x509::readPrivateKeyFile(bytes, nullptr);
            QVERIFY(!refused);
            QVERIFY2(refused.error().message.contains(QStringLiteral("DER private key is encrypted")),
                     qPrintable(refused.error().message));
            const SecureBuffer wrong = SecureBuffer::fromString("wrong");
            auto wrongPassword = x509::readPrivateKeyFile(bytes, &wrong);
            QVERIFY(!wrongPassword);
            QVERIFY2(wrongPassword.error().message.contains(QStringLiteral("wrong password")),
                     qPrintable(wrongPassword.error().message));
        }
        auto read = x509::readPrivateKeyFile(bytes, &password);
        QVERIFY2(read, errorText(read).constData());
        QCOMPARE(publicKeyOf(read.value(), kind), original->publicKeyDer().value());
    }

    void otherBytesAreRefused()
    {
        for (const QByteArray& bytes : {QByteArray("garbage"), QByteArray("\x30\x03\x02\x01\x01", 5),
                                        QByteArray("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")}) {
            auto refused = x509::readPrivateKeyFile(bytes, nullptr);
            QVERIFY(!refused);
            QCOMPARE(refused.error().kind, ErrorKind::Invalid);
        }
    }
};

CUSTOS_REGISTER_TEST(TestPrivateKeyFile)
#include "TestPrivateKeyFile.moc"
