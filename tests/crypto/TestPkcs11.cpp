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
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <optional>
#include <thread>

using namespace custos;
using namespace custos::crypto;

namespace {
const QString kModulePath = QStringLiteral("/usr/lib/softhsm/libsofthsm2.so");
const QString kTokenLabel = QStringLiteral("custos-test");

// An isolated SoftHSM2 token store: its own softhsm2.conf and token directory.
bool writeSoftHsmConf(const QTemporaryDir& dir)
{
    if (!QDir(dir.path()).mkpath(QStringLiteral("tokens"))) // SoftHSM2 needs it to exist
        return false;
    QFile conf(dir.filePath(QStringLiteral("softhsm2.conf")));
    if (!conf.open(QIODevice::WriteOnly))
        return false;
    conf.write(QStringLiteral("directories.tokendir = %1/tokens\nobjectstore.backend = file\nlog.level = ERROR\n"
                              "slots.removable = false\n")
                   .arg(dir.path())
                   .toUtf8());
    return true;
}

void useSoftHsmConf(const QTemporaryDir& dir)
{
    qputenv("SOFTHSM2_CONF", QFile::encodeName(dir.filePath(QStringLiteral("softhsm2.conf"))));
}

QString pinText(const SecureBuffer& pin) // test-only: the command line of pkcs11-tool
{
    return QString::fromLatin1(pin.chars(), static_cast<qsizetype>(pin.size()));
}

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

PkeyPtr parsePublicKey(const QByteArray& der)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    PkeyPtr key(d2i_PUBKEY(nullptr, &p, der.size()), &EVP_PKEY_free);
    if (key && p != reinterpret_cast<const unsigned char*>(der.constData()) + der.size())
        key.reset(); // trailing bytes
    return key;
}
} // namespace

