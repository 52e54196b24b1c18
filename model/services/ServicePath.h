#pragma once

#include "AuditRecorder.h"
#include "GroupCommit.h"
#include "OperationContext.h"
#include "crypto/Outcome.h"
#include "model/audit/AuditLog.h"
#include "model/store/Database.h"

#include <QCoro/QCoroFuture>
#include <QCoro/QCoroTask>
#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>

namespace custos::model {

class Workspace;
class Session;
class AuthorisationCache;
QString sessionOperatorName(const Session& session);

// What an operation is, for authorisation and for its audit event.
struct Operation
{
    QString name;        // stable audit identifier: VaultCreate, RoleAssignmentDelete, ...
    QString permission;  // ROLES.md permission; empty: any authenticated operator (own passphrase)
    QString scope;       // where the permission must hold; "/" when empty
    QString resource;    // the event's target resource; the scope when empty
    QJsonObject details; // never secret
    OperationContext context;
    // The ROLES.md quorum name when quorum may protect it ("purge", "operator-disable", ...): run()
    // then asks for the approvals the policy needs and puts the approvers in the event.
    QString protectedAs;
    QStringList approvers; // filled by run() once the approvals are checked
    // Who runs it: taken by run() when it authorises, so an event committed after a lock or logout
    // still names the operator who started it. Empty: the session's operator at that moment.
    QString operatorName;
};

// The steps of a change. Every step is optional but persist.
template <typename T>
struct Steps
{
    // On the calling (database) thread before any engine work; NotFound, Conflict, Invalid here
    // stop the operation with a Failed event.
    std::function<Outcome<void>(Database&)> precheck;
    // Set when the engine step creates or destroys token objects: an intent row with this id (also
    // the objects' CKA_ID) is committed before the engine runs and removed in the transaction that
    // commits the outcome, so a crash in between leaves a row `doctor` can reconcile.
    QString intentId;
    // On the token thread; must capture only values or shared state. On failure it leaves no
    // partial token work behind.
    std::function<Outcome<void>()> engine;
    // On the token thread, when the engine step succeeded but the commit did not.
    std::function<void()> undoEngine;
    // Inside the transaction that also appends the Success event; may add to the event's details.
    std::function<Outcome<T>(Database&, QJsonObject& details)> persist;
};

// GCC 12 destroys temporaries inside a co_await operand twice: always co_await a named local.
//
// The one service path (DESIGN.md): authenticate -> authorise at the resource's scope -> engine call
// off the calling thread -> persist the change and append its one audit event in one transaction ->
// only then return the result. A denial is audited as Denied naming the missing permission; any
// other failure as Failed with its reason ("cancelled" for a cancelled one). If the event cannot be
// written, the change is rolled back and the engine work undone.
class ServicePath : public QObject
{
    Q_OBJECT
public:
    ServicePath(Workspace& workspace, Session& session, QObject* parent = nullptr);

    Workspace& workspace() const { return m_workspace; }
    Session& session() const { return m_session; }
    Database& database() const;

    // A clock seam for tests (assignment expiry, retention).
    QDateTime now() const { return m_clock ? m_clock() : QDateTime::currentDateTimeUtc(); }
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

    // Authenticate and authorise; audits a denial. For reads too: reads are not audited, their
    // denials are.
    Outcome<void> authorise(const Operation& op);
    // Without auditing: for filtering lists ("which vaults may this operator read").
    bool isAllowed(const QString& permission, const QString& scope);
    // The same question for many scopes: the operator's assignments are read once (a list of
    // 10,000 keys must not cost 10,000 queries). Valid for the current call only.
    std::function<bool(const QString& scope)> allowedScopes(const QString& permission);

    // Writes a Failed (or Denied) event for `op` on its own and hands the error back.
    Error recordFailure(const Operation& op, const Error& error);

    template <typename T>
    QCoro::Task<Outcome<T>> run(Operation op, Steps<T> steps);

    // Quorum (QuorumService.h): for an operation whose protectedAs the policy covers, turns the
    // context's approver credentials into approvals, checks every approval against the
    // operation's digest, window, initiator and eligibility, and refuses (audited, naming who may
    // still approve) without enough. Sets op.approvers. Called by run() after authorisation.
    QCoro::Task<Outcome<void>> checkQuorum(Operation& op);
    // The request of the last operation checkQuorum refused for want of approvals (the GUI's
    // approval dialog shows it); invalid when none.
    const ApprovalRequest& pendingApprovalRequest() const { return m_pendingRequest; }

