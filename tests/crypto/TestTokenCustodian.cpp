#include "SoftHsmTestToken.h"
#include "TestRegistry.h"

#include "OutcomeText.h"

#include "crypto/Random.h"
#include "crypto/pkcs11/Pkcs11Objects.h"
#include "crypto/sd/CompactJwe.h"
#include "crypto/sd/TokenCustodian.h"
#include "crypto/x509/CertificateInfo.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

using namespace custos;
using namespace custos::crypto;
using namespace custos::crypto::sd;

namespace {
const QString kWorkspaceToken = QStringLiteral("custos-ws");
const QString kCard = QStringLiteral("custodian card"); // a blank: the URI percent-encodes it
const QString kCardPin = QStringLiteral("card-pin-4711");
const QString kObject = QStringLiteral("alice;custodian"); // a ';': the URI percent-encodes it too
const QString kHolder = QStringLiteral("Alice Custodian, Ops");

SecureBuffer secretOf(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    return SecureBuffer(utf8.constData(), std::size_t(utf8.size()));
}

QByteArray bytesOf(const SecureBuffer& buffer)
{
    return QByteArray(buffer.chars(), qsizetype(buffer.size()));
}

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using CtxPtr = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;

PkeyPtr certificateKey(const QByteArray& der)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    X509* x = d2i_X509(nullptr, &p, der.size());
    EVP_PKEY* key = x ? X509_get_pubkey(x) : nullptr;
    X509_free(x);
    return PkeyPtr(key, EVP_PKEY_free);
}

// RSA-OAEP with OpenSSL (an independent encoder): MGF1 with the same hash, empty label.
QByteArray oaepEncrypt(EVP_PKEY* key, const QByteArray& plain, const char* md)
{
    CtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr), EVP_PKEY_CTX_free);
    size_t size = 0;
    if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_oaep_md_name(ctx.get(), md, nullptr) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md_name(ctx.get(), md, nullptr) != 1 ||
        EVP_PKEY_encrypt(ctx.get(), nullptr, &size, reinterpret_cast<const unsigned char*>(plain.constData()),
                         size_t(plain.size())) != 1)
        return {};
    QByteArray out(qsizetype(size), '\0');
    if (EVP_PKEY_encrypt(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &size,
                         reinterpret_cast<const unsigned char*>(plain.constData()), size_t(plain.size())) != 1)
        return {};
    out.resize(qsizetype(size));
    return out;
}

// Raw RSA decryption in software: the EM a card's CKM_RSA_X_509 would give.
QByteArray rawDecrypt(EVP_PKEY* key, const QByteArray& ciphertext)
{
    CtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr), EVP_PKEY_CTX_free);
    size_t size = 0;
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_NO_PADDING) != 1 ||
        EVP_PKEY_decrypt(ctx.get(), nullptr, &size, reinterpret_cast<const unsigned char*>(ciphertext.constData()),
                         size_t(ciphertext.size())) != 1)
        return {};
    QByteArray out(qsizetype(size), '\0');
    if (EVP_PKEY_decrypt(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &size,
                         reinterpret_cast<const unsigned char*>(ciphertext.constData()),
                         size_t(ciphertext.size())) != 1)
        return {};
    out.resize(qsizetype(size));
    return out;
}

SecureBuffer secureOf(const QByteArray& bytes)
{
    return SecureBuffer(bytes.constData(), std::size_t(bytes.size()));
}
} // namespace

// Custodians on a card (issue 7): a second SoftHSM2 token of the same module stands in for the
// custodian's smart card. Key pair and self-signed certificate made there, shares decrypted there
// (SoftHSM2 2.6.1 has OAEP with SHA-1 only, so SHA-256 takes the raw path and decodeOaep),
// checked against OpenSSL's OAEP and pkcs11-tool's view of the card.
class TestTokenCustodian : public QObject
{
    Q_OBJECT
private:
    test::SoftHsmTestToken m_softHsm;
    QByteArray m_certificate;
    QTemporaryDir m_files;
    PkeyPtr m_softwareKey{nullptr, EVP_PKEY_free}; // for decodeOaep against OpenSSL

    Pkcs11Module& module() { return *m_softHsm.module(); }

