#include "SoftHsmTestToken.h"
#include "TestRegistry.h"

#include "OutcomeText.h"

#include "crypto/Random.h"
#include "crypto/keys/HsmKeyOperations.h"
#include "crypto/keys/PublicKeyExport.h"
#include "crypto/keys/PublicKeyOperations.h"
#include "crypto/keys/software/SoftwareKey.h"
#include "crypto/pkcs11/Pkcs11Objects.h"
#include "crypto/pkcs11/Token.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::crypto;

namespace {
const QString kTokenLabel = QStringLiteral("custos-keyimport");

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// Runs a tool; its exit code (-1 when it did not run), output (stdout + stderr) in `output`.
int run(const QString& program, const QStringList& arguments, QByteArray* output = nullptr)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(60000))
        return -1;
    if (output)
        *output = process.readAll();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

KeyGenSpec importSpec(const QByteArray& id)
{
    KeyGenSpec spec;
    spec.id = id;
    spec.label = QStringLiteral("vault/imported");
    return spec;
}
} // namespace

// Token::importKeyPair: a private key held by OpenSSL becomes an HSM key with the protection of a
// generated one (sensitive, extractable only under a trusted key), and signs as the original would:
// `openssl dgst -verify` with the original public key accepts its signatures.
class TestHsmKeyImport : public QObject
{
    Q_OBJECT
private:
    test::SoftHsmTestToken m_softHsm;
    Token* m_token = nullptr;
    QTemporaryDir m_files;

