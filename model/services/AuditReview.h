#pragma once

#include "crypto/Outcome.h"
#include "model/audit/AuditQuery.h"

namespace custos::model {

class ServicePath;

// The audit viewer's reads (issue 6, "Review"): every call needs audit/read at "/", authorised
// through ServicePath::authorise (reads are not audited; a denial is). Constructed where needed,
// on the thread that owns the workspace's database connection.
class AuditReview
{
public:
    explicit AuditReview(ServicePath& path) : m_path(path) {}

    Outcome<qint64> count(const AuditQuery& query);
    Outcome<QList<AuditEvent>> page(const AuditQuery& query, qint64 offset, int limit);
    Outcome<QList<AuditHistogramBin>> histogram(const AuditQuery& query, AuditBucket bucket);
    Outcome<QStringList> operators();
    Outcome<QStringList> operations();

private:
    Outcome<void> authorise();

    ServicePath& m_path;
};

} // namespace custos::model
