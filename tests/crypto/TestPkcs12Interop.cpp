#include "TestRegistry.h"

#include "OutcomeText.h"
#include "X509TestFiles.h"

#include "crypto/keys/software/SoftwareKey.h"
#include "crypto/x509/Pkcs12.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace custos;
using namespace custos::crypto;
using namespace custos::crypto::x509;
using namespace custos::test::x509files;

namespace {
const char* const kPassword = "interop-pass"; // keytool wants at least six characters
const QString kFriendlyName = QStringLiteral("custos-interop");
const QString kModern = QStringLiteral("AES-256-CBC, PBKDF2-HMAC-SHA256");
const QString kLegacy = QStringLiteral("3DES + RC2-40 (legacy)");
} // namespace

// Proof by independent implementations (issues 4 and 8): PKCS#12 files Custos writes are read by
// Java's keytool and by the OpenSSL CLI; files they write are read by Custos.
class TestPkcs12Interop : public QObject
{
    Q_OBJECT

private:
    QString m_openssl;
    QString m_keytool;

    QString needOpenssl()
    {
        m_openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        return m_openssl;
    }

    ToolRun openssl(const QStringList& arguments) { return runTool(m_openssl, arguments); }

    // A software key and a self-signed certificate for it (made by `openssl req` from the key's PKCS#8).
    struct KeyAndCertificate
    {
        std::optional<SoftwareKey> key;
        SecureBuffer pkcs8;
        QByteArray certificateDer;
    };

