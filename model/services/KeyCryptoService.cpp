#include "KeyCryptoService.h"

#include "ServicePath.h"

namespace custos::model {

// STUB (lead, 2026-11-22): replaced by the crypto-operations helper.
namespace {
Error notYet()
{
    return Error{ErrorKind::Failed, QStringLiteral("not implemented yet")};
}
} // namespace

KeyCryptoService::KeyCryptoService(ServicePath& path, QObject* parent) : QObject(parent), m_path(path) {}
KeyCryptoService::~KeyCryptoService() = default;

QCoro::Task<Outcome<QByteArray>> KeyCryptoService::sign(KeyTarget, QString, QByteArray, bool, SignatureFormat,
                                                        OperationContext)
{
    co_return notYet();
}
QCoro::Task<Outcome<bool>> KeyCryptoService::verify(KeyTarget, QString, QByteArray, bool, QByteArray,
                                                    SignatureFormat, OperationContext)
{
    co_return notYet();
}
QCoro::Task<Outcome<KeyCiphertext>> KeyCryptoService::encrypt(KeyTarget, QString,
                                                              std::shared_ptr<const crypto::SecureBuffer>,
                                                              QByteArray, OperationContext)
{
    co_return notYet();
}
QCoro::Task<Outcome<std::shared_ptr<crypto::SecureBuffer>>> KeyCryptoService::decrypt(KeyTarget, QString,
                                                                                      KeyCiphertext, QByteArray,
                                                                                      OperationContext)
{
    co_return notYet();
}
QCoro::Task<Outcome<QByteArray>> KeyCryptoService::wrapKey(KeyTarget, QString,
                                                           std::shared_ptr<const crypto::SecureBuffer>,
                                                           OperationContext)
{
    co_return notYet();
}
QCoro::Task<Outcome<std::shared_ptr<crypto::SecureBuffer>>> KeyCryptoService::unwrapKey(KeyTarget, QString,
                                                                                        QByteArray,
                                                                                        OperationContext)
{
    co_return notYet();
}
QCoro::Task<Outcome<QByteArray>> KeyCryptoService::exportPublic(KeyTarget, PublicKeyFormat, OperationContext)
{
    co_return notYet();
}
QCoro::Task<Outcome<QByteArray>> KeyCryptoService::exportPrivate(KeyTarget,
                                                                 std::shared_ptr<const crypto::SecureBuffer>,
                                                                 OperationContext)
{
    co_return notYet();
}

} // namespace custos::model
