#pragma once

#include "OperationContext.h"
#include "crypto/Outcome.h"

#include <QCoro/QCoroTask>

namespace custos::model {

class ServicePath;

// The workspace's checkpoint interval (AuditCheckpoints.h): how many events the audit key signs
// the chain head after at the latest. Reading it needs audit/read; changing it audit/archive (it
// shapes the tamper evidence of the trail, as archiving does), audited (AuditSettingsUpdate).
inline constexpr int kMaxCheckpointInterval = 1'000'000;
Outcome<int> auditCheckpointInterval(ServicePath& path);
QCoro::Task<Outcome<int>> setAuditCheckpointInterval(ServicePath& path, int interval, OperationContext context = {});

} // namespace custos::model
