#include "AuditExportRender.h"

#include "model/audit/AuditFormats.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace custos::ui {

using model::AuditEvent;
using model::AuditQuery;

model::AuditFilter exportFilter(const AuditQuery& query)
{
    model::AuditFilter filter;
    filter.since = query.since;
    filter.until = query.until;
    if (query.operators.size() == 1)
        filter.principal = query.operators.first();
    if (query.operations.size() == 1 && !query.operations.first().contains(QLatin1Char('*')))
        filter.operation = query.operations.first();
    if (query.results.size() == 1)
        filter.result = query.results.first();
    filter.resourcePrefix = query.resourcePrefix;
    return filter;
}

bool exportFilterIsExact(const AuditQuery& query)
{
    const bool oneOperation = query.operations.isEmpty() ||
                              (query.operations.size() == 1 && !query.operations.first().contains(QLatin1Char('*')));
    return query.operators.size() <= 1 && oneOperation && (query.results.size() <= 1 || query.results.size() >= 3) &&
           query.text.trimmed().isEmpty();
}

bool matchesInMemory(const AuditQuery& query, const AuditEvent& event)
{
    if (!query.operators.isEmpty() && !query.operators.contains(event.operatorName))
        return false;
    if (!query.operations.isEmpty()) {
        bool any = false;
        for (const QString& operation : query.operations) {
            if (operation.size() > 1 && operation.endsWith(QLatin1Char('*')))
                any = any || event.operation.startsWith(operation.chopped(1));
            else if (operation.size() > 1 && operation.startsWith(QLatin1Char('*')))
                any = any || event.operation.endsWith(operation.mid(1));
            else
                any = any || event.operation == operation;
        }
        if (!any)
            return false;
    }
    if (!query.results.isEmpty() && !query.results.contains(event.result))
        return false;
    static const QRegularExpression space(QStringLiteral("\\s+"));
    const QStringList words = query.text.split(space, Qt::SkipEmptyParts);
    if (!words.isEmpty()) {
        const QString haystack =
            QStringList{
                event.operatorName,  event.operation,
                event.resource,      event.reason,
                event.justification, QString::fromUtf8(QJsonDocument(event.details).toJson(QJsonDocument::Compact))}
                .join(QLatin1Char('\n'));
        for (const QString& word : words) {
            if (!haystack.contains(word, Qt::CaseInsensitive))
                return false;
        }
    }
    return true;
}

std::function<QByteArray(const QList<AuditEvent>&)> exportRenderer(const AuditQuery& query, const QString& format)
{
    if (format == QLatin1String("jsonl")) {
        return [query](const QList<AuditEvent>& events) {
            QByteArray bytes;
            for (const AuditEvent& event : events) {
                if (matchesInMemory(query, event))
                    bytes += QJsonDocument(model::AuditLog::toJson(event)).toJson(QJsonDocument::Compact) + '\n';
            }
            return bytes;
        };
    }
    if (format == QLatin1String("csv")) {
        return [query](const QList<AuditEvent>& events) {
            QString text = model::AuditFormats::csvHeader();
            for (const AuditEvent& event : events) {
                if (matchesInMemory(query, event))
                    text += model::AuditFormats::csvLine(event);
            }
            return text.toUtf8();
        };
    }
    if (format == QLatin1String("cef")) {
        return [query](const QList<AuditEvent>& events) {
            QByteArray bytes;
            for (const AuditEvent& event : events) {
                if (matchesInMemory(query, event))
                    bytes += model::AuditFormats::cefLine(event).toUtf8() + '\n';
            }
            return bytes;
        };
    }
    return {};
}

} // namespace custos::ui
