#include "ServicePath.h"

#include "SecurityDomainService.h"
#include "crypto/selftest/SelfTestGate.h"
#include "model/authz/AuthorisationCache.h"
#include "model/authz/Permissions.h"
#include "model/session/Session.h"
#include "model/session/Workspace.h"
#include "model/store/SecurityDomainStore.h"
#include "model/store/StorageFaults.h"
#include "model/store/Stores.h"

#include <algorithm>

namespace custos::model {

namespace {
// Issue 9: a failed start-up self test blocks every operation that uses or creates keys or
// certificates (and the security domain and backups, which carry key material). Reads stay.
bool blockedBySelfTest(const QString& permission)
{
    static const QStringList gatedGroups{QStringLiteral("keys/"), QStringLiteral("certificates/"),
                                         QStringLiteral("securitydomain/"), QStringLiteral("backup/"),
                                         QStringLiteral("restore/")};
    const bool gated = std::any_of(gatedGroups.begin(), gatedGroups.end(),
                                   [&permission](const QString& group) { return permission.startsWith(group); });
    if (!gated)
        return false;
    const QStringList parts = permission.split(QLatin1Char('/'));
    return !parts.contains(QLatin1String("read")) && !parts.contains(QLatin1String("status"));
}
} // namespace

QString sessionOperatorName(const Session& session)
{
    return session.operatorName();
}

ServicePath::ServicePath(Workspace& workspace, Session& session, QObject* parent)
    : QObject(parent), m_workspace(workspace), m_session(session)
{
}

GroupCommit& ServicePath::groupCommit()
{
    if (!m_groupCommit)
        m_groupCommit = std::make_unique<GroupCommit>(database());
    return *m_groupCommit;
}

Database& ServicePath::database() const
{
    return m_workspace.database();
}

bool ServicePath::isAllowed(const QString& permission, const QString& scope)
{
    if (!m_session.isLoggedIn())
        return false;
    if (!m_authorisation)
        m_authorisation = std::make_shared<AuthorisationCache>();
    auto decision = m_authorisation->decide(database(), m_session.operatorName(), permission, scope, now());
    return decision && decision->allowed;
}

std::function<bool(const QString& scope)> ServicePath::allowedScopes(const QString& permission)
{
    if (!m_session.isLoggedIn())
        return [](const QString&) { return false; };
    if (!m_authorisation)
        m_authorisation = std::make_shared<AuthorisationCache>();
    auto filter = m_authorisation->allowedScopes(database(), m_session.operatorName(), permission, now());
    if (!filter)
        return [](const QString&) { return false; };
    return filter.value();
}

Outcome<void> ServicePath::authorise(const Operation& op)
{
    const QString scope = op.scope.isEmpty() ? QStringLiteral("/") : op.scope;
    if (!m_session.isLoggedIn())
        return makeError(ErrorKind::Denied, QStringLiteral("not logged in"));

    // Authenticate again at each operation (an operator disabled since login stops here) and
    // decide from the cache, which notices any change to what it depends on (AuthorisationCache.h).
    if (!m_authorisation)
        m_authorisation = std::make_shared<AuthorisationCache>();
    auto decision = m_authorisation->decide(database(), m_session.operatorName(), op.permission, scope, now());
    if (!decision)
        return decision.error();
    if (!decision->operatorEnabled) {
        Operation denied = op;
        denied.scope = scope;
        return recordFailure(
            denied,
            makeError(ErrorKind::Denied, QStringLiteral("operator '%1' is disabled").arg(m_session.operatorName())));
    }
    if (decision->allowed) {
        if (blockedBySelfTest(op.permission)) {
            if (const QString blocked = crypto::selftest::startupFailureMessage(); !blocked.isEmpty()) {
                Operation refused = op;
                refused.scope = scope;
                return recordFailure(refused, makeError(ErrorKind::Failed, blocked));
            }
        }
        return {};
    }
    Operation denied = op;
    denied.scope = scope;
    denied.details.insert(QStringLiteral("missingPermission"), op.permission);
    return recordFailure(
        denied,
        makeError(ErrorKind::Denied, QStringLiteral("denied: missing permission %1 at %2").arg(op.permission, scope)));
}

Outcome<void> ServicePath::checkActivation(const Operation& op)
{
    // Everything that makes or brings in key material; uses of existing keys stay allowed.
    static const QStringList gated{QStringLiteral("KeyCreate"),
                                   QStringLiteral("KeyImport"),
                                   QStringLiteral("KeyRestore"),
                                   QStringLiteral("KeyRotate"),
                                   QStringLiteral("CertificateIssue"),
                                   QStringLiteral("CertificateCreate"),
                                   QStringLiteral("CertificateCsrCreate"),
                                   QStringLiteral("CertificateAuthorityCreate"),
                                   QStringLiteral("CertificateImport"),
                                   QStringLiteral("CertificateRenew"),
                                   QStringLiteral("BackupRestore")};
    if (!gated.contains(op.name))
        return {};
    auto activated = SecurityDomainStore(database()).activated();
    if (!activated)
        return activated.error();
    if (!activated.value()) {
        // A backup belongs to a security domain: a new workspace gets it by restoring, not downloading.
        if (op.name == QLatin1String("BackupRestore") || op.name == QLatin1String("KeyRestore"))
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("this workspace is not activated: restore the security domain the backup "
                                            "was made under first (custosctl sd restore --sd-file SD.json --custodian "
                                            "... with M custodians), then restore the backup"));
        return makeError(ErrorKind::Conflict, notActivatedMessage());
    }
    return {};
}

