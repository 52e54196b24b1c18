#include "QuorumApproval.h"

#include "AuditRecorder.h"
#include "OperatorLockout.h"
#include "QuorumRules.h"
#include "ServicePath.h"
#include "model/session/OperatorCredentials.h"
#include "model/session/Session.h"
#include "model/store/Stores.h"

#include <QCoro/QCoroFuture>
#include <QtConcurrent/QtConcurrentRun>

namespace custos::model {

namespace {
const QString kQuorumApprove = QStringLiteral("QuorumApprove");

} // namespace

QCoro::Task<Outcome<Approval>> giveApproval(ServicePath& path, ApprovalRequest request, QString approver,
                                            std::shared_ptr<crypto::SecureBuffer> passphrase, OperationContext context)
{
    Database& db = path.database();
    const QDateTime now = path.now();
    QJsonObject details{{QStringLiteral("operation"), request.operation},
                        {QStringLiteral("initiator"), request.initiator},
                        {QStringLiteral("digest"), request.digest}};
    auto refuse = [&](const QString& reason) -> Error {
        if (passphrase)
            passphrase->clear();
        (void)AuditRecorder(db).recordAlone(AuditRecorder::makeEvent(approver, kQuorumApprove, request.resource,
                                                                     AuditResult::Denied, reason, details, context));
        return makeError(ErrorKind::Denied, reason);
    };

    if (!request.isValid() || approvalDigest(request) != request.digest)
        co_return refuse(QStringLiteral("approval refused: the request is not a valid approval request"));
    if (approver.compare(request.initiator, Qt::CaseInsensitive) == 0)
        co_return refuse(QStringLiteral("approval refused: %1 cannot approve their own operation").arg(approver));
    auto found = OperatorStore(db).find(approver);
    if (!found)
        co_return found.error();
    if (!found.value())
        co_return refuse(QStringLiteral("approval refused: there is no operator '%1'").arg(approver));
    Operator op = *found.value();
    if (!op.enabled)
        co_return refuse(QStringLiteral("approval refused: operator '%1' is disabled").arg(approver));
    if (op.lockedUntil.isValid() && now < op.lockedUntil)
        co_return refuse(QStringLiteral("approval refused: operator '%1' is locked until %2 UTC")
                             .arg(approver, op.lockedUntil.toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
    auto eligible = eligibleApprovers(db, request.permission, request.scope,
                                      isAdministrativeQuorumOperation(request.protectedName), now, request.initiator);
    if (!eligible)
        co_return eligible.error();
    if (!eligible->contains(op.name))
        co_return refuse(QStringLiteral("approval refused: %1 may not approve %2 (it needs %3 at %4%5)")
                             .arg(approver, request.operation, request.permission, request.scope,
                                  isAdministrativeQuorumOperation(request.protectedName)
                                      ? QStringLiteral(" and Administrator")
                                      : QString()));
    if (!passphrase || passphrase->isEmpty())
        co_return refuse(QStringLiteral("approval refused: no passphrase given for %1").arg(approver));

    auto verifying = QtConcurrent::run([op, passphrase]() -> Outcome<void> {
        auto pin = unlockCredentials(op, *passphrase);
        if (!pin)
            return pin.error();
        return {};
    });
    Outcome<void> verified = co_await verifying;
    passphrase->clear();
    if (!verified) {
        if (verified.error().kind != ErrorKind::Denied)
            co_return refuse(verified.error().message);
        auto policyRead = readLockoutPolicy(db);
        const LockoutPolicy policy = policyRead ? policyRead.value() : defaultLockoutPolicy();
        const int maxAttempts = policy.maxFailedAttempts;
        const int minutes = policy.lockoutMinutes;
        op.failedAttempts += 1;
        QString reason = QStringLiteral("approval refused: wrong passphrase for %1").arg(approver);
        if (op.failedAttempts >= maxAttempts) {
            op.lockedUntil = now.addSecs(qint64(minutes) * 60);
            op.failedAttempts = 0;
            reason += QStringLiteral("; operator '%1' is now locked for %2 minutes").arg(approver).arg(minutes);
        }
        op.updated = now;
        (void)OperatorStore(db).update(op);
        co_return refuse(reason);
    }
    if (op.failedAttempts != 0) {
        op.failedAttempts = 0;
        op.updated = now;
        (void)OperatorStore(db).update(op);
    }

    Approval approval{op.name, request.digest, now, {}};
    approval.mac = approvalMac(approval);
    if (auto recorded = AuditRecorder(db).recordAlone(AuditRecorder::makeEvent(
            op.name, kQuorumApprove, request.resource, AuditResult::Success, {}, details, context));
        !recorded) {
        co_return makeError(ErrorKind::Failed,
                            QStringLiteral("the approval could not be audited, so it does not count: ") +
                                recorded.error().message);
    }
    co_return approval;
}

} // namespace custos::model
