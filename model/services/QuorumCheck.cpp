#include "QuorumApproval.h"
#include "QuorumRules.h"
#include "ServicePath.h"
#include "crypto/Random.h"

#include <QSet>

namespace custos::model {

QCoro::Task<Outcome<void>> ServicePath::checkQuorum(Operation& op)
{
    auto policy = readQuorumPolicy(database());
    if (!policy)
        co_return recordFailure(op, policy.error());
    if (!policy->covers(op.protectedAs))
        co_return Outcome<void>{};
    // The approvals' events and the operation's share one correlation id.
    if (op.context.correlationId.isEmpty())
        op.context.correlationId = crypto::randomId();

    const QDateTime now = this->now();
    ApprovalRequest request;
    request.protectedName = op.protectedAs;
    request.operation = op.name;
    request.permission = op.permission;
    request.scope = op.scope;
    request.resource = op.resource;
    request.parameters = op.details;
    request.initiator = op.operatorName;
    request.approvalsNeeded = policy->approversNeeded();
    auto eligible = eligibleApprovers(database(), op.permission, op.scope,
                                      isAdministrativeQuorumOperation(op.protectedAs), now, op.operatorName);
    if (!eligible)
        co_return recordFailure(op, eligible.error());
    request.eligible = eligible.value();
    request.digest = approvalDigest(request);

    QList<Approval> approvals = op.context.approvals;
    QStringList problems;
    // CLI approvers prove their passphrase now, for this very digest.
    const QList<ApproverCredential> credentials = op.context.approverCredentials;
    op.context.approverCredentials.clear();
    for (const ApproverCredential& credential : credentials) {
        auto giving = giveApproval(*this, request, credential.name, credential.passphrase, op.context);
        Outcome<Approval> given = co_await giving;
        if (given)
            approvals << given.value();
        else
            problems << given.error().message;
    }

    QStringList approvers;
    QSet<QString> counted;
    for (const Approval& approval : approvals) {
        const QString name = approval.approver;
        if (!hasValidMac(approval)) {
            problems << QStringLiteral("the approval by %1 was not given in this session").arg(name);
        } else if (approval.digest != request.digest) {
            problems << QStringLiteral("the approval by %1 was given for another operation").arg(name);
        } else if (approval.approvedAt.secsTo(now) > kApprovalWindowSeconds || approval.approvedAt > now.addSecs(60)) {
            problems << QStringLiteral("the approval by %1 expired (approvals count for %2 minutes)")
                            .arg(name)
                            .arg(kApprovalWindowSeconds / 60);
        } else if (name.compare(op.operatorName, Qt::CaseInsensitive) == 0) {
            problems << QStringLiteral("%1 cannot approve their own operation").arg(name);
        } else if (!request.eligible.contains(name)) {
            problems << QStringLiteral("%1 may no longer approve it").arg(name);
        } else if (counted.contains(name.toLower())) {
            problems << QStringLiteral("%1 approved twice and counts once").arg(name);
        } else {
            counted.insert(name.toLower());
            approvers << name;
        }
    }
    op.approvers = approvers;
    if (approvers.size() >= request.approvalsNeeded) {
        m_pendingRequest = {};
        co_return Outcome<void>{};
    }

    m_pendingRequest = request;
    QStringList missing;
    for (const QString& name : request.eligible) {
        if (!counted.contains(name.toLower()))
            missing << name;
    }
    const int short_ = request.approvalsNeeded - int(approvers.size());
    QString message = kQuorumRefusalPrefix +
                      QStringLiteral("%1 needs %2 approval(s) besides %3's (quorum %4), has %5; %6 more from: %7")
                          .arg(op.name)
                          .arg(request.approvalsNeeded)
                          .arg(op.operatorName)
                          .arg(policy->approvals)
                          .arg(approvers.size())
                          .arg(short_)
                          .arg(missing.isEmpty() ? QStringLiteral("nobody (not enough eligible operators)")
                                                 : missing.join(QStringLiteral(", ")));
    if (!problems.isEmpty())
        message += QStringLiteral("; ") + problems.join(QStringLiteral("; "));
    Operation refused = op;
    refused.details.insert(QStringLiteral("approvalDigest"), request.digest);
    co_return recordFailure(refused, makeError(ErrorKind::Denied, message));
}

} // namespace custos::model
