// The card second factor (issue 5, "Operators"): a second SoftHSM2 token in the workspace's own
// token directory stands in for the operator's card (SoftHSM2 reads its configuration once per
// process, so it is made through the module the workspace loaded, in its free slot).
#include "CardTestToken.h"
#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "crypto/Digest.h"
#include "crypto/keys/software/SoftwareKey.h"
#include "crypto/pkcs11/Token.h"
#include "model/audit/AuditLog.h"
#include "model/session/CardChallenge.h"
#include "model/session/Session.h"
#include "model/store/Stores.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace custos;
using namespace custos::model;

namespace {
const QString kCard = QStringLiteral("alice-card");
const QString kCertLabel = QStringLiteral("alice-cert");
const QString kCardPin = QStringLiteral("card-pin-4711");
const QByteArray kKeyId = QByteArrayLiteral("\x01\x02");
} // namespace

class TestOperatorCard : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;
    std::optional<crypto::SoftwareKey> m_cardKey; // the key on the card, EC P-256
    QByteArray m_certificate;                     // its self-signed certificate (DER)

    Services& services() { return *m_ready->services; }
    Database& db() { return m_ready->workspace->database(); }

    Outcome<std::unique_ptr<crypto::Token>> openCard(const QString& label)
    {
        return test::openCardToken(*m_ready->workspace, label, kCardPin);
    }

    Outcome<void> login(const QString& name, const QString& cardPin)
    {
        services().session().logout();
        return test::await(
            services().session().login(name, test::secret(test::kTestPassphrase), false,
                                       cardPin.isEmpty() ? crypto::SecureBuffer() : test::secret(cardPin)));
    }

    Outcome<Operator> enroll(const QString& name, const QString& certLabel, const QString& pin = kCardPin)
    {
        return test::await(services().operators().enrollCard(name, kCard, certLabel, test::secret(pin)));
    }

    QList<AuditEvent> events(const QString& operation, AuditResult result)
    {
        AuditFilter filter;
        filter.operation = operation;
        filter.result = result;
        auto list = AuditLog(db()).list(filter);
        return list ? list.value() : QList<AuditEvent>();
    }

    Operator stored(const QString& name)
    {
        auto found = OperatorStore(db()).find(name);
        return found && found.value() ? *found.value() : Operator();
    }

