#include "QuorumService.h"

#include <QJsonArray>

#include "QuorumApproval.h"
#include "QuorumRules.h"
#include "ServicePath.h"
#include "model/session/Session.h"

namespace custos::model {

QuorumService::QuorumService(ServicePath& path, QObject* parent) : QObject(parent), m_path(path) {}

Outcome<QuorumPolicy> QuorumService::policy()
{
    Operation op;
    op.name = QStringLiteral("QuorumShow");
    op.permission = QStringLiteral("quorum/read");
    op.resource = QStringLiteral("/quorum");
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    return readQuorumPolicy(m_path.database());
}

QCoro::Task<Outcome<QuorumPolicy>> QuorumService::set(int approvals, QStringList operations, OperationContext context)
{
    if (operations.isEmpty())
        operations = quorumProtectedOperations();
    operations.removeDuplicates();
    QJsonArray names;
    for (const QString& name : operations)
        names.append(name);
    Operation op;
    op.name = QStringLiteral("QuorumSet");
    op.permission = QStringLiteral("quorum/write");
    op.resource = QStringLiteral("/quorum");
    op.protectedAs = QStringLiteral("quorum");
    op.details = {{QStringLiteral("approvals"), approvals}, {QStringLiteral("operations"), names}};
    op.context = std::move(context);

    QuorumPolicy policy;
    policy.approvals = approvals;
    // In ROLES.md's order, whatever order they were given in.
    for (const QString& name : quorumProtectedOperations()) {
        if (operations.contains(name))
            policy.operations << name;
    }
    const QDateTime now = m_path.now();
    Steps<QuorumPolicy> steps;
    steps.precheck = [approvals, operations](Database&) -> Outcome<void> {
        if (approvals < 1 || approvals > 10)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("invalid quorum %1: expected 1 (off) to 10 operators").arg(approvals));
        for (const QString& name : operations) {
            if (!quorumProtectedOperations().contains(name))
                return makeError(ErrorKind::Invalid,
                                 QStringLiteral("unknown protected operation '%1': expected %2")
                                     .arg(name, quorumProtectedOperations().join(QStringLiteral(", "))));
        }
        return {};
    };
    steps.persist = [policy, now](Database& db, QJsonObject&) -> Outcome<QuorumPolicy> {
        if (auto live = checkQuorumLiveness(db, now, policy, QStringLiteral("refused")); !live)
            return live.error();
        if (auto written = writeQuorumPolicy(db, policy); !written)
            return written.error();
        return policy;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (result)
        Q_EMIT policyChanged();
    co_return result;
}

QCoro::Task<Outcome<Approval>> QuorumService::approve(ApprovalRequest request, QString approver,
                                                      crypto::SecureBuffer passphrase)
{
    if (!m_path.session().isLoggedIn())
        co_return makeError(ErrorKind::Denied, QStringLiteral("not logged in"));
    auto secret = std::make_shared<crypto::SecureBuffer>(std::move(passphrase));
    auto task = giveApproval(m_path, std::move(request), std::move(approver), secret, {});
    auto result = co_await task;
    co_return result;
}

ApprovalRequest QuorumService::pendingRequest() const
{
    return m_path.pendingApprovalRequest();
}

} // namespace custos::model
