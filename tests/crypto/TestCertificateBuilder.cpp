// Issuing certificates with software keys: what goes in comes back out through inspectCertificate,
// and every refusal of the builder names its reason.
#include "TestRegistry.h"
#include "X509TestSupport.h"

#include "OutcomeText.h"

#include "crypto/x509/CertificateBuilder.h"
#include "crypto/x509/CertificateInfo.h"

#include <QTest>

#include <optional>

using namespace custos;
using namespace custos::crypto;
using namespace custos::crypto::x509;
using namespace custos::test::x509support;

class TestCertificateBuilder : public QObject
{
    Q_OBJECT

private:
    std::optional<SoftwareKey> m_rootKey;         // EC P-256
    std::optional<SoftwareKey> m_intermediateKey; // EC P-384
    std::optional<SoftwareKey> m_leafKey;         // EC P-256
    std::optional<SoftwareKey> m_otherKey;        // EC P-256
    std::optional<SoftwareKey> m_rsaKey;          // RSA 2048
    QByteArray m_root;                            // pathlen 1
    QByteArray m_intermediate;                    // pathlen 0, permitted subtree example.test

    static QByteArray publicKey(const std::optional<SoftwareKey>& key) { return key->publicKeyDer().value(); }

    Error refusal(const CertificateSpec& spec, const QByteArray& issuer, const CertificateSigner& signer)
    {
        auto issued = issueCertificate(spec, issuer, signer);
        if (issued.ok())
            return makeError(ErrorKind::Failed, QStringLiteral("issued although it should have been refused"));
        return issued.error();
    }

    CertificateSigner intermediateSigner() const { return softwareSigner(*m_intermediateKey, JoseAlgorithm::Es384); }

private Q_SLOTS:
    void initTestCase()
    {
        auto generate = [](std::optional<SoftwareKey>& slot, Outcome<SoftwareKey> key) {
            if (key.ok())
                slot.emplace(key.take());
            return slot.has_value();
        };
        QVERIFY(generate(m_rootKey, SoftwareKey::generateEc(QStringLiteral("P-256"))));
        QVERIFY(generate(m_intermediateKey, SoftwareKey::generateEc(QStringLiteral("P-384"))));
        QVERIFY(generate(m_leafKey, SoftwareKey::generateEc(QStringLiteral("P-256"))));
        QVERIFY(generate(m_otherKey, SoftwareKey::generateEc(QStringLiteral("P-256"))));
        QVERIFY(generate(m_rsaKey, SoftwareKey::generateRsa(2048)));

        auto root =
            issueCertificate(caSpec(QStringLiteral("CN=Custos Test Root, O=Example Ltd"), publicKey(m_rootKey), 10, 1),
                             {}, softwareSigner(*m_rootKey, JoseAlgorithm::Es256));
        QVERIFY2(root.ok(), errorText(root).constData());
        m_root = root.value();
        CertificateSpec intermediate =
            caSpec(QStringLiteral("CN=Issuing CA, O=Example Ltd"), publicKey(m_intermediateKey), 5, 0);
        intermediate.permittedDnsSubtrees = {QStringLiteral("example.test")};
        auto issued = issueCertificate(intermediate, m_root, softwareSigner(*m_rootKey, JoseAlgorithm::Es256));
        QVERIFY2(issued.ok(), errorText(issued).constData());
        m_intermediate = issued.value();
    }

    void rootSaysWhatItIs()
    {
        auto info = inspectCertificate(m_root);
        QVERIFY2(info.ok(), errorText(info).constData());
        QCOMPARE(info->subject, QStringLiteral("CN=Custos Test Root, O=Example Ltd"));
        QCOMPARE(info->issuer, info->subject);
        QVERIFY(info->selfSigned);
        QVERIFY(info->isCa);
        QCOMPARE(info->pathLength, std::optional<int>(1));
        QCOMPARE(info->keyUsages, (QStringList{"keyCertSign", "cRLSign"}));
        QCOMPARE(info->keyDescription, QStringLiteral("EC P-256"));
        QCOMPARE(info->signatureAlgorithm, QStringLiteral("ecdsa-with-SHA256"));
        QCOMPARE(info->serialHex.size(), 32); // 16 random bytes, top byte 0x40..0x7F
        QVERIFY(QByteArray::fromHex(info->serialHex.toLatin1()).at(0) & 0x40);
        auto certified = certifiesPublicKey(m_root, publicKey(m_rootKey));
        QVERIFY2(certified.ok(), errorText(certified).constData());
        QVERIFY(certified.value());
    }