    Pkcs11Uri uri(const QString& token = kCard, const QString& object = kObject)
    {
        Pkcs11Uri u;
        u.token = token;
        u.object = object;
        return u;
    }

    std::unique_ptr<CustodianKey> openCard()
    {
        auto opened = openTokenCustodian(module(), uri(), secretOf(kCardPin));
        if (!opened) {
            qWarning("%s", errorText(opened).constData());
            return {};
        }
        return opened.take();
    }

    // The card's objects as pkcs11-tool (opensc) lists them, logged in.
    QString listObjects()
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral("pkcs11-tool"), {"--module", test::kSoftHsmModule, "--token-label", kCard, "--login",
                                                "--pin", kCardPin, "--list-objects"});
        if (!p.waitForFinished(60000) || p.exitCode() != 0)
            return QStringLiteral("pkcs11-tool failed: ") + QString::fromUtf8(p.readAll());
        return QString::fromUtf8(p.readAll());
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!test::SoftHsmTestToken::moduleInstalled())
            QSKIP("SoftHSM2 is not installed");
        QVERIFY(m_files.isValid());
        const QString e = m_softHsm.setUp(kWorkspaceToken);
        QVERIFY2(e.isEmpty(), qPrintable(e));
        // The card: SoftHSM2's free slot, its own SO and user PINs.
        auto slot = module().findUninitializedSlot();
        QVERIFY2(slot.ok(), errorText(slot));
        const SecureBuffer soPin = secretOf(QStringLiteral("card-so-pin"));
        auto made = module().initToken(slot.value(), soPin, kCard);
        QVERIFY2(made.ok(), errorText(made));
        {
            auto card = Token::open(m_softHsm.module(), kCard);
            QVERIFY2(card.ok(), errorText(card));
            auto pin = card.value()->initUserPin(soPin, secretOf(kCardPin));
            QVERIFY2(pin.ok(), errorText(pin));
        }
        auto created = createCustodianOnToken(module(), kCard, secretOf(kCardPin), kObject, kHolder, 2048);
        QVERIFY2(created.ok(), errorText(created));
        m_certificate = created.value();

        m_softwareKey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048)));
        QVERIFY(m_softwareKey);
    }

    void cleanupTestCase() { m_softHsm.tearDown(); }

    void uriParsing_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("object");
        QTest::addColumn<QString>("modulePath");
        QTest::newRow("plain") << "pkcs11:token=card;object=alice" << true << "card"
                               << "alice"
                               << "";
        QTest::newRow("order and other attributes ignored")
            << "pkcs11:type=private;object=alice;manufacturer=SoftHSM%20project;token=card" << true << "card"
            << "alice"
            << "";
        QTest::newRow("percent-encoded") << "pkcs11:token=My%20Card;object=a%3Bb%25c" << true << "My Card"
                                         << "a;b%c"
                                         << "";
        QTest::newRow("utf-8") << "pkcs11:token=J%C3%BCrgen;object=k" << true << QString::fromUtf8("Jürgen") << "k"
                               << "";
        QTest::newRow("module-path query")
            << "pkcs11:token=card;object=alice?pin-source=file:/x&module-path=/usr/lib/softhsm/libsofthsm2.so" << true
            << "card"
            << "alice"
            << "/usr/lib/softhsm/libsofthsm2.so";
        QTest::newRow("no token") << "pkcs11:object=alice" << false << ""
                                  << ""
                                  << "";
        QTest::newRow("empty token") << "pkcs11:token=;object=alice" << false << ""
                                     << ""
                                     << "";
        QTest::newRow("no object") << "pkcs11:token=card" << false << ""
                                   << ""
                                   << "";
        QTest::newRow("not a URI") << "/home/alice/cert_0.key" << false << ""
                                   << ""
                                   << "";
        QTest::newRow("bad percent") << "pkcs11:token=ca%2;object=alice" << false << ""
                                     << ""
                                     << "";
        QTest::newRow("bad hex") << "pkcs11:token=card;object=al%zzice" << false << ""
                                 << ""
                                 << "";
        QTest::newRow("token twice") << "pkcs11:token=a;token=b;object=alice" << false << ""
                                     << ""
                                     << "";
    }

    void uriParsing()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        auto parsed = Pkcs11Uri::parse(text);
        QCOMPARE(parsed.ok(), valid);
        if (!valid) {
            QCOMPARE(parsed.error().kind, ErrorKind::Invalid);
            return;
        }
        QTEST(parsed->token, "token");
        QTEST(parsed->object, "object");
        QTEST(parsed->modulePath, "modulePath");
        // toString gives a URI that parses back to the same attributes.
        auto again = Pkcs11Uri::parse(parsed->toString());
        QVERIFY2(again.ok(), errorText(again));
        QCOMPARE(again->token, parsed->token);
        QCOMPARE(again->object, parsed->object);
        QCOMPARE(again->modulePath, parsed->modulePath);
    }

    void uriMessagesNameWhatIsMissing()
    {
        auto noObject = Pkcs11Uri::parse(QStringLiteral("pkcs11:token=card"));
        QVERIFY(!noObject.ok());
        QVERIFY2(noObject.error().message.contains("names no object: expected object=LABEL"), errorText(noObject));
        auto noToken = Pkcs11Uri::parse(QStringLiteral("pkcs11:object=a"));
        QVERIFY(!noToken.ok());
        QVERIFY2(noToken.error().message.contains("names no token: expected token=LABEL"), errorText(noToken));
        QCOMPARE(uri().toString(), QStringLiteral("pkcs11:token=custodian%20card;object=alice%3Bcustodian"));
    }

    void certificateNamesTheHolderAndCertifiesTheCardKey()
    {
        auto info = x509::inspectCertificate(m_certificate);
        QVERIFY2(info.ok(), errorText(info));
        QCOMPARE(info->keyDescription, QStringLiteral("RSA 2048"));
        QCOMPARE(info->signatureAlgorithm, QStringLiteral("sha256WithRSAEncryption"));
        QVERIFY(info->selfSigned); // signed on the card by the key it certifies
        // The CN is the holder, commas and all (not split into RDNs).
        auto custodian = readCustodianCertificate(m_certificate);
        if (custodian.ok()) // sdcrypto's reader; the CN check below does not depend on it
            QCOMPARE(custodian->holder, kHolder);
        const auto* p = reinterpret_cast<const unsigned char*>(m_certificate.constData());
        X509* x = d2i_X509(nullptr, &p, m_certificate.size());
        QVERIFY(x);
        char cn[128] = {};
        X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, cn, sizeof cn);
        X509_free(x);
        QCOMPARE(QString::fromUtf8(cn), kHolder);
        QVERIFY(info->notAfter > QDateTime::currentDateTimeUtc().addYears(2));
    }

    void privateKeyStaysOnTheCard()
    {
        auto slot = module().findSlotByTokenLabel(kCard);
        QVERIFY2(slot.ok(), errorText(slot));
        CK_FUNCTION_LIST* f = module().functions();
        CK_SESSION_HANDLE session = CK_INVALID_HANDLE;
        QCOMPARE(f->C_OpenSession(slot.value(), CKF_SERIAL_SESSION, nullptr, nullptr, &session), CKR_OK);
        const QByteArray pin = kCardPin.toUtf8();
        QCOMPARE(f->C_Login(session, CKU_USER, reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(pin.constData())),
                            CK_ULONG(pin.size())),
                 CKR_OK);
        CK_OBJECT_CLASS privateClass = CKO_PRIVATE_KEY;
        QByteArray label = kObject.toUtf8();
        std::vector<CK_ATTRIBUTE> match{{CKA_CLASS, &privateClass, sizeof privateClass},
                                        {CKA_LABEL, label.data(), CK_ULONG(label.size())}};
        auto keys = p11::findObjects(f, session, match);
        QVERIFY2(keys.ok(), errorText(keys));
        QCOMPARE(keys->size(), std::size_t(1));
        const CK_OBJECT_HANDLE key = keys->front();
        auto check = [&](CK_ATTRIBUTE_TYPE type) {
            auto value = p11::readBoolAttribute(f, session, key, type);
            return value.ok() ? int(value.value()) : -1;
        };
        const int sensitive = check(CKA_SENSITIVE);
        const int extractable = check(CKA_EXTRACTABLE);
        const int neverExtractable = check(CKA_NEVER_EXTRACTABLE);
        const int alwaysSensitive = check(CKA_ALWAYS_SENSITIVE);
        const int decrypt = check(CKA_DECRYPT);
        auto exponent = p11::readAttribute(f, session, key, CKA_PRIVATE_EXPONENT);
        // The certificate object shares the key's CKA_ID and label.
        auto keyId = p11::readAttribute(f, session, key, CKA_ID);
        CK_OBJECT_CLASS certificateClass = CKO_CERTIFICATE;
        std::vector<CK_ATTRIBUTE> certificateMatch{{CKA_CLASS, &certificateClass, sizeof certificateClass},
                                                   {CKA_LABEL, label.data(), CK_ULONG(label.size())}};
        auto certificates = p11::findObjects(f, session, certificateMatch);
        QByteArray certificateId;
        QByteArray certificateValue;
        if (certificates.ok() && certificates->size() == 1) {
            certificateId = p11::readAttribute(f, session, certificates->front(), CKA_ID).value();
            certificateValue = p11::readAttribute(f, session, certificates->front(), CKA_VALUE).value();
        }
        f->C_Logout(session);
        f->C_CloseSession(session);

        QCOMPARE(sensitive, 1);
        QCOMPARE(extractable, 0);
        QCOMPARE(neverExtractable, 1);
        QCOMPARE(alwaysSensitive, 1);
        QCOMPARE(decrypt, 1);
        QVERIFY(!exponent.ok());
        QVERIFY2(exponent.error().message.contains("CKR_ATTRIBUTE_SENSITIVE"), errorText(exponent));
        QVERIFY(keyId.ok() && !keyId->isEmpty());
        QCOMPARE(certificateId, keyId.value());
        QCOMPARE(certificateValue, m_certificate);
    }

    // Proof by an independent implementation: opensc's pkcs11-tool sees the key and the certificate
    // under the label, the key usable for decryption and never extractable.
    void pkcs11ToolSeesKeyAndCertificate()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("pkcs11-tool")).isEmpty())
            QSKIP("pkcs11-tool (opensc) is not installed");
        const QString listing = listObjects();
        const QStringList blocks = listing.split(QRegularExpression(QStringLiteral("\\n(?=\\S)")));
        QString privateBlock;
        QString certificateBlock;
        for (const QString& block : blocks) {
            if (!block.contains(QStringLiteral("label:      ") + kObject))
                continue;
            if (block.startsWith(QStringLiteral("Private Key Object; RSA")))
                privateBlock = block;
            else if (block.startsWith(QStringLiteral("Certificate Object")))
                certificateBlock = block;
        }
        QVERIFY2(!privateBlock.isEmpty(), qPrintable(listing));
        QVERIFY2(!certificateBlock.isEmpty(), qPrintable(listing));
        QVERIFY2(privateBlock.contains(QStringLiteral("decrypt")), qPrintable(privateBlock));
        QVERIFY2(privateBlock.contains(QStringLiteral("never extractable")), qPrintable(privateBlock));
        QVERIFY2(privateBlock.contains(QStringLiteral("always sensitive")), qPrintable(privateBlock));
        QVERIFY2(certificateBlock.contains(QStringLiteral("subject:    DN: CN=Alice Custodian")),
                 qPrintable(certificateBlock));
    }

    void creationRefusals()
    {
        auto again = createCustodianOnToken(module(), kCard, secretOf(kCardPin), kObject, kHolder, 2048);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().kind, ErrorKind::Conflict);
        auto badSize = createCustodianOnToken(module(), kCard, secretOf(kCardPin), QStringLiteral("x"), kHolder, 1024);
        QVERIFY(!badSize.ok());
        QCOMPARE(badSize.error().kind, ErrorKind::Invalid);
        QVERIFY2(badSize.error().message.contains("expected 2048, 3072 or 4096 bits"), errorText(badSize));
        auto noHolder = createCustodianOnToken(module(), kCard, secretOf(kCardPin), QStringLiteral("x"), {}, 2048);
        QVERIFY(!noHolder.ok());
        QCOMPARE(noHolder.error().kind, ErrorKind::Invalid);
        auto wrongPin = createCustodianOnToken(module(), kCard, secretOf(QStringLiteral("0000-wrong")),
                                               QStringLiteral("x"), kHolder, 2048);
        QVERIFY(!wrongPin.ok());
        QCOMPARE(wrongPin.error().kind, ErrorKind::Denied);
        auto noCard = createCustodianOnToken(module(), QStringLiteral("no such card"), secretOf(kCardPin),
                                             QStringLiteral("x"), kHolder, 2048);
        QVERIFY(!noCard.ok());
        QCOMPARE(noCard.error().kind, ErrorKind::NotFound);
        // Nothing was left behind by the refusals: the label "x" is still free.
        auto made =
            createCustodianOnToken(module(), kCard, secretOf(kCardPin), QStringLiteral("x"), QStringLiteral("X"), 2048);
        QVERIFY2(made.ok(), errorText(made));
        auto removed = removeCustodianFromToken(module(), kCard, secretOf(kCardPin), QStringLiteral("x"), made.value());
        QVERIFY2(removed.ok(), errorText(removed));
        Pkcs11Uri gone = uri(kCard, QStringLiteral("x"));
        auto reopened = openTokenCustodian(module(), gone, secretOf(kCardPin));
        QVERIFY(!reopened.ok());
        QCOMPARE(reopened.error().kind, ErrorKind::NotFound);
    }

    void openingRefusals()
    {
        auto wrongPin = openTokenCustodian(module(), uri(), secretOf(QStringLiteral("0000-wrong")));
        QVERIFY(!wrongPin.ok());
        QCOMPARE(wrongPin.error().kind, ErrorKind::Denied);
        QVERIFY2(wrongPin.error().message.contains("refused the PIN"), errorText(wrongPin));
        auto noCard = openTokenCustodian(module(), uri(QStringLiteral("no such card")), secretOf(kCardPin));
        QVERIFY(!noCard.ok());
        QCOMPARE(noCard.error().kind, ErrorKind::NotFound);
        QVERIFY2(noCard.error().message.contains("no token labelled \"no such card\""), errorText(noCard));
        auto noObject = openTokenCustodian(module(), uri(kCard, QStringLiteral("bob")), secretOf(kCardPin));
        QVERIFY(!noObject.ok());
        QCOMPARE(noObject.error().kind, ErrorKind::NotFound);
        QVERIFY2(noObject.error().message.contains("no certificate labelled \"bob\""), errorText(noObject));
    }

    // SHA-256 (the shares' RSA-OAEP-256): SoftHSM2 refuses OAEP with SHA-256, so this is raw RSA on
    // the card and decodeOaep here. The ciphertext comes from `openssl pkeyutl` with the certificate.
    void decryptsOpensslOaepSha256()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("openssl is not installed");
        const QString certificateFile = m_files.filePath(QStringLiteral("card.pem"));
        const QString plainFile = m_files.filePath(QStringLiteral("plain.bin"));
        const QString cipherFile = m_files.filePath(QStringLiteral("cipher.bin"));
        QFile out(certificateFile);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(x509::certificatePem(m_certificate));
        out.close();
        const QByteArray plain = randomBytes(64);
        QFile p(plainFile);
        QVERIFY(p.open(QIODevice::WriteOnly));
        p.write(plain);
        p.close();
        QProcess openssl;
        openssl.setProcessChannelMode(QProcess::MergedChannels);
        openssl.start(QStringLiteral("openssl"),
                      {"pkeyutl", "-encrypt", "-certin", "-inkey", certificateFile, "-pkeyopt", "rsa_padding_mode:oaep",
                       "-pkeyopt", "rsa_oaep_md:sha256", "-pkeyopt", "rsa_mgf1_md:sha256", "-in", plainFile, "-out",
                       cipherFile});
        QVERIFY(openssl.waitForFinished(60000));
        QVERIFY2(openssl.exitCode() == 0, openssl.readAll().constData());
        QFile c(cipherFile);
        QVERIFY(c.open(QIODevice::ReadOnly));
        const QByteArray ciphertext = c.readAll();

        auto card = openCard();
        QVERIFY(card);
        QCOMPARE(card->certificateDer(), m_certificate);
        QCOMPARE(card->source(), QStringLiteral("pkcs11:token=custodian%20card;object=alice%3Bcustodian"));
        auto decrypted = card->decryptOaep(ciphertext, OaepHash::Sha256);
        QVERIFY2(decrypted.ok(), errorText(decrypted));
        QCOMPARE(bytesOf(decrypted.value()), plain);
        // The same ciphertext read as SHA-1 OAEP does not check out.
        auto wrongHash = card->decryptOaep(ciphertext, OaepHash::Sha1);
        QVERIFY(!wrongHash.ok());
        QVERIFY2(wrongHash.error().message.contains("cannot decrypt this share"), errorText(wrongHash));
    }

    // Why the raw path exists: the stand-in card lists CKM_RSA_PKCS_OAEP for decryption but refuses
    // it with SHA-256, so the SHA-256 decryptions above went through CKM_RSA_X_509 and decodeOaep.
    void softHsmRefusesOaepWithSha256()
    {
        auto slot = module().findSlotByTokenLabel(kCard);
        QVERIFY2(slot.ok(), errorText(slot));
        CK_FUNCTION_LIST* f = module().functions();
        CK_MECHANISM_INFO info{};
        QCOMPARE(f->C_GetMechanismInfo(slot.value(), CKM_RSA_PKCS_OAEP, &info), CKR_OK);
        QVERIFY(info.flags & CKF_DECRYPT);
        CK_SESSION_HANDLE session = CK_INVALID_HANDLE;
        QCOMPARE(f->C_OpenSession(slot.value(), CKF_SERIAL_SESSION, nullptr, nullptr, &session), CKR_OK);
        const QByteArray pin = kCardPin.toUtf8();
        f->C_Login(session, CKU_USER, reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(pin.constData())),
                   CK_ULONG(pin.size()));
        CK_OBJECT_CLASS privateClass = CKO_PRIVATE_KEY;
        QByteArray label = kObject.toUtf8();
        std::vector<CK_ATTRIBUTE> match{{CKA_CLASS, &privateClass, sizeof privateClass},
                                        {CKA_LABEL, label.data(), CK_ULONG(label.size())}};
        auto keys = p11::findObjects(f, session, match, 1);
        CK_RV sha256 = CKR_OK;
        CK_RV raw = CKR_GENERAL_ERROR;
        if (keys.ok() && keys->size() == 1) {
            CK_RSA_PKCS_OAEP_PARAMS params{CKM_SHA256, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED, nullptr, 0};
            CK_MECHANISM oaep{CKM_RSA_PKCS_OAEP, &params, sizeof params};
            sha256 = f->C_DecryptInit(session, &oaep, keys->front());
            CK_MECHANISM x509{CKM_RSA_X_509, nullptr, 0};
            raw = f->C_DecryptInit(session, &x509, keys->front());
        }
        f->C_Logout(session);
        f->C_CloseSession(session);
        QVERIFY2(keys.ok() && keys->size() == 1, errorText(keys));
        QVERIFY2(sha256 != CKR_OK, qPrintable(ckrName(sha256)));
        QCOMPARE(raw, CKR_OK);
    }

    // SHA-1 ("RSA-OAEP"): the card's own CKM_RSA_PKCS_OAEP.
    void decryptsOaepSha1()
    {
        PkeyPtr key = certificateKey(m_certificate);
        QVERIFY(key);
        const QByteArray plain = randomBytes(64);
        const QByteArray ciphertext = oaepEncrypt(key.get(), plain, "SHA1");
        QVERIFY(!ciphertext.isEmpty());
        auto card = openCard();
        QVERIFY(card);
        auto decrypted = card->decryptOaep(ciphertext, OaepHash::Sha1);
        QVERIFY2(decrypted.ok(), errorText(decrypted));
        QCOMPARE(bytesOf(decrypted.value()), plain);
    }

    void tamperedCiphertextIsNamed()
    {
        PkeyPtr key = certificateKey(m_certificate);
        QVERIFY(key);
        const QByteArray plain = randomBytes(64);
        auto card = openCard();
        QVERIFY(card);
        for (const char* md : {"SHA256", "SHA1"}) {
            const OaepHash hash = qstrcmp(md, "SHA1") == 0 ? OaepHash::Sha1 : OaepHash::Sha256;
            QByteArray ciphertext = oaepEncrypt(key.get(), plain, md);
            QVERIFY(!ciphertext.isEmpty());
            ciphertext[100] = char(ciphertext.at(100) ^ 0x01);
            auto tampered = card->decryptOaep(ciphertext, hash);
            QVERIFY(!tampered.ok());
            QCOMPARE(tampered.error().kind, ErrorKind::Failed);
            QVERIFY2(tampered.error().message.contains("cannot decrypt this share"), errorText(tampered));
            auto truncated = card->decryptOaep(ciphertext.left(255), hash);
            QVERIFY(!truncated.ok());
            QCOMPARE(truncated.error().kind, ErrorKind::Failed);
        }
        // A ciphertext representative not below the modulus (all 0xff): out of range, the same message.
        auto outOfRange = card->decryptOaep(QByteArray(256, '\xff'), OaepHash::Sha256);
        QVERIFY(!outOfRange.ok());
        QVERIFY2(outOfRange.error().message.contains("cannot decrypt this share"), errorText(outOfRange));
        // The card still works after the failures.
        auto fine = card->decryptOaep(oaepEncrypt(key.get(), plain, "SHA256"), OaepHash::Sha256);
        QVERIFY2(fine.ok(), errorText(fine));
    }

    // A share as the download ceremony writes it, opened through the card.
    void shareJweDecryptsThroughTheCard()
    {
        const QByteArray share = randomBytes(48);
        auto jweText = encryptRsaOaep256Jwe(m_certificate, secureOf(share));
        QVERIFY2(jweText.ok(), errorText(jweText));
        auto jwe = CompactJwe::parse(jweText.value());
        QVERIFY2(jwe.ok(), errorText(jwe));
        QCOMPARE(jwe->alg, QStringLiteral("RSA-OAEP-256"));
        auto card = openCard();
        QVERIFY(card);
        auto opened = decryptRsaJwe(*card, jwe.value());
        QVERIFY2(opened.ok(), errorText(opened));
        QCOMPARE(bytesOf(opened.value()), share);
    }

    void wipeLogsOutAndCloses()
    {
        PkeyPtr key = certificateKey(m_certificate);
        const QByteArray ciphertext = oaepEncrypt(key.get(), QByteArrayLiteral("share"), "SHA256");
        auto card = openCard();
        QVERIFY(card);
        card->wipe();
        auto after = card->decryptOaep(ciphertext, OaepHash::Sha256);
        QVERIFY(!after.ok());
        QVERIFY2(after.error().message.contains("was closed"), errorText(after));
        // Logged out: a session of the card sees no private objects now.
        auto slot = module().findSlotByTokenLabel(kCard);
        QVERIFY2(slot.ok(), errorText(slot));
        CK_SESSION_INFO info{};
        CK_SESSION_HANDLE session = CK_INVALID_HANDLE;
        QCOMPARE(module().functions()->C_OpenSession(slot.value(), CKF_SERIAL_SESSION, nullptr, nullptr, &session),
                 CKR_OK);
        QCOMPARE(module().functions()->C_GetSessionInfo(session, &info), CKR_OK);
        module().functions()->C_CloseSession(session);
        QCOMPARE(info.state, CKS_RO_PUBLIC_SESSION);
        // And a new custodian opens again.
        auto again = openCard();
        QVERIFY(again);
        auto decrypted = again->decryptOaep(ciphertext, OaepHash::Sha256);
        QVERIFY2(decrypted.ok(), errorText(decrypted));
        QCOMPARE(bytesOf(decrypted.value()), QByteArrayLiteral("share"));
    }

    // decodeOaep against OpenSSL's encoder: raw RSA in software gives the EM a card gives.
    void decodeOaepMatchesOpenssl_data()
    {
        QTest::addColumn<QString>("md");
        QTest::addColumn<int>("length");
        QTest::newRow("sha256 64") << "SHA256" << 64;
        QTest::newRow("sha256 empty") << "SHA256" << 0;
        QTest::newRow("sha256 longest") << "SHA256" << (256 - 2 * 32 - 2);
        QTest::newRow("sha1 64") << "SHA1" << 64;
        QTest::newRow("sha1 longest") << "SHA1" << (256 - 2 * 20 - 2);
        QTest::newRow("sha1 one byte 0x01") << "SHA1" << -1; // a message that starts with the separator's value
    }

    void decodeOaepMatchesOpenssl()
    {
        QFETCH(QString, md);
        QFETCH(int, length);
        const QByteArray plain = length < 0 ? QByteArrayLiteral("\x01\x00\x01") : randomBytes(std::size_t(length));
        const QByteArray ciphertext = oaepEncrypt(m_softwareKey.get(), plain, qPrintable(md));
        QVERIFY(!ciphertext.isEmpty());
        const QByteArray em = rawDecrypt(m_softwareKey.get(), ciphertext);
        QCOMPARE(em.size(), 256);
        auto decoded = decodeOaep(secureOf(em), md == QLatin1String("SHA1") ? OaepHash::Sha1 : OaepHash::Sha256);
        QVERIFY2(decoded.ok(), errorText(decoded));
        QCOMPARE(bytesOf(decoded.value()), plain);
    }

    // Every kind of damage gives the one "decryption error": Y, the masked seed, lHash, the padding,
    // a missing separator, the wrong hash, a short EM.
    void decodeOaepRefusesTampering()
    {
        const QByteArray plain = QByteArrayLiteral("a 32-byte share secret goes here");
        const QByteArray em = rawDecrypt(m_softwareKey.get(), oaepEncrypt(m_softwareKey.get(), plain, "SHA256"));
        QCOMPARE(em.size(), 256);
        QVERIFY(decodeOaep(secureOf(em), OaepHash::Sha256).ok());
        for (const int position : {0, 1, 20, 32, 33, 40, 64, 100, 150, 200, 255}) {
            QByteArray damaged = em;
            damaged[position] = char(damaged.at(position) ^ 0x80);
            auto decoded = decodeOaep(secureOf(damaged), OaepHash::Sha256);
            if (decoded.ok()) {
                // Flipping a bit of the message itself keeps the padding valid: the content changes.
                QVERIFY2(bytesOf(decoded.value()) != plain, qPrintable(QString::number(position)));
                continue;
            }
            QCOMPARE(decoded.error().kind, ErrorKind::Failed);
            QCOMPARE(decoded.error().message, QStringLiteral("decryption error"));
        }
        // Y != 0, in the first byte, is always refused; so is the other hash, and an EM too short.
        QByteArray y = em;
        y[0] = '\x01';
        QVERIFY(!decodeOaep(secureOf(y), OaepHash::Sha256).ok());
        QVERIFY(!decodeOaep(secureOf(em), OaepHash::Sha1).ok());
        QVERIFY(!decodeOaep(secureOf(em.left(65)), OaepHash::Sha256).ok());
        QVERIFY(!decodeOaep(SecureBuffer(), OaepHash::Sha256).ok());
        // All zeros: lHash and the separator missing.
        QVERIFY(!decodeOaep(SecureBuffer(256), OaepHash::Sha256).ok());
    }

    // An empty message puts the 0x01 separator in the EM's last byte, after PS zeros: flipping bits
    // there and in PS gives a missing separator and a non-zero PS byte, with lHash still matching.
    void decodeOaepRefusesBadPadding()
    {
        const QByteArray em = rawDecrypt(m_softwareKey.get(), oaepEncrypt(m_softwareKey.get(), QByteArray(), "SHA256"));
        auto decoded = decodeOaep(secureOf(em), OaepHash::Sha256);
        QVERIFY2(decoded.ok(), errorText(decoded));
        QCOMPARE(decoded->size(), std::size_t(0));
        // The separator is then the last DB byte: flipping the last EM byte changes it.
        QByteArray noSeparator = em;
        noSeparator[255] = char(noSeparator.at(255) ^ 0x01); // 0x01 -> 0x00: no separator at all
        auto refused = decodeOaep(secureOf(noSeparator), OaepHash::Sha256);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().message, QStringLiteral("decryption error"));
        QByteArray junk = em;
        junk[200] = char(junk.at(200) ^ 0x02); // a PS byte becomes 0x02: neither padding nor separator
        auto refusedJunk = decodeOaep(secureOf(junk), OaepHash::Sha256);
        QVERIFY(!refusedJunk.ok());
        QCOMPARE(refusedJunk.error().message, QStringLiteral("decryption error"));
    }
};

CUSTOS_REGISTER_TEST(TestTokenCustodian)
#include "TestTokenCustodian.moc"
