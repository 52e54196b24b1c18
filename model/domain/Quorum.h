#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace custos::model {

// The operations quorum can protect, by the names `quorum set --operations` takes (ROLES.md).
QStringList quorumProtectedOperations();
// Those where an eligible approver must hold Administrator, not only the operation's permission.
bool isAdministrativeQuorumOperation(const QString& name);

// `quorum set`: M counts the people who must agree, the initiator first. M = 1 is off (the
// initiator alone); M = 2 asks one other eligible operator, and so on.
struct QuorumPolicy
{
    int approvals = 1;
    QStringList operations; // the protected operations it covers (all of them by default)

    bool isOn() const { return approvals > 1; }
    bool covers(const QString& protectedName) const { return isOn() && operations.contains(protectedName); }
    int approversNeeded() const { return approvals > 1 ? approvals - 1 : 0; }
};

// What an approver approves: one protected operation, exactly. The digest (hex SHA-256 over a
// canonical encoding of all the other fields) is what approvals are bound to.
struct ApprovalRequest
{
    QString protectedName; // "purge", "operator-disable", ...
    QString operation;     // the audit identifier: KeyPurge, OperatorDisable, ...
    QString permission;
    QString scope;
    QString resource;
    QJsonObject parameters; // the operation's non-secret details
    QString initiator;
    int approvalsNeeded = 0; // approvers besides the initiator
    QStringList eligible;    // who may approve it now (enabled, holding the permission, not the initiator)
    QString digest;

    bool isValid() const { return !digest.isEmpty(); }
    QString summary() const; // one line for a dialog or a prompt: "KeyPurge /vaults/a/keys/k by alice"
};

// One approver's consent, given by proving their passphrase (QuorumService::approve). It names the
// digest it was given for and when; it counts for that digest only, for 5 minutes. The MAC is
// made with a key that lives only in this process, so an approval cannot be made up or carried to
// another process.
struct Approval
{
    QString approver;
    QString digest;
    QDateTime approvedAt;
    QByteArray mac;
};

// A refusal for want of approvals: Denied, its message starting "quorum: " (ServicePath). The GUI
// then offers the approval dialog for QuorumService::pendingRequest().
inline const QString kQuorumRefusalPrefix = QStringLiteral("quorum: ");

} // namespace custos::model
