#include "AuditService.h"

#include "ServicePath.h"

namespace custos::model {

AuditService::AuditService(ServicePath& path, QObject* parent) : QObject(parent), m_path(path) {}

Outcome<QList<AuditEvent>> AuditService::list(const AuditFilter& filter)
{
    Operation op;
    op.name = QStringLiteral("AuditList");
    op.permission = QStringLiteral("audit/read");
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    return AuditLog(m_path.database()).list(filter);
}

Outcome<AuditVerification> AuditService::verify()
{
    Operation op;
    op.name = QStringLiteral("AuditVerify");
    op.permission = QStringLiteral("audit/verify");
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    return AuditLog(m_path.database()).verify();
}

} // namespace custos::model
