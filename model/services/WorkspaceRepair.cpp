// doctor --repair: each repairable finding fixed by its own operation through the service path,
// audited as WorkspaceRepair (workspace/repair), while no other process has the workspace open.

#include "ServicePath.h"
#include "Services.h"
#include "WorkspaceDoctor.h"
#include "WorkspaceDoctor_p.h"
#include "crypto/pkcs11/Token.h"
#include "model/session/Workspace.h"
#include "model/session/WorkspaceLock.h"

namespace custos::model {

namespace {

Operation repairOperation(const DoctorFinding& finding, bool destroys, const OperationContext& context)
{
    Operation op;
    op.name = QStringLiteral("WorkspaceRepair");
    op.permission = QStringLiteral("workspace/repair");
    op.scope = QStringLiteral("/");
    op.resource = finding.resource.isEmpty() ? QStringLiteral("/") : finding.resource;
    op.context = context;
    op.details = {{QStringLiteral("finding"), doctorKindName(finding.kind)},
                  {QStringLiteral("id"), finding.subject},
                  {QStringLiteral("action"), destroys ? QStringLiteral("destroyed the token objects")
                                                      : QStringLiteral("removed the intent record")}};
    if (!finding.operation.isEmpty())
        op.details.insert(QStringLiteral("interruptedOperation"), finding.operation);
    return op;
}

// Destroys the finding's objects when the examination found them orphaned (interrupted creations
// and, on the workspace's own token, objects nobody owns); removes its intent row when it has one.
QCoro::Task<Outcome<void>> repairOne(Services& services, const DoctorFinding& finding, OperationContext context)
{
    const bool fromIntent = finding.kind == DoctorFinding::Kind::InterruptedOperation;
    const bool destroys = finding.destroysObjects;
    crypto::Token* token = services.workspace().token();
    const QString id = finding.subject;
    Steps<void> steps;
    if (destroys) {
        steps.engine = [token, id]() -> Outcome<void> {
            if (!token)
                return makeError(ErrorKind::Failed, QStringLiteral("the token is not open (log in first)"));
            return token->destroyObjects(QByteArray::fromHex(id.toLatin1()));
        };
    }
    steps.persist = [fromIntent, id](Database& db, QJsonObject&) -> Outcome<void> {
        if (!fromIntent)
            return {};
        return IntentStore(db).remove(id);
    };
    auto task = services.path().run(repairOperation(finding, destroys, context), std::move(steps));
    co_return co_await task;
}

} // namespace

QCoro::Task<Outcome<DoctorReport>> repairWorkspace(Services& services, OperationContext context)
{
    Operation op;
    op.name = QStringLiteral("WorkspaceRepair");
    op.permission = QStringLiteral("workspace/repair");
    op.scope = QStringLiteral("/");
    op.context = context;
    if (auto allowed = services.path().authorise(op); !allowed)
        co_return allowed.error(); // audited as Denied
    WorkspaceLock& lock = services.workspace().lock();
    if (!lock.tryExclusive()) {
        co_return services.path().recordFailure(
            op, makeError(ErrorKind::Conflict,
                          QStringLiteral("the workspace is open in another Custos process (custos or custosctl): "
                                         "close it and run doctor --repair again; an operation it is running "
                                         "would look interrupted")));
    }
    auto examining = doctor::examine(services);
    Outcome<DoctorReport> report = co_await examining;
    if (report) {
        report->exclusive = true;
        report->repairRan = true;
        for (DoctorFinding& finding : report->findings) {
            if (!finding.repairable)
                continue;
            auto repairing = repairOne(services, finding, context);
            Outcome<void> repaired = co_await repairing;
            finding.repaired = repaired.ok();
            if (!repaired)
                finding.repairError = repaired.error().message;
        }
    }
    lock.releaseExclusive();
    co_return report;
}

} // namespace custos::model
