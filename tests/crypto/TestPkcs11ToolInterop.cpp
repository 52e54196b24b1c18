#include "SoftHsmTestToken.h"
#include "TestRegistry.h"

#include "OutcomeText.h"

#include "crypto/Random.h"
#include "crypto/pkcs11/Pkcs11Module.h"
#include "crypto/pkcs11/Pkcs11Objects.h"
#include "crypto/pkcs11/Token.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::crypto;

namespace {
const QString kTokenLabel = QStringLiteral("custos-p11tool");

// As KeyService makes an HSM key: CKA_ID = the version id, label "vault/name", wrap-with-trusted.
KeyGenSpec hsmKeySpec(KeyKind kind, const QByteArray& id, int bits, const QString& curve, bool wrapWithTrusted = true)
{
    KeyGenSpec spec;
    spec.kind = kind;
    spec.id = id;
    spec.label = QStringLiteral("vault/") + QString::fromLatin1(id.toHex());
    spec.bits = bits;
    spec.curve = curve;
    spec.wrapWithTrusted = wrapWithTrusted;
    return spec;
}
} // namespace

// Proof by an independent implementation (issue 3): Debian's pkcs11-tool (opensc 0.23) sees the
// HSM-protected keys Custos makes as sensitive, extractable only under a trusted key, and cannot
// wrap them under an untrusted key.
class TestPkcs11ToolInterop : public QObject
{
    Q_OBJECT
private:
    test::SoftHsmTestToken m_softHsm;
    Token* m_token = nullptr;
    QString m_tool;
    QTemporaryDir m_files;
    QByteArray m_ecId, m_rsaId, m_aesId, m_plainAesId, m_kekId;

    struct Run
    {
        int exitCode = -1;
        QString output; // stdout + stderr
    };

    Run tool(QStringList arguments)
    {
        arguments = QStringList{QStringLiteral("--module"),      test::kSoftHsmModule,
                                QStringLiteral("--token-label"), kTokenLabel,
                                QStringLiteral("--login"),       QStringLiteral("--pin"),
                                m_softHsm.userPinText()} +
                    arguments;
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(m_tool, arguments);
        Run run;
        if (!process.waitForFinished(60000))
            return run;
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.output = QString::fromUtf8(process.readAll());
        return run;
    }

    // pkcs11-tool --list-objects' block for the object of `kind` ("Private Key Object") with CKA_ID `id`.
    static QString objectBlock(const QString& listing, const QString& kind, const QByteArray& id)
    {
        const QStringList blocks = listing.split(QRegularExpression(QStringLiteral("\\n(?=\\S)")));
        for (const QString& block : blocks) {
            if (block.startsWith(kind) &&
                block.contains(QStringLiteral("ID:         ") + QString::fromLatin1(id.toHex())))
                return block;
        }
        return {};
    }

    static QString accessLine(const QString& block)
    {
        return QRegularExpression(QStringLiteral("Access:\\s*([^\\n]*)")).match(block).captured(1).trimmed();
    }

