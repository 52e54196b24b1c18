// CSRs, CRLs and chains made with software keys: round trips, a CSR whose signature was tampered
// with, reasons, and chains that link or do not.
#include "TestRegistry.h"
#include "X509TestSupport.h"

#include "OutcomeText.h"

#include "crypto/x509/CertificateRequest.h"
#include "crypto/x509/ChainVerification.h"
#include "crypto/x509/RevocationList.h"

#include <QTest>

#include <optional>

using namespace custos;
using namespace custos::crypto;
using namespace custos::crypto::x509;
using namespace custos::test::x509support;

class TestCsrCrlChain : public QObject
{
    Q_OBJECT

private:
    std::optional<SoftwareKey> m_rootKey;    // EC P-256
    std::optional<SoftwareKey> m_issuingKey; // EC P-256
    std::optional<SoftwareKey> m_leafKey;    // EC P-256
    QByteArray m_root;
    QByteArray m_issuing;
    QByteArray m_leaf;
    QByteArray m_otherRoot; // same subject as m_root, another key

    static QByteArray publicKey(const std::optional<SoftwareKey>& key) { return key->publicKeyDer().value(); }
    CertificateSigner rootSigner() const { return softwareSigner(*m_rootKey, JoseAlgorithm::Es256); }

    CsrSpec csrSpec() const
    {
        CsrSpec spec;
        spec.subjectDer = subjectDer(QStringLiteral("CN=web02.example.test, O=Example Ltd"));
        spec.subjectPublicKeyDer = publicKey(m_leafKey);
        spec.subjectAltNames = {{SanKind::Dns, QStringLiteral("web02.example.test")},
                                {SanKind::Ip, QStringLiteral("2001:db8::2")}};
        spec.keyUsages = {QStringLiteral("digitalSignature")};
        spec.extendedKeyUsages = {QStringLiteral("serverAuth"), QStringLiteral("clientAuth")};
        return spec;
    }

    CrlSpec crlSpec() const
    {
        CrlSpec spec;
        spec.crlNumber = 7;
        spec.thisUpdate = now();
        spec.nextUpdate = now().addDays(7);
        spec.revoked = {
            {QByteArray::fromHex("7a01"), now().addDays(-1), RevocationReason::KeyCompromise},
            {QByteArray::fromHex("0102030405060708090a0b0c0d0e0f10"), now().addSecs(-60), RevocationReason::Superseded},
            {QByteArray::fromHex("05"), now().addDays(-3), RevocationReason::Unspecified}};
        return spec;
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (auto* slot : {&m_rootKey, &m_issuingKey, &m_leafKey}) {
            auto key = SoftwareKey::generateEc(QStringLiteral("P-256"));
            QVERIFY2(key.ok(), errorText(key).constData());
            slot->emplace(key.take());
        }
        auto root = issueCertificate(caSpec(QStringLiteral("CN=Chain Root"), publicKey(m_rootKey), 10, std::nullopt),
                                     {}, rootSigner());
        QVERIFY2(root.ok(), errorText(root).constData());
        m_root = root.value();
        auto issuing = issueCertificate(caSpec(QStringLiteral("CN=Chain Issuing"), publicKey(m_issuingKey), 5, 0),
                                        m_root, rootSigner());
        QVERIFY2(issuing.ok(), errorText(issuing).constData());
        m_issuing = issuing.value();
        auto leaf = issueCertificate(leafSpec(publicKey(m_leafKey)), m_issuing,
                                     softwareSigner(*m_issuingKey, JoseAlgorithm::Es256));
        QVERIFY2(leaf.ok(), errorText(leaf).constData());
        m_leaf = leaf.value();
        auto otherKey = SoftwareKey::generateEc(QStringLiteral("P-256"));
        QVERIFY2(otherKey.ok(), errorText(otherKey).constData());
        const SoftwareKey key = otherKey.take();
        auto otherRoot =
            issueCertificate(caSpec(QStringLiteral("CN=Chain Root"), key.publicKeyDer().value(), 10, std::nullopt), {},
                             softwareSigner(key, JoseAlgorithm::Es256));
        QVERIFY2(otherRoot.ok(), errorText(otherRoot).constData());
        m_otherRoot = otherRoot.value();
    }