class TestPkcs11 : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_storeA;
    QTemporaryDir m_storeB;
    std::shared_ptr<Pkcs11Module> m_module;
    std::unique_ptr<Token> m_token;
    SecureBuffer m_soPin;
    SecureBuffer m_userPin;
    QByteArray m_rsaPublicKey;

    CK_FUNCTION_LIST* f() const { return m_module->functions(); }
    CK_SESSION_HANDLE session() const
    {
        auto s = m_token->session();
        return s.ok() ? s.value() : CK_INVALID_HANDLE;
    }

    static KeyGenSpec spec(KeyKind kind, const QByteArray& id, int bits, const QString& curve = {})
    {
        KeyGenSpec s;
        s.kind = kind;
        s.id = id;
        s.label = QStringLiteral("key-") + QString::fromLatin1(id);
        s.bits = bits;
        s.curve = curve;
        return s;
    }

    void verifyKeyProtection(CK_OBJECT_CLASS objectClass, const QByteArray& id, bool wrapWithTrusted)
    {
        auto handle = m_token->findObject(objectClass, id);
        QVERIFY2(handle.ok(), errorText(handle).constData());
        for (const auto& [attribute, expected] :
             {std::pair{CKA_SENSITIVE, true}, std::pair{CKA_EXTRACTABLE, true}, std::pair{CKA_TOKEN, true},
              std::pair{CKA_PRIVATE, true}, std::pair{CKA_WRAP_WITH_TRUSTED, wrapWithTrusted},
              std::pair{CKA_NEVER_EXTRACTABLE, false}}) {
            auto value = p11::readBoolAttribute(f(), session(), handle.value(), attribute);
            QVERIFY2(value.ok(), errorText(value).constData());
            QVERIFY2(value.value() == expected, qPrintable(QStringLiteral("attribute 0x%1").arg(attribute, 0, 16)));
        }
        auto readId = p11::readAttribute(f(), session(), handle.value(), CKA_ID);
        QVERIFY(readId.ok());
        QCOMPARE(readId.value(), id);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFile::exists(kModulePath))
            QSKIP("SoftHSM2 is not installed");
        QVERIFY(m_storeA.isValid() && m_storeB.isValid());
        QVERIFY(writeSoftHsmConf(m_storeA) && writeSoftHsmConf(m_storeB));
        useSoftHsmConf(m_storeA);

        auto module = Pkcs11Module::load(kModulePath);
        QVERIFY2(module.ok(), errorText(module).constData());
        m_module = module.take();
        auto slot = m_module->findUninitializedSlot();
        QVERIFY2(slot.ok(), errorText(slot).constData());
        m_soPin = randomPin(16);
        m_userPin = randomPin(16);
        auto init = m_module->initToken(slot.value(), m_soPin, kTokenLabel);
        QVERIFY2(init.ok(), errorText(init).constData());

        auto token = Token::open(m_module, kTokenLabel);
        QVERIFY2(token.ok(), errorText(token).constData());
        m_token = token.take();
        auto userPin = m_token->initUserPin(m_soPin, m_userPin);
        QVERIFY2(userPin.ok(), errorText(userPin).constData());
        auto login = m_token->login(m_userPin);
        QVERIFY2(login.ok(), errorText(login).constData());
    }

    void cleanupTestCase()
    {
        m_token.reset();
        m_module.reset();
        qunsetenv("SOFTHSM2_CONF");
    }

    void moduleIsSharedPerLibrary()
    {
        auto again = Pkcs11Module::load(kModulePath);
        QVERIFY2(again.ok(), errorText(again).constData());
        QCOMPARE(again->get(), m_module.get());
        // The same file by its real path is the same library, so the same instance.
        auto real = Pkcs11Module::load(QFileInfo(kModulePath).canonicalFilePath());
        QVERIFY2(real.ok(), errorText(real).constData());
        QCOMPARE(real->get(), m_module.get());

        auto missing = Pkcs11Module::load(QStringLiteral("/nonexistent/libnothing.so"));
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.contains(QStringLiteral("/nonexistent/libnothing.so")));
    }

    void slotsAndLabels()
    {
        auto list = m_module->slotList();
        QVERIFY2(list.ok(), errorText(list).constData());
        bool found = false;
        for (const SlotInfo& info : list.value())
            found = found || (info.tokenInitialized && info.tokenLabel == kTokenLabel);
        QVERIFY(found);
        QCOMPARE(m_token->slotInfo().tokenLabel, kTokenLabel);
        QCOMPARE(m_token->slotInfo().manufacturer, QStringLiteral("SoftHSM project"));

        auto missing = m_module->findSlotByTokenLabel(QStringLiteral("no-such-token"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, ErrorKind::NotFound);
        QVERIFY(missing.error().message.contains(QStringLiteral("no-such-token")));
        QCOMPARE(Token::open(m_module, QStringLiteral("no-such-token")).error().kind, ErrorKind::NotFound);

        auto tooLong = m_module->initToken(0, m_soPin, QString(33, QLatin1Char('x')));
        QCOMPARE(tooLong.error().kind, ErrorKind::Invalid);
    }

    void errorNames()
    {
        QCOMPARE(ckrName(CKR_PIN_INCORRECT), QStringLiteral("CKR_PIN_INCORRECT"));
        QCOMPARE(ckrName(CKR_OK), QStringLiteral("CKR_OK"));
        QCOMPARE(ckrName(CKR_FUNCTION_REJECTED), QStringLiteral("CKR_FUNCTION_REJECTED"));
        QCOMPARE(ckrName(0x7777), QStringLiteral("CKR_0x7777"));
        const Error error = pkcs11Error("C_Login", CKR_PIN_INCORRECT);
        QCOMPARE(error.kind, ErrorKind::Failed);
        QCOMPARE(error.message, QStringLiteral("C_Login failed: CKR_PIN_INCORRECT (0xa0)"));
    }

    void loginStates()
    {
        QVERIFY(m_token->isLoggedIn());
        QVERIFY(m_token->login(m_userPin).ok()); // already logged in is success
        QVERIFY(m_token->logout().ok());
        QVERIFY(!m_token->isLoggedIn());
        QVERIFY(m_token->logout().ok()); // not logged in is success

        auto wrong = m_token->login(SecureBuffer::fromString("wrong-pin-1234"));
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().kind, ErrorKind::Failed);
        QVERIFY2(wrong.error().message.contains(QStringLiteral("CKR_PIN_INCORRECT")), errorText(wrong).constData());
        QVERIFY(wrong.error().message.contains(QStringLiteral("C_Login")));
        QVERIFY(!wrong.error().message.contains(QStringLiteral("wrong-pin")));
        QVERIFY(!m_token->isLoggedIn());

        QVERIFY(m_token->login(m_userPin).ok());
        QVERIFY(m_token->isLoggedIn());
    }

    void dataObjects()
    {
        const QString label = QStringLiteral("custos.audit.head");
        auto missing = m_token->readDataObject(label);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, ErrorKind::NotFound);

        QVERIFY(m_token->writeDataObject(label, SecureBuffer::fromString("first")).ok());
        auto first = m_token->readDataObject(label);
        QVERIFY2(first.ok(), errorText(first).constData());
        QVERIFY(first->equals(SecureBuffer::fromString("first")));

        QVERIFY(m_token->writeDataObject(label, SecureBuffer::fromString("second, longer")).ok());
        auto second = m_token->readDataObject(label);
        QVERIFY2(second.ok(), errorText(second).constData());
        QVERIFY(second->equals(SecureBuffer::fromString("second, longer")));
        // Replaced, not added to.
        AttributeTemplate match;
        match.addUlong(CKA_CLASS, CKO_DATA).addText(CKA_LABEL, label);
        auto all = p11::findObjects(f(), session(), match.attributes());
        QVERIFY(all.ok());
        QCOMPARE(all->size(), std::size_t(1));
        auto isPrivate = p11::readBoolAttribute(f(), session(), all->front(), CKA_PRIVATE);
        QVERIFY(isPrivate.ok() && isPrivate.value());

        QVERIFY(m_token->destroyDataObject(label).ok());
        QCOMPARE(m_token->readDataObject(label).error().kind, ErrorKind::NotFound);
        QVERIFY(m_token->destroyDataObject(label).ok()); // missing is success
    }

    void generateAes()
    {
        auto key = m_token->generateKey(spec(KeyKind::Aes, "aes-256", 256));
        QVERIFY2(key.ok(), errorText(key).constData());
        QCOMPARE(key->id, QByteArray("aes-256"));
        QVERIFY(key->publicKeyDer.isEmpty());
        verifyKeyProtection(CKO_SECRET_KEY, "aes-256", true);

        auto handle = m_token->findObject(CKO_SECRET_KEY, "aes-256");
        QVERIFY(handle.ok());
        auto length = p11::readAttribute(f(), session(), handle.value(), CKA_VALUE_LEN);
        QVERIFY(length.ok());
        CK_ULONG valueLength = 0;
        std::memcpy(&valueLength, length->constData(), sizeof valueLength);
        QCOMPARE(valueLength, CK_ULONG(32));
        auto value = p11::readAttribute(f(), session(), handle.value(), CKA_VALUE);
        QVERIFY(!value.ok());
        QVERIFY2(value.error().message.contains(QStringLiteral("CKR_ATTRIBUTE_SENSITIVE")),
                 errorText(value).constData());

        KeyGenSpec untrusted = spec(KeyKind::Aes, "aes-128", 128);
        untrusted.wrapWithTrusted = false;
        QVERIFY(m_token->generateKey(untrusted).ok());
        verifyKeyProtection(CKO_SECRET_KEY, "aes-128", false);
    }

    void generateRsa()
    {
        auto key = m_token->generateKey(spec(KeyKind::Rsa, "rsa-2048", 2048));
        QVERIFY2(key.ok(), errorText(key).constData());
        const PkeyPtr parsed = parsePublicKey(key->publicKeyDer);
        QVERIFY(parsed);
        QCOMPARE(EVP_PKEY_get_base_id(parsed.get()), EVP_PKEY_RSA);
        QCOMPARE(EVP_PKEY_get_bits(parsed.get()), 2048);
        verifyKeyProtection(CKO_PRIVATE_KEY, "rsa-2048", true);
        QVERIFY(m_token->findObject(CKO_PUBLIC_KEY, "rsa-2048").ok());

        auto privateKey = m_token->findObject(CKO_PRIVATE_KEY, "rsa-2048");
        QVERIFY(privateKey.ok());
        auto exponent = p11::readAttribute(f(), session(), privateKey.value(), CKA_PRIVATE_EXPONENT);
        QVERIFY(!exponent.ok());
        QVERIFY(exponent.error().message.contains(QStringLiteral("CKR_ATTRIBUTE_SENSITIVE")));
        m_rsaPublicKey = key->publicKeyDer;
    }

    void generateEc_data()
    {
        QTest::addColumn<QString>("curve");
        QTest::addColumn<int>("bits");
        QTest::newRow("P-256") << QStringLiteral("P-256") << 256;
        QTest::newRow("P-384") << QStringLiteral("P-384") << 384;
        QTest::newRow("P-521") << QStringLiteral("P-521") << 521;
    }

    void generateEc()
    {
        QFETCH(QString, curve);
        QFETCH(int, bits);
        const QByteArray id = "ec-" + curve.toLatin1();
        auto key = m_token->generateKey(spec(KeyKind::Ec, id, 0, curve));
        QVERIFY2(key.ok(), errorText(key).constData());
        const PkeyPtr parsed = parsePublicKey(key->publicKeyDer);
        QVERIFY(parsed);
        QCOMPARE(EVP_PKEY_get_base_id(parsed.get()), EVP_PKEY_EC);
        QCOMPARE(EVP_PKEY_get_bits(parsed.get()), bits);
        verifyKeyProtection(CKO_PRIVATE_KEY, id, true);
    }

    void generateRejects_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("bits");
        QTest::addColumn<QString>("curve");
        QTest::addColumn<QString>("message");
        QTest::newRow("rsa 1000") << int(KeyKind::Rsa) << 1000 << QString()
                                  << QStringLiteral("unsupported RSA size 1000: expected 2048, 3072 or 4096");
        QTest::newRow("aes 512") << int(KeyKind::Aes) << 512 << QString()
                                 << QStringLiteral("unsupported AES size 512: expected 128, 192 or 256");
        QTest::newRow("ec P-192") << int(KeyKind::Ec) << 0 << QStringLiteral("P-192")
                                  << QStringLiteral("unsupported EC curve \"P-192\": expected P-256, P-384 or P-521");
    }

    void generateRejects()
    {
        QFETCH(int, kind);
        QFETCH(int, bits);
        QFETCH(QString, curve);
        QFETCH(QString, message);
        auto key = m_token->generateKey(spec(KeyKind(kind), "rejected", bits, curve));
        QVERIFY(!key.ok());
        QCOMPARE(key.error().kind, ErrorKind::Invalid);
        QCOMPARE(key.error().message, message);
        QVERIFY(!m_token->hasObjects("rejected").value());
    }

    void duplicateIdConflicts()
    {
        auto key = m_token->generateKey(spec(KeyKind::Aes, "aes-256", 256));
        QVERIFY(!key.ok());
        QCOMPARE(key.error().kind, ErrorKind::Conflict);
    }

    void listKeyIds()
    {
        auto ids = m_token->listKeyIds();
        QVERIFY2(ids.ok(), errorText(ids).constData());
        for (const char* id : {"aes-256", "aes-128", "rsa-2048", "ec-P-256", "ec-P-384", "ec-P-521"})
            QVERIFY2(ids->contains(id), id);
        QCOMPARE(ids->size(), 6); // RSA/EC pairs share one id
    }

    void staleCachedHandleIsSearchedAgain()
    {
        auto key = m_token->generateKey(spec(KeyKind::Aes, "cache", 256));
        QVERIFY(key.ok());
        auto cached = m_token->findObject(CKO_SECRET_KEY, "cache");
        QVERIFY(cached.ok());
        // Destroyed behind the token's back: the cached handle is now invalid.
        QCOMPARE(f()->C_DestroyObject(session(), cached.value()), CKR_OK);
        auto gone = m_token->findObject(CKO_SECRET_KEY, "cache");
        QVERIFY(!gone.ok());
        QCOMPARE(gone.error().kind, ErrorKind::NotFound);
        QVERIFY(m_token->generateKey(spec(KeyKind::Aes, "cache", 128)).ok());
        auto fresh = m_token->findObject(CKO_SECRET_KEY, "cache");
        QVERIFY(fresh.ok());
        QVERIFY(m_token->destroyObjects("cache").ok());
    }

    void destroyObjects()
    {
        auto key = m_token->generateKey(spec(KeyKind::Ec, "doomed", 0, QStringLiteral("P-256")));
        QVERIFY(key.ok());
        QVERIFY(m_token->hasObjects("doomed").value());
        QVERIFY(m_token->findObject(CKO_PRIVATE_KEY, "doomed").ok());
        QVERIFY(m_token->destroyObjects("doomed").ok());
        QVERIFY(!m_token->hasObjects("doomed").value());
        QCOMPARE(m_token->findObject(CKO_PRIVATE_KEY, "doomed").error().kind, ErrorKind::NotFound);
        QCOMPARE(m_token->findObject(CKO_PUBLIC_KEY, "doomed").error().kind, ErrorKind::NotFound);
        QVERIFY(m_token->destroyObjects("doomed").ok()); // none is success
        QVERIFY(!m_token->listKeyIds()->contains("doomed"));
    }

    void sessionsPerThread()
    {
        QVERIFY(m_token->writeDataObject(QStringLiteral("shared"), SecureBuffer::fromString("value")).ok());
        const CK_SESSION_HANDLE mine = session();
        CK_SESSION_HANDLE handles[2] = {CK_INVALID_HANDLE, CK_INVALID_HANDLE};
        bool ok[2] = {false, false};
        auto work = [this, &handles, &ok](int i) {
            auto s = m_token->session();
            handles[i] = s.ok() ? s.value() : CK_INVALID_HANDLE;
            bool good = m_token->isLoggedIn(); // login is shared by the application's sessions
            for (int round = 0; round < 20 && good; ++round) {
                auto value = m_token->readDataObject(QStringLiteral("shared"));
                good = value.ok() && value->equals(SecureBuffer::fromString("value"));
                good = good && m_token->findObject(CKO_SECRET_KEY, "aes-256").ok();
            }
            ok[i] = good && m_token->session().value() == handles[i];
        };
        std::thread first(work, 0);
        std::thread second(work, 1);
        first.join();
        second.join();
        QVERIFY(ok[0] && ok[1]);
        QVERIFY(handles[0] != CK_INVALID_HANDLE && handles[1] != CK_INVALID_HANDLE);
        QVERIFY(handles[0] != handles[1]);
        QVERIFY(handles[0] != mine && handles[1] != mine);
        QVERIFY(m_token->destroyDataObject(QStringLiteral("shared")).ok());
    }

    void pkcs11ToolSeesTheKeys()
    {
        const QString tool = QStandardPaths::findExecutable(QStringLiteral("pkcs11-tool"));
        if (tool.isEmpty())
            QSKIP("pkcs11-tool (opensc) is not installed");
        QProcess process;
        process.start(tool, {QStringLiteral("--module"), kModulePath, QStringLiteral("--token-label"), kTokenLabel,
                             QStringLiteral("--login"), QStringLiteral("--pin"), pinText(m_userPin),
                             QStringLiteral("--list-objects")});
        QVERIFY(process.waitForFinished(30000));
        const QString output = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY2(process.exitCode() == 0, qPrintable(QString::fromUtf8(process.readAllStandardError())));
        for (const QString& label : {QStringLiteral("key-aes-256"), QStringLiteral("key-rsa-2048"),
                                     QStringLiteral("key-ec-P-256"), QStringLiteral("key-ec-P-384")})
            QVERIFY2(output.contains(label), qPrintable(label + QStringLiteral(" missing in:\n") + output));
    }

    void opensslCliAcceptsPublicKey()
    {
        QVERIFY(!m_rsaPublicKey.isEmpty());
        QProcess process;
        process.start(QStringLiteral("openssl"),
                      {QStringLiteral("pkey"), QStringLiteral("-pubin"), QStringLiteral("-inform"),
                       QStringLiteral("DER"), QStringLiteral("-noout"), QStringLiteral("-text")});
        QVERIFY(process.waitForStarted(10000));
        process.write(m_rsaPublicKey);
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(30000));
        const QString output = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY2(process.exitCode() == 0, qPrintable(QString::fromUtf8(process.readAllStandardError())));
        QVERIFY2(output.contains(QStringLiteral("2048 bit")), qPrintable(output));
    }

    // Last: drops the module, which logs out and finalises the library.
    void reloadSeesAnotherTokenStore()
    {
        const Pkcs11Module* first = m_module.get();
        m_token.reset();
        m_module.reset(); // the last reference: C_Finalize + dlclose

        useSoftHsmConf(m_storeB);
        auto other = Pkcs11Module::load(kModulePath);
        QVERIFY2(other.ok(), errorText(other).constData());
        QCOMPARE(Token::open(other.value(), kTokenLabel).error().kind, ErrorKind::NotFound);
        auto slot = other.value()->findUninitializedSlot();
        QVERIFY(slot.ok());
        QVERIFY(other.value()->initToken(slot.value(), m_soPin, QStringLiteral("custos-other")).ok());
        QVERIFY(other.value()->findSlotByTokenLabel(QStringLiteral("custos-other")).ok());
        other = Outcome<std::shared_ptr<Pkcs11Module>>(); // drop it again

        useSoftHsmConf(m_storeA);
        auto back = Pkcs11Module::load(kModulePath);
        QVERIFY2(back.ok(), errorText(back).constData());
        m_module = back.take();
        Q_UNUSED(first);
        QCOMPARE(m_module->findSlotByTokenLabel(QStringLiteral("custos-other")).error().kind, ErrorKind::NotFound);
        auto token = Token::open(m_module, kTokenLabel);
        QVERIFY2(token.ok(), errorText(token).constData());
        m_token = token.take();
        QVERIFY(!m_token->isLoggedIn()); // the finalise ended the login
        QVERIFY(m_token->login(m_userPin).ok());
        auto ids = m_token->listKeyIds();
        QVERIFY(ids.ok() && ids->contains("rsa-2048"));
    }
};

CUSTOS_REGISTER_TEST(TestPkcs11)
#include "TestPkcs11.moc"