    void leafSaysWhatWasAsked()
    {
        CertificateSpec spec = leafSpec(publicKey(m_leafKey));
        spec.subjectAltNames.append({SanKind::Email, QStringLiteral("ops@example.test")});
        spec.subjectAltNames.append({SanKind::Uri, QStringLiteral("https://web01.example.test/")});
        spec.serial = QByteArray::fromHex("00c0ffee");
        auto leaf = issueCertificate(spec, m_intermediate, intermediateSigner());
        QVERIFY2(leaf.ok(), errorText(leaf).constData());

        auto info = inspectCertificate(leaf.value());
        QVERIFY2(info.ok(), errorText(info).constData());
        QCOMPARE(info->subject, QStringLiteral("CN=web01.example.test, O=Example Ltd, C=DE"));
        QCOMPARE(info->issuer, QStringLiteral("CN=Issuing CA, O=Example Ltd"));
        QCOMPARE(info->serialHex, QStringLiteral("C0FFEE"));
        QCOMPARE(info->notBefore, spec.notBefore);
        QCOMPARE(info->notAfter, spec.notAfter);
        QCOMPARE(info->subjectAltNames, spec.subjectAltNames);
        QCOMPARE(info->keyUsages, QStringList{"digitalSignature"});
        QCOMPARE(info->extendedKeyUsages, QStringList{"serverAuth"});
        QVERIFY(!info->isCa);
        QCOMPARE(info->crlDistributionPoint, spec.crlDistributionPoint);
        QCOMPARE(info->caIssuersUrl, spec.caIssuersUrl);
        QCOMPARE(info->subjectPublicKeyDer, publicKey(m_leafKey));
        QCOMPARE(info->signatureAlgorithm, QStringLiteral("ecdsa-with-SHA384"));
        QVERIFY(!info->selfSigned);
        QCOMPARE(info->sha256Fingerprint.size(), 32);
        QCOMPARE(info->sha1Fingerprint.size(), 20);

        QStringList names;
        for (const CertificateExtension& extension : info->extensions) {
            names.append(extension.name);
            if (extension.name == QLatin1String("X509v3 Subject Alternative Name")) {
                QVERIFY(!extension.critical);
                QVERIFY2(
                    extension.values.join(u' ').contains(QLatin1String("DNS:web01.example.test, IP Address:127.0.0.1")),
                    qPrintable(extension.values.join(u'|')));
            }
            if (extension.name == QLatin1String("X509v3 Key Usage"))
                QVERIFY(extension.critical);
        }
        for (const char* expected :
             {"X509v3 Basic Constraints", "X509v3 Key Usage", "X509v3 Extended Key Usage",
              "X509v3 Subject Key Identifier", "X509v3 Authority Key Identifier", "X509v3 Subject Alternative Name",
              "X509v3 CRL Distribution Points", "Authority Information Access"})
            QVERIFY2(names.contains(QLatin1String(expected)), expected);

        auto other = certifiesPublicKey(leaf.value(), publicKey(m_otherKey));
        QVERIFY2(other.ok(), errorText(other).constData());
        QVERIFY(!other.value());
    }

    void intermediateCarriesNameConstraints()
    {
        auto info = inspectCertificate(m_intermediate);
        QVERIFY2(info.ok(), errorText(info).constData());
        QVERIFY(info->isCa);
        QCOMPARE(info->pathLength, std::optional<int>(0));
        QCOMPARE(info->permittedDnsSubtrees, QStringList{"example.test"});
        QCOMPARE(info->keyDescription, QStringLiteral("EC P-384"));
    }

    void rsaSignatureAlgorithms_data()
    {
        QTest::addColumn<int>("algorithm");
        QTest::addColumn<QString>("name");
        QTest::newRow("RS256") << int(JoseAlgorithm::Rs256) << "sha256WithRSAEncryption";
        QTest::newRow("RS512") << int(JoseAlgorithm::Rs512) << "sha512WithRSAEncryption";
        QTest::newRow("PS256") << int(JoseAlgorithm::Ps256) << "rsassaPss";
        QTest::newRow("PS384") << int(JoseAlgorithm::Ps384) << "rsassaPss";
    }