    void csrRoundTrip()
    {
        auto csr = createCertificateRequest(csrSpec(), softwareSigner(*m_leafKey, JoseAlgorithm::Es256));
        QVERIFY2(csr.ok(), errorText(csr).constData());
        for (const QByteArray& form : {csr.value(), certificateRequestPem(csr.value())}) {
            auto info = inspectCertificateRequest(form);
            QVERIFY2(info.ok(), errorText(info).constData());
            QCOMPARE(info->subjectDer, csrSpec().subjectDer);
            QCOMPARE(info->subject, QStringLiteral("CN=web02.example.test, O=Example Ltd"));
            QCOMPARE(info->subjectPublicKeyDer, publicKey(m_leafKey));
            QCOMPARE(info->keyDescription, QStringLiteral("EC P-256"));
            QCOMPARE(info->subjectAltNames, csrSpec().subjectAltNames);
            QCOMPARE(info->keyUsages, csrSpec().keyUsages);
            QCOMPARE(info->extendedKeyUsages, csrSpec().extendedKeyUsages);
            QVERIFY(!info->isCa);
        }
        QVERIFY(certificateRequestPem(csr.value()).startsWith("-----BEGIN CERTIFICATE REQUEST-----\n"));
    }

    void csrForACa()
    {
        CsrSpec spec = csrSpec();
        spec.subjectAltNames.clear();
        spec.isCa = true;
        spec.pathLength = 0;
        auto csr = createCertificateRequest(spec, softwareSigner(*m_leafKey, JoseAlgorithm::Es256));
        QVERIFY2(csr.ok(), errorText(csr).constData());
        auto info = inspectCertificateRequest(csr.value());
        QVERIFY2(info.ok(), errorText(info).constData());
        QVERIFY(info->isCa);
    }

    void csrOldPemLabel()
    {
        auto csr = createCertificateRequest(csrSpec(), softwareSigner(*m_leafKey, JoseAlgorithm::Es256));
        QVERIFY2(csr.ok(), errorText(csr).constData());
        QByteArray pem = certificateRequestPem(csr.value()).replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
        auto info = inspectCertificateRequest("text before\n" + pem);
        QVERIFY2(info.ok(), errorText(info).constData());
    }

    void csrWithABadSignatureIsRefused()
    {
        auto csr = createCertificateRequest(csrSpec(), softwareSigner(*m_leafKey, JoseAlgorithm::Es256));
        QVERIFY2(csr.ok(), errorText(csr).constData());
        QByteArray tampered = csr.value();
        tampered[tampered.size() - 1] = static_cast<char>(tampered.at(tampered.size() - 1) ^ 0x01); // in s
        auto info = inspectCertificateRequest(tampered);
        QVERIFY(!info.ok());
        QCOMPARE(info.error().kind, ErrorKind::Invalid);
        QCOMPARE(info.error().message, QStringLiteral("the CSR's signature does not verify with its own public key"));
        // The same for a changed subject under the old signature.
        QByteArray renamed = csr.value();
        const qsizetype at = renamed.indexOf("web02");
        QVERIFY(at > 0);
        renamed[at + 4] = '3';
        auto renamedInfo = inspectCertificateRequest(renamed);
        QVERIFY(!renamedInfo.ok());
        QVERIFY2(renamedInfo.error().message.contains(QLatin1String("does not verify")),
                 qPrintable(renamedInfo.error().message));
    }

