#pragma once

#include "OperationContext.h"
#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"
#include "model/domain/Quorum.h"

#include <QCoro/QCoroTask>

#include <memory>

namespace custos::model {

class ServicePath;

// One approver's consent to `request`: they must exist, be enabled and not locked, not be the
// initiator, be eligible now, and prove their passphrase (scrypt off the calling thread; a wrong
// one counts towards their lockout). Audited as QuorumApprove under the approver's name, Success
// or Denied, with the request's digest; never the passphrase.
QCoro::Task<Outcome<Approval>> giveApproval(ServicePath& path, ApprovalRequest request, QString approver,
                                            std::shared_ptr<crypto::SecureBuffer> passphrase, OperationContext context);

} // namespace custos::model
