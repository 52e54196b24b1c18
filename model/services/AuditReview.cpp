#include "AuditReview.h"

#include "ServicePath.h"

namespace custos::model {

Outcome<void> AuditReview::authorise()
{
    Operation op;
    op.name = QStringLiteral("AuditList"); // the same read as `audit list`: a denial is audited under its name
    op.permission = QStringLiteral("audit/read");
    return m_path.authorise(op);
}

Outcome<qint64> AuditReview::count(const AuditQuery& query)
{
    if (auto allowed = authorise(); !allowed)
        return allowed.error();
    return AuditQueries(m_path.database()).count(query);
}

Outcome<QList<AuditEvent>> AuditReview::page(const AuditQuery& query, qint64 offset, int limit)
{
    if (auto allowed = authorise(); !allowed)
        return allowed.error();
    return AuditQueries(m_path.database()).page(query, offset, limit);
}

Outcome<QList<AuditHistogramBin>> AuditReview::histogram(const AuditQuery& query, AuditBucket bucket)
{
    if (auto allowed = authorise(); !allowed)
        return allowed.error();
    return AuditQueries(m_path.database()).histogram(query, bucket);
}

Outcome<QStringList> AuditReview::operators()
{
    if (auto allowed = authorise(); !allowed)
        return allowed.error();
    return AuditQueries(m_path.database()).operators();
}

Outcome<QStringList> AuditReview::operations()
{
    if (auto allowed = authorise(); !allowed)
        return allowed.error();
    return AuditQueries(m_path.database()).operations();
}

} // namespace custos::model
