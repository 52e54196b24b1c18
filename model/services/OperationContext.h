#pragma once

#include "crypto/SecureBuffer.h"
#include "model/domain/Quorum.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace custos::model {

// An approver named on the command line with their passphrase (`--approver NAME
// --approver-passphrase-file F`): the service path turns it into an Approval for the operation's
// digest (proving the passphrase then), so the CLI needs no second round.
struct ApproverCredential
{
    QString name;
    std::shared_ptr<crypto::SecureBuffer> passphrase;
};

// What a caller adds to any operation: the justification (`--reason TEXT`), the approvals a
// quorum-protected operation needs (GUI: gathered in the approval dialog; CLI: credentials), and
// the correlation id that ties one user action's events together (empty: a fresh one).
struct OperationContext
{
    OperationContext() = default;
    OperationContext(QString justificationText, QString correlation = {})
        : justification(std::move(justificationText)), correlationId(std::move(correlation))
    {
    }

    QString justification;
    QString correlationId;
    QList<Approval> approvals;
    QList<ApproverCredential> approverCredentials;
};

} // namespace custos::model
