#include "TokenService.h"

#include "ServicePath.h"

namespace custos::model {

// STUB (lead, 2026-11-22): replaced by the crypto-operations helper.
TokenService::TokenService(ServicePath& path, QObject* parent) : QObject(parent), m_path(path) {}

QCoro::Task<Outcome<TokenInfo>> TokenService::info()
{
    co_return Error{ErrorKind::Failed, QStringLiteral("not implemented yet")};
}
QCoro::Task<Outcome<QList<crypto::AlgorithmSupport>>> TokenService::mechanisms()
{
    co_return Error{ErrorKind::Failed, QStringLiteral("not implemented yet")};
}
QCoro::Task<Outcome<QByteArray>> TokenService::random(int, OperationContext)
{
    co_return Error{ErrorKind::Failed, QStringLiteral("not implemented yet")};
}

} // namespace custos::model
