#include "OperatorCardCommand.h"
#include "CommandContext.h"
#include "JsonFormat.h"
#include "PassphraseSource.h"

#include "crypto/Digest.h"
#include "crypto/x509/CertificateInfo.h"
#include "model/services/Services.h"

#include <QJsonObject>

namespace custos::app {

QList<CommandSpec> OperatorCardCommand::specs()
{
    return {
        {QStringLiteral("operator"),
         QStringLiteral("enroll-card"),
         {QStringLiteral("NAME")},
         {{QStringLiteral("token-label"), true},
          {QStringLiteral("cert-label"), true},
          {QStringLiteral("pin-file"), true}},
         true,
         CommandNeeds::Login,
         &OperatorCardCommand::enroll,
         QStringLiteral("operator enroll-card NAME --token-label L --cert-label C [--pin-file F]")},
    };
}

QString OperatorCardCommand::cardSummary(const model::Operator& op)
{
    if (!op.hasCard())
        return {};
    return QStringLiteral("%1/%2 (sha256 %3)")
        .arg(op.cardTokenLabel, op.cardCertLabel, crypto::x509::colonHex(crypto::sha256(op.cardCertificate)));
}

QJsonValue OperatorCardCommand::cardObject(const model::Operator& op)
{
    if (!op.hasCard())
        return QJsonValue::Null;
    return QJsonObject{
        {QStringLiteral("tokenLabel"), op.cardTokenLabel},
        {QStringLiteral("certLabel"), op.cardCertLabel},
        {QStringLiteral("certificateSha256"), QString::fromLatin1(crypto::sha256(op.cardCertificate).toHex())},
    };
}

QCoro::Task<int> OperatorCardCommand::enroll(CommandContext& context)
{
    const QString name = context.args().positional(0);
    const QString tokenLabel = context.args().value(QStringLiteral("token-label"));
    const QString certLabel = context.args().value(QStringLiteral("cert-label"));
    if (tokenLabel.isEmpty() || certLabel.isEmpty())
        co_return context.usage(QStringLiteral("operator enroll-card needs --token-label L (the card's token) and "
                                               "--cert-label C (the certificate on it)"));
    auto pin = PassphraseSource::secret(context.args().value(QStringLiteral("pin-file")), QStringLiteral("pin-file"),
                                        QStringLiteral("PIN of the card %1: ").arg(tokenLabel), false);
    if (!pin)
        co_return pin.error().kind == ErrorKind::Invalid ? context.usage(pin.error().message)
                                                         : context.fail(pin.error());
    // Named first: GCC 12 destroys temporaries inside a co_await operand twice (see ServicePath.h).
    auto enrollTask =
        context.services().operators().enrollCard(name, tokenLabel, certLabel, pin.take(), context.operationContext());
    auto enrolled = co_await enrollTask;
    if (!enrolled)
        co_return context.fail(enrolled.error());
    QJsonObject json = JsonFormat::operatorObject(enrolled.value());
    json.insert(QStringLiteral("card"), cardObject(enrolled.value()));
    co_return context.done(
        QStringLiteral("Enrolled the card %1 for operator '%2'").arg(cardSummary(enrolled.value()), enrolled->name),
        json);
}

} // namespace custos::app
