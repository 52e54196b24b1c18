#pragma once

#include "OperationContext.h"
#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"
#include "model/domain/Quorum.h"

#include <QCoro/QCoroTask>
#include <QObject>

namespace custos::model {

class ServicePath;

// Quorum approvals (ROLES.md "Quorum"). The policy lives in the workspace settings; the service
// path checks it for every operation marked with a protected name (Operation::protectedAs): the
// operation runs only with enough valid approvals for its digest, and its event names the
// approvers. A refused one leaves its request in pendingRequest() for the GUI's approval dialog.
class QuorumService : public QObject
{
    Q_OBJECT
public:
    explicit QuorumService(ServicePath& path, QObject* parent = nullptr);

    Outcome<QuorumPolicy> policy(); // quorum/read
    // quorum/write, itself quorum-protected ("quorum") under the policy in force. Refused when an
    // operation it covers has fewer than M eligible operators.
    QCoro::Task<Outcome<QuorumPolicy>> set(int approvals, QStringList operations, OperationContext context = {});
    // Proves `approver`'s passphrase (scrypt, off the calling thread) and checks they may approve
    // `request` now: enabled, not the initiator, holding what it needs. Audited as QuorumApprove,
    // Success or Denied (a wrong passphrase counts towards the approver's lockout).
    QCoro::Task<Outcome<Approval>> approve(ApprovalRequest request, QString approver, crypto::SecureBuffer passphrase);
    // The request of the last protected operation this session was refused for want of approvals;
    // invalid when there is none.
    ApprovalRequest pendingRequest() const;

Q_SIGNALS:
    void policyChanged();

private:
    ServicePath& m_path;
};

} // namespace custos::model
