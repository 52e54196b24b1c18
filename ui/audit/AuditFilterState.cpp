#include "AuditFilterState.h"

#include <QSettings>

namespace custos::ui {

namespace {

const QString kGroup = QStringLiteral("auditViewer/savedFilters");

QString rangeName(AuditFilterState::Range range)
{
    switch (range) {
    case AuditFilterState::Range::LastHour:
        return QStringLiteral("lastHour");
    case AuditFilterState::Range::Last24Hours:
        return QStringLiteral("last24Hours");
    case AuditFilterState::Range::Last7Days:
        return QStringLiteral("last7Days");
    case AuditFilterState::Range::All:
        return QStringLiteral("all");
    case AuditFilterState::Range::Custom:
        return QStringLiteral("custom");
    }
    return QStringLiteral("all");
}

AuditFilterState::Range parseRange(const QString& name)
{
    using R = AuditFilterState::Range;
    for (R range : {R::LastHour, R::Last24Hours, R::Last7Days, R::All, R::Custom}) {
        if (rangeName(range) == name)
            return range;
    }
    return R::All;
}

} // namespace

model::AuditQuery AuditFilterState::toQuery(const QDateTime& now) const
{
    model::AuditQuery query;
    switch (range) {
    case Range::LastHour:
        query.since = now.addSecs(-3600);
        break;
    case Range::Last24Hours:
        query.since = now.addSecs(-24 * 3600);
        break;
    case Range::Last7Days:
        query.since = now.addDays(-7);
        break;
    case Range::All:
        break;
    case Range::Custom:
        query.since = since;
        query.until = until;
        break;
    }
    if (!operatorName.isEmpty())
        query.operators = {operatorName};
    query.operations = operations;
    query.results = results;
    query.resourcePrefix = resourcePrefix.trimmed();
    query.text = text.trimmed();
    return query;
}

QList<SavedAuditFilter> AuditSavedFilters::builtIns()
{
    SavedAuditFilter domain{tr("All security-domain operations"), {}, true};
    domain.state.operations = {QStringLiteral("SecurityDomain*")};
    SavedAuditFilter purges{tr("All purges"), {}, true};
    purges.state.operations = {QStringLiteral("*Purge")};
    SavedAuditFilter denied{tr("Denied in the last 24 h"), {}, true};
    denied.state.range = AuditFilterState::Range::Last24Hours;
    denied.state.results = {model::AuditResult::Denied};
    return {domain, purges, denied};
}

QList<SavedAuditFilter> AuditSavedFilters::load(QSettings& settings)
{
    QList<SavedAuditFilter> filters;
    const int size = settings.beginReadArray(kGroup);
    for (int i = 0; i < size; ++i) {
        settings.setArrayIndex(i);
        SavedAuditFilter filter;
        filter.name = settings.value(QStringLiteral("name")).toString();
        AuditFilterState& s = filter.state;
        s.range = parseRange(settings.value(QStringLiteral("range")).toString());
        s.since = settings.value(QStringLiteral("since")).toDateTime();
        s.until = settings.value(QStringLiteral("until")).toDateTime();
        s.operatorName = settings.value(QStringLiteral("operator")).toString();
        s.operations = settings.value(QStringLiteral("operations")).toStringList();
        for (const QString& name : settings.value(QStringLiteral("results")).toStringList()) {
            model::AuditResult result;
            if (model::parseAuditResult(name, &result))
                s.results << result;
        }
        s.resourcePrefix = settings.value(QStringLiteral("resource")).toString();
        s.text = settings.value(QStringLiteral("text")).toString();
        if (!filter.name.isEmpty())
            filters << filter;
    }
    settings.endArray();
    return filters;
}

void AuditSavedFilters::save(QSettings& settings, const SavedAuditFilter& filter)
{
    QList<SavedAuditFilter> filters = load(settings);
    bool replaced = false;
    for (SavedAuditFilter& existing : filters) {
        if (existing.name == filter.name) {
            existing = filter;
            replaced = true;
        }
    }
    if (!replaced)
        filters << filter;
    settings.remove(kGroup);
    settings.beginWriteArray(kGroup, int(filters.size()));
    for (int i = 0; i < filters.size(); ++i) {
        settings.setArrayIndex(i);
        const AuditFilterState& s = filters.at(i).state;
        settings.setValue(QStringLiteral("name"), filters.at(i).name);
        settings.setValue(QStringLiteral("range"), rangeName(s.range));
        settings.setValue(QStringLiteral("since"), s.since);
        settings.setValue(QStringLiteral("until"), s.until);
        settings.setValue(QStringLiteral("operator"), s.operatorName);
        settings.setValue(QStringLiteral("operations"), s.operations);
        QStringList results;
        for (model::AuditResult result : s.results)
            results << model::auditResultName(result);
        settings.setValue(QStringLiteral("results"), results);
        settings.setValue(QStringLiteral("resource"), s.resourcePrefix);
        settings.setValue(QStringLiteral("text"), s.text);
    }
    settings.endArray();
}

} // namespace custos::ui
