#include "SoftHsmTestToken.h"
#include "TestRegistry.h"

#include "OutcomeText.h"

#include "crypto/Random.h"
#include "crypto/pkcs11/AttributeTemplate.h"
#include "crypto/pkcs11/Pkcs11Module.h"
#include "crypto/pkcs11/Pkcs11Objects.h"
#include "crypto/pkcs11/Token.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstring>
#include <memory>

using namespace custos;
using namespace custos::crypto;

namespace {
const QString kTokenLabel = QStringLiteral("custos-domain");
const QString kDomainLabel = QStringLiteral("custos-domain-key");

KeyGenSpec spec(KeyKind kind, const QByteArray& id, int bits, bool wrapWithTrusted = true)
{
    KeyGenSpec s;
    s.kind = kind;
    s.id = id;
    s.label = QStringLiteral("key-") + QString::fromLatin1(id);
    s.bits = bits;
    s.wrapWithTrusted = wrapWithTrusted;
    return s;
}
} // namespace

class TestDomainKey : public QObject
{
    Q_OBJECT

private:
    test::SoftHsmTestToken m_softHsm;
    std::shared_ptr<Pkcs11Module> m_module;
    Token* m_token = nullptr; // owned by m_softHsm
    QByteArray m_rsaPublicKey;

    CK_FUNCTION_LIST* f() const { return m_module->functions(); }
    CK_SESSION_HANDLE session() const
    {
        auto s = m_token->session();
        return s.ok() ? s.value() : CK_INVALID_HANDLE;
    }
    CK_STATE sessionState() const
    {
        CK_SESSION_INFO info{};
        return f()->C_GetSessionInfo(session(), &info) == CKR_OK ? info.state : CK_STATE(~0UL);
    }
    // Secret keys labelled `label`: token or session objects.
    std::vector<CK_OBJECT_HANDLE> secretKeys(const QString& label, bool tokenObject) const
    {
        AttributeTemplate match;
        match.addUlong(CKA_CLASS, CKO_SECRET_KEY).addBool(CKA_TOKEN, tokenObject).addText(CKA_LABEL, label);
        auto found = p11::findObjects(f(), session(), match.attributes());
        return found.ok() ? found.value() : std::vector<CK_OBJECT_HANDLE>{};
    }
    bool boolAttribute(CK_OBJECT_HANDLE handle, CK_ATTRIBUTE_TYPE type) const
    {
        auto value = p11::readBoolAttribute(f(), session(), handle, type);
        return value.ok() && value.value();
    }
    // Back in a clean state after each test: the user logged in, nobody else.
    void checkUserState() const
    {
        QCOMPARE(sessionState(), CK_STATE(CKS_RW_USER_FUNCTIONS));
        QVERIFY(secretKeys(kDomainLabel, false).empty()); // no session object left
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!test::SoftHsmTestToken::moduleInstalled())
            QSKIP("SoftHSM2 is not installed");
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

    void wrongSoPinLeavesNoTrace()
    {
        auto has = m_token->hasDomainKey(kDomainLabel);
        QVERIFY2(has.ok(), errorText(has).constData());
        QVERIFY(!has.value());
        const SecureBuffer wrong = SecureBuffer::fromString("not-the-so-pin");
        auto created = m_token->createDomainKey(wrong, m_softHsm.userPin(), kDomainLabel);
        QVERIFY(!created.ok());
        QVERIFY2(created.error().message.contains(QStringLiteral("CKR_PIN_INCORRECT")),
                 qPrintable(created.error().message));
        // Logged out for the SO attempt: the user logs in again and the token works.
        QVERIFY(!m_token->isLoggedIn());
        auto login = m_token->login(m_softHsm.userPin());
        QVERIFY2(login.ok(), errorText(login).constData());
        checkUserState();
    }