    // Issue 7: operations that create or bring in keys are refused until the workspace's security
    // domain has been downloaded (or restored), as Managed HSM does; the message explains it.
    Outcome<void> checkActivation(const Operation& op);

    // Where run() commits (made on first use, on the database thread); public for its statistics.
    GroupCommit& groupCommit();

private:
    // Inside the operation's savepoint of a group commit (GroupCommit.h): persist, drop the intent,
    // append the Success event.
    template <typename T>
    Outcome<T> commitWithEvent(Operation& op, Steps<T>& steps);
    QCoro::Task<Outcome<void>> onTokenThread(std::function<Outcome<void>()> work);
    Outcome<void> recordIntent(const QString& id, const Operation& op); // own transaction
    Outcome<void> removeIntentInTransaction(const QString& id);
    void dropIntent(const QString& id); // own transaction; a leftover row is doctor's to report

    Workspace& m_workspace;
    Session& m_session;
    std::function<QDateTime()> m_clock;
    std::unique_ptr<GroupCommit> m_groupCommit;
    std::shared_ptr<AuthorisationCache> m_authorisation; // made on first use (model/authz)
    ApprovalRequest m_pendingRequest;
};

template <typename T>
QCoro::Task<Outcome<T>> ServicePath::run(Operation op, Steps<T> steps)
{
    if (op.scope.isEmpty())
        op.scope = QStringLiteral("/");
    if (op.resource.isEmpty())
        op.resource = op.scope;
    if (auto allowed = authorise(op); !allowed)
        co_return allowed.error();
    op.operatorName = sessionOperatorName(m_session);
    if (!op.protectedAs.isEmpty()) {
        auto quorumTask = checkQuorum(op);
        Outcome<void> approved = co_await quorumTask;
        if (!approved)
            co_return approved.error(); // audited by checkQuorum
    }
    if (auto activated = checkActivation(op); !activated)
        co_return recordFailure(op, activated.error());
    if (steps.precheck) {
        if (auto checked = steps.precheck(database()); !checked)
            co_return recordFailure(op, checked.error());
    }
    if (!steps.intentId.isEmpty()) {
        if (auto recorded = recordIntent(steps.intentId, op); !recorded)
            co_return recordFailure(op, recorded.error());
    }
    if (steps.engine) {
        QPointer<ServicePath> guard(this);
        auto engineTask = onTokenThread(steps.engine);
        Outcome<void> done = co_await engineTask;
        if (!guard)
            co_return makeError(ErrorKind::Cancelled, QStringLiteral("cancelled"));
        if (!done) {
            dropIntent(steps.intentId);
            co_return recordFailure(op, done.error());
        }
    }
    // The change and its event, in a savepoint of the next group commit; the result only once it
    // is durable.
    QPointer<ServicePath> committing(this);
    auto committed = std::make_shared<Outcome<T>>();
    auto work = [this, &op, &steps, committed]() -> Outcome<void> {
        *committed = commitWithEvent(op, steps);
        if (!*committed)
            return committed->error();
        return {};
    };
    auto grouped = groupCommit().commit(std::move(work));
    Outcome<void> durable = co_await grouped;
    Outcome<T> result = durable ? std::move(*committed) : Outcome<T>(durable.error());
    if (!committing)
        co_return result; // the services were torn down meanwhile: nothing left to undo with
    if (!result) {
        if (steps.engine && steps.undoEngine) {
            auto undo = steps.undoEngine;
            auto undoTask = onTokenThread([undo]() -> Outcome<void> {
                undo();
                return {};
            });
            co_await undoTask;
        }
        dropIntent(steps.intentId);
        co_return recordFailure(op, result.error());
    }
    co_return result;
}

template <typename T>
Outcome<T> ServicePath::commitWithEvent(Operation& op, Steps<T>& steps)
{
    QJsonObject details = op.details;
    Outcome<T> result = steps.persist(database(), details);
    if (!result)
        return result; // the group commit rolls back to this operation's savepoint
    if (!steps.intentId.isEmpty()) {
        if (auto removed = removeIntentInTransaction(steps.intentId); !removed)
            return removed.error();
    }
    op.details = details;
    AuditEvent event =
        AuditRecorder::makeEvent(op.operatorName.isEmpty() ? sessionOperatorName(m_session) : op.operatorName, op.name,
                                 op.resource, AuditResult::Success, {}, details, op.context);
    event.approvers = op.approvers;
    if (auto appended = AuditLog(database()).append(std::move(event)); !appended)
        return makeError(ErrorKind::Failed,
                         QStringLiteral("the audit event could not be written, nothing was changed: ") +
                             appended.error().message);
    return result;
}

} // namespace custos::model
