// SecurityDomainService::createTokenCustodian and ::openTokenCustodian: custodians whose keys live
// on a card, another token of the workspace's module (as an operator's card, CardChallenge.h).

#include "SecurityDomainService.h"

#include "ServicePath.h"
#include "crypto/pkcs11/Token.h"
#include "crypto/sd/TokenCustodian.h"
#include "model/session/Workspace.h"

#include <QCoro/QCoroFuture>
#include <QtConcurrent/QtConcurrentRun>

namespace custos::model {

namespace {
// Logging out of a card would log the workspace out of its own token (one login per token), and
// the workspace's keys are no custodian's.
Outcome<void> checkCard(const Workspace& workspace, const QString& tokenLabel)
{
    if (tokenLabel.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("a custodian on a card needs the card's token label"));
    if (tokenLabel == workspace.tokenLabel())
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("the token \"%1\" is the workspace's own token, not a custodian's card").arg(tokenLabel));
    return {};
}

// The module is the workspace's: loading it through the workspace gives SoftHSM2 its configuration.
Outcome<crypto::Pkcs11Module*> workspaceModule(Workspace& workspace)
{
    auto token = workspace.openToken();
    if (!token)
        return token.error();
    return &token.value()->module();
}
} // namespace

QCoro::Task<Outcome<QByteArray>> SecurityDomainService::createTokenCustodian(QString tokenLabel,
                                                                             std::shared_ptr<crypto::SecureBuffer> pin,
                                                                             QString objectLabel, QString holder,
                                                                             int rsaBits, OperationContext context)
{
    if (!pin)
        pin = std::make_shared<crypto::SecureBuffer>();
    Operation op;
    op.name = QStringLiteral("SecurityDomainCustodianCreate");
    op.permission = QStringLiteral("securitydomain/download/action");
    op.scope = QStringLiteral("/");
    op.resource = QStringLiteral("/securitydomain");
    op.details = {{QStringLiteral("tokenLabel"), tokenLabel},
                  {QStringLiteral("objectLabel"), objectLabel},
                  {QStringLiteral("holder"), holder},
                  {QStringLiteral("rsaBits"), rsaBits}};
    op.context = std::move(context);

    Workspace* workspace = &m_path.workspace();
    auto certificate = std::make_shared<QByteArray>();
    Steps<QByteArray> steps;
    steps.precheck = [workspace, tokenLabel, objectLabel, holder, rsaBits, pin](Database&) -> Outcome<void> {
        if (auto card = checkCard(*workspace, tokenLabel); !card)
            return card.error();
        if (objectLabel.trimmed().isEmpty())
            return makeError(ErrorKind::Invalid, QStringLiteral("a custodian on a card needs an object label"));
        if (holder.trimmed().isEmpty())
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("a custodian needs the holder's name (the certificate's CN)"));
        if (rsaBits != 2048 && rsaBits != 3072 && rsaBits != 4096)
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("invalid size %1 for a custodian's RSA key: expected 2048, 3072 or 4096 bits")
                    .arg(rsaBits));
        if (pin->isEmpty())
            return makeError(ErrorKind::Invalid, QStringLiteral("no PIN for the card \"%1\"").arg(tokenLabel));
        return {};
    };
    steps.engine = [workspace, tokenLabel, objectLabel, holder, rsaBits, pin, certificate]() -> Outcome<void> {
        auto module = workspaceModule(*workspace);
        if (!module)
            return module.error();
        auto made = crypto::sd::createCustodianOnToken(*module.value(), tokenLabel, *pin, objectLabel, holder, rsaBits);
        if (!made)
            return made.error();
        *certificate = made.take();
        return {};
    };
    // The event could not be written: the card loses what it just got (the PIN is kept until then).
    steps.undoEngine = [workspace, tokenLabel, objectLabel, pin, certificate]() {
        auto module = workspaceModule(*workspace);
        if (module)
            (void)crypto::sd::removeCustodianFromToken(*module.value(), tokenLabel, *pin, objectLabel, *certificate);
    };
    steps.persist = [certificate](Database&, QJsonObject& details) -> Outcome<QByteArray> {
        details.insert(QStringLiteral("x5t_256"), crypto::sd::certificateThumbprint(*certificate));
        return *certificate;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    pin->clear();
    co_return result;
}

QCoro::Task<Outcome<std::shared_ptr<crypto::sd::CustodianKey>>>
SecurityDomainService::openTokenCustodian(QString uri, std::shared_ptr<crypto::SecureBuffer> pin)
{
    if (!pin)
        pin = std::make_shared<crypto::SecureBuffer>();
    auto parsed = crypto::sd::Pkcs11Uri::parse(uri);
    if (!parsed) {
        pin->clear();
        co_return parsed.error();
    }
    Workspace* workspace = &m_path.workspace();
    if (auto card = checkCard(*workspace, parsed->token); !card) {
        pin->clear();
        co_return card.error();
    }
    // QFuture results must be copyable: the key travels through a shared_ptr captured by value.
    auto key = std::make_shared<std::shared_ptr<crypto::sd::CustodianKey>>();
    const crypto::sd::Pkcs11Uri target = parsed.value();
    auto opening = QtConcurrent::run(workspace->tokenPool(), [workspace, target, pin, key]() -> Outcome<void> {
        auto module = workspaceModule(*workspace);
        if (!module)
            return module.error();
        auto opened = crypto::sd::openTokenCustodian(*module.value(), target, *pin);
        pin->clear();
        if (!opened)
            return opened.error();
        *key = std::shared_ptr<crypto::sd::CustodianKey>(opened.take());
        return {};
    });
    Outcome<void> done = co_await opening;
    pin->clear();
    if (!done)
        co_return done.error();
    co_return *key;
}

} // namespace custos::model
