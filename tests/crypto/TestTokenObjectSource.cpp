#include "SoftHsmTestToken.h"
#include "TestRegistry.h"

#include "OutcomeText.h"

#include "crypto/Random.h"
#include "crypto/import/TokenObjectSource.h"
#include "crypto/keys/software/SoftwareKey.h"
#include "crypto/pkcs11/AttributeTemplate.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

using namespace custos;
using namespace custos::crypto;
using namespace custos::crypto::import;

namespace {
const QString kWorkspaceLabel = QStringLiteral("custos-workspace");
const QString kSourceLabel = QStringLiteral("custos-source");
const QByteArray kCertId = QByteArray::fromHex("c1");
const QByteArray kRsaId = QByteArray::fromHex("a1");
const QByteArray kAesId = QByteArray::fromHex("b1");

const TokenObjectEntry* findEntry(const QList<TokenObjectEntry>& entries, const QString& objectClass,
                                  const QByteArray& id)
{
    for (const TokenObjectEntry& entry : entries) {
        if (entry.objectClass == objectClass && entry.id == id)
            return &entry;
    }
    return nullptr;
}
} // namespace

// Another token as an import source: certificates and public keys are read as they are, keys the
// token lets out in clear (extractable, not sensitive) are read, sensitive keys are listed but
// refused (use BYOK). The source token is a second SoftHSM2 token filled as another tool would.
class TestTokenObjectSource : public QObject
{
    Q_OBJECT
private:
    test::SoftHsmTestToken m_softHsm; // the workspace's token; the source is a second one
    QTemporaryDir m_dir;
    SecureBuffer m_sourcePin;
    QByteArray m_ecPkcs8; // the EC key of the certificate, PKCS#8 DER
    QByteArray m_certificateDer;
    QByteArray m_certificateSpki;
    QByteArray m_rsaSpki;
    QByteArray m_aesValue;

    // The EC private key from openssl's PEM as a non-sensitive, extractable token object.
    QString createEcPrivateKey(Token& token, const QByteArray& pem)
    {
        BIO* bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
        EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
        BIO_free(bio);
        if (!key)
            return QStringLiteral("cannot read the EC key");
        BIGNUM* d = nullptr;
        EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &d);
        PKCS8_PRIV_KEY_INFO* info = EVP_PKEY2PKCS8(key);
        unsigned char* der = nullptr;
        const int derSize = i2d_PKCS8_PRIV_KEY_INFO(info, &der);
        m_ecPkcs8 = QByteArray(reinterpret_cast<const char*>(der), derSize);
        OPENSSL_free(der);
        PKCS8_PRIV_KEY_INFO_free(info);
        EVP_PKEY_free(key);
        QByteArray value(32, '\0');
        BN_bn2binpad(d, reinterpret_cast<unsigned char*>(value.data()), 32);
        BN_free(d);

