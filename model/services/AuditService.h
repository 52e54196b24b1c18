#pragma once

#include "OperationContext.h"
#include "crypto/Outcome.h"
#include "model/audit/AuditLog.h"

#include <QCoro/QCoroTask>
#include <QObject>

#include <functional>

namespace custos::model {

class ServicePath;

// list: audit/read; verify: audit/verify. Reads are not audited. Writing an export file needs
// audit/read and audit/export and is audited (AuditExport) with the file name and event count.
class AuditService : public QObject
{
    Q_OBJECT
public:
    explicit AuditService(ServicePath& path, QObject* parent = nullptr);
    Outcome<QList<AuditEvent>> list(const AuditFilter& filter);
    Outcome<AuditVerification> verify();
    // Async. Renders the matching events with `render` and writes them atomically to `path`; the
    // file is removed again if the AuditExport event cannot be committed. Returns the event count.
    QCoro::Task<Outcome<qint64>> exportTo(AuditFilter filter, QString path, QString format,
                                          std::function<QByteArray(const QList<AuditEvent>&)> render,
                                          OperationContext context = {});

private:
    ServicePath& m_path;
};

} // namespace custos::model
