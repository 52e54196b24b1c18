#include "OutcomeText.h"
#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "crypto/keys/HsmKeyOperations.h"
#include "crypto/keys/PublicKeyOperations.h"
#include "crypto/keys/software/SoftwareKey.h"
#include "crypto/x509/CertificateFiles.h"
#include "crypto/x509/CertificateInfo.h"
#include "crypto/x509/Pkcs12.h"
#include "model/audit/AuditLog.h"
#include "model/services/ServicePath.h"
#include "model/store/Stores.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace custos;
using namespace custos::model;
using crypto::SecureBuffer;
namespace x509 = crypto::x509;

// `cert import` and `cert export --format pkcs12` through the one service path: what is stored,
// that the chain comes back, what is refused (nothing half-stored, audited Failed).
class TestCertificateImportExport : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;
    CertificateService& certs() { return m_ready->services->certificates(); }
    Database& db() { return m_ready->workspace->database(); }

    static std::shared_ptr<const SecureBuffer> password(const char* text = "pkcs12-password")
    {
        return std::make_shared<const SecureBuffer>(SecureBuffer::fromString(text));
    }

    int count(const QString& table)
    {
        QSqlQuery q(db().connection());
        if (!q.exec(QStringLiteral("SELECT count(*) FROM ") + table) || !q.next())
            return -1;
        return q.value(0).toInt();
    }
    QList<int> rowCounts()
    {
        return {count(QStringLiteral("certificates")), count(QStringLiteral("certificate_versions")),
                count(QStringLiteral("keys")), count(QStringLiteral("key_versions")), count(QStringLiteral("intents"))};
    }

    std::optional<AuditEvent> lastEvent(const QString& operation)
    {
        AuditFilter filter;
        filter.operation = operation;
        auto events = AuditLog(db()).list(filter);
        if (!events || events->isEmpty())
            return std::nullopt;
        return events->last();
    }

    // A root CA in "pki" and a software, exportable leaf in "web" issued by it.
    void issueLeaf(const QString& name, bool exportable = true)
    {
        CertificateIssueRequest r;
        r.vault = QStringLiteral("web");
        r.name = name;
        r.issuer = QStringLiteral("pki/root");
        r.subject = QStringLiteral("CN=%1.example.test").arg(name);
        r.subjectAltNames = {QStringLiteral("dns:%1.example.test").arg(name)};
        r.protection = Protection::Software;
        r.exportable = exportable;
        auto issued = test::await(certs().issue(r));
        QVERIFY2(issued, errorText(issued));
    }

    CertificateImportRequest importRequest(const QString& name, const QByteArray& bytes,
                                           std::shared_ptr<const SecureBuffer> pass)
    {
        CertificateImportRequest r;
        r.vault = QStringLiteral("web");
        r.name = name;
        r.fileBytes = bytes;
        r.password = std::move(pass);
        r.protection = Protection::Software;
        r.exportable = true;
        return r;
    }

    // The refused import left nothing behind and was audited Failed with `expected` in its reason.
    void expectRefused(const CertificateImportRequest& request, const QString& expected)
    {
        const QList<int> before = rowCounts();
        auto imported = test::await(certs().importCertificate(request));
        QVERIFY(!imported);
        QVERIFY2(imported.error().message.contains(expected), qPrintable(imported.error().message));
        QCOMPARE(rowCounts(), before);
        auto event = lastEvent(QStringLiteral("CertificateImport"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Failed);
        QVERIFY2(event->reason.contains(expected), qPrintable(event->reason));
    }

    static bool writeFile(const QString& path, const QByteArray& bytes)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
    }
    static QByteArray readFile(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    static int runOpenssl(const QStringList& arguments, QByteArray* output)
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStringLiteral("openssl"), arguments);
        if (!process.waitForFinished(30000))
            return -1;
        *output = process.readAll();
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }

    // The certificate's key is an HSM key on the workspace's token (CKA_ID = its version id), not
    // exportable, and its signature verifies with the public key `certificateDer` certifies.
    void expectHsmKeySigns(const QString& vault, const QString& name, const QByteArray& certificateDer)
    {
        auto key = KeyStore(db()).find(vault, name);
        QVERIFY(key && key.value());
        QCOMPARE(key.value()->protection, Protection::Hsm);
        QVERIFY(!key.value()->exportable);
        QVERIFY(!key.value()->keyOps.contains(QStringLiteral("export")));
        const QByteArray id = QByteArray::fromHex(key.value()->currentVersion.id.toLatin1());
        QVERIFY(m_ready->workspace->token()->hasObjects(id).value());
        crypto::HsmKeyOperations operations(*m_ready->workspace->token(), id);
        const QByteArray message = "signed by the imported key";
        auto signature = operations.sign(crypto::JoseAlgorithm::Es256, message, false);
        QVERIFY2(signature, errorText(signature));
        auto info = x509::inspectCertificate(certificateDer);
        QVERIFY2(info, errorText(info));
        auto verified =
            crypto::verify(crypto::JoseAlgorithm::Es256, info->subjectPublicKeyDer, message, false, signature.value());
        QVERIFY2(verified, errorText(verified));
        QVERIFY(verified.value());
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
        VaultCreateRequest pki(QStringLiteral("pki"));
        QVERIFY(test::await(m_ready->services->vaults().create(pki)));
        VaultCreateRequest web(QStringLiteral("web"));
        web.protection = Protection::Software;
        QVERIFY(test::await(m_ready->services->vaults().create(web)));
        CaCreateRequest root;
        root.vault = QStringLiteral("pki");
        root.name = QStringLiteral("root");
        root.subject = QStringLiteral("CN=Import Test Root CA");
        auto created = test::await(certs().createCa(root));
        QVERIFY2(created, errorText(created));
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void exportedPkcs12HoldsKeyAndChain_data()
    {
        QTest::addColumn<bool>("legacy");
        QTest::newRow("modern") << false;
        QTest::newRow("legacy") << true;
    }
    void exportedPkcs12HoldsKeyAndChain()
    {
        QFETCH(bool, legacy);
        issueLeaf(QStringLiteral("web01"));
        auto exported =
            test::await(certs().exportPkcs12(QStringLiteral("web"), QStringLiteral("web01"), password(), legacy));
        QVERIFY2(exported, errorText(exported));
        auto contents = x509::readPkcs12(exported.value(), *password());
        QVERIFY2(contents, errorText(contents));
        QCOMPARE(contents->legacy, legacy);
        auto chain = certs().chain(QStringLiteral("web"), QStringLiteral("web01"));
        QVERIFY2(chain, errorText(chain));
        QCOMPARE(contents->certificateDer, chain->at(0));
        QCOMPARE(contents->chainDer, chain->mid(1));
        auto key = crypto::SoftwareKey::fromPrivateDer(crypto::KeyKind::Ec, contents->privateKeyPkcs8Der);
        QVERIFY2(key, errorText(key));
        auto certifies = x509::certifiesPublicKey(contents->certificateDer, key->publicKeyDer().value());
        QVERIFY(certifies && certifies.value());
        auto event = lastEvent(QStringLiteral("CertificateExport"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Success);
        QCOMPARE(event->details.value(QStringLiteral("legacy")).toBool(), legacy);
        QCOMPARE(event->details.value(QStringLiteral("format")).toString(), QStringLiteral("pkcs12"));
    }

    // Export, import under another name: the same certificate, key and chain; re-export works.
    void importRoundTripKeepsChain_data()
    {
        QTest::addColumn<bool>("legacy");
        QTest::newRow("modern") << false;
        QTest::newRow("legacy") << true;
    }
    void importRoundTripKeepsChain()
    {
        QFETCH(bool, legacy);
        issueLeaf(QStringLiteral("web01"));
        auto exported =
            test::await(certs().exportPkcs12(QStringLiteral("web"), QStringLiteral("web01"), password(), legacy));
        QVERIFY2(exported, errorText(exported));
        auto imported =
            test::await(certs().importCertificate(importRequest(QStringLiteral("copy"), exported.value(), password())));
        QVERIFY2(imported, errorText(imported));
        QVERIFY(imported->format.startsWith(QLatin1String("PKCS#12")));
        QVERIFY(imported->hasPrivateKey);
        QCOMPARE(imported->chainLength, 2);
        QCOMPARE(imported->warnings.isEmpty(), !legacy);
        const CertificateRecord& c = imported->certificate;
        QCOMPARE(c.policy.issuer, QStringLiteral("Unknown"));
        QCOMPARE(c.policy.subject, QStringLiteral("CN=web01.example.test"));
        QCOMPARE(c.policy.subjectAltNames, QStringList{QStringLiteral("dns:web01.example.test")});
        QCOMPARE(c.policy.curve, QStringLiteral("P-256"));
        QVERIFY(!c.isCa);

        auto original = certs().chain(QStringLiteral("web"), QStringLiteral("web01"));
        auto copy = certs().chain(QStringLiteral("web"), QStringLiteral("copy"));
        QVERIFY2(copy, errorText(copy));
        QCOMPARE(copy.value(), original.value());

        auto key = KeyStore(db()).find(QStringLiteral("web"), QStringLiteral("copy"));
        QVERIFY(key && key.value());
        QCOMPARE(key.value()->protection, Protection::Software);
        QVERIFY(key.value()->exportable);
        QVERIFY(!key.value()->isCaKey);

        auto event = lastEvent(QStringLiteral("CertificateImport"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Success);
        QVERIFY(event->details.value(QStringLiteral("format")).toString().startsWith(QLatin1String("PKCS#12")));
        QCOMPARE(event->details.value(QStringLiteral("serial")).toString(), c.currentVersion.serialHex);
        QVERIFY(!event->details.value(QStringLiteral("publicKeyFingerprint")).toString().isEmpty());
        QVERIFY(!QJsonDocument(event->details).toJson().contains("PRIVATE"));

        // The imported key unseals: its PKCS#12 export carries the imported chain.
        auto again =
            test::await(certs().exportPkcs12(QStringLiteral("web"), QStringLiteral("copy"), password(), false));
        QVERIFY2(again, errorText(again));
        auto contents = x509::readPkcs12(again.value(), *password());
        QVERIFY2(contents, errorText(contents));
        QCOMPARE(contents->certificateDer, original->at(0));
        QCOMPARE(contents->chainDer, original->mid(1));
    }

    void importedCaIsCa()
    {
        CaCreateRequest ca;
        ca.vault = QStringLiteral("web");
        ca.name = QStringLiteral("softca");
        ca.subject = QStringLiteral("CN=Soft CA");
        ca.protection = Protection::Software;
        auto created = test::await(certs().createCa(ca));
        QVERIFY2(created, errorText(created));
        // `ca create` never makes an exportable key: flip the flag in the store to get a CA's PKCS#12.
        QSqlQuery q(db().connection());
        QVERIFY(q.exec(QStringLiteral("UPDATE keys SET exportable = 1 WHERE name = 'softca'")));
        auto exported =
            test::await(certs().exportPkcs12(QStringLiteral("web"), QStringLiteral("softca"), password(), false));
        QVERIFY2(exported, errorText(exported));
        auto imported = test::await(
            certs().importCertificate(importRequest(QStringLiteral("copyca"), exported.value(), password())));
        QVERIFY2(imported, errorText(imported));
        QVERIFY(imported->certificate.isCa);
        QCOMPARE(imported->chainLength, 1);
        auto key = KeyStore(db()).find(QStringLiteral("web"), QStringLiteral("copyca"));
        QVERIFY(key && key.value() && key.value()->isCaKey);
    }

    // A PEM file with the certificates and an encrypted PKCS#8 key: imported with its password.
    void pemWithEncryptedKeyImports()
    {
        issueLeaf(QStringLiteral("web01"));
        auto exported =
            test::await(certs().exportPkcs12(QStringLiteral("web"), QStringLiteral("web01"), password(), false));
        QVERIFY2(exported, errorText(exported));
        auto contents = x509::readPkcs12(exported.value(), *password());
        QVERIFY2(contents, errorText(contents));
        auto key = crypto::SoftwareKey::fromPrivateDer(crypto::KeyKind::Ec, contents->privateKeyPkcs8Der);
        QVERIFY2(key, errorText(key));
        auto encrypted = key->exportEncryptedPkcs8(*password("pem-password"));
        QVERIFY2(encrypted, errorText(encrypted));
        const QByteArray pem = x509::certificatePem(contents->chainDer.value(0)) + encrypted.value() +
                               x509::certificatePem(contents->certificateDer);
        expectRefused(importRequest(QStringLiteral("frompem"), pem, nullptr), QStringLiteral("a password is needed"));
        expectRefused(importRequest(QStringLiteral("frompem"), pem, password("wrong")),
                      QStringLiteral("wrong password for the PEM private key"));
        auto imported = test::await(
            certs().importCertificate(importRequest(QStringLiteral("frompem"), pem, password("pem-password"))));
        QVERIFY2(imported, errorText(imported));
        QCOMPARE(imported->format, QStringLiteral("PEM"));
        QCOMPARE(imported->chainLength, 2);
        QCOMPARE(imported->certificate.currentVersion.der, contents->certificateDer);
    }

    void wrongPasswordIsRefused()
    {
        issueLeaf(QStringLiteral("web01"));
        auto exported =
            test::await(certs().exportPkcs12(QStringLiteral("web"), QStringLiteral("web01"), password(), false));
        QVERIFY2(exported, errorText(exported));
        expectRefused(importRequest(QStringLiteral("copy"), exported.value(), password("not-the-password")),
                      QStringLiteral("wrong password"));
        expectRefused(importRequest(QStringLiteral("copy"), exported.value(), nullptr),
                      QStringLiteral("password-protected PKCS#12"));
    }

    void chainThatDoesNotLinkIsRefused()
    {
        issueLeaf(QStringLiteral("web01"));
        auto exported =
            test::await(certs().exportPkcs12(QStringLiteral("web"), QStringLiteral("web01"), password(), false));
        QVERIFY2(exported, errorText(exported));
        auto contents = x509::readPkcs12(exported.value(), *password());
        QVERIFY2(contents, errorText(contents));
        // Another root that did not issue the leaf, bundled as if it were its issuer.
        CaCreateRequest other;
        other.vault = QStringLiteral("pki");
        other.name = QStringLiteral("other");
        other.subject = QStringLiteral("CN=Unrelated Root CA");
        auto otherRoot = test::await(certs().createCa(other));
        QVERIFY2(otherRoot, errorText(otherRoot));
        auto bad =
            x509::writePkcs12(contents->privateKeyPkcs8Der, contents->certificateDer, {otherRoot->currentVersion.der},
                              *password(), x509::Pkcs12Profile::Modern, QStringLiteral("bad"));
        QVERIFY2(bad, errorText(bad));
        expectRefused(importRequest(QStringLiteral("copy"), bad.value(), password()),
                      QStringLiteral("the chain does not link"));
    }

    // Issue 8: a certificate without its private key (PEM chain, DER, PKCS#7) imports as a trust
    // anchor / verify-only certificate with a public-only key; exportable is refused, and so are
    // PKCS#12 export and renewal.
    void fileWithoutKeyImportsVerifyOnly()
    {
        issueLeaf(QStringLiteral("web01"));
        auto chain = certs().chain(QStringLiteral("web"), QStringLiteral("web01"));
        QVERIFY2(chain, errorText(chain));
        const QByteArray pem = x509::certificatePem(chain->at(0)) + x509::certificatePem(chain->at(1));
        expectRefused(importRequest(QStringLiteral("copy"), pem, nullptr), QStringLiteral("without its private key"));
        expectRefused(importRequest(QStringLiteral("copy"), QByteArray("not a certificate at all"), nullptr),
                      QStringLiteral("no certificate found"));
        auto bundle = x509::writePkcs7Bundle(chain.value());
        QVERIFY(bundle);
        int n = 0;
        for (const QByteArray& bytes : {pem, chain->at(0), bundle.value()}) {
            CertificateImportRequest r = importRequest(QStringLiteral("copy-%1").arg(++n), bytes, nullptr);
            r.exportable = false;
            auto imported = test::await(certs().importCertificate(r));
            QVERIFY2(imported, errorText(imported));
            QVERIFY(!imported->hasPrivateKey);
            QCOMPARE(imported->chainLength, bytes == chain->at(0) ? 1 : 2);
            auto key = m_ready->services->keys().show(QStringLiteral("web"), r.name);
            QVERIFY2(key, errorText(key));
            QVERIFY(key->publicOnly);
            QCOMPARE(key->keyOps, QStringList{QStringLiteral("verify")});
            QCOMPARE(key->protection, Protection::Software);
            auto p12 = test::await(certs().exportPkcs12(QStringLiteral("web"), r.name, password(), false));
            QVERIFY(!p12);
            QVERIFY2(p12.error().message.contains(QLatin1String("without its private key")),
                     qPrintable(p12.error().message));
            auto renewed = test::await(certs().renew(QStringLiteral("web"), r.name));
            QVERIFY(!renewed);
            QVERIFY2(renewed.error().message.contains(QLatin1String("without its private key")),
                     qPrintable(renewed.error().message));
        }
    }

    // PKCS#12 into an HSM vault (the default protection there): an HSM key, not exportable, whose
    // signatures verify with the certificate's public key.
    void pkcs12IntoHsmVaultMakesHsmKey()
    {
        issueLeaf(QStringLiteral("web01"));
        auto exported =
            test::await(certs().exportPkcs12(QStringLiteral("web"), QStringLiteral("web01"), password(), false));
        QVERIFY2(exported, errorText(exported));
        CertificateImportRequest r = importRequest(QStringLiteral("web01"), exported.value(), password());
        r.vault = QStringLiteral("pki");
        r.protection.reset();
        r.exportable = false;
        auto imported = test::await(certs().importCertificate(r));
        QVERIFY2(imported, errorText(imported));
        QCOMPARE(imported->certificate.policy.protection, Protection::Hsm);
        QCOMPARE(imported->chainLength, 2);
        expectHsmKeySigns(QStringLiteral("pki"), QStringLiteral("web01"), imported->certificate.currentVersion.der);
        auto event = lastEvent(QStringLiteral("CertificateImport"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Success);
        QCOMPARE(event->details.value(QStringLiteral("protection")).toString(), QStringLiteral("hsm"));
        QCOMPARE(count(QStringLiteral("intents")), 0);
        // It never leaves the token.
        auto refused =
            test::await(certs().exportPkcs12(QStringLiteral("pki"), QStringLiteral("web01"), password(), false));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QLatin1String("HSM-protected")), qPrintable(refused.error().message));
    }

    // DER and PKCS#7 hold no key: with the key in a file of its own (PKCS#8 DER, encrypted PEM) they import.
    void derAndPkcs7ImportWithKeyFile()
    {
        issueLeaf(QStringLiteral("web01"));
        auto exported =
            test::await(certs().exportPkcs12(QStringLiteral("web"), QStringLiteral("web01"), password(), false));
        QVERIFY2(exported, errorText(exported));
        auto contents = x509::readPkcs12(exported.value(), *password());
        QVERIFY2(contents, errorText(contents));
        const QByteArray keyDer(contents->privateKeyPkcs8Der.chars(), qsizetype(contents->privateKeyPkcs8Der.size()));

        CertificateImportRequest der = importRequest(QStringLiteral("fromder"), contents->certificateDer, nullptr);
        der.keyFileBytes = keyDer;
        der.vault = QStringLiteral("pki");
        der.protection = Protection::Hsm;
        der.exportable = false;
        auto fromDer = test::await(certs().importCertificate(der));
        QVERIFY2(fromDer, errorText(fromDer));
        QCOMPARE(fromDer->format, QStringLiteral("DER"));
        QVERIFY(fromDer->hasPrivateKey);
        QCOMPARE(fromDer->chainLength, 1);
        expectHsmKeySigns(QStringLiteral("pki"), QStringLiteral("fromder"), contents->certificateDer);

        auto key = crypto::SoftwareKey::fromPrivateDer(crypto::KeyKind::Ec, contents->privateKeyPkcs8Der);
        QVERIFY2(key, errorText(key));
        auto encrypted = key->exportEncryptedPkcs8(*password("key-password"));
        QVERIFY2(encrypted, errorText(encrypted));
        auto bundle = x509::writePkcs7Bundle({contents->chainDer.value(0), contents->certificateDer});
        QVERIFY2(bundle, errorText(bundle));
        CertificateImportRequest p7 = importRequest(QStringLiteral("fromp7"), bundle.value(), nullptr);
        p7.keyFileBytes = encrypted.value();
        p7.keyFileName = QStringLiteral("web01.key");
        expectRefused(p7, QStringLiteral("web01.key: the PEM private key is encrypted: a password is needed"));
        p7.password = password("key-password");
        auto fromP7 = test::await(certs().importCertificate(p7));
        QVERIFY2(fromP7, errorText(fromP7));
        QCOMPARE(fromP7->chainLength, 2);
        QCOMPARE(fromP7->certificate.currentVersion.der, contents->certificateDer);
        auto stored = KeyStore(db()).find(QStringLiteral("web"), QStringLiteral("fromp7"));
        QVERIFY(stored && stored.value());
        QCOMPARE(stored.value()->protection, Protection::Software);

        // A file with its own key and a key file as well: one key too many.
        CertificateImportRequest twice = importRequest(QStringLiteral("twice"), exported.value(), password());
        twice.keyFileBytes = keyDer;
        expectRefused(twice, QStringLiteral("holds a private key already"));
    }

    // A key that is not the certificate's: refused by name, nothing stored, no token object left.
    void mismatchedKeyFileIsRefused()
    {
        issueLeaf(QStringLiteral("web01"));
        auto chain = certs().chain(QStringLiteral("web"), QStringLiteral("web01"));
        QVERIFY2(chain, errorText(chain));
        auto other = crypto::SoftwareKey::generateEc(QStringLiteral("P-256"));
        QVERIFY2(other, errorText(other));
        auto otherDer = other->toPrivateDer();
        QVERIFY2(otherDer, errorText(otherDer));
        auto tokenIds = m_ready->workspace->token()->listKeyIds();
        QVERIFY2(tokenIds, errorText(tokenIds));
        CertificateImportRequest r = importRequest(QStringLiteral("wrong"), chain->at(0), nullptr);
        r.keyFileBytes = QByteArray(otherDer->chars(), qsizetype(otherDer->size()));
        r.vault = QStringLiteral("pki");
        r.protection = Protection::Hsm;
        r.exportable = false;
        r.fileName = QStringLiteral("web01.der");
        r.keyFileName = QStringLiteral("other.key");
        expectRefused(r, QStringLiteral("the key in other.key does not belong to the certificate in web01.der"));
        QCOMPARE(m_ready->workspace->token()->listKeyIds().value(), tokenIds.value());
        r.keyFileBytes = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        expectRefused(r, QStringLiteral("other.key: the key file is PEM but holds no PRIVATE KEY"));
        r.keyFileBytes = "garbage";
        expectRefused(r, QStringLiteral("holds no readable RSA or EC private key"));
    }

    // The commit fails after the token objects exist: the undo step destroys them, nothing stays.
    void databaseFailureDestroysImportedHsmKey()
    {
        issueLeaf(QStringLiteral("web01"));
        auto exported =
            test::await(certs().exportPkcs12(QStringLiteral("web"), QStringLiteral("web01"), password(), false));
        QVERIFY2(exported, errorText(exported));
        auto tokenIds = m_ready->workspace->token()->listKeyIds();
        QVERIFY2(tokenIds, errorText(tokenIds));
        QSqlQuery q(db().connection());
        QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER key_versions_blocked BEFORE INSERT ON key_versions "
                                      "BEGIN SELECT RAISE(ABORT, 'simulated key version failure'); END")));
        CertificateImportRequest r = importRequest(QStringLiteral("copy"), exported.value(), password());
        r.vault = QStringLiteral("pki");
        r.protection = Protection::Hsm;
        r.exportable = false;
        expectRefused(r, QStringLiteral("simulated key version failure"));
        QVERIFY(q.exec(QStringLiteral("DROP TRIGGER key_versions_blocked")));
        QCOMPARE(m_ready->workspace->token()->listKeyIds().value(), tokenIds.value());
        QCOMPARE(count(QStringLiteral("intents")), 0);
        // And the name is free again.
        auto imported = test::await(certs().importCertificate(r));
        QVERIFY2(imported, errorText(imported));
        QCOMPARE(m_ready->workspace->token()->listKeyIds()->size(), tokenIds->size() + 1);
    }

    // Interop: a certificate and key made by `openssl req -x509 -newkey ec`, imported into the HSM;
    // a signature by the HSM key verifies with `openssl dgst -verify` against the certificate's key.
    void opensslMadeCertificateSignsFromHsm()
    {
        const QString dir = m_tmp->path();
        const QString certPath = dir + QStringLiteral("/req-cert.pem");
        const QString keyPath = dir + QStringLiteral("/req-key.pem");
        QByteArray output;
        QVERIFY2(
            runOpenssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                        QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                        QStringLiteral("-keyout"), keyPath, QStringLiteral("-out"), certPath, QStringLiteral("-subj"),
                        QStringLiteral("/CN=interop.example.test"), QStringLiteral("-days"), QStringLiteral("30")},
                       &output) == 0,
            output.constData());
        CertificateImportRequest r = importRequest(QStringLiteral("interop"), readFile(certPath), nullptr);
        r.keyFileBytes = readFile(keyPath);
        r.vault = QStringLiteral("pki");
        r.protection.reset();
        r.exportable = false;
        auto imported = test::await(certs().importCertificate(r));
        QVERIFY2(imported, errorText(imported));
        auto key = KeyStore(db()).find(QStringLiteral("pki"), QStringLiteral("interop"));
        QVERIFY(key && key.value());
        QCOMPARE(key.value()->protection, Protection::Hsm);
        crypto::HsmKeyOperations operations(*m_ready->workspace->token(),
                                            QByteArray::fromHex(key.value()->currentVersion.id.toLatin1()));
        const QByteArray message = "signed by the imported HSM key";
        auto signature = operations.sign(crypto::JoseAlgorithm::Es256, message, false);
        QVERIFY2(signature, errorText(signature));
        auto der = crypto::ecdsaRawToDer(signature.value());
        QVERIFY2(der, errorText(der));
        QVERIFY(writeFile(dir + QStringLiteral("/msg"), message));
        QVERIFY(writeFile(dir + QStringLiteral("/sig"), der.value()));
        QVERIFY2(runOpenssl({QStringLiteral("x509"), QStringLiteral("-in"), certPath, QStringLiteral("-pubkey"),
                             QStringLiteral("-noout"), QStringLiteral("-out"), dir + QStringLiteral("/pub.pem")},
                            &output) == 0,
                 output.constData());
        QVERIFY2(runOpenssl({QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-verify"),
                             dir + QStringLiteral("/pub.pem"), QStringLiteral("-signature"),
                             dir + QStringLiteral("/sig"), dir + QStringLiteral("/msg")},
                            &output) == 0 &&
                     output.contains("Verified OK"),
                 output.constData());
    }

    void takenNameAndHsmAreRefused()
    {
        issueLeaf(QStringLiteral("web01"));
        auto exported =
            test::await(certs().exportPkcs12(QStringLiteral("web"), QStringLiteral("web01"), password(), false));
        QVERIFY2(exported, errorText(exported));
        expectRefused(importRequest(QStringLiteral("web01"), exported.value(), password()),
                      QStringLiteral("already exists"));
        // HSM keys never leave the token: an exportable one is refused, given or by the vault's default.
        CertificateImportRequest hsm = importRequest(QStringLiteral("copy"), exported.value(), password());
        hsm.protection = Protection::Hsm;
        expectRefused(hsm, QStringLiteral("cannot have an exportable key"));
        CertificateImportRequest inPki = importRequest(QStringLiteral("copy"), exported.value(), password());
        inPki.vault = QStringLiteral("pki");
        inPki.protection.reset();
        expectRefused(inPki, QStringLiteral("cannot have an exportable key"));
        inPki.protection = Protection::Software;
        inPki.exportable = false;
        expectRefused(inPki, QStringLiteral("hsm-protected: software keys are not allowed"));
    }

    void exportRefusesKeysThatCannotLeave()
    {
        issueLeaf(QStringLiteral("locked"), false);
        auto locked =
            test::await(certs().exportPkcs12(QStringLiteral("web"), QStringLiteral("locked"), password(), false));
        QVERIFY(!locked);
        QVERIFY2(locked.error().message.contains(QLatin1String("not exportable")), qPrintable(locked.error().message));
        auto event = lastEvent(QStringLiteral("CertificateExport"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Failed);

        auto hsm = test::await(certs().exportPkcs12(QStringLiteral("pki"), QStringLiteral("root"), password(), false));
        QVERIFY(!hsm);
        QVERIFY2(hsm.error().message.contains(QLatin1String("HSM-protected")), qPrintable(hsm.error().message));

        issueLeaf(QStringLiteral("web01"));
        auto noPassword =
            test::await(certs().exportPkcs12(QStringLiteral("web"), QStringLiteral("web01"), nullptr, false));
        QVERIFY(!noPassword);
        QVERIFY2(noPassword.error().message.contains(QLatin1String("password is required")),
                 qPrintable(noPassword.error().message));
    }
};

CUSTOS_REGISTER_TEST(TestCertificateImportExport)
#include "TestCertificateImportExport.moc"