        AttributeTemplate t;
        t.addUlong(CKA_CLASS, CKO_PRIVATE_KEY).addUlong(CKA_KEY_TYPE, CKK_EC);
        t.addBool(CKA_TOKEN, true).addBool(CKA_PRIVATE, true).addBool(CKA_SENSITIVE, false);
        t.addBool(CKA_EXTRACTABLE, true).addBool(CKA_SIGN, true);
        t.addBytes(CKA_ID, kCertId).addText(CKA_LABEL, QStringLiteral("server"));
        t.addBytes(CKA_EC_PARAMS, QByteArray::fromHex("06082a8648ce3d030107")).addBytes(CKA_VALUE, value);
        return create(token, t, "EC private key");
    }
    static QString create(Token& token, AttributeTemplate& t, const char* what)
    {
        auto s = token.session();
        if (!s)
            return s.error().message;
        CK_OBJECT_HANDLE handle = CK_INVALID_HANDLE;
        const CK_RV rv = token.module().functions()->C_CreateObject(s.value(), t.data(), t.count(), &handle);
        return rv == CKR_OK ? QString() : QStringLiteral("C_CreateObject(%1): 0x%2").arg(what).arg(rv, 0, 16);
    }

    QString fillSourceToken()
    {
        auto slot = m_softHsm.module()->findUninitializedSlot();
        if (!slot)
            return slot.error().message;
        const SecureBuffer soPin = randomPin(16);
        m_sourcePin = randomPin(16);
        if (auto init = m_softHsm.module()->initToken(slot.value(), soPin, kSourceLabel); !init)
            return init.error().message;
        auto opened = Token::open(m_softHsm.module(), kSourceLabel);
        if (!opened)
            return opened.error().message;
        Token& token = *opened.value();
        if (auto pin = token.initUserPin(soPin, m_sourcePin); !pin)
            return pin.error().message;
        if (auto login = token.login(m_sourcePin); !login)
            return login.error().message;

        // A certificate and its EC key (extractable, not sensitive), made by openssl.
        QProcess openssl;
        openssl.setWorkingDirectory(m_dir.path());
        openssl.start(QStringLiteral("openssl"),
                      {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj",
                       "/CN=server", "-days", "30", "-keyout", "server.key", "-outform", "DER", "-out", "server.der"});
        if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0)
            return QStringLiteral("openssl req failed: ") + QString::fromUtf8(openssl.readAllStandardError());
        QFile der(m_dir.filePath(QStringLiteral("server.der")));
        QFile keyPem(m_dir.filePath(QStringLiteral("server.key")));
        if (!der.open(QIODevice::ReadOnly) || !keyPem.open(QIODevice::ReadOnly))
            return QStringLiteral("openssl wrote nothing");
        m_certificateDer = der.readAll();
        QByteArray subject; // CKA_SUBJECT, which SoftHSM2 requires of a certificate
        {
            const auto* p = reinterpret_cast<const unsigned char*>(m_certificateDer.constData());
            X509* x509 = d2i_X509(nullptr, &p, long(m_certificateDer.size()));
            unsigned char* spki = nullptr;
            const int spkiSize = x509 ? i2d_PUBKEY(X509_get0_pubkey(x509), &spki) : 0;
            m_certificateSpki = QByteArray(reinterpret_cast<const char*>(spki), spkiSize);
            OPENSSL_free(spki);
            unsigned char* name = nullptr;
            const int nameSize = x509 ? i2d_X509_NAME(X509_get_subject_name(x509), &name) : 0;
            subject = QByteArray(reinterpret_cast<const char*>(name), nameSize);
            OPENSSL_free(name);
            X509_free(x509);
        }
        AttributeTemplate cert;
        cert.addUlong(CKA_CLASS, CKO_CERTIFICATE).addUlong(CKA_CERTIFICATE_TYPE, CKC_X_509);
        cert.addBool(CKA_TOKEN, true).addBytes(CKA_ID, kCertId).addText(CKA_LABEL, QStringLiteral("server"));
        cert.addBytes(CKA_VALUE, m_certificateDer).addBytes(CKA_SUBJECT, subject);
        if (QString problem = create(token, cert, "certificate"); !problem.isEmpty())
            return problem;
        if (QString problem = createEcPrivateKey(token, keyPem.readAll()); !problem.isEmpty())
            return problem;

        // An RSA key pair as Custos makes HSM keys: the private half sensitive.
        auto rsa = SoftwareKey::generateRsa(2048);
        if (!rsa)
            return rsa.error().message;
        KeyGenSpec spec;
        spec.id = kRsaId;
        spec.label = QStringLiteral("signing");
        auto pair = token.importKeyPair(spec, rsa->toPrivateDer().value());
        if (!pair)
            return pair.error().message;
        m_rsaSpki = pair->publicKeyDer;

        // An AES key that may leave in clear.
        m_aesValue = randomBytes(32);
        AttributeTemplate aes;
        aes.addUlong(CKA_CLASS, CKO_SECRET_KEY).addUlong(CKA_KEY_TYPE, CKK_AES);
        aes.addBool(CKA_TOKEN, true).addBool(CKA_PRIVATE, true).addBool(CKA_SENSITIVE, false);
        aes.addBool(CKA_EXTRACTABLE, true).addBool(CKA_ENCRYPT, true);
        aes.addBytes(CKA_ID, kAesId).addText(CKA_LABEL, QStringLiteral("data-key")).addBytes(CKA_VALUE, m_aesValue);
        if (QString problem = create(token, aes, "AES key"); !problem.isEmpty())
            return problem;
        (void)token.logout();
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!test::SoftHsmTestToken::moduleInstalled() || QStandardPaths::findExecutable("openssl").isEmpty())
            QSKIP("SoftHSM2 or openssl is not installed");
        QVERIFY(m_dir.isValid());
        const QString problem = m_softHsm.setUp(kWorkspaceLabel);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const QString filled = fillSourceToken();
        QVERIFY2(filled.isEmpty(), qPrintable(filled));
    }
    void cleanupTestCase() { m_softHsm.tearDown(); }

    void listsAndReads()
    {
        auto source = TokenObjectSource::open(test::kSoftHsmModule, kSourceLabel, m_sourcePin);
        QVERIFY2(source, errorText(source).constData());
        auto entries = source.value()->list();
        QVERIFY2(entries, errorText(entries).constData());
        QCOMPARE(entries->size(), 5); // certificate, EC private, RSA public + private, AES
        for (qsizetype i = 1; i < entries->size(); ++i)
            QVERIFY(entries->at(i - 1).label.localeAwareCompare(entries->at(i).label) <= 0);

        const TokenObjectEntry* cert = findEntry(entries.value(), QStringLiteral("certificate"), kCertId);
        QVERIFY(cert);
        QCOMPARE(cert->label, QStringLiteral("server"));
        QVERIFY2(cert->description.contains(QStringLiteral("CN=server")), qPrintable(cert->description));
        QVERIFY(cert->importable);
        const TokenObjectEntry* ec = findEntry(entries.value(), QStringLiteral("private key"), kCertId);
        QVERIFY(ec);
        QCOMPARE(ec->description, QStringLiteral("EC P-256"));
        QVERIFY(ec->importable);
        const TokenObjectEntry* rsaPublic = findEntry(entries.value(), QStringLiteral("public key"), kRsaId);
        QVERIFY(rsaPublic);
        QCOMPARE(rsaPublic->description, QStringLiteral("RSA 2048"));
        QVERIFY(rsaPublic->importable);
        const TokenObjectEntry* rsaPrivate = findEntry(entries.value(), QStringLiteral("private key"), kRsaId);
        QVERIFY(rsaPrivate);
        QVERIFY(!rsaPrivate->importable);
        QVERIFY2(rsaPrivate->whyNot.contains(QStringLiteral("use BYOK")), qPrintable(rsaPrivate->whyNot));
        const TokenObjectEntry* aes = findEntry(entries.value(), QStringLiteral("secret key"), kAesId);
        QVERIFY(aes);
        QCOMPARE(aes->description, QStringLiteral("AES 256"));
        QVERIFY(aes->importable);

        // The certificate alone: its public key and the certificate.
        auto certificate = source.value()->read(*cert);
        QVERIFY2(certificate, errorText(certificate).constData());
        QCOMPARE(certificate->keys.size(), 1);
        QVERIFY(certificate->keys.at(0).isPublicOnly());
        QCOMPARE(certificate->keys.at(0).certificateDer, m_certificateDer);
        QCOMPARE(certificate->keys.at(0).publicKeyDer, m_certificateSpki);
        QCOMPARE(certificate->format, QStringLiteral("PKCS#11 object 'server'"));

        // The EC private key in clear, with its certificate (same CKA_ID).
        auto ecKey = source.value()->read(*ec);
        QVERIFY2(ecKey, errorText(ecKey).constData());
        QCOMPARE(ecKey->keys.size(), 1);
        const ImportedKey& ecImported = ecKey->keys.at(0);
        QCOMPARE(ecImported.kind, KeyKind::Ec);
        QCOMPARE(ecImported.curve, QStringLiteral("P-256"));
        QCOMPARE(QByteArray(ecImported.privateKey.chars(), qsizetype(ecImported.privateKey.size())), m_ecPkcs8);
        QCOMPARE(ecImported.publicKeyDer, m_certificateSpki);
        QCOMPARE(ecImported.certificateDer, m_certificateDer);

        auto rsaKey = source.value()->read(*rsaPublic);
        QVERIFY2(rsaKey, errorText(rsaKey).constData());
        QCOMPARE(rsaKey->keys.at(0).publicKeyDer, m_rsaSpki);
        QCOMPARE(rsaKey->keys.at(0).bits, 2048);
        QVERIFY(rsaKey->keys.at(0).isPublicOnly());

        auto sensitive = source.value()->read(*rsaPrivate);
        QVERIFY(!sensitive);
        QCOMPARE(sensitive.error().kind, ErrorKind::Invalid);
        QVERIFY2(sensitive.error().message.contains(QStringLiteral("use BYOK")), qPrintable(sensitive.error().message));

        auto aesKey = source.value()->read(*aes);
        QVERIFY2(aesKey, errorText(aesKey).constData());
        QCOMPARE(aesKey->keys.at(0).kind, KeyKind::Aes);
        QCOMPARE(aesKey->keys.at(0).bits, 256);
        QCOMPARE(QByteArray(aesKey->keys.at(0).privateKey.chars(), 32), m_aesValue);

        // Closing the source logs out of it, not out of the workspace's token.
        source.value().reset();
        QVERIFY(m_softHsm.token()->isLoggedIn());
    }

    void refusesWrongPinAndUnknownToken()
    {
        auto wrong = TokenObjectSource::open(test::kSoftHsmModule, kSourceLabel, SecureBuffer::fromString("0000"));
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().kind, ErrorKind::Denied);
        QCOMPARE(wrong.error().message, QStringLiteral("wrong PIN for token 'custos-source'"));
        auto unknown = TokenObjectSource::open(test::kSoftHsmModule, QStringLiteral("no-such-token"), m_sourcePin);
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().kind, ErrorKind::NotFound);
        QVERIFY2(unknown.error().message.contains(QStringLiteral("no-such-token")),
                 qPrintable(unknown.error().message));
        auto noModule = TokenObjectSource::open(QStringLiteral("/nonexistent/libpkcs11.so"), kSourceLabel, m_sourcePin);
        QVERIFY(!noModule);
        QVERIFY2(noModule.error().message.contains(QStringLiteral("/nonexistent/libpkcs11.so")),
                 qPrintable(noModule.error().message));
    }
};

CUSTOS_REGISTER_TEST(TestTokenObjectSource)
#include "TestTokenObjectSource.moc"
