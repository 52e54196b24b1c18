// SecurityDomainService::createTokenCustodian and ::openTokenCustodian (issue 7): a custodian's key
// pair on a card, a second SoftHSM2 token in the workspace's own token directory (made through the
// module the workspace loaded, in its free slot: SoftHSM2 reads its configuration once per process).
#include "CardTestToken.h"
#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "crypto/sd/CompactJwe.h"
#include "crypto/sd/CustodianKey.h"
#include "crypto/sd/TokenCustodian.h"
#include "crypto/x509/CertificateInfo.h"
#include "model/audit/AuditLog.h"
#include "model/services/SecurityDomainService.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

using namespace custos;
using namespace custos::model;

namespace {
const QString kCard = QStringLiteral("custodian-card");
const QString kCardPin = QStringLiteral("card-pin-4711");
const QString kOperation = QStringLiteral("SecurityDomainCustodianCreate");

std::shared_ptr<crypto::SecureBuffer> pin(const QString& text = kCardPin)
{
    return std::make_shared<crypto::SecureBuffer>(test::secret(text));
}
} // namespace

class TestSecurityDomainCustodians : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;

    Services& services() { return *m_ready->services; }
    SecurityDomainService& sd() { return services().securityDomain(); }

    QList<AuditEvent> events(AuditResult result)
    {
        AuditFilter filter;
        filter.operation = kOperation;
        filter.result = result;
        auto list = AuditLog(m_ready->workspace->database()).list(filter);
        return list ? list.value() : QList<AuditEvent>();
    }

    Outcome<QByteArray> create(const QString& tokenLabel, const QString& objectLabel, const QString& holder,
                               const QString& pinText = kCardPin)
    {
        return test::await(sd().createTokenCustodian(tokenLabel, pin(pinText), objectLabel, holder, 2048,
                                                     OperationContext(QStringLiteral("CHG-7"))));
    }

