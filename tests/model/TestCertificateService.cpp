#include "OutcomeText.h"
#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "crypto/x509/CertificateInfo.h"
#include "crypto/x509/RevocationList.h"
#include "model/audit/AuditLog.h"
#include "model/services/ServicePath.h"
#include "model/store/Stores.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/x509.h>

#include <memory>

using namespace custos;
using namespace custos::model;
using crypto::KeyKind;

namespace {

// OpenSSL's own check that `issuerDer` signed `der` (independent of the builder's verification).
bool signedBy(const QByteArray& der, const QByteArray& issuerDer)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    X509* cert = d2i_X509(nullptr, &p, der.size());
    p = reinterpret_cast<const unsigned char*>(issuerDer.constData());
    X509* issuer = d2i_X509(nullptr, &p, issuerDer.size());
    bool ok = false;
    if (cert && issuer) {
        EVP_PKEY* key = X509_get0_pubkey(issuer);
        ok = key && X509_verify(cert, key) == 1;
    }
    X509_free(cert);
    X509_free(issuer);
    return ok;
}

} // namespace

// Certificate authorities and certificates through the one service path: what is issued, who may
// issue, what is refused and audited, revocation and CRLs.
class TestCertificateService : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;
    CertificateService& certs() { return m_ready->services->certificates(); }
    Database& db() { return m_ready->workspace->database(); }

    int count(const QString& table)
    {
        QSqlQuery q(db().connection());
        if (!q.exec(QStringLiteral("SELECT count(*) FROM ") + table) || !q.next())
            return -1;
        return q.value(0).toInt();
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

    static CaCreateRequest rootRequest(const QString& vault, const QString& name)
    {
        CaCreateRequest r;
        r.vault = vault;
        r.name = name;
        r.subject = QStringLiteral("CN=Test Root CA, O=Custos Tests");
        r.crlUrl = QStringLiteral("http://pki.example.test/root.crl");
        return r;
    }

    static CertificateIssueRequest leafRequest(const QString& vault, const QString& name, const QString& issuer)
    {
        CertificateIssueRequest r;
        r.vault = vault;
        r.name = name;
        r.issuer = issuer;
        r.subject = QStringLiteral("CN=%1.example.test").arg(name);
        r.subjectAltNames = {QStringLiteral("dns:%1.example.test").arg(name), QStringLiteral("ip:127.0.0.1")};
        r.protection = Protection::Software;
        r.exportable = true;
        return r;
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
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void rootIntermediateLeafChain()
    {
        auto root = test::await(certs().createCa(rootRequest(QStringLiteral("pki"), QStringLiteral("root"))));
        QVERIFY2(root, errorText(root));
        QVERIFY(root->isCa);
        CaCreateRequest intermediate = rootRequest(QStringLiteral("pki"), QStringLiteral("issuing"));
        intermediate.subject = QStringLiteral("CN=Test Issuing CA");
        intermediate.issuer = QStringLiteral("pki/root");
        intermediate.months = 60;
        intermediate.pathLength = 0;
        intermediate.kty = KeyKind::Rsa;
        intermediate.aiaUrl = QStringLiteral("http://pki.example.test/issuing.cer");
        intermediate.crlUrl = QStringLiteral("http://pki.example.test/issuing.crl");
        auto issuing = test::await(certs().createCa(intermediate));
        QVERIFY2(issuing, errorText(issuing));

        auto leaf =
            test::await(certs().issue(leafRequest(QStringLiteral("web"), QStringLiteral("web01"), "pki/issuing")));
        QVERIFY2(leaf, errorText(leaf));
        auto chain = certs().chain(QStringLiteral("web"), QStringLiteral("web01"));
        QVERIFY2(chain, errorText(chain));
        QCOMPARE(chain->size(), 3);
        QVERIFY(signedBy(chain->at(0), chain->at(1)));
        QVERIFY(signedBy(chain->at(1), chain->at(2)));
        QVERIFY(signedBy(chain->at(2), chain->at(2)));
        QVERIFY(!signedBy(chain->at(0), chain->at(2))); // the check can fail

        auto info = crypto::x509::inspectCertificate(chain->at(0));
        QVERIFY2(info, errorText(info));
        QCOMPARE(info->subject, QStringLiteral("CN=web01.example.test"));
        QCOMPARE(info->issuer, QStringLiteral("CN=Test Issuing CA"));
        QCOMPARE(info->crlDistributionPoint, QStringLiteral("http://pki.example.test/issuing.crl"));
        QCOMPARE(info->caIssuersUrl, QStringLiteral("http://pki.example.test/issuing.cer"));
        QVERIFY(info->extendedKeyUsages.contains(QStringLiteral("serverAuth")));
        QCOMPARE(info->subjectAltNames.size(), 2);
        QVERIFY(!info->isCa);
        QCOMPARE(info->keyDescription, QStringLiteral("EC P-256"));
        QCOMPARE(leaf->currentVersion.serialHex, info->serialHex);

        // The certificate's key is the vault's key of the same name, software and exportable; the
        // CA keys are CA keys (sign only through issuance).
        auto key = KeyStore(db()).find(QStringLiteral("web"), QStringLiteral("web01"));
        QVERIFY(key && key.value());
        QCOMPARE(key.value()->protection, Protection::Software);
        QVERIFY(key.value()->exportable);
        QVERIFY(!key.value()->isCaKey);
        QCOMPARE(key.value()->currentVersion.publicKeyDer, info->subjectPublicKeyDer);
        auto caKey = KeyStore(db()).find(QStringLiteral("pki"), QStringLiteral("issuing"));
        QVERIFY(caKey && caKey.value() && caKey.value()->isCaKey);
        QCOMPARE(caKey.value()->protection, Protection::Hsm);

        auto event = lastEvent(QStringLiteral("CertificateIssue"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Success);
        QCOMPARE(event->resource, QStringLiteral("/vaults/web/certificates/web01"));
        QCOMPARE(event->details.value(QStringLiteral("serial")).toString(), info->serialHex);
    }

    void caKeySignsOnlyThroughIssuance()
    {
        QVERIFY(test::await(certs().createCa(rootRequest(QStringLiteral("pki"), QStringLiteral("root")))));
        KeyTarget target{QStringLiteral("pki"), QStringLiteral("root"), {}};
        auto signature = test::await(
            m_ready->services->keyCrypto().sign(target, QStringLiteral("ES256"), QByteArray(32, 'x'), true));
        QVERIFY(!signature);
        QVERIFY2(signature.error().message.contains(QStringLiteral("certificate authority")) ||
                     signature.error().message.contains(QStringLiteral("CA")),
                 qPrintable(signature.error().message));
    }

    void refusalsLeaveNothingAndAreAudited_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bad ip") << "san"
                                << "ip:300.1.1.1"
                                << "ip";
        QTest::newRow("wildcard inside") << "san"
                                         << "dns:www.*.example.test"
                                         << "wildcard";
        QTest::newRow("empty san") << "san"
                                   << "dns:"
                                   << "dns";
        QTest::newRow("no host name for tls-server") << "san"
                                                     << "email:ops@example.test"
                                                     << "dns: or ip: SAN";
        QTest::newRow("validity beyond the CA") << "months"
                                                << "200"
                                                << "CA";
        QTest::newRow("unknown profile") << "profile"
                                         << "tls-everything"
                                         << "tls-server";
        QTest::newRow("unknown CA") << "issuer"
                                    << "pki/nope"
                                    << "not found";
        QTest::newRow("bad issuer form") << "issuer"
                                         << "nope"
                                         << "VAULT/CA";
    }
    void refusalsLeaveNothingAndAreAudited()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        QVERIFY(test::await(certs().createCa(rootRequest(QStringLiteral("pki"), QStringLiteral("root")))));
        const int certificatesBefore = count(QStringLiteral("certificates"));
        const int keysBefore = count(QStringLiteral("keys"));
        CertificateIssueRequest r =
            leafRequest(QStringLiteral("web"), QStringLiteral("bad"), QStringLiteral("pki/root"));
        if (field == QLatin1String("san"))
            r.subjectAltNames = {value};
        else if (field == QLatin1String("months"))
            r.months = value.toInt();
        else if (field == QLatin1String("profile"))
            r.profile = value;
        else
            r.issuer = value;
        auto issued = test::await(certs().issue(r));
        QVERIFY(!issued);
        QVERIFY2(issued.error().message.contains(expected, Qt::CaseInsensitive), qPrintable(issued.error().message));
        QCOMPARE(count(QStringLiteral("certificates")), certificatesBefore);
        QCOMPARE(count(QStringLiteral("keys")), keysBefore);
        QCOMPARE(count(QStringLiteral("intents")), 0);
        auto event = lastEvent(QStringLiteral("CertificateIssue"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Failed);
    }

    void certificateKeyFollowsItsCertificate()
    {
        QVERIFY(test::await(certs().createCa(rootRequest(QStringLiteral("pki"), QStringLiteral("root")))));
        QVERIFY(test::await(certs().issue(leafRequest(QStringLiteral("web"), QStringLiteral("site"), "pki/root"))));
        auto deleted = test::await(m_ready->services->keys().remove(QStringLiteral("web"), QStringLiteral("site")));
        QVERIFY(!deleted);
        QCOMPARE(deleted.error().kind, ErrorKind::Conflict);
        QVERIFY2(deleted.error().message.contains(QStringLiteral("certificate")), qPrintable(deleted.error().message));
        auto rotated = test::await(m_ready->services->keys().rotate(QStringLiteral("web"), QStringLiteral("site")));
        QVERIFY(!rotated);
        QCOMPARE(rotated.error().kind, ErrorKind::Conflict);
        auto caDeleted = test::await(m_ready->services->keys().remove(QStringLiteral("pki"), QStringLiteral("root")));
        QVERIFY(!caDeleted);
        auto key = KeyStore(db()).find(QStringLiteral("web"), QStringLiteral("site"));
        QVERIFY(key && key.value() && !key.value()->isDeleted());
        auto event = lastEvent(QStringLiteral("KeyDelete"));
        QVERIFY(event && event->result == AuditResult::Failed);
    }

    void nameTakenByAKeyIsRefused()
    {
        QVERIFY(test::await(certs().createCa(rootRequest(QStringLiteral("pki"), QStringLiteral("root")))));
        KeyCreateRequest key;
        key.vault = QStringLiteral("web");
        key.name = QStringLiteral("taken");
        key.kty = KeyKind::Ec;
        QVERIFY(test::await(m_ready->services->keys().create(key)));
        auto issued =
            test::await(certs().issue(leafRequest(QStringLiteral("web"), QStringLiteral("taken"), "pki/root")));
        QVERIFY(!issued);
        QCOMPARE(issued.error().kind, ErrorKind::Conflict);
        QVERIFY(issued.error().message.contains(QStringLiteral("a key named 'taken'")));
    }

    void permissionsAreCheckedAtTheCertificateAndTheCa()
    {
        QVERIFY(test::await(certs().createCa(rootRequest(QStringLiteral("pki"), QStringLiteral("root")))));
        auto& services = *m_ready->services;
        QVERIFY(test::addOperatorWithRoles(services, QStringLiteral("reader"), {QStringLiteral("Certificate User")}));
        QVERIFY(test::addOperatorWithRoles(services, QStringLiteral("weboff"), {QStringLiteral("Certificates Officer")},
                                           QStringLiteral("/vaults/web")));

        QVERIFY(test::switchOperator(services, QStringLiteral("reader")));
        auto denied = test::await(certs().issue(leafRequest(QStringLiteral("web"), QStringLiteral("a"), "pki/root")));
        QVERIFY(!denied);
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
        QVERIFY(denied.error().message.contains(QStringLiteral("certificates/write")));
        auto event = lastEvent(QStringLiteral("CertificateIssue"));
        QVERIFY(event && event->result == AuditResult::Denied);
        QVERIFY(certs().list(QStringLiteral("pki"), true)); // reading is allowed

        // An officer of the web vault only may not use the CA in the pki vault.
        QVERIFY(test::switchOperator(services, QStringLiteral("weboff")));
        auto notAtCa = test::await(certs().issue(leafRequest(QStringLiteral("web"), QStringLiteral("b"), "pki/root")));
        QVERIFY(!notAtCa);
        QCOMPARE(notAtCa.error().kind, ErrorKind::Denied);
        QVERIFY2(notAtCa.error().message.contains(QStringLiteral("/vaults/pki/certificates/root")),
                 qPrintable(notAtCa.error().message));
        event = lastEvent(QStringLiteral("CertificateIssue"));
        QVERIFY(event && event->result == AuditResult::Denied);
        QCOMPARE(count(QStringLiteral("certificates")), 1);
        // ... but may issue self-signed certificates in its own vault.
        CertificateIssueRequest self = leafRequest(QStringLiteral("web"), QStringLiteral("c"), QStringLiteral("Self"));
        auto selfSigned = test::await(certs().issue(self));
        QVERIFY2(selfSigned, errorText(selfSigned));
        QVERIFY(signedBy(selfSigned->currentVersion.der, selfSigned->currentVersion.der));
    }

    void revocationAppearsInTheNextCrl()
    {
        QVERIFY(test::await(certs().createCa(rootRequest(QStringLiteral("pki"), QStringLiteral("root")))));
        auto a = test::await(certs().issue(leafRequest(QStringLiteral("web"), QStringLiteral("a"), "pki/root")));
        auto b = test::await(certs().issue(leafRequest(QStringLiteral("web"), QStringLiteral("b"), "pki/root")));
        QVERIFY(a && b);
        auto first = test::await(certs().issueCrl(QStringLiteral("pki"), QStringLiteral("root")));
        QVERIFY2(first, errorText(first));
        auto firstInfo = crypto::x509::inspectRevocationList(first.value());
        QVERIFY2(firstInfo, errorText(firstInfo));
        QCOMPARE(firstInfo->crlNumber, 1);
        QVERIFY(firstInfo->revoked.isEmpty());

        auto revoked =
            test::await(certs().revoke(QStringLiteral("pki"), QStringLiteral("root"),
                                       a->currentVersion.serialHex.toLower(), QStringLiteral("keyCompromise")));
        QVERIFY2(revoked, errorText(revoked));
        auto again = test::await(certs().revoke(QStringLiteral("pki"), QStringLiteral("root"),
                                                a->currentVersion.serialHex, QStringLiteral("keyCompromise")));
        QVERIFY(!again);
        QCOMPARE(again.error().kind, ErrorKind::Conflict);
        auto unknown =
            test::await(certs().revoke(QStringLiteral("pki"), QStringLiteral("root"), QStringLiteral("ABCDEF"), {}));
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().kind, ErrorKind::NotFound);
        auto badReason = test::await(certs().revoke(QStringLiteral("pki"), QStringLiteral("root"),
                                                    b->currentVersion.serialHex, QStringLiteral("because")));
        QVERIFY(!badReason);
        QCOMPARE(badReason.error().kind, ErrorKind::Invalid);

        auto second = test::await(certs().issueCrl(QStringLiteral("pki"), QStringLiteral("root")));
        QVERIFY2(second, errorText(second));
        auto secondInfo = crypto::x509::inspectRevocationList(second.value());
        QVERIFY(secondInfo);
        QCOMPARE(secondInfo->crlNumber, 2);
        QCOMPARE(secondInfo->revoked.size(), 1);
        QCOMPARE(secondInfo->revoked.first().serial.toHex().toUpper(), a->currentVersion.serialHex.toLatin1());
        QCOMPARE(secondInfo->revoked.first().reason, crypto::x509::RevocationReason::KeyCompromise);
        auto ca = certs().show(QStringLiteral("pki"), QStringLiteral("root"));
        QVERIFY(ca);
        QCOMPARE(ca->ca.crlNumber, 2);
        QVERIFY(ca->ca.crlNextUpdate > QDateTime::currentDateTimeUtc().addDays(6));
        auto event = lastEvent(QStringLiteral("CertificateRevoke"));
        QVERIFY(event && event->result == AuditResult::Failed); // the bad reason was the last attempt
    }
};

CUSTOS_REGISTER_TEST(TestCertificateService)
#include "TestCertificateService.moc"