private Q_SLOTS:
    void init()
    {
        cleanup(); // QtTest skips cleanup() after a failed init(): no module may stay loaded
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("alice"), {QStringLiteral("Crypto User")}));
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("bob"), {QStringLiteral("Crypto User")}));

        auto key = crypto::SoftwareKey::generateEc(QStringLiteral("P-256"));
        QVERIFY(key);
        m_cardKey.emplace(key.take());
        auto certificate = test::selfSignedCardCertificate(*m_cardKey, QStringLiteral("CN=Alice Card, O=Example Ltd"));
        QVERIFY2(certificate, errorText(certificate).constData());
        m_certificate = certificate.value();

        const QString made = test::initCardToken(*m_ready->workspace, kCard, kCardPin);
        QVERIFY2(made.isEmpty(), qPrintable(made));
        auto card = openCard(kCard);
        QVERIFY2(card, errorText(card).constData());
        const QString written = test::storeOnCard(*card.value(), kKeyId, *m_cardKey, kCertLabel, m_certificate);
        QVERIFY2(written.isEmpty(), qPrintable(written));
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
        m_cardKey.reset();
    }

    void challengeIsFreshAndNamesOperatorAndTime()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QByteArray one = makeCardChallenge(QStringLiteral("alice"), now);
        const QByteArray two = makeCardChallenge(QStringLiteral("alice"), now);
        QVERIFY(one != two); // 32 random bytes each time
        QVERIFY(one.contains("alice"));
        QVERIFY(one.contains(now.toString(Qt::ISODateWithMs).toLatin1()));
        QVERIFY(one.size() >= 32 + 5);
    }

    void enrolledCardLetsTheOperatorIn()
    {
        auto enrolled = enroll(QStringLiteral("alice"), kCertLabel);
        QVERIFY2(enrolled, errorText(enrolled).constData());
        QCOMPARE(enrolled->cardTokenLabel, kCard);
        QCOMPARE(enrolled->cardCertLabel, kCertLabel);
        QCOMPARE(enrolled->cardCertificate, m_certificate);
        QVERIFY(stored(QStringLiteral("alice")).hasCard());
        QCOMPARE(stored(QStringLiteral("alice")).cardCertificate, m_certificate);

        const auto audited = events(QStringLiteral("OperatorCardEnroll"), AuditResult::Success);
        QCOMPARE(audited.size(), 1);
        const QJsonObject details = audited.first().details;
        QCOMPARE(details.value(QStringLiteral("certificateSha256")).toString(),
                 QString::fromLatin1(crypto::sha256(m_certificate).toHex()));
        QVERIFY(details.value(QStringLiteral("certificateSubject")).toString().contains(QStringLiteral("Alice Card")));
        QCOMPARE(details.value(QStringLiteral("tokenLabel")).toString(), kCard);
        QCOMPARE(audited.first().operatorName, QStringLiteral("admin"));
        const QByteArray json = QJsonDocument(details).toJson();
        QVERIFY(!json.contains(kCardPin.toUtf8())); // never the PIN

        auto in = login(QStringLiteral("alice"), kCardPin);
        QVERIFY2(in, errorText(in).constData());
        QCOMPARE(services().session().operatorName(), QStringLiteral("alice"));
        // The workspace token still works after the card was logged out again.
        QVERIFY(m_ready->workspace->token()->isLoggedIn());
    }

    void operatorsWithoutCardNeedNoPin()
    {
        QVERIFY(enroll(QStringLiteral("alice"), kCertLabel));
        auto in = login(QStringLiteral("bob"), {});
        QVERIFY2(in, errorText(in).constData());
    }

    void missingCardPinIsRefusedAndAudited()
    {
        QVERIFY(enroll(QStringLiteral("alice"), kCertLabel));
        auto in = login(QStringLiteral("alice"), {});
        QVERIFY(!in);
        QCOMPARE(in.error().kind, ErrorKind::Denied);
        QVERIFY2(in.error().message.contains(
                     QStringLiteral("operator 'alice' signs in with their card too: give the card PIN")),
                 qPrintable(in.error().message));
        QVERIFY(!services().session().isLoggedIn());
        QCOMPARE(events(QStringLiteral("LoginFailed"), AuditResult::Denied).size(), 1);
        QCOMPARE(stored(QStringLiteral("alice")).failedAttempts, 0); // not a guess at anything
    }

    void wrongCardPinIsRefusedCountedAndAudited()
    {
        QVERIFY(enroll(QStringLiteral("alice"), kCertLabel));
        auto in = login(QStringLiteral("alice"), QStringLiteral("not-the-pin"));
        QVERIFY(!in);
        QCOMPARE(in.error().kind, ErrorKind::Denied);
        QVERIFY2(in.error().message.contains(QStringLiteral("refused the PIN")), qPrintable(in.error().message));
        QVERIFY(!services().session().isLoggedIn());
        QCOMPARE(stored(QStringLiteral("alice")).failedAttempts, 1);
        const auto failed = events(QStringLiteral("LoginFailed"), AuditResult::Denied);
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed.first().reason.contains(QStringLiteral("card")));
        QVERIFY(!failed.first().reason.contains(QStringLiteral("not-the-pin")));
        // The right PIN still works afterwards (and resets the count).
        auto again = login(QStringLiteral("alice"), kCardPin);
        QVERIFY2(again, errorText(again).constData());
        QCOMPARE(stored(QStringLiteral("alice")).failedAttempts, 0);
    }

    void wrongPassphraseNeverReachesTheCard()
    {
        QVERIFY(enroll(QStringLiteral("alice"), kCertLabel));
        services().session().logout();
        auto in = test::await(services().session().login(QStringLiteral("alice"), test::secret(QStringLiteral("wrong")),
                                                         false, test::secret(kCardPin)));
        QVERIFY(!in);
        QVERIFY(in.error().message.contains(QStringLiteral("wrong operator name or passphrase")));
    }

    void cardKeyNotMatchingTheEnrolledCertificateIsRefused()
    {
        QVERIFY(enroll(QStringLiteral("alice"), kCertLabel));
        // Somebody swaps the card's key (same id, same certificate object): the certificate on the
        // card no longer proves anything, the enrolled one does not verify the new key's signature.
        {
            auto card = openCard(kCard);
            QVERIFY2(card, errorText(card).constData());
            QVERIFY(card.value()->destroyObjects(kKeyId));
            auto other = crypto::SoftwareKey::generateEc(QStringLiteral("P-256"));
            QVERIFY(other);
            const QString written = test::storeOnCard(*card.value(), kKeyId, other.value(), kCertLabel, m_certificate);
            QVERIFY2(written.isEmpty(), qPrintable(written));
        }
        auto in = login(QStringLiteral("alice"), kCardPin);
        QVERIFY(!in);
        QCOMPARE(in.error().kind, ErrorKind::Denied);
        QVERIFY2(in.error().message.contains(QStringLiteral("does not verify")), qPrintable(in.error().message));
        QVERIFY(!services().session().isLoggedIn());
        QCOMPARE(stored(QStringLiteral("alice")).failedAttempts, 1);
        QCOMPARE(events(QStringLiteral("LoginFailed"), AuditResult::Denied).size(), 1);
    }

    void enrollWithWrongCertificateLabelIsRefused()
    {
        auto enrolled = enroll(QStringLiteral("alice"), QStringLiteral("no-such-cert"));
        QVERIFY(!enrolled);
        QCOMPARE(enrolled.error().kind, ErrorKind::NotFound);
        QVERIFY2(enrolled.error().message.contains(
                     QStringLiteral("no certificate labelled \"no-such-cert\" on the card \"alice-card\"")),
                 qPrintable(enrolled.error().message));
        QVERIFY(!stored(QStringLiteral("alice")).hasCard());
        QCOMPARE(events(QStringLiteral("OperatorCardEnroll"), AuditResult::Failed).size(), 1);
        // Still a passphrase-only operator.
        QVERIFY(login(QStringLiteral("alice"), {}));
    }

    void enrollWithWrongTokenLabelOrPinIsRefused()
    {
        auto noCard = test::await(services().operators().enrollCard(
            QStringLiteral("alice"), QStringLiteral("no-such-card"), kCertLabel, test::secret(kCardPin)));
        QVERIFY(!noCard);
        QVERIFY2(noCard.error().message.contains(QStringLiteral("no token labelled \"no-such-card\"")),
                 qPrintable(noCard.error().message));

        auto wrongPin = enroll(QStringLiteral("alice"), kCertLabel, QStringLiteral("bad-pin"));
        QVERIFY(!wrongPin);
        QCOMPARE(wrongPin.error().kind, ErrorKind::Denied);
        QVERIFY(wrongPin.error().message.contains(QStringLiteral("refused the PIN")));
        QCOMPARE(events(QStringLiteral("OperatorCardEnroll"), AuditResult::Denied).size(), 1);
        QVERIFY(!stored(QStringLiteral("alice")).hasCard());

        auto ownToken = test::await(services().operators().enrollCard(
            QStringLiteral("alice"), m_ready->workspace->tokenLabel(), kCertLabel, test::secret(kCardPin)));
        QVERIFY(!ownToken);
        QVERIFY2(ownToken.error().message.contains(QStringLiteral("the workspace's own token")),
                 qPrintable(ownToken.error().message));
    }

    void enrollWhenTheCardKeyIsNotTheCertificatesIsRefused()
    {
        // A certificate whose CKA_ID leads to another key.
        auto other = crypto::SoftwareKey::generateEc(QStringLiteral("P-256"));
        QVERIFY(other);
        {
            auto card = openCard(kCard);
            QVERIFY2(card, errorText(card).constData());
            const QString written = test::storeOnCard(*card.value(), QByteArrayLiteral("\x09"), other.value(),
                                                      QStringLiteral("mismatch"), m_certificate);
            QVERIFY2(written.isEmpty(), qPrintable(written));
        }
        auto enrolled = enroll(QStringLiteral("alice"), QStringLiteral("mismatch"));
        QVERIFY(!enrolled);
        QCOMPARE(enrolled.error().kind, ErrorKind::Denied);
        QVERIFY2(enrolled.error().message.contains(QStringLiteral("does not verify")),
                 qPrintable(enrolled.error().message));
        QVERIFY(!stored(QStringLiteral("alice")).hasCard());
    }

    void expiredCardCertificateIsRefused()
    {
        auto other = crypto::SoftwareKey::generateEc(QStringLiteral("P-256"));
        QVERIFY(other);
        auto expired = test::selfSignedCardCertificate(other.value(), QStringLiteral("CN=Expired Card"),
                                                       QDateTime::currentDateTimeUtc().addDays(-1));
        QVERIFY2(expired, errorText(expired).constData());
        {
            auto card = openCard(kCard);
            QVERIFY2(card, errorText(card).constData());
            const QString written = test::storeOnCard(*card.value(), QByteArrayLiteral("\x0a"), other.value(),
                                                      QStringLiteral("expired"), expired.value());
            QVERIFY2(written.isEmpty(), qPrintable(written));
        }
        auto enrolled = enroll(QStringLiteral("alice"), QStringLiteral("expired"));
        QVERIFY(!enrolled);
        QCOMPARE(enrolled.error().kind, ErrorKind::Denied);
        QVERIFY2(enrolled.error().message.contains(QStringLiteral("not now: enrol a new one")),
                 qPrintable(enrolled.error().message));
        QVERIFY(!stored(QStringLiteral("alice")).hasCard());
    }

    void operatorsEnrollTheirOwnCardButNotOthers()
    {
        QVERIFY(test::switchOperator(services(), QStringLiteral("alice")));
        auto others = enroll(QStringLiteral("bob"), kCertLabel);
        QVERIFY(!others);
        QCOMPARE(others.error().kind, ErrorKind::Denied);
        QVERIFY2(others.error().message.contains(QStringLiteral("operators/write")),
                 qPrintable(others.error().message));
        QVERIFY(!stored(QStringLiteral("bob")).hasCard());

        auto own = enroll(QStringLiteral("alice"), kCertLabel);
        QVERIFY2(own, errorText(own).constData());
        QCOMPARE(events(QStringLiteral("OperatorCardEnroll"), AuditResult::Success).first().operatorName,
                 QStringLiteral("alice"));
        QVERIFY(login(QStringLiteral("alice"), kCardPin));
    }
};

CUSTOS_REGISTER_TEST(TestOperatorCard)
#include "TestOperatorCard.moc"