    void csrRefusals()
    {
        auto wrongKey = createCertificateRequest(csrSpec(), softwareSigner(*m_rootKey, JoseAlgorithm::Es256));
        QVERIFY(!wrongKey.ok());
        QVERIFY2(wrongKey.error().message.contains(QLatin1String("the signer does not hold the CSR's private key")),
                 qPrintable(wrongKey.error().message));
        auto wrongAlgorithm = createCertificateRequest(csrSpec(), softwareSigner(*m_leafKey, JoseAlgorithm::Es384));
        QVERIFY(!wrongAlgorithm.ok());
        QVERIFY2(wrongAlgorithm.error().message.contains(QLatin1String("does not fit")),
                 qPrintable(wrongAlgorithm.error().message));
        auto garbage = inspectCertificateRequest("garbage");
        QVERIFY(!garbage.ok());
        QVERIFY2(garbage.error().message.startsWith(QLatin1String("not a certificate signing request")),
                 qPrintable(garbage.error().message));
    }

    void crlRoundTrip()
    {
        const CrlSpec spec = crlSpec();
        auto crl = issueRevocationList(spec, m_root, rootSigner());
        QVERIFY2(crl.ok(), errorText(crl).constData());
        for (const QByteArray& form : {crl.value(), revocationListPem(crl.value())}) {
            auto info = inspectRevocationList(form);
            QVERIFY2(info.ok(), errorText(info).constData());
            QCOMPARE(info->issuer, QStringLiteral("CN=Chain Root"));
            QCOMPARE(info->crlNumber, 7);
            QCOMPARE(info->thisUpdate, spec.thisUpdate);
            QCOMPARE(info->nextUpdate, spec.nextUpdate);
            QCOMPARE(info->revoked.size(), spec.revoked.size());
            for (const RevokedCertificate& expected : spec.revoked) {
                const auto found =
                    std::find_if(info->revoked.cbegin(), info->revoked.cend(),
                                 [&](const RevokedCertificate& entry) { return entry.serial == expected.serial; });
                QVERIFY2(found != info->revoked.cend(), expected.serial.toHex().constData());
                QCOMPARE(found->revokedAt, expected.revokedAt);
                QCOMPARE(found->reason, expected.reason);
            }
        }
        auto verified = verifyRevocationList(crl.value(), m_root);
        QVERIFY2(verified.ok(), errorText(verified).constData());
        QVERIFY(verified.value());
        auto byOther = verifyRevocationList(crl.value(), m_otherRoot);
        QVERIFY2(byOther.ok(), errorText(byOther).constData());
        QVERIFY(!byOther.value());
    }

    void everyReasonRoundTrips()
    {
        CrlSpec spec = crlSpec();
        spec.revoked.clear();
        int serial = 1;
        for (const QString& name : revocationReasonNames())
            spec.revoked.append(
                {QByteArray(1, static_cast<char>(serial++)), now(), parseRevocationReason(name).value()});
        auto crl = issueRevocationList(spec, m_root, rootSigner());
        QVERIFY2(crl.ok(), errorText(crl).constData());
        auto info = inspectRevocationList(crl.value());
        QVERIFY2(info.ok(), errorText(info).constData());
        QCOMPARE(info->revoked.size(), spec.revoked.size());
        for (qsizetype i = 0; i < spec.revoked.size(); ++i) { // serials 1..10 stay in order once sorted
            QCOMPARE(info->revoked.at(i).serial, spec.revoked.at(i).serial);
            QCOMPARE(info->revoked.at(i).reason, spec.revoked.at(i).reason);
        }
    }

    void crlRefusals()
    {
        CrlSpec backwards = crlSpec();
        backwards.nextUpdate = backwards.thisUpdate;
        auto early = issueRevocationList(backwards, m_root, rootSigner());
        QVERIFY(!early.ok());
        QVERIFY2(early.error().message.contains(QLatin1String("is not after thisUpdate")),
                 qPrintable(early.error().message));

        auto byLeaf = issueRevocationList(crlSpec(), m_leaf, softwareSigner(*m_leafKey, JoseAlgorithm::Es256));
        QVERIFY(!byLeaf.ok());
        QVERIFY2(byLeaf.error().message.contains(QLatin1String("lacks the cRLSign key usage")),
                 qPrintable(byLeaf.error().message));

        auto wrongSigner = issueRevocationList(crlSpec(), m_root, softwareSigner(*m_leafKey, JoseAlgorithm::Es256));
        QVERIFY(!wrongSigner.ok());
        QVERIFY2(wrongSigner.error().message.contains(QLatin1String("does not verify with the issuer's public key")),
                 qPrintable(wrongSigner.error().message));

        CrlSpec badSerial = crlSpec();
        badSerial.revoked.append({QByteArray(1, '\0'), now(), RevocationReason::Unspecified});
        auto zero = issueRevocationList(badSerial, m_root, rootSigner());
        QVERIFY(!zero.ok());
        QVERIFY2(zero.error().message.contains(QLatin1String("invalid serial number")),
                 qPrintable(zero.error().message));

        auto garbage = inspectRevocationList("-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n");
        QVERIFY(!garbage.ok());
        QVERIFY2(garbage.error().message.startsWith(QLatin1String("not a certificate revocation list")),
                 qPrintable(garbage.error().message));
    }

