#include "../crypto/X509TestSupport.h"
#include "OutcomeText.h"
#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "crypto/x509/CertificateInfo.h"
#include "crypto/x509/CertificateRequest.h"
#include "crypto/x509/RevocationList.h"
#include "model/audit/AuditLog.h"
#include "model/services/ServicePath.h"
#include "model/store/IssuedCertificateStore.h"
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

// Certificates a Custos CA signs for CSRs from outside (`ca sign-csr`) are kept: `ca issued` lists
// them, `ca revoke` finds their serials (signed by any version of the CA) and CRLs list them.
class TestCertificateSignedRevocation : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;
    CertificateRecord m_ca;
    CertificateService& certs() { return m_ready->services->certificates(); }
    Database& db() { return m_ready->workspace->database(); }
    const QString kPki = QStringLiteral("pki");
    const QString kRoot = QStringLiteral("root");

    QList<AuditEvent> eventsOf(const QString& operation)
    {
        AuditFilter filter;
        filter.operation = operation;
        auto list = AuditLog(db()).list(filter);
        return list ? list.value() : QList<AuditEvent>();
    }

    // A CSR (DER) for `host` made outside Custos with a software key; empty on failure.
    static QByteArray outsideCsr(const QString& host)
    {
        auto key = SoftwareKey::generateEc(QStringLiteral("P-256"));
        if (!key)
            return {};
        x509::CsrSpec spec;
        spec.subjectDer = subjectDer(QStringLiteral("CN=%1").arg(host));
        spec.subjectPublicKeyDer = key->publicKeyDer().value();
        spec.subjectAltNames = {{x509::SanKind::Dns, host}};
        auto csr = x509::createCertificateRequest(spec, softwareSigner(key.value(), JoseAlgorithm::Es256));
        return csr ? csr.value() : QByteArray();
    }

    // Signs a fresh outside CSR for `host` with pki/root; returns the certificate's serial.
    QString signOutside(const QString& host)
    {
        const QByteArray csr = outsideCsr(host);
        if (csr.isEmpty())
            return {};
        auto signedDer = test::await(certs().signRequest(kPki, kRoot, csr, QStringLiteral("tls-client"), 12));
        if (!signedDer) {
            qWarning("%s", qPrintable(errorText(signedDer)));
            return {};
        }
        auto info = x509::inspectCertificate(signedDer.value());
        return info ? info->serialHex : QString();
    }

    std::optional<x509::CrlInfo> issueCrl()
    {
        auto crl = test::await(certs().issueCrl(kPki, kRoot));
        if (!crl) {
            qWarning("%s", qPrintable(errorText(crl)));
            return std::nullopt;
        }
        if (auto verified = x509::verifyRevocationList(crl.value(), m_ca.currentVersion.der);
            !verified || !verified.value()) {
            qWarning("the CRL's signature does not verify with the CA's certificate");
            return std::nullopt;
        }
        auto info = x509::inspectRevocationList(crl.value());
        return info ? std::optional<x509::CrlInfo>(info.value()) : std::nullopt;
    }

    static std::optional<x509::RevokedCertificate> entryFor(const x509::CrlInfo& crl, const QString& serialHex)
    {
        for (const x509::RevokedCertificate& entry : crl.revoked) {
            if (QString::fromLatin1(entry.serial.toHex().toUpper()) == serialHex)
                return entry;
        }
        return std::nullopt;
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
        QVERIFY(test::await(m_ready->services->vaults().create(VaultCreateRequest(kPki))));
        CaCreateRequest root;
        root.vault = kPki;
        root.name = kRoot;
        root.subject = QStringLiteral("CN=Custos Root");
        auto ca = test::await(certs().createCa(root));
        QVERIFY2(ca, errorText(ca));
        m_ca = ca.value();
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void signedCertificateIsStoredWithItsEvent()
    {
        const QString serial = signOutside(QStringLiteral("device.example.test"));
        QVERIFY(!serial.isEmpty());
        auto issued = certs().issuedFor(kPki, kRoot);
        QVERIFY2(issued, errorText(issued));
        QCOMPARE(issued->size(), 1);
        const ExternallySignedCertificate& row = issued->first();
        QCOMPARE(row.serialHex, serial);
        QCOMPARE(row.subject, QStringLiteral("CN=device.example.test"));
        QCOMPARE(row.issuerVersionId, m_ca.currentVersion.id);
        QCOMPARE(row.createdBy, QStringLiteral("admin"));
        QVERIFY(!row.isRevoked());
        auto info = x509::inspectCertificate(row.der);
        QVERIFY2(info, errorText(info));
        QCOMPARE(info->serialHex, serial);
        QCOMPARE(row.sha256, QString::fromLatin1(info->sha256Fingerprint.toHex()));
        QCOMPARE(row.notAfter, info->notAfter);
        const auto events = eventsOf(QStringLiteral("CertificateAuthoritySign"));
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().details.value(QStringLiteral("serial")).toString(), serial);

        // A CSR whose signature does not verify: refused, nothing stored.
        QByteArray tampered = outsideCsr(QStringLiteral("bad.example.test"));
        QVERIFY(!tampered.isEmpty());
        tampered[tampered.size() - 1] = char(tampered.at(tampered.size() - 1) ^ 0x01);
        auto refused = test::await(certs().signRequest(kPki, kRoot, tampered, QStringLiteral("tls-client"), 12));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("signature does not verify")),
                 qPrintable(refused.error().message));
        issued = certs().issuedFor(kPki, kRoot);
        QVERIFY(issued);
        QCOMPARE(issued->size(), 1);

        // Only CAs sign: the list of a plain certificate is refused by name.
        CertificateIssueRequest leaf;
        leaf.vault = kPki;
        leaf.name = QStringLiteral("leaf");
        leaf.issuer = QStringLiteral("pki/root");
        leaf.subject = QStringLiteral("CN=leaf.example.test");
        leaf.subjectAltNames = {QStringLiteral("dns:leaf.example.test")};
        QVERIFY(test::await(certs().issue(leaf)));
        auto notCa = certs().issuedFor(kPki, QStringLiteral("leaf"));
        QVERIFY(!notCa);
        QVERIFY2(notCa.error().message.contains(QStringLiteral("not a certificate authority")),
                 qPrintable(notCa.error().message));
    }

    void revokedSerialIsInTheNextCrlWithItsReason()
    {
        const QString serial = signOutside(QStringLiteral("device.example.test"));
        const QString kept = signOutside(QStringLiteral("other.example.test"));
        QVERIFY(!serial.isEmpty() && !kept.isEmpty());
        // Separators and lower case as people type them.
        QString typed;
        for (int i = 0; i < serial.size(); i += 2)
            typed += (i ? QStringLiteral(":") : QString()) + serial.mid(i, 2).toLower();
        auto revoked = test::await(certs().revoke(kPki, kRoot, typed, QStringLiteral("keyCompromise")));
        QVERIFY2(revoked, errorText(revoked));
        QCOMPARE(revoked->serialHex, serial);
        QVERIFY(revoked->id.isEmpty()); // no Custos certificate version
        QCOMPARE(revoked->revocationReason, QStringLiteral("keyCompromise"));
        QVERIFY(revoked->isRevoked());

        const auto events = eventsOf(QStringLiteral("CertificateRevoke"));
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().result, AuditResult::Success);
        QCOMPARE(events.first().resource, QStringLiteral("/vaults/pki/certificates/root"));
        QCOMPARE(events.first().details.value(QStringLiteral("revokedCertificate")).toString(),
                 QStringLiteral("/vaults/pki/certificates/root/issued/") + serial);
        QCOMPARE(events.first().details.value(QStringLiteral("revocationReason")).toString(),
                 QStringLiteral("keyCompromise"));

        auto issued = certs().issuedFor(kPki, kRoot);
        QVERIFY(issued);
        QCOMPARE(issued->size(), 2);
        for (const ExternallySignedCertificate& row : issued.value()) {
            QCOMPARE(row.isRevoked(), row.serialHex == serial);
            if (row.isRevoked())
                QCOMPARE(row.revocationReason, QStringLiteral("keyCompromise"));
        }

        // A Custos certificate revoked too: the CRL lists both kinds.
        CertificateIssueRequest leaf;
        leaf.vault = kPki;
        leaf.name = QStringLiteral("leaf");
        leaf.issuer = QStringLiteral("pki/root");
        leaf.subject = QStringLiteral("CN=leaf.example.test");
        leaf.subjectAltNames = {QStringLiteral("dns:leaf.example.test")};
        auto custosLeaf = test::await(certs().issue(leaf));
        QVERIFY2(custosLeaf, errorText(custosLeaf));
        QVERIFY(test::await(
            certs().revoke(kPki, kRoot, custosLeaf->currentVersion.serialHex, QStringLiteral("superseded"))));

        auto crl = issueCrl();
        QVERIFY(crl);
        QCOMPARE(crl->revoked.size(), 2);
        auto entry = entryFor(crl.value(), serial);
        QVERIFY2(entry, qPrintable(serial));
        QCOMPARE(entry->reason, x509::RevocationReason::KeyCompromise);
        QCOMPARE(entry->revokedAt.toSecsSinceEpoch(), revoked->revoked.toSecsSinceEpoch());
        auto custosEntry = entryFor(crl.value(), custosLeaf->currentVersion.serialHex);
        QVERIFY(custosEntry);
        QCOMPARE(custosEntry->reason, x509::RevocationReason::Superseded);
        QVERIFY(!entryFor(crl.value(), kept));
    }

    void unknownSerialAndDoubleRevocationAreRefused()
    {
        const QString serial = signOutside(QStringLiteral("device.example.test"));
        QVERIFY(!serial.isEmpty());
        auto unknown = test::await(certs().revoke(kPki, kRoot, QStringLiteral("DEADBEEF"), {}));
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().kind, ErrorKind::NotFound);
        QCOMPARE(unknown.error().message, QStringLiteral("CA pki/root issued no certificate with serial DEADBEEF"));

        QVERIFY(test::await(certs().revoke(kPki, kRoot, serial, QStringLiteral("keyCompromise"))));
        auto again = test::await(certs().revoke(kPki, kRoot, serial, QStringLiteral("superseded")));
        QVERIFY(!again);
        QCOMPARE(again.error().kind, ErrorKind::Conflict);
        QCOMPARE(again.error().message, QStringLiteral("serial %1 is already revoked (keyCompromise)").arg(serial));
        // The first reason stays.
        auto issued = certs().issuedFor(kPki, kRoot);
        QVERIFY(issued);
        QCOMPARE(issued->first().revocationReason, QStringLiteral("keyCompromise"));

        int failed = 0;
        for (const AuditEvent& event : eventsOf(QStringLiteral("CertificateRevoke")))
            failed += event.result == AuditResult::Failed ? 1 : 0;
        QCOMPARE(failed, 2);
    }

    void signedByAnEarlierCaVersionIsRevoked()
    {
        const QString serial = signOutside(QStringLiteral("device.example.test"));
        QVERIFY(!serial.isEmpty());
        // A newer version of the CA (same key and certificate here: what counts is the version link).
        CertificateVersion newer = m_ca.currentVersion;
        newer.id = QStringLiteral("f").repeated(32);
        newer.seq = m_ca.currentVersion.seq + 1;
        auto inserted = CertificateStore(db()).insertVersion(m_ca.id, newer);
        QVERIFY2(inserted, errorText(inserted));
        auto ca = certs().show(kPki, kRoot);
        QVERIFY(ca);
        QCOMPARE(ca->currentVersion.id, newer.id);

        auto issued = certs().issuedFor(kPki, kRoot);
        QVERIFY(issued);
        QCOMPARE(issued->size(), 1);
        QCOMPARE(issued->first().issuerVersionId, m_ca.currentVersion.id);
        QVERIFY2(test::await(certs().revoke(kPki, kRoot, serial, QStringLiteral("cessationOfOperation"))),
                 "revoking what an earlier version signed");
        auto crl = issueCrl();
        QVERIFY(crl);
        auto entry = entryFor(crl.value(), serial);
        QVERIFY(entry);
        QCOMPARE(entry->reason, x509::RevocationReason::CessationOfOperation);
    }

    void caPurgeTakesItsSignedCertificates()
    {
        QVERIFY(!signOutside(QStringLiteral("device.example.test")).isEmpty());
        QVERIFY(test::await(certs().remove(kPki, kRoot)));
        QVERIFY(test::await(certs().purge(kPki, kRoot)));
        auto rows = IssuedCertificateStore(db()).issuedBy(m_ca.id, false);
        QVERIFY2(rows, errorText(rows));
        QVERIFY(rows->isEmpty());
        QSqlQuery query(db().connection());
        QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM ca_issued_certificates")) && query.next());
        QCOMPARE(query.value(0).toInt(), 0);
    }
};

CUSTOS_REGISTER_TEST(TestCertificateSignedRevocation)
#include "TestCertificateSignedRevocation.moc"
