#include "TokenService.h"

#include "ServicePath.h"
#include "crypto/pkcs11/Token.h"
#include "model/session/Workspace.h"

#include <QCoro/QCoroFuture>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>

namespace custos::model {

namespace {

constexpr int kMaxRandomBytes = 1024 * 1024;

Error noToken()
{
    return makeError(ErrorKind::Failed, QStringLiteral("the token is not open (log in first)"));
}

Outcome<void> authoriseRead(ServicePath& path, const QString& name)
{
    Operation op;
    op.name = name;
    op.permission = QStringLiteral("workspace/read");
    op.scope = QStringLiteral("/");
    return path.authorise(op);
}

// Token work for reads (not audited): on the token thread, results through shared state.
QCoro::Task<Outcome<void>> onTokenThread(Workspace& workspace, std::function<Outcome<void>(crypto::Token&)> work)
{
    crypto::Token* token = workspace.token();
    if (!token)
        co_return noToken();
    auto running = QtConcurrent::run(workspace.tokenPool(), [token, work]() -> Outcome<void> {
        try {
            return work(*token);
        } catch (const std::exception& e) {
            return makeError(ErrorKind::Failed, QStringLiteral("internal error: ") + QString::fromUtf8(e.what()));
        }
    });
    Outcome<void> result = co_await running;
    co_return result;
}

} // namespace

TokenService::TokenService(ServicePath& path, QObject* parent) : QObject(parent), m_path(path) {}

QCoro::Task<Outcome<TokenInfo>> TokenService::info()
{
    if (auto allowed = authoriseRead(m_path, QStringLiteral("TokenInfo")); !allowed)
        co_return allowed.error();
    Workspace& workspace = m_path.workspace();
    auto info = std::make_shared<TokenInfo>();
    info->libraryPath = workspace.modulePath();
    info->embedded = workspace.embeddedToken();
    auto task = onTokenThread(workspace, [info](crypto::Token& token) -> Outcome<void> {
        const crypto::SlotInfo slot = token.slotInfo();
        info->label = slot.tokenLabel.isEmpty() ? token.label() : slot.tokenLabel;
        info->manufacturer = slot.manufacturer;
        info->model = slot.model;
        info->serial = slot.serial;
        if (info->libraryPath.isEmpty())
            info->libraryPath = token.module().path();
        auto module = token.moduleInfo();
        if (!module)
            return module.error();
        info->libraryDescription = module->libraryDescription;
        info->libraryVersion = module->libraryVersion;
        info->firmwareVersion = module->firmwareVersion;
        auto ids = token.listKeyIds();
        if (!ids)
            return ids.error();
        info->keyObjects = static_cast<int>(ids->size());
        return {};
    });
    auto done = co_await task;
    if (!done)
        co_return done.error();
    co_return *info;
}

QCoro::Task<Outcome<QList<crypto::AlgorithmSupport>>> TokenService::mechanisms()
{
    if (auto allowed = authoriseRead(m_path, QStringLiteral("TokenMechanisms")); !allowed)
        co_return allowed.error();
    auto list = std::make_shared<QList<crypto::AlgorithmSupport>>();
    auto task = onTokenThread(m_path.workspace(), [list](crypto::Token& token) -> Outcome<void> {
        auto support = crypto::MechanismSupport::query(token);
        if (!support)
            return support.error();
        *list = support->all();
        return {};
    });
    auto done = co_await task;
    if (!done)
        co_return done.error();
    co_return *list;
}

QCoro::Task<Outcome<QByteArray>> TokenService::random(int bytes, OperationContext context)
{
    Operation op;
    op.name = QStringLiteral("RandomBytes");
    op.permission = QStringLiteral("rng/action");
    op.scope = QStringLiteral("/");
    op.context = context;
    op.details = {{QStringLiteral("bytes"), bytes}};

    auto result = std::make_shared<QByteArray>();
    crypto::Token* token = m_path.workspace().token();
    Steps<QByteArray> steps;
    steps.precheck = [bytes](Database&) -> Outcome<void> {
        if (bytes < 1 || bytes > kMaxRandomBytes)
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("invalid byte count %1: expected 1 to %2 (1 MiB)").arg(bytes).arg(kMaxRandomBytes));
        return {};
    };
    steps.engine = [token, bytes, result]() -> Outcome<void> {
        if (!token)
            return noToken();
        auto generated = token->generateRandom(bytes);
        if (!generated)
            return generated.error();
        *result = generated.take();
        return {};
    };
    steps.persist = [result](Database&, QJsonObject&) -> Outcome<QByteArray> { return *result; };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    co_return outcome;
}

} // namespace custos::model