    void chainVerifies()
    {
        auto verified = verifyChain(m_leaf, {m_issuing}, {m_root}, now());
        QVERIFY2(verified.ok(), errorText(verified).constData());
        auto toIntermediate = verifyChain(m_leaf, {}, {m_issuing}, now()); // an intermediate as the anchor
        QVERIFY2(toIntermediate.ok(), errorText(toIntermediate).constData());
        auto throughRoots = verifyChain(m_leaf, {m_issuing}, {m_otherRoot, m_root}, now());
        QVERIFY2(throughRoots.ok(), errorText(throughRoots).constData());
    }

    void chainRefusals()
    {
        auto missing = verifyChain(m_leaf, {}, {m_root}, now());
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().message,
                 QStringLiteral("the chain does not link: no issuer found for 'CN=web01.example.test, O=Example Ltd, "
                                "C=DE' (issuer 'CN=Chain Issuing')"));
        auto otherRoot = verifyChain(m_leaf, {m_issuing}, {m_otherRoot}, now());
        QVERIFY(!otherRoot.ok());
        QVERIFY2(otherRoot.error().message.startsWith(QLatin1String("the chain does not link")),
                 qPrintable(otherRoot.error().message));
        auto later = verifyChain(m_leaf, {m_issuing}, {m_root}, now().addYears(3));
        QVERIFY(!later.ok());
        QVERIFY2(
            later.error().message.startsWith(QLatin1String("'CN=web01.example.test, O=Example Ltd, C=DE' expired on ")),
            qPrintable(later.error().message));
        auto noRoots = verifyChain(m_leaf, {m_issuing}, {}, now());
        QVERIFY(!noRoots.ok());
        QVERIFY2(noRoots.error().message.contains(QLatin1String("no trust anchor")),
                 qPrintable(noRoots.error().message));
    }

    void orderChainSortsLeafFirst()
    {
        auto ordered = orderChain({m_root, m_leaf, m_issuing, m_issuing}, publicKey(m_leafKey));
        QVERIFY2(ordered.ok(), errorText(ordered).constData());
        QCOMPARE(ordered.value(), (QList<QByteArray>{m_leaf, m_issuing, m_root}));
        auto partial = orderChain({m_issuing, m_leaf}, publicKey(m_leafKey));
        QVERIFY2(partial.ok(), errorText(partial).constData());
        QCOMPARE(partial.value(), (QList<QByteArray>{m_leaf, m_issuing}));
    }

    void orderChainRefusals()
    {
        auto stranger = orderChain({m_leaf, m_issuing, m_otherRoot}, publicKey(m_leafKey));
        QVERIFY(!stranger.ok());
        QCOMPARE(stranger.error().message,
                 QStringLiteral("the chain does not link: 'CN=Chain Root' does not belong to the chain of "
                                "'CN=web01.example.test, O=Example Ltd, C=DE'"));
        auto noLeaf = orderChain({m_issuing, m_root}, publicKey(m_leafKey));
        QVERIFY(!noLeaf.ok());
        QVERIFY2(noLeaf.error().message.contains(QLatin1String("no certificate holds the leaf's public key")),
                 qPrintable(noLeaf.error().message));
    }
};

CUSTOS_REGISTER_TEST(TestCsrCrlChain)
#include "TestCsrCrlChain.moc"
