#include "KeyService.h"

#include "ServicePath.h"
#include "model/domain/IsoDuration.h"

// STUB (lead, 2026-11-22): replaced by the key-lifecycle helper; delete this file then.
namespace custos::model {

namespace {
Error notYet()
{
    return Error{ErrorKind::Failed, QStringLiteral("not implemented yet")};
}
} // namespace

QString lifetimeActionKindName(KeyLifetimeAction::Kind kind)
{
    return kind == KeyLifetimeAction::Kind::Rotate ? QStringLiteral("rotate") : QStringLiteral("notify");
}
bool IsoDuration::isValid(const QString&) { return false; }
std::optional<QDateTime> IsoDuration::apply(const QString&, const QDateTime&, int) { return std::nullopt; }
QString IsoDuration::rule() { return QStringLiteral("an ISO 8601 duration such as P90D, P1Y or PT12H"); }

QCoro::Task<Outcome<KeyRecord>> KeyService::rotate(QString, QString, OperationContext) { co_return notYet(); }
QCoro::Task<Outcome<KeyVersion>> KeyService::update(KeyUpdateRequest, OperationContext) { co_return notYet(); }
Outcome<KeyVersion> KeyService::version(const QString&, const QString&, const QString&) { return notYet(); }
Outcome<KeyRotationPolicy> KeyService::policy(const QString&, const QString&) { return notYet(); }
QCoro::Task<Outcome<KeyRotationPolicy>> KeyService::setPolicy(QString, QString, KeyRotationPolicy, OperationContext)
{
    co_return notYet();
}
Outcome<QList<KeyDueItem>> KeyService::due() { return notYet(); }
QCoro::Task<QList<KeyDueResult>> KeyService::applyDue(OperationContext) { co_return {}; }
QCoro::Task<Outcome<KeyRecord>> KeyService::remove(QString, QString, OperationContext) { co_return notYet(); }
Outcome<QList<KeyRecord>> KeyService::listDeleted(const QString&) { return notYet(); }
QCoro::Task<Outcome<KeyRecord>> KeyService::recover(QString, QString, OperationContext) { co_return notYet(); }
QCoro::Task<Outcome<void>> KeyService::purge(QString, QString, OperationContext) { co_return notYet(); }
QCoro::Task<Outcome<QByteArray>> KeyService::backup(QString, QString, OperationContext) { co_return notYet(); }
QCoro::Task<Outcome<KeyRecord>> KeyService::restore(QString, QByteArray, OperationContext) { co_return notYet(); }

} // namespace custos::model