    bool boolAttribute(CK_OBJECT_CLASS objectClass, const QByteArray& id, CK_ATTRIBUTE_TYPE type)
    {
        auto handle = m_token->findObject(objectClass, id);
        auto session = m_token->session();
        if (!handle || !session || handle.value() == CK_INVALID_HANDLE)
            return false;
        auto value = p11::readBoolAttribute(m_token->module().functions(), session.value(), handle.value(), type);
        return value.ok() && value.value();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!test::SoftHsmTestToken::moduleInstalled())
            QSKIP("SoftHSM2 is not installed");
        QVERIFY(m_files.isValid());
        const QString problem = m_softHsm.setUp(kTokenLabel);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        m_token = m_softHsm.token();
    }
    void cleanupTestCase()
    {
        m_token = nullptr;
        m_softHsm.tearDown();
    }

    void importedKeySignsVerifiably_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("bits");
        QTest::addColumn<QString>("curve");
        QTest::addColumn<int>("algorithm");
        QTest::addColumn<QString>("digest");
        QTest::newRow("EC P-256") << int(KeyKind::Ec) << 0 << QStringLiteral("P-256") << int(JoseAlgorithm::Es256)
                                  << QStringLiteral("-sha256");
        QTest::newRow("EC P-384") << int(KeyKind::Ec) << 0 << QStringLiteral("P-384") << int(JoseAlgorithm::Es384)
                                  << QStringLiteral("-sha384");
        QTest::newRow("EC P-521") << int(KeyKind::Ec) << 0 << QStringLiteral("P-521") << int(JoseAlgorithm::Es512)
                                  << QStringLiteral("-sha512");
        QTest::newRow("RSA 2048") << int(KeyKind::Rsa) << 2048 << QString() << int(JoseAlgorithm::Rs256)
                                  << QStringLiteral("-sha256");
        QTest::newRow("RSA 3072") << int(KeyKind::Rsa) << 3072 << QString() << int(JoseAlgorithm::Rs384)
                                  << QStringLiteral("-sha384");
    }
    void importedKeySignsVerifiably()
    {
        QFETCH(int, kind);
        QFETCH(int, bits);
        QFETCH(QString, curve);
        QFETCH(int, algorithm);
        QFETCH(QString, digest);
        auto original = KeyKind(kind) == KeyKind::Ec ? SoftwareKey::generateEc(curve) : SoftwareKey::generateRsa(bits);
        QVERIFY2(original, errorText(original).constData());
        auto der = original->toPrivateDer();
        QVERIFY2(der, errorText(der).constData());
        const QByteArray id = QByteArray::fromHex(randomId().toLatin1());
        auto imported = m_token->importKeyPair(importSpec(id), der.value());
        QVERIFY2(imported, errorText(imported).constData());
        QCOMPARE(imported->publicKeyDer, original->publicKeyDer().value());

        // The protection of generated HSM keys.
        QVERIFY(boolAttribute(CKO_PRIVATE_KEY, id, CKA_SENSITIVE));
        QVERIFY(boolAttribute(CKO_PRIVATE_KEY, id, CKA_WRAP_WITH_TRUSTED));
        QVERIFY(boolAttribute(CKO_PRIVATE_KEY, id, CKA_EXTRACTABLE));
        QVERIFY(boolAttribute(CKO_PRIVATE_KEY, id, CKA_PRIVATE));
        QVERIFY(boolAttribute(CKO_PRIVATE_KEY, id, CKA_TOKEN));
        QVERIFY(boolAttribute(CKO_PUBLIC_KEY, id, CKA_VERIFY));
        auto handle = m_token->findObject(CKO_PRIVATE_KEY, id);
        auto session = m_token->session();
        QVERIFY(handle && session);
        auto value = p11::readAttribute(m_token->module().functions(), session.value(), handle.value(),
                                        KeyKind(kind) == KeyKind::Ec ? CKA_VALUE : CKA_PRIVATE_EXPONENT);
        QVERIFY(!value); // sensitive: the token does not give it out
        QVERIFY2(value.error().message.contains(QStringLiteral("CKR_ATTRIBUTE_SENSITIVE")),
                 qPrintable(value.error().message));

        // Its signature verifies with the original public key, by openssl.
        const QByteArray message = "imported into the HSM " + id.toHex();
        HsmKeyOperations operations(*m_token, id);
        auto signature = operations.sign(JoseAlgorithm(algorithm), message, false);
        QVERIFY2(signature, errorText(signature).constData());
        QByteArray signatureDer = signature.value();
        if (KeyKind(kind) == KeyKind::Ec) {
            auto converted = ecdsaRawToDer(signature.value());
            QVERIFY2(converted, errorText(converted).constData());
            signatureDer = converted.value();
        }
        auto pem = publicKeyPem(original->publicKeyDer().value());
        QVERIFY2(pem, errorText(pem).constData());
        const QString dir = m_files.path() + QLatin1Char('/') + QString::fromLatin1(id.toHex());
        QVERIFY(writeFile(dir + QStringLiteral(".pub.pem"), pem.value()));
        QVERIFY(writeFile(dir + QStringLiteral(".msg"), message));
        QVERIFY(writeFile(dir + QStringLiteral(".sig"), signatureDer));
        QByteArray output;
        const int code =
            run(QStringLiteral("openssl"),
                {QStringLiteral("dgst"), digest, QStringLiteral("-verify"), dir + QStringLiteral(".pub.pem"),
                 QStringLiteral("-signature"), dir + QStringLiteral(".sig"), dir + QStringLiteral(".msg")},
                &output);
        QVERIFY2(code == 0 && output.contains("Verified OK"), output.constData());
    }

    // pkcs11-tool (opensc), an independent reader, lists the imported private key as sensitive.
    void pkcs11ToolSeesSensitiveKey()
    {
        const QString tool = QStandardPaths::findExecutable(QStringLiteral("pkcs11-tool"));
        if (tool.isEmpty())
            QSKIP("pkcs11-tool (opensc) is not installed");
        auto original = SoftwareKey::generateEc(QStringLiteral("P-256"));
        QVERIFY2(original, errorText(original).constData());
        const QByteArray id = QByteArray::fromHex(randomId().toLatin1());
        auto imported = m_token->importKeyPair(importSpec(id), original->toPrivateDer().value());
        QVERIFY2(imported, errorText(imported).constData());
        QByteArray output;
        const int code = run(tool,
                             {QStringLiteral("--module"), test::kSoftHsmModule, QStringLiteral("--token-label"),
                              kTokenLabel, QStringLiteral("--login"), QStringLiteral("--pin"), m_softHsm.userPinText(),
                              QStringLiteral("-O"), QStringLiteral("--id"), QString::fromLatin1(id.toHex())},
                             &output);
        QVERIFY2(code == 0, output.constData());
        const QString listing = QString::fromUtf8(output);
        const QStringList blocks = listing.split(QRegularExpression(QStringLiteral("\\n(?=\\S)")));
        QString block;
        for (const QString& b : blocks) {
            if (b.startsWith(QStringLiteral("Private Key Object")))
                block = b;
        }
        QVERIFY2(!block.isEmpty(), qPrintable(listing));
        const QString access =
            QRegularExpression(QStringLiteral("Access:\\s*([^\\n]*)")).match(block).captured(1).trimmed();
        const QStringList flags = access.split(QStringLiteral(", "));
        QVERIFY2(flags.contains(QStringLiteral("sensitive")), qPrintable(block));
        QVERIFY2(!block.contains(QStringLiteral("VALUE:")), qPrintable(block));
    }

    void unsupportedKeysAreRefused()
    {
        // Ed25519 and a 1024-bit RSA key: clear refusals, nothing created.
        const QString ed = m_files.filePath(QStringLiteral("ed25519.der"));
        const QString rsa = m_files.filePath(QStringLiteral("rsa1024.der"));
        QVERIFY(run(QStringLiteral("openssl"),
                    {QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("ed25519"),
                     QStringLiteral("-outform"), QStringLiteral("DER"), QStringLiteral("-out"), ed}) == 0);
        QVERIFY(run(QStringLiteral("openssl"),
                    {QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"),
                     QStringLiteral("-pkeyopt"), QStringLiteral("rsa_keygen_bits:1024"), QStringLiteral("-outform"),
                     QStringLiteral("DER"), QStringLiteral("-out"), rsa}) == 0);
        for (const auto& [path, what] :
             {std::pair{ed, QStringLiteral("ED25519")}, std::pair{rsa, QStringLiteral("an RSA key of 1024 bits")}}) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            const SecureBuffer der(bytes.constData(), std::size_t(bytes.size()));
            const QByteArray id = QByteArray::fromHex(randomId().toLatin1());
            auto refused = m_token->importKeyPair(importSpec(id), der);
            QVERIFY(!refused);
            QCOMPARE(refused.error().kind, ErrorKind::Invalid);
            QVERIFY2(refused.error().message.contains(what), qPrintable(refused.error().message));
            QVERIFY2(refused.error().message.contains(QStringLiteral("expected an RSA key of 2048, 3072 or 4096")),
                     qPrintable(refused.error().message));
            QVERIFY(!m_token->hasObjects(id).value());
        }
        const SecureBuffer garbage = SecureBuffer::fromString("not a key");
        auto malformed = m_token->importKeyPair(importSpec(QByteArrayLiteral("\x01")), garbage);
        QVERIFY(!malformed);
        QVERIFY2(malformed.error().message.contains(QStringLiteral("malformed")),
                 qPrintable(malformed.error().message));
    }

    void takenIdIsRefused()
    {
        auto original = SoftwareKey::generateEc(QStringLiteral("P-256"));
        QVERIFY2(original, errorText(original).constData());
        const QByteArray id = QByteArray::fromHex(randomId().toLatin1());
        QVERIFY(m_token->importKeyPair(importSpec(id), original->toPrivateDer().value()));
        auto again = m_token->importKeyPair(importSpec(id), original->toPrivateDer().value());
        QVERIFY(!again);
        QCOMPARE(again.error().kind, ErrorKind::Conflict);
    }
};

CUSTOS_REGISTER_TEST(TestHsmKeyImport)
#include "TestHsmKeyImport.moc"
