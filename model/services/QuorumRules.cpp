#include "QuorumRules.h"

#include "AdministratorRule.h"
#include "crypto/Digest.h"
#include "crypto/Hmac.h"
#include "crypto/Random.h"
#include "model/authz/EffectiveGrants.h"
#include "model/authz/Permissions.h"
#include "model/store/Stores.h"

#include <QJsonDocument>

namespace custos::model {

namespace {
const QString kApprovalsKey = QStringLiteral("quorum.approvals");
const QString kOperationsKey = QStringLiteral("quorum.operations");

const crypto::SecureBuffer& processApprovalKey()
{
    static const crypto::SecureBuffer key = crypto::randomSecret(32);
    return key;
}

QByteArray macInput(const Approval& approval)
{
    return QStringLiteral("custos-approval-v1\n%1\n%2\n%3")
        .arg(approval.approver, approval.digest, QString::number(approval.approvedAt.toMSecsSinceEpoch()))
        .toUtf8();
}

bool grantsAt(const EffectiveGrant& grant, const QString& permission, const QString& scope)
{
    return grant.grants(permission) && scopeCovers(grant.scope, scope);
}

bool isAdministrator(const EffectiveGrant& grant)
{
    return grant.role == kAdministratorRole && grant.scope == QLatin1String("/");
}

// Who could approve, by the grants that pass `counts`.
template <typename Counts>
Outcome<QStringList> approversWhere(Database& db, const QString& permission, const QString& scope, bool administrative,
                                    const QString& initiator, Counts counts)
{
    auto operators = OperatorStore(db).list();
    if (!operators)
        return operators.error();
    QStringList names;
    for (const Operator& op : operators.value()) {
        if (!op.enabled || op.name.compare(initiator, Qt::CaseInsensitive) == 0)
            continue;
        auto grants = effectiveGrants(db, op.name);
        if (!grants)
            return grants.error();
        bool permitted = false;
        bool admin = !administrative;
        for (const EffectiveGrant& grant : grants.value()) {
            if (!counts(grant))
                continue;
            permitted = permitted || grantsAt(grant, permission, scope);
            admin = admin || isAdministrator(grant);
        }
        if (permitted && admin)
            names << op.name;
    }
    return names;
}
} // namespace

Outcome<QuorumPolicy> readQuorumPolicy(Database& db)
{
    SettingsStore settings(db);
    QuorumPolicy policy;
    auto approvals = settings.get(kApprovalsKey);
    if (!approvals)
        return approvals.error();
    if (approvals.value())
        policy.approvals = qMax(1, approvals.value()->toInt());
    auto operations = settings.get(kOperationsKey);
    if (!operations)
        return operations.error();
    policy.operations = operations.value() && !operations.value()->isEmpty()
                            ? operations.value()->split(QLatin1Char(','))
                            : quorumProtectedOperations();
    return policy;
}

Outcome<void> writeQuorumPolicy(Database& db, const QuorumPolicy& policy)
{
    SettingsStore settings(db);
    if (auto set = settings.set(kApprovalsKey, QString::number(policy.approvals)); !set)
        return set;
    return settings.set(kOperationsKey, policy.operations.join(QLatin1Char(',')));
}

QString approvalDigest(const ApprovalRequest& request)
{
    // QJsonObject keeps its keys sorted, so the compact form is canonical for these values.
    const QJsonObject canonical{
        {QStringLiteral("v"), 1},
        {QStringLiteral("protected"), request.protectedName},
        {QStringLiteral("operation"), request.operation},
        {QStringLiteral("permission"), request.permission},
        {QStringLiteral("scope"), request.scope},
        {QStringLiteral("resource"), request.resource},
        {QStringLiteral("parameters"), request.parameters},
        {QStringLiteral("initiator"), request.initiator},
    };
    return QString::fromLatin1(crypto::sha256(QJsonDocument(canonical).toJson(QJsonDocument::Compact)).toHex());
}

QByteArray approvalMac(const Approval& approval)
{
    return crypto::hmacSha256(processApprovalKey(), macInput(approval));
}

bool hasValidMac(const Approval& approval)
{
    const QByteArray expected = approvalMac(approval);
    if (expected.isEmpty() || expected.size() != approval.mac.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < expected.size(); ++i)
        difference |= static_cast<unsigned char>(expected[i] ^ approval.mac[i]);
    return difference == 0;
}

Outcome<QStringList> eligibleApprovers(Database& db, const QString& permission, const QString& scope,
                                       bool administrative, const QDateTime& now, const QString& initiator)
{
    return approversWhere(db, permission, scope, administrative, initiator,
                          [&now](const EffectiveGrant& grant) { return grant.isActiveAt(now); });
}

QStringList quorumPermissions(const QString& protectedName)
{
    static const QHash<QString, QStringList> permissions{
        {QStringLiteral("securitydomain-restore"), {QStringLiteral("securitydomain/upload/action")}},
        {QStringLiteral("purge"),
         {QStringLiteral("keys/deletedKeys/delete"), QStringLiteral("certificates/deletedCertificates/delete"),
          QStringLiteral("vaults/deletedVaults/delete")}},
        {QStringLiteral("assign-administrator"), {QStringLiteral("roleAssignments/write/action")}},
        {QStringLiteral("role-definitions"), {QStringLiteral("roleDefinitions/write/action")}},
        {QStringLiteral("quorum"), {QStringLiteral("quorum/write")}},
        {QStringLiteral("operator-disable"), {QStringLiteral("operators/write")}},
        {QStringLiteral("operator-reset"), {QStringLiteral("operators/write")}},
        {QStringLiteral("audit-archive"), {QStringLiteral("audit/archive")}},
        {QStringLiteral("workspace-repair"), {QStringLiteral("workspace/repair")}},
    };
    return permissions.value(protectedName);
}

Outcome<void> checkQuorumLiveness(Database& db, const QDateTime& now, const QuorumPolicy& policy,
                                  const QString& refusal)
{
    if (!policy.isOn())
        return {};
    for (const QString& name : policy.operations) {
        for (const QString& permission : quorumPermissions(name)) {
            auto approvers = approversWhere(
                db, permission, QStringLiteral("/"), isAdministrativeQuorumOperation(name), {},
                [&now](const EffectiveGrant& grant) { return !grant.expires.isValid() && grant.isActiveAt(now); });
            if (!approvers)
                return approvers.error();
            if (approvers->size() < policy.approvals) {
                return makeError(
                    ErrorKind::Conflict,
                    QStringLiteral("%1: quorum needs %2 operators who can approve '%3' (%4 at /%5), and there "
                                   "would be %6 (%7)")
                        .arg(refusal)
                        .arg(policy.approvals)
                        .arg(name, permission,
                             isAdministrativeQuorumOperation(name) ? QStringLiteral(", as Administrator") : QString())
                        .arg(approvers->size())
                        .arg(approvers->isEmpty() ? QStringLiteral("none") : approvers->join(QStringLiteral(", "))));
            }
        }
    }
    return {};
}

Outcome<void> checkQuorumRemains(Database& db, const QDateTime& now, const QString& refusal)
{
    auto policy = readQuorumPolicy(db);
    if (!policy)
        return policy.error();
    return checkQuorumLiveness(db, now, policy.value(), refusal);
}

} // namespace custos::model
