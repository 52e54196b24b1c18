#pragma once

#include "OperationContext.h"
#include "crypto/Outcome.h"

#include <QCoro/QCoroTask>
#include <QString>

#include <chrono>

namespace custos::model {

class ServicePath;

struct AuditForwardResult
{
    QString target;      // normalised URL
    qint64 firstSeq = 0; // 0 when nothing was pending
    qint64 lastSeq = 0;
    qint64 count = 0;
};

// `audit forward --syslog URL` (permission audit/forward): sends every event after the target's
// cursor as RFC 5424 syslog with a CEF payload (AuditFormats.h), in seq order and in batches.
// The cursor (settings key "audit.forward.<url>") advances after each batch only once the batch
// was sent (udp) or read by the peer (tcp, SyslogTransport.h), and in its own durable commit:
// a restart resumes with no gap; a crash between a send and its cursor commit repeats that batch,
// and the repeats are recognisable by the seq in each message's structured data. Events appended
// while it runs wait for the next run. Each run writes one AuditForward event (target, first and
// last seq, count; Failed with the reason when a batch could not be sent), which the next run
// forwards in turn. Constructed ad hoc on the services' thread.
class AuditForwarder
{
public:
    explicit AuditForwarder(ServicePath& path);

    void setBatchSize(int events) { m_batchSize = qMax(1, events); }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    QCoro::Task<Outcome<AuditForwardResult>> forward(QString url, OperationContext context = {});

    static QString cursorKey(const QString& normalisedUrl); // "audit.forward.udp://host:514"

private:
    ServicePath& m_path;
    int m_batchSize = 500;
    std::chrono::milliseconds m_timeout{10000};
};

} // namespace custos::model
