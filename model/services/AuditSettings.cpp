#include "AuditSettings.h"

#include "ServicePath.h"
#include "model/audit/AuditCheckpoints.h"
#include "model/store/Stores.h"

namespace custos::model {

Outcome<int> auditCheckpointInterval(ServicePath& path)
{
    Operation op;
    op.name = QStringLiteral("AuditSettingsRead");
    op.permission = QStringLiteral("audit/read");
    if (auto allowed = path.authorise(op); !allowed)
        return allowed.error();
    return AuditCheckpoints::interval(path.database());
}

QCoro::Task<Outcome<int>> setAuditCheckpointInterval(ServicePath& path, int interval, OperationContext context)
{
    Operation op;
    op.name = QStringLiteral("AuditSettingsUpdate");
    op.permission = QStringLiteral("audit/archive");
    op.context = context;
    op.details = {{QStringLiteral("checkpointInterval"), interval}};
    Steps<int> steps;
    steps.precheck = [interval](Database&) -> Outcome<void> {
        if (interval < 1 || interval > kMaxCheckpointInterval)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("invalid checkpoint interval %1: expected 1 to %2 events")
                                 .arg(interval)
                                 .arg(kMaxCheckpointInterval));
        return {};
    };
    steps.persist = [interval](Database& db, QJsonObject&) -> Outcome<int> {
        if (auto set = SettingsStore(db).set(QLatin1String(kCheckpointIntervalSetting), QString::number(interval));
            !set)
            return set.error();
        if (auto* checkpoints = dynamic_cast<AuditCheckpoints*>(db.commitObserver()))
            checkpoints->setInterval(interval); // this session follows at once; others at their next login
        return interval;
    };
    auto task = path.run(std::move(op), std::move(steps));
    co_return co_await task;
}

} // namespace custos::model
