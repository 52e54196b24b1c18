#pragma once

#include "AuditEvent.h"
#include "crypto/Outcome.h"

#include <QDateTime>
#include <QList>
#include <QStringList>

namespace custos::model {

class Database;

// What the audit viewer asks for (issue 6, "Review"). Filtering and sorting happen in SQL over
// the indexes of migration 8, so a query over 1,000,000 events costs what its page costs.
struct AuditQuery
{
    enum class SortColumn { Seq, Time, Operator, Operation, Resource, Result };

    QDateTime since, until; // inclusive; invalid: open
    QStringList operators;  // exact names; empty: all
    // Exact identifiers; "Prefix*" and "*Suffix" are patterns (identifiers never contain '*'), so
    // "SecurityDomain*" is every security-domain step. Empty: all.
    QStringList operations;
    QList<AuditResult> results; // a set; empty: all
    QString resourcePrefix;     // "/vaults/a" matches "/vaults/a" and "/vaults/a/..."
    QString text;               // free text, FTS5 over operator, operation, resource, reason, justification, details
    SortColumn sortColumn = SortColumn::Time;
    Qt::SortOrder sortOrder = Qt::DescendingOrder; // newest first

    bool isUnfiltered() const;
    bool operator==(const AuditQuery& other) const = default;
};

enum class AuditBucket { Hour, Day };

// Events per bucket (UTC hours or days), split by result.
struct AuditHistogramBin
{
    QDateTime bucketStart;
    qint64 success = 0;
    qint64 denied = 0;
    qint64 failed = 0;
    qint64 total() const { return success + denied + failed; }
    bool operator==(const AuditHistogramBin& other) const = default;
};

// The queries, on the calling thread's connection to `db`. Reads only; authorisation is
// AuditReview's (model/services).
class AuditQueries
{
public:
    explicit AuditQueries(Database& db) : m_db(db) {}

    Outcome<qint64> count(const AuditQuery& query);
    // Rows [offset, offset + limit) in the query's order.
    Outcome<QList<AuditEvent>> page(const AuditQuery& query, qint64 offset, int limit);
    Outcome<QList<AuditHistogramBin>> histogram(const AuditQuery& query, AuditBucket bucket);
    // For the filter bar, sorted.
    Outcome<QStringList> operators();
    Outcome<QStringList> operations();

    // The FTS5 MATCH expression for user text: every whitespace-separated word becomes a quoted
    // prefix token ("word"*), all of them required; quotes doubled, so no user text can reach the
    // query syntax (OR, NEAR, column filters, parentheses, stray quotes). Empty when no word has a
    // letter or digit.
    static QString matchExpression(const QString& text);

private:
    Database& m_db;
};

} // namespace custos::model