    bool makeKeyAndCertificate(const QString& type, const QDir& dir, KeyAndCertificate& made)
    {
        auto key = type == QLatin1String("rsa") ? SoftwareKey::generateRsa(2048)
                                                : SoftwareKey::generateEc(QStringLiteral("P-256"));
        if (!key.ok())
            return false;
        auto der = key->toPrivateDer();
        if (!der.ok())
            return false;
        const QString keyPath = dir.filePath(QStringLiteral("key.der"));
        const QString certPath = dir.filePath(QStringLiteral("cert.der"));
        if (!writeFile(keyPath, QByteArray(der->chars(), static_cast<qsizetype>(der->size())))) // test key only
            return false;
        const ToolRun run =
            openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-new"), QStringLiteral("-key"),
                     keyPath, QStringLiteral("-keyform"), QStringLiteral("DER"), QStringLiteral("-subj"),
                     QStringLiteral("/CN=interop.example.test"), QStringLiteral("-days"), QStringLiteral("30"),
                     QStringLiteral("-outform"), QStringLiteral("DER"), QStringLiteral("-out"), certPath});
        QFile::remove(keyPath);
        if (run.exitCode != 0) {
            qWarning("openssl req: %s", qPrintable(run.output));
            return false;
        }
        made.certificateDer = readFile(certPath);
        made.pkcs8 = der.take();
        made.key.emplace(key.take());
        return !made.certificateDer.isEmpty();
    }

    static void profileRows()
    {
        QTest::addColumn<int>("profile");
        QTest::addColumn<QString>("keyType");
        QTest::newRow("modern-rsa") << int(Pkcs12Profile::Modern) << QStringLiteral("rsa");
        QTest::newRow("modern-ec") << int(Pkcs12Profile::Modern) << QStringLiteral("ec");
        QTest::newRow("legacy-rsa") << int(Pkcs12Profile::Legacy) << QStringLiteral("rsa");
        QTest::newRow("legacy-ec") << int(Pkcs12Profile::Legacy) << QStringLiteral("ec");
    }

    // Writes a PKCS#12 of a fresh key with writePkcs12; `path` gets the file.
    void writeCustosFile(Pkcs12Profile profile, const QString& keyType, const QDir& dir, KeyAndCertificate& made,
                         QString& path)
    {
        QVERIFY(makeKeyAndCertificate(keyType, dir, made));
        auto written = writePkcs12(made.pkcs8, made.certificateDer, {}, SecureBuffer::fromString(kPassword), profile,
                                   kFriendlyName);
        QVERIFY2(written.ok(), errorText(written));
        path = dir.filePath(QStringLiteral("custos.p12"));
        QVERIFY(writeFile(path, written.value()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        needOpenssl();
        m_keytool = QStandardPaths::findExecutable(QStringLiteral("keytool"));
    }

    void keytoolListsCustosFile_data() { profileRows(); }
    void keytoolListsCustosFile()
    {
        QFETCH(int, profile);
        QFETCH(QString, keyType);
        if (m_openssl.isEmpty())
            QSKIP("openssl is not installed");
        if (m_keytool.isEmpty())
            QSKIP("keytool is not installed (Debian: default-jre-headless)");
        QTemporaryDir dir;
        KeyAndCertificate made;
        QString path;
        writeCustosFile(Pkcs12Profile(profile), keyType, QDir(dir.path()), made, path);
        if (QTest::currentTestFailed())
            return;
        const ToolRun run = runTool(m_keytool, {QStringLiteral("-list"), QStringLiteral("-storetype"),
                                                QStringLiteral("PKCS12"), QStringLiteral("-keystore"), path,
                                                QStringLiteral("-storepass"), QString::fromLatin1(kPassword)});
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        QVERIFY2(run.output.contains(QStringLiteral("Your keystore contains 1 entry")), qPrintable(run.output));
        QVERIFY2(run.output.contains(kFriendlyName + QStringLiteral(", ")) &&
                     run.output.contains(QStringLiteral("PrivateKeyEntry")),
                 qPrintable(run.output));

        const ToolRun wrong = runTool(m_keytool, {QStringLiteral("-list"), QStringLiteral("-storetype"),
                                                  QStringLiteral("PKCS12"), QStringLiteral("-keystore"), path,
                                                  QStringLiteral("-storepass"), QStringLiteral("wrong-pass")});
        QVERIFY2(wrong.exitCode != 0, qPrintable(wrong.output));
    }

    void opensslReadsCustosFile_data() { profileRows(); }
    void opensslReadsCustosFile()
    {
        QFETCH(int, profile);
        QFETCH(QString, keyType);
        if (m_openssl.isEmpty())
            QSKIP("openssl is not installed");
        const bool legacy = Pkcs12Profile(profile) == Pkcs12Profile::Legacy;
        QTemporaryDir dir;
        KeyAndCertificate made;
        QString path;
        writeCustosFile(Pkcs12Profile(profile), keyType, QDir(dir.path()), made, path);
        if (QTest::currentTestFailed())
            return;
        const QStringList legacyFlag = legacy ? QStringList{QStringLiteral("-legacy")} : QStringList{};
        const QStringList input{QStringLiteral("-in"), path, QStringLiteral("-passin"),
                                QStringLiteral("pass:") + QString::fromLatin1(kPassword)};

        // The algorithms openssl reports are the profile's.
        const ToolRun info = openssl(QStringList{QStringLiteral("pkcs12")} + legacyFlag + input +
                                     QStringList{QStringLiteral("-info"), QStringLiteral("-noout")});
        QVERIFY2(info.exitCode == 0, qPrintable(info.output));
        const QStringList expected =
            legacy
                ? QStringList{QStringLiteral("MAC: sha1"),
                              QStringLiteral("Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC"),
                              QStringLiteral("PKCS7 Encrypted data: pbeWithSHA1And40BitRC2-CBC")}
                : QStringList{
                      QStringLiteral("MAC: sha256"),
                      QStringLiteral("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256"),
                      QStringLiteral(
                          "PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256")};
        for (const QString& line : expected)
            QVERIFY2(info.output.contains(line), qPrintable(line + QStringLiteral(" missing in:\n") + info.output));

        // The key openssl takes out is the original one.
        const QString keyPem = dir.filePath(QStringLiteral("extracted-key.pem"));
        const ToolRun extract =
            openssl(QStringList{QStringLiteral("pkcs12")} + legacyFlag + input +
                    QStringList{QStringLiteral("-nodes"), QStringLiteral("-nocerts"), QStringLiteral("-out"), keyPem});
        QVERIFY2(extract.exitCode == 0, qPrintable(extract.output));
        const QString publicDer = dir.filePath(QStringLiteral("public.der"));
        const ToolRun pub =
            openssl({QStringLiteral("pkey"), QStringLiteral("-in"), keyPem, QStringLiteral("-pubout"),
                     QStringLiteral("-outform"), QStringLiteral("DER"), QStringLiteral("-out"), publicDer});
        QVERIFY2(pub.exitCode == 0, qPrintable(pub.output));
        auto original = made.key->publicKeyDer();
        QVERIFY2(original.ok(), errorText(original));
        QCOMPARE(readFile(publicDer), original.value());

        // And the certificate with it.
        const QString certPem = dir.filePath(QStringLiteral("extracted-cert.pem"));
        const ToolRun certs = openssl(
            QStringList{QStringLiteral("pkcs12")} + legacyFlag + input +
            QStringList{QStringLiteral("-nokeys"), QStringLiteral("-clcerts"), QStringLiteral("-out"), certPem});
        QVERIFY2(certs.exitCode == 0, qPrintable(certs.output));
        QVERIFY2(readFile(certPem).contains(QByteArray("friendlyName: ") + kFriendlyName.toUtf8()),
                 readFile(certPem).constData());
    }

    void opensslExportIsRead_data()
    {
        QTest::addColumn<bool>("legacy");
        QTest::addColumn<QString>("newKey");
        QTest::newRow("modern-rsa") << false << QStringLiteral("rsa:2048");
        QTest::newRow("modern-ec") << false << QStringLiteral("ec");
        QTest::newRow("legacy-rsa") << true << QStringLiteral("rsa:2048");
        QTest::newRow("legacy-ec") << true << QStringLiteral("ec");
    }
    void opensslExportIsRead()
    {
        QFETCH(bool, legacy);
        QFETCH(QString, newKey);
        if (m_openssl.isEmpty())
            QSKIP("openssl is not installed");
        QTemporaryDir dir;
        const QString key = dir.filePath(QStringLiteral("k.pem"));
        const QString cert = dir.filePath(QStringLiteral("c.pem"));
        QStringList req{QStringLiteral("req"),
                        QStringLiteral("-x509"),
                        QStringLiteral("-newkey"),
                        newKey,
                        QStringLiteral("-nodes"),
                        QStringLiteral("-keyout"),
                        key,
                        QStringLiteral("-out"),
                        cert,
                        QStringLiteral("-subj"),
                        QStringLiteral("/CN=openssl.example.test"),
                        QStringLiteral("-days"),
                        QStringLiteral("30")};
        if (newKey == QLatin1String("ec"))
            req << QStringLiteral("-pkeyopt") << QStringLiteral("ec_paramgen_curve:P-384");
        const ToolRun made = openssl(req);
        QVERIFY2(made.exitCode == 0, qPrintable(made.output));

        const QString p12 = dir.filePath(QStringLiteral("export.p12"));
        QStringList exportArgs{QStringLiteral("pkcs12"),   QStringLiteral("-export"),
                               QStringLiteral("-inkey"),   key,
                               QStringLiteral("-in"),      cert,
                               QStringLiteral("-passout"), QStringLiteral("pass:") + QString::fromLatin1(kPassword),
                               QStringLiteral("-out"),     p12};
        if (legacy)
            exportArgs << QStringLiteral("-legacy");
        const ToolRun exported = openssl(exportArgs);
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.output));

        auto read = readPkcs12(readFile(p12), SecureBuffer::fromString(kPassword));
        QVERIFY2(read.ok(), errorText(read));
        QCOMPARE(read->encryption, legacy ? kLegacy : kModern);
        QCOMPARE(read->legacy, legacy);
        QVERIFY(read->chainDer.isEmpty());

        const QString certDer = dir.filePath(QStringLiteral("c.der"));
        QCOMPARE(openssl({QStringLiteral("x509"), QStringLiteral("-in"), cert, QStringLiteral("-outform"),
                          QStringLiteral("DER"), QStringLiteral("-out"), certDer})
                     .exitCode,
                 0);
        QCOMPARE(read->certificateDer, readFile(certDer));
        const QString publicDer = dir.filePath(QStringLiteral("public.der"));
        QCOMPARE(openssl({QStringLiteral("pkey"), QStringLiteral("-in"), key, QStringLiteral("-pubout"),
                          QStringLiteral("-outform"), QStringLiteral("DER"), QStringLiteral("-out"), publicDer})
                     .exitCode,
                 0);
        QCOMPARE(privateKeyPublicKey(read->privateKeyPkcs8Der), readFile(publicDer));
        QCOMPARE(certificatePublicKey(read->certificateDer), readFile(publicDer));
        // Custos's own key code takes the key as it comes out.
        auto imported = SoftwareKey::fromPrivateDer(newKey == QLatin1String("ec") ? KeyKind::Ec : KeyKind::Rsa,
                                                    read->privateKeyPkcs8Der);
        QVERIFY2(imported.ok(), errorText(imported));
        auto importedPublic = imported->publicKeyDer();
        QVERIFY2(importedPublic.ok(), errorText(importedPublic));
        QCOMPARE(importedPublic.value(), readFile(publicDer));

        auto wrong = readPkcs12(readFile(p12), SecureBuffer::fromString("not-the-password"));
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().message, QStringLiteral("wrong password for the PKCS#12 file"));

        // -nokeys: certificates only, an empty key.
        const QString certsOnly = dir.filePath(QStringLiteral("certs-only.p12"));
        QStringList noKeys{QStringLiteral("pkcs12"),
                           QStringLiteral("-export"),
                           QStringLiteral("-nokeys"),
                           QStringLiteral("-in"),
                           cert,
                           QStringLiteral("-passout"),
                           QStringLiteral("pass:") + QString::fromLatin1(kPassword),
                           QStringLiteral("-out"),
                           certsOnly};
        if (legacy)
            noKeys << QStringLiteral("-legacy");
        const ToolRun certsExport = openssl(noKeys);
        QVERIFY2(certsExport.exitCode == 0, qPrintable(certsExport.output));
        auto certsRead = readPkcs12(readFile(certsOnly), SecureBuffer::fromString(kPassword));
        QVERIFY2(certsRead.ok(), errorText(certsRead));
        QVERIFY(certsRead->privateKeyPkcs8Der.isEmpty());
        QCOMPARE(certsRead->certificateDer, readFile(certDer));
        QCOMPARE(certsRead->legacy, legacy);
    }

    // Issue 8: a Java keystore (PKCS12, keytool -genkeypair) imports.
    void keytoolKeystoreIsRead()
    {
        if (m_keytool.isEmpty())
            QSKIP("keytool is not installed (Debian: default-jre-headless)");
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("java.p12"));
        const ToolRun made = runTool(
            m_keytool,
            {QStringLiteral("-genkeypair"), QStringLiteral("-alias"), QStringLiteral("java-key"),
             QStringLiteral("-keyalg"), QStringLiteral("EC"), QStringLiteral("-groupname"), QStringLiteral("secp256r1"),
             QStringLiteral("-dname"), QStringLiteral("CN=keytool.example.test"), QStringLiteral("-validity"),
             QStringLiteral("30"), QStringLiteral("-storetype"), QStringLiteral("PKCS12"), QStringLiteral("-keystore"),
             store, QStringLiteral("-storepass"), QString::fromLatin1(kPassword)});
        QVERIFY2(made.exitCode == 0, qPrintable(made.output));
        auto read = readPkcs12(readFile(store), SecureBuffer::fromString(kPassword));
        QVERIFY2(read.ok(), errorText(read));
        QCOMPARE(read->encryption, kModern); // Java 17's default protection
        QVERIFY(!read->legacy);
        QCOMPARE(commonName(read->certificateDer), QStringLiteral("keytool.example.test"));
        QCOMPARE(privateKeyPublicKey(read->privateKeyPkcs8Der), certificatePublicKey(read->certificateDer));
    }
};

CUSTOS_REGISTER_TEST(TestPkcs12Interop)
#include "TestPkcs12Interop.moc"
