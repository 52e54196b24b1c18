#include "CardChallenge.h"

#include "Workspace.h"
#include "crypto/Random.h"
#include "crypto/pkcs11/CardSigner.h"
#include "crypto/pkcs11/Token.h"
#include "crypto/x509/CertificateInfo.h"

#include <QCoro/QCoroFuture>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>

namespace custos::model {

QByteArray makeCardChallenge(const QString& operatorName, const QDateTime& now)
{
    QByteArray challenge("custos-card-challenge/1");
    challenge.append('\0');
    challenge.append(crypto::randomBytes(32));
    challenge.append(operatorName.toUtf8());
    challenge.append('\0');
    challenge.append(now.toUTC().toString(Qt::ISODateWithMs).toLatin1());
    return challenge;
}

Outcome<QByteArray> proveCardPossession(Workspace& workspace, const QString& operatorName, const QString& tokenLabel,
                                        const QString& certLabel, const crypto::SecureBuffer& pin,
                                        const QByteArray& expectedCertificate)
{
    if (tokenLabel.isEmpty() || certLabel.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("a card needs a token label and a certificate label"));
    // Logging out of the card would log the workspace out of its own token (one login per token).
    if (tokenLabel == workspace.tokenLabel())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("the token \"%1\" is the workspace's own token, not a card").arg(tokenLabel));
    auto token = workspace.openToken(); // loads the module with the workspace's SoftHSM2 configuration
    if (!token)
        return token.error();
    auto card = crypto::CardSigner::open(token.value()->module(), tokenLabel, pin);
    if (!card)
        return card.error();
    auto certificate = card.value()->certificate(certLabel);
    if (!certificate)
        return certificate.error();
    const QByteArray challenge = makeCardChallenge(operatorName, QDateTime::currentDateTimeUtc());
    auto signature = card.value()->sign(certLabel, challenge);
    if (!signature)
        return signature.error();
    const QByteArray& against = expectedCertificate.isEmpty() ? certificate.value() : expectedCertificate;
    if (auto verified = crypto::verifyCardSignature(against, challenge, signature.value()); !verified)
        return verified.error();
    // A card is only as good as its certificate's validity: an expired one is enrolled anew.
    auto info = crypto::x509::inspectCertificate(against);
    if (!info)
        return info.error();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (now > info->notAfter || now < info->notBefore)
        return makeError(ErrorKind::Denied,
                         QStringLiteral("the card's certificate is valid from %1 to %2 UTC, not now: enrol a new one")
                             .arg(info->notBefore.toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                  info->notAfter.toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
    return certificate.value();
}

QCoro::Task<Outcome<void>> proveOperatorCard(Workspace& workspace, Operator op, crypto::SecureBuffer pin)
{
    if (pin.isEmpty())
        co_return makeError(
            ErrorKind::Invalid,
            QStringLiteral("operator '%1' signs in with their card too: give the card PIN").arg(op.name));
    // QtConcurrent copies the callable: the PIN travels in shared secure memory and is wiped here.
    auto secret = std::make_shared<crypto::SecureBuffer>(std::move(pin));
    Workspace* ws = &workspace;
    auto proving = QtConcurrent::run(ws->tokenPool(), [ws, op, secret]() -> Outcome<void> {
        auto proved =
            proveCardPossession(*ws, op.name, op.cardTokenLabel, op.cardCertLabel, *secret, op.cardCertificate);
        if (!proved)
            return proved.error();
        return {};
    });
    Outcome<void> result = co_await proving;
    secret->clear();
    if (!result)
        co_return makeError(result.error().kind, QStringLiteral("login failed: the card did not prove possession: ") +
                                                     result.error().message);
    co_return result;
}

} // namespace custos::model
