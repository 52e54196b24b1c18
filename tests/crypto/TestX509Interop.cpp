// Proof by independent implementations: chains, CSRs and CRLs made by Custos (the root's key on a
// SoftHSM2 token) are accepted by OpenSSL's and GnuTLS's command-line tools, and a CSR made by
// `openssl req` is read by Custos.
#include "SoftHsmTestToken.h"
#include "TestRegistry.h"
#include "X509TestSupport.h"

#include "OutcomeText.h"

#include "crypto/keys/HsmKeyOperations.h"
#include "crypto/x509/CertificateRequest.h"
#include "crypto/x509/RevocationList.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace custos;
using namespace custos::crypto;
using namespace custos::crypto::x509;
using namespace custos::test::x509support;

namespace {
const QString kTokenLabel = QStringLiteral("custos-x509");
}

class TestX509Interop : public QObject
{
    Q_OBJECT

private:
    test::SoftHsmTestToken m_softHsm;
    std::unique_ptr<HsmKeyOperations> m_rootKey; // EC P-256 on the token
    QByteArray m_rootPublicKey;
    std::optional<SoftwareKey> m_intermediateKey; // EC P-384
    std::optional<SoftwareKey> m_leafKey;         // EC P-256
    QTemporaryDir m_files;
    QByteArray m_root;
    QByteArray m_intermediate;
    QByteArray m_leaf;

    QString file(const QString& name) const { return m_files.filePath(name); }

    bool writePem(const QString& name, const QByteArray& der) { return writeFile(file(name), certificatePem(der)); }

    CertificateSigner hsmSigner() const
    {
        HsmKeyOperations* key = m_rootKey.get();
        return {JoseAlgorithm::Es256,
                [key](const QByteArray& data) { return key->sign(JoseAlgorithm::Es256, data, false); }};
    }

    static void requireTool(const char* tool)
    {
        if (!haveTool(QLatin1String(tool)))
            QSKIP(qPrintable(QStringLiteral("%1 is not installed").arg(QLatin1String(tool))));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!test::SoftHsmTestToken::moduleInstalled())
            QSKIP("SoftHSM2 is not installed");
        QVERIFY(m_files.isValid());
        const QString problem = m_softHsm.setUp(kTokenLabel);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        KeyGenSpec spec;
        spec.kind = KeyKind::Ec;
        spec.id = "x509-root";
        spec.label = QStringLiteral("x509-root");
        spec.curve = QStringLiteral("P-256");
        auto generated = m_softHsm.token()->generateKey(spec);
        QVERIFY2(generated.ok(), errorText(generated).constData());
        m_rootPublicKey = generated->publicKeyDer;
        m_rootKey = std::make_unique<HsmKeyOperations>(*m_softHsm.token(), spec.id);

        auto intermediateKey = SoftwareKey::generateEc(QStringLiteral("P-384"));
        auto leafKey = SoftwareKey::generateEc(QStringLiteral("P-256"));
        QVERIFY2(intermediateKey.ok() && leafKey.ok(), "software key generation failed");
        m_intermediateKey.emplace(intermediateKey.take());
        m_leafKey.emplace(leafKey.take());