    void rsaSignatureAlgorithms()
    {
        QFETCH(int, algorithm);
        QFETCH(QString, name);
        auto root = issueCertificate(caSpec(QStringLiteral("CN=RSA Root"), publicKey(m_rsaKey), 1, std::nullopt), {},
                                     softwareSigner(*m_rsaKey, JoseAlgorithm(algorithm)));
        QVERIFY2(root.ok(), errorText(root).constData());
        auto info = inspectCertificate(root.value());
        QVERIFY2(info.ok(), errorText(info).constData());
        QCOMPARE(info->signatureAlgorithm, name);
        QCOMPARE(info->keyDescription, QStringLiteral("RSA 2048"));
        QVERIFY(info->selfSigned);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("message");
        QTest::newRow("validity beyond the CA") << "validity beyond the CA's: the CA expires";
        QTest::newRow("notAfter before notBefore") << "is not after notBefore";
        QTest::newRow("issuer not a CA") << "is not a CA (no basicConstraints CA:TRUE)";
        QTest::newRow("CA under path length 0") << "has path length 0: it may not certify another CA";
        QTest::newRow("CA path length too long") << "a CA below it needs a path length of at most 0";
        QTest::newRow("CA without a path length under one") << "a CA below it needs a path length of at most 0";
        QTest::newRow("SAN outside the permitted subtrees")
            << "'www.other.test' is outside the issuer's permitted DNS subtrees";
        QTest::newRow("CN outside the permitted subtrees") << "'intranet.other.test' is outside the issuer's permitted";
        QTest::newRow("path length on a leaf") << "a path length is only for CA certificates";
        QTest::newRow("name constraints on a leaf") << "name constraints are only for CA certificates";
        QTest::newRow("wrong signer") << "does not verify with the issuer's public key";
        QTest::newRow("algorithm for another curve")
            << "the signer's algorithm ES256 does not fit the issuer's key (EC P-384)";
        QTest::newRow("RSA algorithm for an EC key")
            << "the signer's algorithm RS256 does not fit the issuer's key (EC P-384)";
        QTest::newRow("not a signature algorithm") << "algorithm RSA-OAEP-256 cannot sign certificates";
        QTest::newRow("bad SAN") << "invalid subject alternative name 'ip:999.1.1.1'";
        QTest::newRow("bad CRL URL") << "invalid URL 'pki.example.test/x.crl'";
        QTest::newRow("empty subject") << "the subject is not a DER distinguished name";
        QTest::newRow("bad public key") << "the certified key is not a DER SubjectPublicKeyInfo";
        QTest::newRow("serial too long") << "the serial number is too long";
        QTest::newRow("serial zero") << "the serial number must not be zero";
    }