    bool boolAttribute(CK_OBJECT_CLASS objectClass, const QByteArray& id, CK_ATTRIBUTE_TYPE type)
    {
        auto handle = m_token->findObject(objectClass, id);
        auto session = m_token->session();
        if (!handle || !session)
            return false;
        auto value = p11::readBoolAttribute(m_token->module().functions(), session.value(), handle.value(), type);
        return value.ok() && value.value();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!test::SoftHsmTestToken::moduleInstalled())
            QSKIP("SoftHSM2 is not installed");
        m_tool = QStandardPaths::findExecutable(QStringLiteral("pkcs11-tool"));
        if (m_tool.isEmpty())
            QSKIP("pkcs11-tool (opensc) is not installed");
        QVERIFY(m_files.isValid());
        const QString problem = m_softHsm.setUp(kTokenLabel);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        m_token = m_softHsm.token();
        m_ecId = QByteArray::fromHex(randomId().toLatin1());
        m_rsaId = QByteArray::fromHex(randomId().toLatin1());
        m_aesId = QByteArray::fromHex(randomId().toLatin1());
        m_plainAesId = QByteArray::fromHex(randomId().toLatin1());
        for (const KeyGenSpec& spec :
             {hsmKeySpec(KeyKind::Ec, m_ecId, 0, QStringLiteral("P-256")), hsmKeySpec(KeyKind::Rsa, m_rsaId, 2048, {}),
              hsmKeySpec(KeyKind::Aes, m_aesId, 256, {}),
              // the control: extractable but not wrap-with-trusted
              hsmKeySpec(KeyKind::Aes, m_plainAesId, 256, {}, false)}) {
            auto made = m_token->generateKey(spec);
            QVERIFY2(made.ok(), errorText(made).constData());
        }
        // An untrusted wrapping key, made by pkcs11-tool itself.
        m_kekId = QByteArrayLiteral("\x99\x01");
        const Run kek = tool({QStringLiteral("--keygen"), QStringLiteral("--key-type"), QStringLiteral("AES:32"),
                              QStringLiteral("--label"), QStringLiteral("untrusted-kek"), QStringLiteral("--id"),
                              QString::fromLatin1(m_kekId.toHex()), QStringLiteral("--usage-wrap")});
        QVERIFY2(kek.exitCode == 0, qPrintable(kek.output));
    }
    void cleanupTestCase()
    {
        m_token = nullptr;
        m_softHsm.tearDown();
    }

    // pkcs11-tool 0.23 prints CKA_SENSITIVE, CKA_ALWAYS_SENSITIVE, CKA_EXTRACTABLE, CKA_NEVER_EXTRACTABLE
    // and CKA_LOCAL on its Access line but not CKA_WRAP_WITH_TRUSTED (its binary has no such string):
    // that attribute is read through the C API here, and proven by behaviour in the wrap tests below.
    void listObjectsShowsSensitiveKeys()
    {
        const Run listing = tool({QStringLiteral("--list-objects")});
        QVERIFY2(listing.exitCode == 0, qPrintable(listing.output));
        for (const QByteArray& id : {m_ecId, m_rsaId}) {
            const QString block = objectBlock(listing.output, QStringLiteral("Private Key Object"), id);
            QVERIFY2(!block.isEmpty(), qPrintable(listing.output));
            const QStringList access = accessLine(block).split(QStringLiteral(", "));
            QVERIFY2(access.contains(QStringLiteral("sensitive")), qPrintable(block));
            QVERIFY2(access.contains(QStringLiteral("always sensitive")), qPrintable(block));
            QVERIFY2(access.contains(QStringLiteral("extractable")), qPrintable(block)); // only wrapped...
            QVERIFY2(!access.contains(QStringLiteral("never extractable")), qPrintable(block));
            QVERIFY2(!block.contains(QStringLiteral("VALUE:")), qPrintable(block));
            QVERIFY(boolAttribute(CKO_PRIVATE_KEY, id, CKA_WRAP_WITH_TRUSTED)); // ...under a trusted key
            QVERIFY(boolAttribute(CKO_PRIVATE_KEY, id, CKA_PRIVATE));
        }
        const QString aes = objectBlock(listing.output, QStringLiteral("Secret Key Object"), m_aesId);
        QVERIFY2(accessLine(aes).split(QStringLiteral(", ")).contains(QStringLiteral("sensitive")), qPrintable(aes));
        QVERIFY2(!aes.contains(QStringLiteral("VALUE:")), qPrintable(aes)); // pkcs11-tool cannot read it
        QVERIFY(boolAttribute(CKO_SECRET_KEY, m_aesId, CKA_WRAP_WITH_TRUSTED));
        QVERIFY(!boolAttribute(CKO_SECRET_KEY, m_plainAesId, CKA_WRAP_WITH_TRUSTED));
    }

    // pkcs11-tool 0.23's --wrap wraps secret keys only ("Secret key (to be wrapped) not found" for a
    // private key), so the AES key goes through pkcs11-tool and the EC/RSA private keys through C_WrapKey.
    void pkcs11ToolCannotWrapUnderUntrustedKey()
    {
        const QString out = m_files.filePath(QStringLiteral("wrapped.bin"));
        const QStringList wrap{QStringLiteral("--wrap"),
                               QStringLiteral("--id"),
                               QString::fromLatin1(m_kekId.toHex()),
                               QStringLiteral("-m"),
                               QStringLiteral("AES-KEY-WRAP"),
                               QStringLiteral("-o"),
                               out,
                               QStringLiteral("--application-id")};
        const Run refused = tool(wrap + QStringList{QString::fromLatin1(m_aesId.toHex())});
        QVERIFY2(refused.exitCode != 0, qPrintable(refused.output));
        QVERIFY2(refused.output.contains(QStringLiteral("CKR_KEY_NOT_WRAPPABLE")), qPrintable(refused.output));
        // The control: the same tool, key and mechanism wrap a key that is not wrap-with-trusted.
        const Run control = tool(wrap + QStringList{QString::fromLatin1(m_plainAesId.toHex())});
        QVERIFY2(control.exitCode == 0 && control.output.contains(QStringLiteral("Key wrapped")),
                 qPrintable(control.output));
    }

    void privateKeysCannotBeWrappedUnderUntrustedKey()
    {
        auto kek = m_token->findObject(CKO_SECRET_KEY, m_kekId);
        QVERIFY2(kek.ok(), errorText(kek).constData());
        QVERIFY(!boolAttribute(CKO_SECRET_KEY, m_kekId, CKA_TRUSTED));
        auto session = m_token->session();
        QVERIFY2(session.ok(), errorText(session).constData());
        for (const QByteArray& id : {m_ecId, m_rsaId}) {
            auto key = m_token->findObject(CKO_PRIVATE_KEY, id);
            QVERIFY2(key.ok(), errorText(key).constData());
            CK_MECHANISM mechanism{CKM_AES_KEY_WRAP_PAD, nullptr, 0};
            CK_ULONG size = 0;
            const CK_RV rv = m_token->module().functions()->C_WrapKey(session.value(), &mechanism, kek.value(),
                                                                      key.value(), nullptr, &size);
            QVERIFY2(rv == CKR_KEY_NOT_WRAPPABLE, qPrintable(ckrName(rv)));
        }
    }
};

CUSTOS_REGISTER_TEST(TestPkcs11ToolInterop)
#include "TestPkcs11ToolInterop.moc"
