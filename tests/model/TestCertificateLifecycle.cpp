#include "OutcomeText.h"
#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "crypto/x509/CertificateInfo.h"
#include "model/audit/AuditLog.h"
#include "model/services/ServicePath.h"
#include "model/store/Stores.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace custos;
using namespace custos::model;

// Renewal (new key or reused key), due lifetime actions with a moved clock, CRLs coming due, and
// delete/recover/purge of a certificate with its key.
class TestCertificateLifecycle : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;
    QDateTime m_now;
    CertificateService& certs() { return m_ready->services->certificates(); }
    Database& db() { return m_ready->workspace->database(); }

    int count(const QString& table)
    {
        QSqlQuery q(db().connection());
        if (!q.exec(QStringLiteral("SELECT count(*) FROM ") + table) || !q.next())
            return -1;
        return q.value(0).toInt();
    }

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

    CertificateIssueRequest leaf(const QString& name, bool reuseKey = false)
    {
        CertificateIssueRequest r;
        r.vault = QStringLiteral("web");
        r.name = name;
        r.issuer = QStringLiteral("pki/root");
        r.subject = QStringLiteral("CN=%1.example.test").arg(name);
        r.subjectAltNames = {QStringLiteral("dns:%1.example.test").arg(name)};
        r.months = 12;
        r.reuseKey = reuseKey;
        return r;
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
        m_now = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC);
        m_ready->services->path().setClock([this] { return m_now; });
        QVERIFY(test::await(m_ready->services->vaults().create(VaultCreateRequest(QStringLiteral("pki")))));
        VaultCreateRequest web(QStringLiteral("web"));
        web.protection = Protection::Software;
        QVERIFY(test::await(m_ready->services->vaults().create(web)));
        CaCreateRequest root;
        root.vault = QStringLiteral("pki");
        root.name = QStringLiteral("root");
        root.subject = QStringLiteral("CN=Lifecycle Root");
        root.crlDays = 7;
        QVERIFY(test::await(certs().createCa(root)));
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void renewMakesANewVersionWithANewKey()
    {
        auto issued = test::await(certs().issue(leaf(QStringLiteral("a"))));
        QVERIFY2(issued, errorText(issued));
        auto preview = certs().previewRenewal(QStringLiteral("web"), QStringLiteral("a"));
        QVERIFY2(preview, errorText(preview));
        QVERIFY(preview->newKey);
        QCOMPARE(preview->newSubjectAltNames, QStringList{QStringLiteral("dns:a.example.test")});
        QCOMPARE(preview->oldNotAfter, issued->currentVersion.notAfter);

        m_now = m_now.addDays(100);
        auto renewed = test::await(certs().renew(QStringLiteral("web"), QStringLiteral("a")));
        QVERIFY2(renewed, errorText(renewed));
        QCOMPARE(renewed->currentVersion.seq, 2);
        QVERIFY(renewed->currentVersion.serialHex != issued->currentVersion.serialHex);
        QVERIFY(renewed->currentVersion.keyVersionId != issued->currentVersion.keyVersionId);
        QVERIFY(renewed->currentVersion.notAfter > issued->currentVersion.notAfter);
        auto versions = certs().versions(QStringLiteral("web"), QStringLiteral("a"));
        QVERIFY(versions);
        QCOMPARE(versions->size(), 2);
        auto key = KeyStore(db()).find(QStringLiteral("web"), QStringLiteral("a"));
        QVERIFY(key && key.value());
        QCOMPARE(key.value()->currentVersion.id, renewed->currentVersion.keyVersionId);
        auto info = crypto::x509::inspectCertificate(renewed->currentVersion.der);
        QVERIFY(info);
        QCOMPARE(info->subjectPublicKeyDer, key.value()->currentVersion.publicKeyDer);
        QCOMPARE(events(QStringLiteral("CertificateRenew"), AuditResult::Success), 1);
    }

    void renewReusesTheKeyWhenThePolicySaysSo()
    {
        auto issued = test::await(certs().issue(leaf(QStringLiteral("b"), true)));
        QVERIFY2(issued, errorText(issued));
        auto renewed = test::await(certs().renew(QStringLiteral("web"), QStringLiteral("b")));
        QVERIFY2(renewed, errorText(renewed));
        QCOMPARE(renewed->currentVersion.keyVersionId, issued->currentVersion.keyVersionId);
        auto oldInfo = crypto::x509::inspectCertificate(issued->currentVersion.der);
        auto newInfo = crypto::x509::inspectCertificate(renewed->currentVersion.der);
        QVERIFY(oldInfo && newInfo);
        QCOMPARE(newInfo->subjectPublicKeyDer, oldInfo->subjectPublicKeyDer);
        QVERIFY(newInfo->serialHex != oldInfo->serialHex);
    }

    void renewIsRefusedForCasAndRevokedIssuers()
    {
        auto refused = test::await(certs().renew(QStringLiteral("pki"), QStringLiteral("root")));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Invalid);
        QVERIFY(test::await(certs().issue(leaf(QStringLiteral("c")))));
        // The CA expired: renewal from it is refused and nothing changes.
        m_now = m_now.addYears(11);
        auto late = test::await(certs().renew(QStringLiteral("web"), QStringLiteral("c")));
        QVERIFY(!late);
        QVERIFY2(late.error().message.contains(QStringLiteral("expired")), qPrintable(late.error().message));
        QCOMPARE(certs().versions(QStringLiteral("web"), QStringLiteral("c"))->size(), 1);
        QCOMPARE(count(QStringLiteral("intents")), 0);
        QCOMPARE(events(QStringLiteral("CertificateRenew"), AuditResult::Failed), 2);
    }

    void dueActionsFollowTheClock()
    {
        CertificateIssueRequest r = leaf(QStringLiteral("d"));
        r.actions = {{CertificateLifetimeAction::Kind::AutoRenew, 80, 0},
                     {CertificateLifetimeAction::Kind::EmailContacts, 0, 30}};
        r.contacts = {QStringLiteral("ops@example.test")};
        QVERIFY(test::await(certs().issue(r)));
        auto nothing = certs().due();
        QVERIFY(nothing);
        QVERIFY(nothing->isEmpty());

        // A year's certificate: the renewal (80%) comes due around day 292, the notification 30
        // days before expiry around day 335.
        const QDateTime start = m_now;
        m_now = start.addDays(200);
        QVERIFY(certs().due()->isEmpty());
        m_now = start.addDays(300);
        auto renewal = certs().due();
        QVERIFY(renewal);
        QCOMPARE(renewal->size(), 1);
        QCOMPARE(renewal->first().kind, CertificateDueItem::Kind::AutoRenew);
        m_now = start.addDays(340);
        auto both = certs().due();
        QVERIFY(both);
        QCOMPARE(both->size(), 2);

        auto results = test::await(certs().applyDue());
        QCOMPARE(results.size(), 2);
        for (const auto& result : results)
            QVERIFY2(result.done, qPrintable(result.message));
        QCOMPARE(events(QStringLiteral("CertificateNearExpiry"), AuditResult::Success), 1);
        QCOMPARE(certs().versions(QStringLiteral("web"), QStringLiteral("d"))->size(), 2);
        // The renewed version is new: nothing is due any more, and the notification is not repeated.
        auto after = certs().due();
        QVERIFY(after);
        QVERIFY2(after->isEmpty(), qPrintable(after->isEmpty() ? QString() : after->first().description));
    }

    void crlComesDueBeforeItsNextUpdate()
    {
        QVERIFY(test::await(certs().issueCrl(QStringLiteral("pki"), QStringLiteral("root"))));
        QVERIFY(certs().due()->isEmpty());
        m_now = m_now.addDays(6).addSecs(60);
        auto due = certs().due();
        QVERIFY(due);
        QCOMPARE(due->size(), 1);
        QCOMPARE(due->first().kind, CertificateDueItem::Kind::CrlNextUpdate);
        auto results = test::await(certs().applyDue());
        QCOMPARE(results.size(), 1);
        QVERIFY(results.first().done);
        auto ca = certs().show(QStringLiteral("pki"), QStringLiteral("root"));
        QCOMPARE(ca->ca.crlNumber, 2);
        QVERIFY(certs().due()->isEmpty());
    }

    void deleteRecoverPurgeTakeTheKeyAlong()
    {
        QVERIFY(test::await(certs().issue(leaf(QStringLiteral("e")))));
        const int keysBefore = count(QStringLiteral("keys"));
        auto deleted = test::await(certs().remove(QStringLiteral("web"), QStringLiteral("e")));
        QVERIFY2(deleted, errorText(deleted));
        QVERIFY(certs().list(QStringLiteral("web"))->isEmpty());
        QCOMPARE(certs().listDeleted(QStringLiteral("web"))->size(), 1);
        auto key = KeyStore(db()).find(QStringLiteral("web"), QStringLiteral("e"));
        QVERIFY(key && key.value() && key.value()->isDeleted());
        // The key follows the certificate: key recover/purge are refused.
        auto keyRecover = test::await(m_ready->services->keys().recover(QStringLiteral("web"), QStringLiteral("e")));
        QVERIFY(!keyRecover);
        QCOMPARE(keyRecover.error().kind, ErrorKind::Conflict);

        auto recovered = test::await(certs().recover(QStringLiteral("web"), QStringLiteral("e")));
        QVERIFY2(recovered, errorText(recovered));
        key = KeyStore(db()).find(QStringLiteral("web"), QStringLiteral("e"));
        QVERIFY(key && key.value() && !key.value()->isDeleted());

        auto notDeleted = test::await(certs().purge(QStringLiteral("web"), QStringLiteral("e")));
        QVERIFY(!notDeleted);
        QCOMPARE(notDeleted.error().kind, ErrorKind::Conflict);
        QVERIFY(test::await(certs().remove(QStringLiteral("web"), QStringLiteral("e"))));
        auto purged = test::await(certs().purge(QStringLiteral("web"), QStringLiteral("e")));
        QVERIFY2(purged, errorText(purged));
        QCOMPARE(count(QStringLiteral("keys")), keysBefore - 1);
        QCOMPARE(count(QStringLiteral("certificates")), 1); // the root
        QCOMPARE(count(QStringLiteral("intents")), 0);
    }

    void purgingACaThatIssuedCertificatesIsRefused()
    {
        QVERIFY(test::await(certs().issue(leaf(QStringLiteral("f")))));
        QVERIFY(test::await(certs().remove(QStringLiteral("pki"), QStringLiteral("root"))));
        auto refused = test::await(certs().purge(QStringLiteral("pki"), QStringLiteral("root")));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("issued 1")), qPrintable(refused.error().message));
        QCOMPARE(count(QStringLiteral("certificates")), 2);
        QCOMPARE(events(QStringLiteral("CertificatePurge"), AuditResult::Failed), 1);
    }
};

CUSTOS_REGISTER_TEST(TestCertificateLifecycle)
#include "TestCertificateLifecycle.moc"