    void refusals()
    {
        QFETCH(QString, message);
        const QString row = QString::fromLatin1(QTest::currentDataTag());
        CertificateSpec spec = leafSpec(publicKey(m_leafKey));
        QByteArray issuer = m_intermediate;
        CertificateSigner signer = intermediateSigner();
        if (row == QLatin1String("validity beyond the CA"))
            spec.notAfter = now().addYears(6);
        else if (row == QLatin1String("notAfter before notBefore"))
            spec.notAfter = spec.notBefore.addSecs(-1);
        else if (row == QLatin1String("issuer not a CA")) {
            auto leaf = issueCertificate(leafSpec(publicKey(m_otherKey)), m_intermediate, intermediateSigner());
            QVERIFY2(leaf.ok(), errorText(leaf).constData());
            issuer = leaf.value();
            signer = softwareSigner(*m_otherKey, JoseAlgorithm::Es256);
        } else if (row == QLatin1String("CA under path length 0"))
            spec = caSpec(QStringLiteral("CN=Sub CA, O=Example Ltd"), publicKey(m_otherKey), 1, 0);
        else if (row == QLatin1String("CA path length too long") ||
                 row == QLatin1String("CA without a path length under one")) {
            spec = caSpec(QStringLiteral("CN=Sub CA"), publicKey(m_otherKey), 1,
                          row.startsWith(u"CA path") ? std::optional<int>(1) : std::nullopt);
            issuer = m_root;
            signer = softwareSigner(*m_rootKey, JoseAlgorithm::Es256);
        } else if (row == QLatin1String("SAN outside the permitted subtrees"))
            spec.subjectAltNames.append({SanKind::Dns, QStringLiteral("www.other.test")});
        else if (row == QLatin1String("CN outside the permitted subtrees")) {
            spec.subjectDer = subjectDer(QStringLiteral("CN=intranet.other.test"));
            spec.subjectAltNames = {{SanKind::Ip, QStringLiteral("10.0.0.1")}};
        } else if (row == QLatin1String("path length on a leaf"))
            spec.pathLength = 0;
        else if (row == QLatin1String("name constraints on a leaf"))
            spec.permittedDnsSubtrees = {QStringLiteral("example.test")};
        else if (row == QLatin1String("wrong signer")) {
            auto otherIntermediate = SoftwareKey::generateEc(QStringLiteral("P-384"));
            QVERIFY2(otherIntermediate.ok(), errorText(otherIntermediate).constData());
            const SoftwareKey key = otherIntermediate.take();
            QCOMPARE(refusal(spec, issuer, softwareSigner(key, JoseAlgorithm::Es384)).message.contains(message), true);
            return;
        } else if (row == QLatin1String("algorithm for another curve"))
            signer.algorithm = JoseAlgorithm::Es256;
        else if (row == QLatin1String("RSA algorithm for an EC key"))
            signer.algorithm = JoseAlgorithm::Rs256;
        else if (row == QLatin1String("not a signature algorithm"))
            signer.algorithm = JoseAlgorithm::RsaOaep256;
        else if (row == QLatin1String("bad SAN"))
            spec.subjectAltNames.append({SanKind::Ip, QStringLiteral("999.1.1.1")});
        else if (row == QLatin1String("bad CRL URL"))
            spec.crlDistributionPoint = QStringLiteral("pki.example.test/x.crl");
        else if (row == QLatin1String("empty subject"))
            spec.subjectDer.clear();
        else if (row == QLatin1String("bad public key"))
            spec.subjectPublicKeyDer = spec.subjectPublicKeyDer.left(20);
        else if (row == QLatin1String("serial too long"))
            spec.serial = QByteArray(21, '\x01');
        else if (row == QLatin1String("serial zero"))
            spec.serial = QByteArray(2, '\0');

        const Error error = refusal(spec, issuer, signer);
        QVERIFY2(error.kind == ErrorKind::Invalid, qPrintable(error.message));
        QVERIFY2(error.message.contains(message), qPrintable(error.message));
    }

    void permittedNamesAreIssued()
    {
        CertificateSpec spec = leafSpec(publicKey(m_leafKey), QStringLiteral("example.test"));
        spec.subjectAltNames.append({SanKind::Dns, QStringLiteral("*.apps.example.test")});
        auto leaf = issueCertificate(spec, m_intermediate, intermediateSigner());
        QVERIFY2(leaf.ok(), errorText(leaf).constData());
    }

    void inspectRefusesNonCertificates()
    {
        for (const QByteArray& bytes : {QByteArray(), QByteArray("not a certificate"), certificatePem(m_root),
                                        m_root + QByteArray(1, '\0'), m_root.left(m_root.size() - 1)}) {
            auto info = inspectCertificate(bytes);
            QVERIFY(!info.ok());
            QCOMPARE(info.error().kind, ErrorKind::Invalid);
            QVERIFY2(info.error().message.startsWith(QLatin1String("not a DER X.509 certificate: ")),
                     qPrintable(info.error().message));
        }
    }

    void pemAndColonHex()
    {
        const QByteArray pem = certificatePem(m_root);
        QVERIFY(pem.startsWith("-----BEGIN CERTIFICATE-----\n"));
        QVERIFY(pem.endsWith("-----END CERTIFICATE-----\n"));
        for (const QByteArray& line : pem.split('\n'))
            QVERIFY(line.size() <= 64);
        QCOMPARE(colonHex(QByteArray::fromHex("abcd01")), QStringLiteral("AB:CD:01"));
        QCOMPARE(colonHex({}), QString());
    }
};

CUSTOS_REGISTER_TEST(TestCertificateBuilder)
#include "TestCertificateBuilder.moc"