private Q_SLOTS:
    void init()
    {
        cleanup(); // QtTest skips cleanup() after a failed init(): no module may stay loaded
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
        const QString made = test::initCardToken(*m_ready->workspace, kCard, kCardPin);
        QVERIFY2(made.isEmpty(), qPrintable(made));
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void createsAuditedCustodianThatDecryptsShares()
    {
        auto created = create(kCard, QStringLiteral("alice"), QStringLiteral("Alice"));
        QVERIFY2(created.ok(), errorText(created));
        auto info = crypto::x509::inspectCertificate(created.value());
        QVERIFY2(info.ok(), errorText(info));
        QCOMPARE(info->subject, QStringLiteral("CN=Alice"));
        QCOMPARE(info->keyDescription, QStringLiteral("RSA 2048"));

        const QList<AuditEvent> succeeded = events(AuditResult::Success);
        QCOMPARE(succeeded.size(), 1);
        const AuditEvent& event = succeeded.front();
        QCOMPARE(event.details.value("tokenLabel").toString(), kCard);
        QCOMPARE(event.details.value("holder").toString(), QStringLiteral("Alice"));
        QCOMPARE(event.details.value("x5t_256").toString(), crypto::sd::certificateThumbprint(created.value()));
        QCOMPARE(event.justification, QStringLiteral("CHG-7"));
        QVERIFY(!QJsonDocument(event.details).toJson().contains(kCardPin.toUtf8()));

        // The workspace's own token is still logged in: the card's login and logout did not touch it.
        QVERIFY(m_ready->workspace->token()->isLoggedIn());

        // A share for that certificate opens through the card.
        const QByteArray share = QByteArrayLiteral("0123456789abcdef0123456789abcdef");
        auto jwe = crypto::sd::encryptRsaOaep256Jwe(created.value(),
                                                    crypto::SecureBuffer(share.constData(), std::size_t(share.size())));
        QVERIFY2(jwe.ok(), errorText(jwe));
        auto parsed = crypto::sd::CompactJwe::parse(jwe.value());
        QVERIFY2(parsed.ok(), errorText(parsed));
        auto key =
            test::await(sd().openTokenCustodian(QStringLiteral("pkcs11:token=custodian-card;object=alice"), pin()));
        QVERIFY2(key.ok(), errorText(key));
        QCOMPARE(key.value()->certificateDer(), created.value());
        // Decrypting is PKCS#11 work: off the (guarded) test thread, as the services do it.
        auto opened = std::make_shared<Outcome<crypto::SecureBuffer>>();
        std::shared_ptr<crypto::sd::CustodianKey> custodian = key.value();
        const crypto::sd::CompactJwe message = parsed.value();
        auto running = QtConcurrent::run(m_ready->workspace->tokenPool(), [custodian, message, opened]() {
            *opened = crypto::sd::decryptRsaJwe(*custodian, message);
            custodian->wipe();
        });
        running.waitForFinished();
        QVERIFY2(opened->ok(), errorText(*opened));
        QCOMPARE(QByteArray(opened->value().chars(), qsizetype(opened->value().size())), share);
        QVERIFY(m_ready->workspace->token()->isLoggedIn());
    }

    void refusalsAreAudited()
    {
        // The workspace's own token is no custodian's card.
        auto own = create(m_ready->workspace->tokenLabel(), QStringLiteral("x"), QStringLiteral("X"));
        QVERIFY(!own.ok());
        QCOMPARE(own.error().kind, ErrorKind::Invalid);
        QVERIFY2(own.error().message.contains("the workspace's own token"), errorText(own));
        auto wrongPin = create(kCard, QStringLiteral("x"), QStringLiteral("X"), QStringLiteral("0000"));
        QVERIFY(!wrongPin.ok());
        QCOMPARE(wrongPin.error().kind, ErrorKind::Denied);
        auto noCard = create(QStringLiteral("no-card"), QStringLiteral("x"), QStringLiteral("X"));
        QVERIFY(!noCard.ok());
        QCOMPARE(noCard.error().kind, ErrorKind::NotFound);
        auto badSize =
            test::await(sd().createTokenCustodian(kCard, pin(), QStringLiteral("x"), QStringLiteral("X"), 1024));
        QVERIFY(!badSize.ok());
        QVERIFY2(badSize.error().message.contains("expected 2048, 3072 or 4096 bits"), errorText(badSize));
        QCOMPARE(events(AuditResult::Success).size(), 0);
        QCOMPARE(events(AuditResult::Failed).size() + events(AuditResult::Denied).size(), 4);

        // Opening: the workspace's token, a missing object, a bad URI.
        auto openOwn = test::await(sd().openTokenCustodian(
            QStringLiteral("pkcs11:token=%1;object=x").arg(m_ready->workspace->tokenLabel()), pin()));
        QVERIFY(!openOwn.ok());
        QCOMPARE(openOwn.error().kind, ErrorKind::Invalid);
        auto missing =
            test::await(sd().openTokenCustodian(QStringLiteral("pkcs11:token=custodian-card;object=x"), pin()));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, ErrorKind::NotFound);
        auto badUri = test::await(sd().openTokenCustodian(QStringLiteral("pkcs11:object=x"), pin()));
        QVERIFY(!badUri.ok());
        QCOMPARE(badUri.error().kind, ErrorKind::Invalid);
    }

    void needsTheDownloadPermission()
    {
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("carl"), {QStringLiteral("Crypto User")}));
        QVERIFY(test::switchOperator(services(), QStringLiteral("carl")));
        auto denied = create(kCard, QStringLiteral("carl"), QStringLiteral("Carl"));
        QVERIFY(!denied.ok());
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
        QVERIFY2(denied.error().message.contains("securitydomain/download/action"), errorText(denied));
        QCOMPARE(events(AuditResult::Denied).size(), 1);
        // Nothing reached the card.
        auto missing =
            test::await(sd().openTokenCustodian(QStringLiteral("pkcs11:token=custodian-card;object=carl"), pin()));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, ErrorKind::NotFound);
    }
};

CUSTOS_REGISTER_TEST(TestSecurityDomainCustodians)
#include "TestSecurityDomainCustodians.moc"
