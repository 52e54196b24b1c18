#pragma once

#include "model/audit/AuditQuery.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

class QSettings;

namespace custos::ui {

// What the audit window's filter bar says, in the form a saved filter keeps: the time range as a
// preset relative to "now" (so "Denied in the last 24 h" means the last 24 h whenever applied).
// Never holds a secret, so it may live in QSettings.
struct AuditFilterState
{
    enum class Range { LastHour, Last24Hours, Last7Days, All, Custom };

    Range range = Range::All;
    QDateTime since, until;            // Range::Custom only
    QString operatorName;              // empty: all
    QStringList operations;            // exact names or "Prefix*" / "*Suffix" patterns; empty: all
    QList<model::AuditResult> results; // empty: all
    QString resourcePrefix;
    QString text;

    model::AuditQuery toQuery(const QDateTime& now) const;
    bool operator==(const AuditFilterState& other) const = default;
};

struct SavedAuditFilter
{
    QString name;
    AuditFilterState state;
    bool builtIn = false;
};

// The built-ins ("All security-domain operations", "All purges", "Denied in the last 24 h") and
// the user's own, kept in QSettings under "auditViewer/savedFilters".
class AuditSavedFilters
{
    Q_DECLARE_TR_FUNCTIONS(AuditSavedFilters)
public:
    static QList<SavedAuditFilter> builtIns();
    static QList<SavedAuditFilter> load(QSettings& settings);
    // Adds or replaces the user filter `name`.
    static void save(QSettings& settings, const SavedAuditFilter& filter);
    static QList<SavedAuditFilter> all(QSettings& settings) { return builtIns() + load(settings); }
};

} // namespace custos::ui
