#pragma once

#include "crypto/Outcome.h"
#include "model/domain/Quorum.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace custos::model {

class Database;

// How long an approval counts after it was given (ROLES.md: a 5-minute window).
inline constexpr qint64 kApprovalWindowSeconds = 5 * 60;

// The policy in the workspace settings ("quorum.approvals", "quorum.operations").
Outcome<QuorumPolicy> readQuorumPolicy(Database& db);
Outcome<void> writeQuorumPolicy(Database& db, const QuorumPolicy& policy);

// Hex SHA-256 over a versioned canonical encoding of what the request names: protected name,
// operation, permission, scope, resource, parameters and initiator.
QString approvalDigest(const ApprovalRequest& request);

// Approvals carry a MAC under a key made at random once per process (never stored).
QByteArray approvalMac(const Approval& approval);
bool hasValidMac(const Approval& approval);

// Enabled operators other than `initiator` who may approve: holding `permission` at `scope`
// through an active assignment, and Administrator at "/" when `administrative`. By name.
Outcome<QStringList> eligibleApprovers(Database& db, const QString& permission, const QString& scope,
                                       bool administrative, const QDateTime& now, const QString& initiator = {});

// The permissions a protected operation needs, as counted at "/" for the liveness rule.
QStringList quorumPermissions(const QString& protectedName);

// ROLES.md liveness: every operation `policy` covers keeps at least M enabled operators who
// could approve it, counting only assignments without an expiry (a time-bound one lapses on its
// own). Conflict naming the operation and the count otherwise. Read inside the changing
// transaction, so it sees the change.
Outcome<void> checkQuorumLiveness(Database& db, const QDateTime& now, const QuorumPolicy& policy,
                                  const QString& refusal);

// The same for the policy in force: for changes that take approvers away (unassign, disable,
// delete, group member removal), after the change inside its transaction.
Outcome<void> checkQuorumRemains(Database& db, const QDateTime& now, const QString& refusal);

} // namespace custos::model