        // The root's key never leaves the token: it signs the root itself and the intermediate.
        auto root = issueCertificate(
            caSpec(QStringLiteral("CN=Custos HSM Root, O=Example Ltd, C=DE"), m_rootPublicKey, 10, 1), {}, hsmSigner());
        QVERIFY2(root.ok(), errorText(root).constData());
        m_root = root.value();
        CertificateSpec intermediate = caSpec(QStringLiteral("CN=Custos Issuing CA, O=Example Ltd, C=DE"),
                                              m_intermediateKey->publicKeyDer().value(), 5, 0);
        intermediate.crlDistributionPoint = QStringLiteral("http://pki.example.test/root.crl");
        intermediate.caIssuersUrl = QStringLiteral("http://pki.example.test/root.crt");
        auto issued = issueCertificate(intermediate, m_root, hsmSigner());
        QVERIFY2(issued.ok(), errorText(issued).constData());
        m_intermediate = issued.value();
        auto leaf = issueCertificate(leafSpec(m_leafKey->publicKeyDer().value()), m_intermediate,
                                     softwareSigner(*m_intermediateKey, JoseAlgorithm::Es384));
        QVERIFY2(leaf.ok(), errorText(leaf).constData());
        m_leaf = leaf.value();
        QVERIFY(writePem(QStringLiteral("root.pem"), m_root));
        QVERIFY(writePem(QStringLiteral("intermediate.pem"), m_intermediate));
        QVERIFY(writePem(QStringLiteral("leaf.pem"), m_leaf));
    }

    void cleanupTestCase()
    {
        m_rootKey.reset();
        m_softHsm.tearDown();
    }

    void opensslVerifiesTheChain()
    {
        requireTool("openssl");
        const ToolRun run = runTool(QStringLiteral("openssl"),
                                    {"verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", file("root.pem"),
                                     "-untrusted", file("intermediate.pem"), file("leaf.pem")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        QVERIFY2(run.output.contains(QLatin1String("leaf.pem: OK")), qPrintable(run.output));
    }

    void opensslRefusesALeafOfAnotherRoot()
    {
        requireTool("openssl");
        auto otherKey = SoftwareKey::generateEc(QStringLiteral("P-256"));
        QVERIFY2(otherKey.ok(), errorText(otherKey).constData());
        const SoftwareKey key = otherKey.take();
        auto otherRoot =
            issueCertificate(caSpec(QStringLiteral("CN=Other Root"), key.publicKeyDer().value(), 2, std::nullopt), {},
                             softwareSigner(key, JoseAlgorithm::Es256));
        QVERIFY2(otherRoot.ok(), errorText(otherRoot).constData());
        auto stranger = issueCertificate(leafSpec(m_leafKey->publicKeyDer().value()), otherRoot.value(),
                                         softwareSigner(key, JoseAlgorithm::Es256));
        QVERIFY2(stranger.ok(), errorText(stranger).constData());
        QVERIFY(writePem(QStringLiteral("stranger.pem"), stranger.value()));
        const ToolRun run = runTool(QStringLiteral("openssl"), {"verify", "-CAfile", file("root.pem"), "-untrusted",
                                                                file("intermediate.pem"), file("stranger.pem")});
        QVERIFY2(run.exitCode > 0, qPrintable(run.output));
        QVERIFY2(run.output.contains(QLatin1String("unable to get local issuer certificate")), qPrintable(run.output));
    }

    void opensslShowsTheExtensions()
    {
        requireTool("openssl");
        const ToolRun run = runTool(QStringLiteral("openssl"), {"x509", "-noout", "-text", "-in", file("leaf.pem")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        for (const char* expected :
             {"DNS:web01.example.test, IP Address:127.0.0.1", "TLS Web Server Authentication",
              "URI:http://pki.example.test/issuing.crl", "CA Issuers - URI:http://pki.example.test/issuing.crt",
              "Digital Signature", "CA:FALSE", "ecdsa-with-SHA384"})
            QVERIFY2(run.output.contains(QLatin1String(expected)),
                     qPrintable(QLatin1String(expected) + u'\n' + run.output));
    }

    void gnutlsVerifiesTheChain()
    {
        requireTool("certtool");
        QVERIFY(writeFile(file("chain.pem"),
                          certificatePem(m_leaf) + certificatePem(m_intermediate) + certificatePem(m_root)));
        const ToolRun run = runTool(QStringLiteral("certtool"), {"--verify-chain", "--infile", file("chain.pem")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        QVERIFY2(run.output.contains(QLatin1String("Chain verification output: Verified")), qPrintable(run.output));
    }

    void gnutlsShowsTheExtensions()
    {
        requireTool("certtool");
        const ToolRun run = runTool(QStringLiteral("certtool"), {"-i", "--infile", file("leaf.pem")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        for (const char* expected :
             {"DNSname: web01.example.test", "IPAddress: 127.0.0.1", "TLS WWW Server", "CRL Distribution points",
              "URI: http://pki.example.test/issuing.crl", "Authority Information Access", "id-ad-caIssuers",
              "Access Location URI: http://pki.example.test/issuing.crt"})
            QVERIFY2(run.output.contains(QLatin1String(expected)),
                     qPrintable(QLatin1String(expected) + u'\n' + run.output));
    }

    void rsaSignaturesVerifyWithOpenssl_data()
    {
        QTest::addColumn<int>("algorithm");
        QTest::newRow("PS256") << int(JoseAlgorithm::Ps256);
        QTest::newRow("RS256") << int(JoseAlgorithm::Rs256);
        QTest::newRow("PS512") << int(JoseAlgorithm::Ps512);
    }

    void rsaSignaturesVerifyWithOpenssl()
    {
        requireTool("openssl");
        QFETCH(int, algorithm);
        const auto jose = JoseAlgorithm(algorithm);
        static std::optional<SoftwareKey> rsaKey; // one RSA key for every row
        if (!rsaKey) {
            auto key = SoftwareKey::generateRsa(2048);
            QVERIFY2(key.ok(), errorText(key).constData());
            rsaKey.emplace(key.take());
        }
        auto root =
            issueCertificate(caSpec(QStringLiteral("CN=RSA Root"), rsaKey->publicKeyDer().value(), 2, std::nullopt), {},
                             softwareSigner(*rsaKey, jose));
        QVERIFY2(root.ok(), errorText(root).constData());
        auto leaf =
            issueCertificate(leafSpec(m_leafKey->publicKeyDer().value()), root.value(), softwareSigner(*rsaKey, jose));
        QVERIFY2(leaf.ok(), errorText(leaf).constData());
        const QString tag = QString::fromLatin1(QTest::currentDataTag());
        QVERIFY(writePem(tag + QStringLiteral("-root.pem"), root.value()));
        QVERIFY(writePem(tag + QStringLiteral("-leaf.pem"), leaf.value()));
        const ToolRun run = runTool(QStringLiteral("openssl"), {"verify", "-x509_strict", "-CAfile",
                                                                file(tag + "-root.pem"), file(tag + "-leaf.pem")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        if (jose != JoseAlgorithm::Rs256) {
            const ToolRun text =
                runTool(QStringLiteral("openssl"), {"x509", "-noout", "-text", "-in", file(tag + "-leaf.pem")});
            const QString hash = jose == JoseAlgorithm::Ps256 ? QStringLiteral("sha256") : QStringLiteral("sha512");
            for (const QString& expected : {QStringLiteral("rsassaPss"), QStringLiteral("Hash Algorithm: ") + hash,
                                            QStringLiteral("Mask Algorithm: mgf1 with ") + hash,
                                            QStringLiteral("Salt Length: 0x%1").arg(hash == u"sha256" ? "20" : "40")})
                QVERIFY2(text.output.contains(expected), qPrintable(expected + u'\n' + text.output));
        }
    }

    void opensslVerifiesACustosCsr()
    {
        requireTool("openssl");
        CsrSpec spec;
        spec.subjectDer = subjectDer(QStringLiteral("CN=web03.example.test, O=Example Ltd"));
        spec.subjectPublicKeyDer = m_leafKey->publicKeyDer().value();
        spec.subjectAltNames = {{SanKind::Dns, QStringLiteral("web03.example.test")}};
        spec.extendedKeyUsages = {QStringLiteral("serverAuth")};
        auto csr = createCertificateRequest(spec, softwareSigner(*m_leafKey, JoseAlgorithm::Es256));
        QVERIFY2(csr.ok(), errorText(csr).constData());
        QVERIFY(writeFile(file("custos.csr"), certificateRequestPem(csr.value())));
        const ToolRun run =
            runTool(QStringLiteral("openssl"), {"req", "-verify", "-noout", "-text", "-in", file("custos.csr")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        QVERIFY2(run.output.contains(QLatin1String("verify OK")), qPrintable(run.output));
        QVERIFY2(run.output.contains(QLatin1String("DNS:web03.example.test")), qPrintable(run.output));
    }

    void custosReadsAnOpensslCsr()
    {
        requireTool("openssl");
        const ToolRun run =
            runTool(QStringLiteral("openssl"),
                    {"req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-nodes", "-keyout",
                     file("external.key"), "-subj", "/C=DE/O=Example Ltd/CN=ext.example.test", "-addext",
                     "subjectAltName=DNS:ext.example.test,IP:10.0.0.1,email:ops@example.test", "-addext",
                     "extendedKeyUsage=clientAuth", "-out", file("external.csr")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        auto info = inspectCertificateRequest(readFile(file("external.csr")));
        QVERIFY2(info.ok(), errorText(info).constData());
        QCOMPARE(info->subject, QStringLiteral("CN=ext.example.test, O=Example Ltd, C=DE"));
        QCOMPARE(info->keyDescription, QStringLiteral("EC P-384"));
        QCOMPARE(info->subjectAltNames, (QList<SubjectAltName>{{SanKind::Dns, QStringLiteral("ext.example.test")},
                                                               {SanKind::Ip, QStringLiteral("10.0.0.1")},
                                                               {SanKind::Email, QStringLiteral("ops@example.test")}}));
        QCOMPARE(info->extendedKeyUsages, QStringList{"clientAuth"});

        const ToolRun der = runTool(QStringLiteral("openssl"), {"req", "-in", file("external.csr"), "-outform", "DER",
                                                                "-out", file("external.der")});
        QVERIFY2(der.exitCode == 0, qPrintable(der.output));
        auto fromDer = inspectCertificateRequest(readFile(file("external.der")));
        QVERIFY2(fromDer.ok(), errorText(fromDer).constData());
        QCOMPARE(fromDer->subjectDer, info->subjectDer);
    }

    void opensslVerifiesAnHsmSignedCrl()
    {
        requireTool("openssl");
        auto revokedInfo = inspectCertificate(m_intermediate);
        QVERIFY2(revokedInfo.ok(), errorText(revokedInfo).constData());
        CrlSpec spec;
        spec.crlNumber = 42;
        spec.thisUpdate = now();
        spec.nextUpdate = now().addDays(30);
        spec.revoked = {{QByteArray::fromHex(revokedInfo->serialHex.toLatin1()), now().addSecs(-10),
                         RevocationReason::KeyCompromise},
                        {QByteArray::fromHex("1234"), now().addDays(-2), RevocationReason::CessationOfOperation}};
        auto crl = issueRevocationList(spec, m_root, hsmSigner());
        QVERIFY2(crl.ok(), errorText(crl).constData());
        QVERIFY(writeFile(file("root.crl"), revocationListPem(crl.value())));
        const ToolRun verify = runTool(QStringLiteral("openssl"), {"crl", "-verify", "-noout", "-CAfile",
                                                                   file("root.pem"), "-in", file("root.crl")});
        QVERIFY2(verify.exitCode == 0, qPrintable(verify.output));
        QVERIFY2(verify.output.contains(QLatin1String("verify OK")), qPrintable(verify.output));
        const ToolRun text = runTool(QStringLiteral("openssl"), {"crl", "-noout", "-text", "-in", file("root.crl")});
        QVERIFY2(text.exitCode == 0, qPrintable(text.output));
        for (const QString& expected :
             {QStringLiteral("Serial Number: ") + revokedInfo->serialHex, QStringLiteral("Key Compromise"),
              QStringLiteral("Serial Number: 1234"), QStringLiteral("Cessation Of Operation"),
              QStringLiteral("X509v3 CRL Number:"), QStringLiteral("42")})
            QVERIFY2(text.output.contains(expected), qPrintable(expected + u'\n' + text.output));
    }
};

CUSTOS_REGISTER_TEST(TestX509Interop)
#include "TestX509Interop.moc"
