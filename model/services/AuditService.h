#pragma once

#include "crypto/Outcome.h"
#include "model/audit/AuditLog.h"

#include <QObject>

namespace custos::model {

class ServicePath;

// list: audit/read; verify: audit/verify. Reads are not audited.
class AuditService : public QObject
{
    Q_OBJECT
public:
    explicit AuditService(ServicePath& path, QObject* parent = nullptr);
    Outcome<QList<AuditEvent>> list(const AuditFilter& filter);
    Outcome<AuditVerification> verify();

private:
    ServicePath& m_path;
};

} // namespace custos::model
