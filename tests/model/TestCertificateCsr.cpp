#include "../crypto/X509TestSupport.h"
#include "OutcomeText.h"
#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "crypto/x509/CertificateInfo.h"
#include "crypto/x509/CertificateRequest.h"
#include "crypto/x509/ChainVerification.h"
#include "model/audit/AuditLog.h"
#include "model/services/ServicePath.h"
#include "model/store/Stores.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace custos;
using namespace custos::model;
using crypto::JoseAlgorithm;
using crypto::SoftwareKey;
using namespace custos::test::x509support;
namespace x509 = custos::crypto::x509;

// External CAs: `cert csr` / `ca create --issuer external` make a pending version with a CSR, a
// software "external" root (made here with the crypto layer) signs it, and `merge` completes it;
// `signRequest` has a Custos CA sign a CSR made elsewhere. Refusals leave nothing changed.
class TestCertificateCsr : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;
    std::optional<SoftwareKey> m_extKey; // the external root's key
    QByteArray m_extRoot;
    CertificateService& certs() { return m_ready->services->certificates(); }
    Database& db() { return m_ready->workspace->database(); }

    int events(const QString& operation, AuditResult result)
    {
        AuditFilter filter;
        filter.operation = operation;
        auto list = AuditLog(db()).list(filter);
        if (!list)
            return -1;
        return int(
            std::count_if(list->cbegin(), list->cend(), [result](const AuditEvent& e) { return e.result == result; }));
    }

    std::optional<AuditEvent> lastEvent(const QString& operation)
    {
        AuditFilter filter;
        filter.operation = operation;
        auto list = AuditLog(db()).list(filter);
        if (!list || list->isEmpty())
            return std::nullopt;
        return list->last();
    }

    static CertificateIssueRequest csrRequest(const QString& name)
    {
        CertificateIssueRequest r;
        r.vault = QStringLiteral("web");
        r.name = name;
        r.subject = QStringLiteral("CN=%1.example.test").arg(name);
        r.subjectAltNames = {QStringLiteral("dns:%1.example.test").arg(name)};
        r.protection = Protection::Software;
        return r;
    }

    // What the external CA does: signs `spec` for `publicKeyDer` with its root.
    QByteArray externalSign(x509::CertificateSpec spec, const QByteArray& publicKeyDer)
    {
        spec.subjectPublicKeyDer = publicKeyDer;
        auto der = x509::issueCertificate(spec, m_extRoot, softwareSigner(*m_extKey, JoseAlgorithm::Es256));
        return der ? der.value() : QByteArray();
    }

    QByteArray csrPublicKey(const CertificateRecord& c)
    {
        auto info = x509::inspectCertificateRequest(c.currentVersion.csrDer);
        return info ? info->subjectPublicKeyDer : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto key = SoftwareKey::generateEc(QStringLiteral("P-256"));
        QVERIFY2(key, errorText(key));
        m_extKey = std::move(key.value());
        auto root = x509::issueCertificate(
            caSpec(QStringLiteral("CN=External Root, O=Elsewhere"), m_extKey->publicKeyDer().value(), 10, std::nullopt),
            {}, softwareSigner(*m_extKey, JoseAlgorithm::Es256));
        QVERIFY2(root, errorText(root));
        m_extRoot = root.value();
    }

    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
        QVERIFY(test::await(m_ready->services->vaults().create(VaultCreateRequest(QStringLiteral("pki")))));
        VaultCreateRequest web(QStringLiteral("web"));
        web.protection = Protection::Software;
        QVERIFY(test::await(m_ready->services->vaults().create(web)));
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void csrIsPendingThenMergedWithItsChain()
    {
        auto pending = test::await(certs().createCsr(csrRequest(QStringLiteral("ext01"))));
        QVERIFY2(pending, errorText(pending));
        QVERIFY(pending->currentVersion.isPending());
        QCOMPARE(pending->policy.issuer, QStringLiteral("Unknown"));
        auto csr = x509::inspectCertificateRequest(pending->currentVersion.csrDer);
        QVERIFY2(csr, errorText(csr));
        QCOMPARE(csr->subject, QStringLiteral("CN=ext01.example.test"));
        QCOMPARE(csr->subjectAltNames.size(), 1);
        QVERIFY(csr->extendedKeyUsages.contains(QStringLiteral("serverAuth")));
        auto keyVersion = KeyStore(db()).findVersion(pending->keyId, pending->currentVersion.keyVersionId);
        QVERIFY(keyVersion && keyVersion.value());
        QCOMPARE(csr->subjectPublicKeyDer, keyVersion.value()->publicKeyDer); // signed by the new key itself
        auto noChain = certs().chain(QStringLiteral("web"), QStringLiteral("ext01"));
        QVERIFY(!noChain);
        QCOMPARE(events(QStringLiteral("CertificateCsrCreate"), AuditResult::Success), 1);

        const QByteArray leaf = externalSign(leafSpec(csr->subjectPublicKeyDer, QStringLiteral("ext01.example.test")),
                                             csr->subjectPublicKeyDer);
        QVERIFY(!leaf.isEmpty());
        // PEM with the issuer after the leaf, root first to show the order does not matter.
        const QByteArray file = x509::certificatePem(m_extRoot) + x509::certificatePem(leaf);
        auto merged = test::await(certs().merge(QStringLiteral("web"), QStringLiteral("ext01"), file));
        QVERIFY2(merged, errorText(merged));
        QCOMPARE(merged->currentVersion.der, leaf);
        QCOMPARE(merged->currentVersion.serialHex, x509::inspectCertificate(leaf)->serialHex);
        auto stored = certs().show(QStringLiteral("web"), QStringLiteral("ext01"));
        QVERIFY(stored && !stored->currentVersion.isPending());
        auto chain = certs().chain(QStringLiteral("web"), QStringLiteral("ext01"));
        QVERIFY2(chain, errorText(chain));
        QCOMPARE(chain->size(), 2); // the issuer that came with it is kept for export
        QCOMPARE(chain->value(0), leaf);
        QCOMPARE(chain->value(1), m_extRoot);
        QVERIFY(x509::verifyChain(leaf, {}, {m_extRoot}, now()));
        auto event = lastEvent(QStringLiteral("CertificateMerge"));
        QVERIFY(event && event->result == AuditResult::Success);
        QCOMPARE(event->details.value(QStringLiteral("chainLength")).toInt(), 2);
        keyVersion = KeyStore(db()).findVersion(pending->keyId, pending->currentVersion.keyVersionId);
        QCOMPARE(keyVersion.value()->expires, merged->currentVersion.notAfter);

        // Merged once: a second merge is refused and audited.
        auto again =
            test::await(certs().merge(QStringLiteral("web"), QStringLiteral("ext01"), x509::certificatePem(leaf)));
        QVERIFY(!again);
        QCOMPARE(again.error().kind, ErrorKind::Conflict);
        QVERIFY2(again.error().message.contains(QStringLiteral("not pending")), qPrintable(again.error().message));
        QCOMPARE(events(QStringLiteral("CertificateMerge"), AuditResult::Failed), 1);
    }

    void mergeOfAnotherKeyOrAnUnlinkedChainIsRefused()
    {
        auto pending = test::await(certs().createCsr(csrRequest(QStringLiteral("ext02"))));
        QVERIFY2(pending, errorText(pending));
        auto other = SoftwareKey::generateEc(QStringLiteral("P-256"));
        QVERIFY(other);
        const QByteArray foreign = externalSign(leafSpec(other->publicKeyDer().value()), other->publicKeyDer().value());
        auto refused = test::await(certs().merge(QStringLiteral("web"), QStringLiteral("ext02"), foreign));
        QVERIFY(!refused);
        QCOMPARE(refused.error().message,
                 QStringLiteral("the certificate's public key does not match the pending CSR's key"));

        // The right leaf with a "chain" from another root: does not link.
        const QByteArray publicKey = csrPublicKey(pending.value());
        const QByteArray leaf = externalSign(leafSpec(publicKey, QStringLiteral("ext02.example.test")), publicKey);
        auto otherRoot = x509::issueCertificate(
            caSpec(QStringLiteral("CN=Other Root"), other->publicKeyDer().value(), 5, std::nullopt), {},
            softwareSigner(other.value(), JoseAlgorithm::Es256));
        QVERIFY(otherRoot);
        auto unlinked =
            test::await(certs().merge(QStringLiteral("web"), QStringLiteral("ext02"),
                                      x509::certificatePem(leaf) + x509::certificatePem(otherRoot.value())));
        QVERIFY(!unlinked);
        QVERIFY2(unlinked.error().message.contains(QStringLiteral("does not link")),
                 qPrintable(unlinked.error().message));
        // Not a certificate at all.
        auto garbage = test::await(certs().merge(QStringLiteral("web"), QStringLiteral("ext02"), "hello"));
        QVERIFY(!garbage);
        QCOMPARE(garbage.error().kind, ErrorKind::Invalid);

        QCOMPARE(events(QStringLiteral("CertificateMerge"), AuditResult::Failed), 3);
        auto still = certs().show(QStringLiteral("web"), QStringLiteral("ext02"));
        QVERIFY(still && still->currentVersion.isPending());
        QCOMPARE(still->currentVersion.csrDer, pending->currentVersion.csrDer);
    }

    void csrRefusesWhatIssueRefuses()
    {
        CertificateIssueRequest noSan = csrRequest(QStringLiteral("nosan"));
        noSan.subjectAltNames.clear();
        auto refused = test::await(certs().createCsr(noSan));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("SAN")), qPrintable(refused.error().message));
        CertificateIssueRequest renewing = csrRequest(QStringLiteral("renewing"));
        renewing.actions << CertificateLifetimeAction{CertificateLifetimeAction::Kind::AutoRenew, 80, 0};
        QVERIFY(!test::await(certs().createCsr(renewing)));
        QCOMPARE(events(QStringLiteral("CertificateCsrCreate"), AuditResult::Failed), 2);
        QSqlQuery q(db().connection());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM keys")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }

    void externalIntermediateIsMergedAndIssues()
    {
        CaCreateRequest request;
        request.vault = QStringLiteral("pki");
        request.name = QStringLiteral("extca");
        request.subject = QStringLiteral("CN=Custos Issuing CA");
        request.issuer = QStringLiteral("external");
        request.pathLength = 0;
        auto pending = test::await(certs().createCa(request));
        QVERIFY2(pending, errorText(pending));
        QVERIFY(pending->isCa && pending->currentVersion.isPending());
        auto event = lastEvent(QStringLiteral("CertificateAuthorityCreate"));
        QVERIFY(event && event->details.value(QStringLiteral("issuer")).toString() == QStringLiteral("external"));
        auto csr = x509::inspectCertificateRequest(pending->currentVersion.csrDer);
        QVERIFY2(csr, errorText(csr));
        QVERIFY(csr->isCa);

        // A pending CA cannot issue yet.
        CertificateIssueRequest leaf = csrRequest(QStringLiteral("web01"));
        leaf.issuer = QStringLiteral("pki/extca");
        auto early = test::await(certs().issue(leaf));
        QVERIFY(!early);
        QVERIFY2(early.error().message.contains(QStringLiteral("merge")), qPrintable(early.error().message));

        // Signed as a leaf (CA:FALSE): refused.
        const QByteArray notCa = externalSign(leafSpec(csr->subjectPublicKeyDer), csr->subjectPublicKeyDer);
        auto refused = test::await(certs().merge(QStringLiteral("pki"), QStringLiteral("extca"), notCa));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("CA:TRUE")), qPrintable(refused.error().message));

        const QByteArray caDer =
            externalSign(caSpec(QStringLiteral("CN=Custos Issuing CA"), {}, 5, 0), csr->subjectPublicKeyDer);
        auto merged = test::await(certs().merge(QStringLiteral("pki"), QStringLiteral("extca"), caDer));
        QVERIFY2(merged, errorText(merged));
        auto issued = test::await(certs().issue(leaf));
        QVERIFY2(issued, errorText(issued));
        auto chain = certs().chain(QStringLiteral("web"), QStringLiteral("web01"));
        QVERIFY2(chain, errorText(chain));
        QCOMPARE(chain->size(), 2);
        auto verified = x509::verifyChain(chain->value(0), {chain->value(1)}, {m_extRoot}, now());
        QVERIFY2(verified, errorText(verified));
    }

    void aCustosCaSignsAnOutsideCsr()
    {
        CaCreateRequest root;
        root.vault = QStringLiteral("pki");
        root.name = QStringLiteral("root");
        root.subject = QStringLiteral("CN=Custos Root");
        root.crlUrl = QStringLiteral("http://pki.example.test/root.crl");
        auto ca = test::await(certs().createCa(root));
        QVERIFY2(ca, errorText(ca));

        auto outsideKey = SoftwareKey::generateEc(QStringLiteral("P-256"));
        QVERIFY(outsideKey);
        x509::CsrSpec spec;
        spec.subjectDer = subjectDer(QStringLiteral("CN=outside.example.test"));
        spec.subjectPublicKeyDer = outsideKey->publicKeyDer().value();
        spec.subjectAltNames = {{x509::SanKind::Dns, QStringLiteral("outside.example.test")}};
        auto csr = x509::createCertificateRequest(spec, softwareSigner(outsideKey.value(), JoseAlgorithm::Es256));
        QVERIFY2(csr, errorText(csr));

        auto signedDer =
            test::await(certs().signRequest(QStringLiteral("pki"), QStringLiteral("root"),
                                            x509::certificateRequestPem(csr.value()), QStringLiteral("tls-server"), 6));
        QVERIFY2(signedDer, errorText(signedDer));
        auto info = x509::inspectCertificate(signedDer.value());
        QVERIFY(info);
        QCOMPARE(info->subject, QStringLiteral("CN=outside.example.test"));
        QCOMPARE(info->subjectPublicKeyDer, spec.subjectPublicKeyDer);
        QVERIFY(info->extendedKeyUsages.contains(QStringLiteral("serverAuth")));
        QCOMPARE(info->crlDistributionPoint, root.crlUrl);
        QVERIFY(x509::verifyChain(signedDer.value(), {}, {ca->currentVersion.der}, now()));
        auto event = lastEvent(QStringLiteral("CertificateAuthoritySign"));
        QVERIFY(event && event->result == AuditResult::Success);
        QCOMPARE(event->details.value(QStringLiteral("serial")).toString(), info->serialHex);

        // A flipped byte in the signature: refused and audited.
        QByteArray tampered = csr.value();
        tampered[tampered.size() - 1] = char(tampered.at(tampered.size() - 1) ^ 0x01);
        auto refused = test::await(certs().signRequest(QStringLiteral("pki"), QStringLiteral("root"), tampered,
                                                       QStringLiteral("tls-server"), 6));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("signature does not verify")),
                 qPrintable(refused.error().message));
        QCOMPARE(events(QStringLiteral("CertificateAuthoritySign"), AuditResult::Failed), 1);

        // certificates/ca at the CA: a Certificate User is denied.
        auto& services = *m_ready->services;
        QVERIFY(test::addOperatorWithRoles(services, QStringLiteral("reader"), {QStringLiteral("Certificate User")}));
        QVERIFY(test::switchOperator(services, QStringLiteral("reader")));
        auto denied = test::await(certs().signRequest(QStringLiteral("pki"), QStringLiteral("root"), csr.value(),
                                                      QStringLiteral("tls-server"), 6));
        QVERIFY(!denied);
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
        QCOMPARE(events(QStringLiteral("CertificateAuthoritySign"), AuditResult::Denied), 1);
    }
};

CUSTOS_REGISTER_TEST(TestCertificateCsr)
#include "TestCertificateCsr.moc"