Error ServicePath::recordFailure(const Operation& op, const Error& failure)
{
    // On a full disk the token's answer (CKR_GENERAL_ERROR, say) does not say why: add it (issue 10).
    const Error error = storage::explainFailure(failure, {m_workspace.directory()});
    const AuditResult result = error.kind == ErrorKind::Denied ? AuditResult::Denied : AuditResult::Failed;
    const QString reason = error.kind == ErrorKind::Cancelled ? QStringLiteral("cancelled") : error.message;
    const QString resource =
        !op.resource.isEmpty() ? op.resource : (op.scope.isEmpty() ? QStringLiteral("/") : op.scope);
    const QString operatorName = op.operatorName.isEmpty() ? m_session.operatorName() : op.operatorName;
    AuditEvent event =
        AuditRecorder::makeEvent(operatorName, op.name, resource, result, reason, op.details, op.context);
    event.approvers = op.approvers;
    if (auto recorded = AuditRecorder(database()).recordAlone(std::move(event)); !recorded) {
        // The operation failed already; say that the trail could not record it either.
        return makeError(error.kind, error.message + QStringLiteral(" (and its audit event could not be written: ") +
                                         recorded.error().message + QLatin1Char(')'));
    }
    return error;
}

Outcome<void> ServicePath::recordIntent(const QString& id, const Operation& op)
{
    Transaction tx(database());
    if (auto begun = tx.begin(); !begun)
        return begun;
    if (auto inserted = IntentStore(database()).insert({id, op.name, op.resource, now()}); !inserted)
        return inserted;
    return tx.commit();
}

Outcome<void> ServicePath::removeIntentInTransaction(const QString& id)
{
    return IntentStore(database()).remove(id);
}

void ServicePath::dropIntent(const QString& id)
{
    if (id.isEmpty())
        return;
    // On a nearly full disk the commit that failed may have taken the last free pages: a WAL
    // checkpoint gives them back, so the intent does not outlive its operation (issue 10).
    for (int attempt = 0; attempt < 2; ++attempt) {
        Transaction tx(database());
        if (tx.begin() && IntentStore(database()).remove(id) && tx.commit())
            return;
        if (attempt == 0)
            (void)database().releaseWalSpace();
    }
}

QCoro::Task<Outcome<void>> ServicePath::onTokenThread(std::function<Outcome<void>()> work)
{
    // Never cancelled through the future (awaiting a cancelled QFuture<T> crashes QCoro 0.8):
    // work stops at safe points on its own and returns an outcome.
    auto running = QtConcurrent::run(m_workspace.tokenPool(), [work]() -> Outcome<void> {
        try {
            return work();
        } catch (const std::exception& e) {
            return makeError(ErrorKind::Failed, QStringLiteral("internal error: ") + QString::fromUtf8(e.what()));
        }
    });
    Outcome<void> result = co_await running;
    co_return result;
}

} // namespace custos::model
