#include "OutcomeText.h"
#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "crypto/keys/software/SoftwareKey.h"
#include "crypto/x509/CertificateFiles.h"
#include "crypto/x509/CertificateInfo.h"
#include "crypto/x509/Pkcs12.h"
#include "model/audit/AuditLog.h"
#include "model/services/ServicePath.h"
#include "model/store/Stores.h"

#include <QJsonDocument>
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

    void fileWithoutKeyIsRefused()
    {
        issueLeaf(QStringLiteral("web01"));
        auto chain = certs().chain(QStringLiteral("web"), QStringLiteral("web01"));
        QVERIFY2(chain, errorText(chain));
        const QByteArray pem = x509::certificatePem(chain->at(0)) + x509::certificatePem(chain->at(1));
        expectRefused(importRequest(QStringLiteral("copy"), pem, nullptr), QStringLiteral("holds no private key"));
        expectRefused(importRequest(QStringLiteral("copy"), chain->at(0), nullptr),
                      QStringLiteral("holds no private key"));
        auto bundle = x509::writePkcs7Bundle(chain.value());
        QVERIFY(bundle);
        expectRefused(importRequest(QStringLiteral("copy"), bundle.value(), nullptr),
                      QStringLiteral("holds no private key"));
        expectRefused(importRequest(QStringLiteral("copy"), QByteArray("not a certificate at all"), nullptr),
                      QStringLiteral("no certificate found"));
    }

    void takenNameAndHsmAreRefused()
    {
        issueLeaf(QStringLiteral("web01"));
        auto exported =
            test::await(certs().exportPkcs12(QStringLiteral("web"), QStringLiteral("web01"), password(), false));
        QVERIFY2(exported, errorText(exported));
        expectRefused(importRequest(QStringLiteral("web01"), exported.value(), password()),
                      QStringLiteral("already exists"));
        CertificateImportRequest hsm = importRequest(QStringLiteral("copy"), exported.value(), password());
        hsm.protection = Protection::Hsm;
        hsm.exportable = false;
        expectRefused(hsm, QStringLiteral("into the HSM is not available yet"));
        CertificateImportRequest inPki = importRequest(QStringLiteral("copy"), exported.value(), password());
        inPki.vault = QStringLiteral("pki");
        inPki.protection.reset();
        expectRefused(inPki, QStringLiteral("hsm-protected"));
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