    void createsTrustedPrivateTokenKey()
    {
        auto created = m_token->createDomainKey(m_softHsm.soPin(), m_softHsm.userPin(), kDomainLabel);
        QVERIFY2(created.ok(), errorText(created).constData());
        checkUserState();
        auto has = m_token->hasDomainKey(kDomainLabel);
        QVERIFY2(has.ok(), errorText(has).constData());
        QVERIFY(has.value());

        const auto keys = secretKeys(kDomainLabel, true);
        QCOMPARE(keys.size(), std::size_t(1));
        const CK_OBJECT_HANDLE key = keys.front();
        for (const CK_ATTRIBUTE_TYPE attribute :
             {CKA_TRUSTED, CKA_PRIVATE, CKA_TOKEN, CKA_SENSITIVE, CKA_EXTRACTABLE, CKA_WRAP, CKA_UNWRAP})
            QVERIFY2(boolAttribute(key, attribute), qPrintable(QStringLiteral("0x%1").arg(attribute, 0, 16)));
        QVERIFY(!boolAttribute(key, CKA_ENCRYPT));
        auto valueLen = p11::readAttribute(f(), session(), key, CKA_VALUE_LEN);
        QVERIFY2(valueLen.ok(), errorText(valueLen).constData());
        CK_ULONG len = 0;
        std::memcpy(&len, valueLen->constData(), sizeof len);
        QCOMPARE(len, CK_ULONG(32));
        auto value = p11::readAttribute(f(), session(), key, CKA_VALUE);
        QVERIFY(!value.ok());
        QVERIFY(value.error().message.contains(QStringLiteral("CKR_ATTRIBUTE_SENSITIVE")));

        // A second one under the same label is refused, again leaving nothing behind.
        auto again = m_token->createDomainKey(m_softHsm.soPin(), m_softHsm.userPin(), kDomainLabel);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().kind, ErrorKind::Conflict);
        checkUserState();
        QCOMPARE(secretKeys(kDomainLabel, true).size(), std::size_t(1));
    }

    void wrapsAndUnwrapsHsmKey()
    {
        auto generated = m_token->generateKey(spec(KeyKind::Rsa, "rsa-1", 2048));
        QVERIFY2(generated.ok(), errorText(generated).constData());
        m_rsaPublicKey = generated->publicKeyDer;

        auto wrapped = m_token->wrapUnderDomainKey("rsa-1", kDomainLabel);
        QVERIFY2(wrapped.ok(), errorText(wrapped).constData());
        QVERIFY(wrapped->size() > 1000); // PKCS#8 of RSA-2048, padded and wrapped

        auto unwrapped = m_token->unwrapUnderDomainKey(wrapped.value(), kDomainLabel, KeyKind::Rsa, "rsa-1-copy",
                                                       QStringLiteral("key-rsa-1-copy"));
        QVERIFY2(unwrapped.ok(), errorText(unwrapped).constData());
        auto copy = m_token->findObject(CKO_PRIVATE_KEY, "rsa-1-copy");
        QVERIFY2(copy.ok(), errorText(copy).constData());
        for (const CK_ATTRIBUTE_TYPE attribute : {CKA_SENSITIVE, CKA_WRAP_WITH_TRUSTED, CKA_PRIVATE, CKA_TOKEN})
            QVERIFY2(boolAttribute(copy.value(), attribute), qPrintable(QStringLiteral("0x%1").arg(attribute, 0, 16)));

        // The copy signs, and the original public key verifies it: it is the same key.
        const QByteArray data("domain key round trip");
        CK_MECHANISM mechanism{CKM_SHA256_RSA_PKCS, nullptr, 0};
        QCOMPARE(f()->C_SignInit(session(), &mechanism, copy.value()), CKR_OK);
        QByteArray signature(256, '\0');
        CK_ULONG size = 256;
        QCOMPARE(f()->C_Sign(session(), reinterpret_cast<CK_BYTE*>(const_cast<char*>(data.constData())),
                             static_cast<CK_ULONG>(data.size()), reinterpret_cast<CK_BYTE*>(signature.data()), &size),
                 CKR_OK);
        const auto* p = reinterpret_cast<const unsigned char*>(m_rsaPublicKey.constData());
        std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pub(d2i_PUBKEY(nullptr, &p, m_rsaPublicKey.size()),
                                                                &EVP_PKEY_free);
        QVERIFY(pub);
        std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
        QCOMPARE(EVP_DigestVerifyInit_ex(md.get(), nullptr, "SHA256", nullptr, nullptr, pub.get(), nullptr), 1);
        QCOMPARE(EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(signature.constData()), size,
                                  reinterpret_cast<const unsigned char*>(data.constData()),
                                  static_cast<std::size_t>(data.size())),
                 1);

        // The copy is bound the same way: it wraps again under the domain key.
        auto rewrapped = m_token->wrapUnderDomainKey("rsa-1-copy", kDomainLabel);
        QVERIFY2(rewrapped.ok(), errorText(rewrapped).constData());

        // Unwrapping into an id that is taken is refused.
        auto taken = m_token->unwrapUnderDomainKey(wrapped.value(), kDomainLabel, KeyKind::Rsa, "rsa-1",
                                                   QStringLiteral("key-rsa-1"));
        QVERIFY(!taken.ok());
        QCOMPARE(taken.error().kind, ErrorKind::Conflict);
    }

    void unwrapTemplateIsEnforced()
    {
        auto wrapped = m_token->wrapUnderDomainKey("rsa-1", kDomainLabel);
        QVERIFY2(wrapped.ok(), errorText(wrapped).constData());
        const auto keys = secretKeys(kDomainLabel, true);
        QCOMPARE(keys.size(), std::size_t(1));
        // Without CKA_SENSITIVE and CKA_WRAP_WITH_TRUSTED the unwrap template refuses the unwrap.
        AttributeTemplate key;
        key.addUlong(CKA_CLASS, CKO_PRIVATE_KEY).addUlong(CKA_KEY_TYPE, CKK_RSA);
        key.addBool(CKA_TOKEN, false).addBool(CKA_PRIVATE, true).addBool(CKA_SIGN, true);
        CK_MECHANISM mechanism{CKM_AES_KEY_WRAP_PAD, nullptr, 0};
        CK_OBJECT_HANDLE handle = CK_INVALID_HANDLE;
        QByteArray input = wrapped.value();
        const CK_RV rv = f()->C_UnwrapKey(session(), &mechanism, keys.front(), reinterpret_cast<CK_BYTE*>(input.data()),
                                          static_cast<CK_ULONG>(input.size()), key.data(), key.count(), &handle);
        QVERIFY2(rv == CKR_TEMPLATE_INCONSISTENT, qPrintable(ckrName(rv)));
    }

    void untrustedKeyCannotWrap()
    {
        auto untrusted = m_token->generateKey(spec(KeyKind::Aes, "aes-untrusted", 256, false));
        QVERIFY2(untrusted.ok(), errorText(untrusted).constData());
        auto wrappingKey = m_token->findObject(CKO_SECRET_KEY, "aes-untrusted");
        QVERIFY2(wrappingKey.ok(), errorText(wrappingKey).constData());
        QVERIFY(!boolAttribute(wrappingKey.value(), CKA_TRUSTED));
        auto rsa = m_token->findObject(CKO_PRIVATE_KEY, "rsa-1");
        QVERIFY2(rsa.ok(), errorText(rsa).constData());
        CK_MECHANISM mechanism{CKM_AES_KEY_WRAP_PAD, nullptr, 0};
        CK_ULONG size = 0;
        const CK_RV rv = f()->C_WrapKey(session(), &mechanism, wrappingKey.value(), rsa.value(), nullptr, &size);
        QVERIFY2(rv == CKR_KEY_NOT_WRAPPABLE, qPrintable(ckrName(rv)));
        // The engine's wrap names the code too when the label is not the trusted key.
        auto viaEngine = m_token->wrapUnderDomainKey("rsa-1", QStringLiteral("key-aes-untrusted"));
        QVERIFY(!viaEngine.ok());
        QCOMPARE(viaEngine.error().kind, ErrorKind::NotFound);
    }

    void pkcs11ToolShowsSensitiveKeys()
    {
        const QString tool = QStandardPaths::findExecutable(QStringLiteral("pkcs11-tool"));
        if (tool.isEmpty())
            QSKIP("pkcs11-tool (opensc) is not installed");
        QProcess process;
        process.start(tool, {QStringLiteral("--module"), test::kSoftHsmModule, QStringLiteral("--token-label"),
                             kTokenLabel, QStringLiteral("--login"), QStringLiteral("--pin"), m_softHsm.userPinText(),
                             QStringLiteral("--list-objects")});
        QVERIFY(process.waitForFinished(30000));
        const QString output = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY2(process.exitCode() == 0, qPrintable(QString::fromUtf8(process.readAllStandardError())));
        // Each private key object's block: its label and its Access line.
        int privateKeys = 0;
        const QStringList blocks = output.split(QRegularExpression(QStringLiteral("\\n(?=\\S)")));
        for (const QString& block : blocks) {
            if (!block.startsWith(QStringLiteral("Private Key Object")))
                continue;
            ++privateKeys;
            const auto access = QRegularExpression(QStringLiteral("Access:\\s*([^\\n]*)")).match(block);
            QVERIFY2(access.hasMatch() && access.captured(1).contains(QStringLiteral("sensitive")), qPrintable(block));
        }
        QVERIFY2(privateKeys >= 2, qPrintable(output)); // rsa-1 and its unwrapped copy
        QVERIFY2(output.contains(QStringLiteral("key-rsa-1-copy")), qPrintable(output));
        QVERIFY2(output.contains(kDomainLabel), qPrintable(output));

        // No SO login left behind: a user-only operation still works in this process.
        QCOMPARE(sessionState(), CK_STATE(CKS_RW_USER_FUNCTIONS));
        auto ids = m_token->listKeyIds();
        QVERIFY2(ids.ok(), errorText(ids).constData());
        QVERIFY(ids->contains("rsa-1-copy"));
        auto written = m_token->writeDataObject(QStringLiteral("after-domain-key"), SecureBuffer::fromString("x"));
        QVERIFY2(written.ok(), errorText(written).constData());
    }
};

CUSTOS_REGISTER_TEST(TestDomainKey)
#include "TestDomainKey.moc"
