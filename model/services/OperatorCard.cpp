// OperatorService::enrollCard: the card second factor (model/session/CardChallenge.h).
#include "OperatorService.h"

#include "ServicePath.h"
#include "crypto/x509/CertificateInfo.h"
#include "model/session/CardChallenge.h"
#include "model/session/Session.h"
#include "model/session/Workspace.h"
#include "model/store/Stores.h"

#include <memory>

namespace custos::model {

namespace {
Outcome<Operator> findCardOperator(Database& db, const QString& name)
{
    auto found = OperatorStore(db).find(name);
    if (!found)
        return found.error();
    if (!found.value())
        return makeError(ErrorKind::NotFound, QStringLiteral("operator '%1' not found").arg(name));
    return *found.value();
}
} // namespace

QCoro::Task<Outcome<Operator>> OperatorService::enrollCard(QString name, QString tokenLabel, QString certLabel,
                                                           crypto::SecureBuffer cardPin, OperationContext context)
{
    // One's own card needs no permission; another operator's needs operators/write.
    const bool own = name == m_path.session().operatorName();
    Operation op;
    op.name = QStringLiteral("OperatorCardEnroll");
    op.permission = own ? QString() : QStringLiteral("operators/write");
    op.scope = QStringLiteral("/");
    op.resource = QStringLiteral("/operators/") + name;
    op.details = {{QStringLiteral("operator"), name},
                  {QStringLiteral("tokenLabel"), tokenLabel},
                  {QStringLiteral("certLabel"), certLabel}};
    op.context = std::move(context);

    auto pin = std::make_shared<crypto::SecureBuffer>(std::move(cardPin)); // wiped with its last owner
    auto certificate = std::make_shared<QByteArray>();
    Workspace* workspace = &m_path.workspace();
    const QDateTime now = m_path.now();

    Steps<Operator> steps;
    steps.precheck = [name, tokenLabel, certLabel, pin](Database& db) -> Outcome<void> {
        if (auto found = findCardOperator(db, name); !found)
            return found.error();
        if (tokenLabel.isEmpty() || certLabel.isEmpty())
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("a card needs --token-label (the token) and --cert-label (the certificate)"));
        if (pin->isEmpty())
            return makeError(ErrorKind::Invalid, QStringLiteral("no PIN for the card \"%1\"").arg(tokenLabel));
        return {};
    };
    // The card signs a challenge now, checked against its own certificate: what is enrolled works.
    steps.engine = [workspace, name, tokenLabel, certLabel, pin, certificate]() -> Outcome<void> {
        auto proved = proveCardPossession(*workspace, name, tokenLabel, certLabel, *pin, {});
        pin->clear();
        if (!proved)
            return makeError(proved.error().kind,
                             QStringLiteral("the card cannot be enrolled: ") + proved.error().message);
        *certificate = proved.take();
        return {};
    };
    steps.persist = [name, tokenLabel, certLabel, certificate, now](Database& db,
                                                                    QJsonObject& details) -> Outcome<Operator> {
        auto info = crypto::x509::inspectCertificate(*certificate);
        if (!info)
            return info.error();
        auto found = findCardOperator(db, name);
        if (!found)
            return found;
        Operator changed = found.value();
        changed.cardTokenLabel = tokenLabel;
        changed.cardCertLabel = certLabel;
        changed.cardCertificate = *certificate;
        changed.updated = now;
        if (auto updated = OperatorStore(db).update(changed); !updated)
            return updated.error();
        details.insert(QStringLiteral("certificateSha256"), QString::fromLatin1(info->sha256Fingerprint.toHex()));
        details.insert(QStringLiteral("certificateSubject"), info->subject);
        return changed;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (result)
        Q_EMIT operatorsChanged();
    co_return result;
}

} // namespace custos::model
