#include "AuditEvent.h"

namespace custos::model {

QString auditResultName(AuditResult r)
{
    switch (r) {
    case AuditResult::Success:
        return QStringLiteral("Success");
    case AuditResult::Denied:
        return QStringLiteral("Denied");
    case AuditResult::Failed:
        return QStringLiteral("Failed");
    }
    return QStringLiteral("Failed");
}

bool parseAuditResult(const QString& text, AuditResult* out)
{
    for (AuditResult r : {AuditResult::Success, AuditResult::Denied, AuditResult::Failed}) {
        if (text.compare(auditResultName(r), Qt::CaseInsensitive) == 0) {
            if (out)
                *out = r;
            return true;
        }
    }
    return false;
}

} // namespace custos::model
