#include "AuditQuery.h"

#include "model/store/Database.h"
#include "model/store/SqlSupport_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace custos::model {

namespace {

const QString kColumns =
    QStringLiteral("seq, encoding, time, operator, approvers, operation, resource, result, reason, "
                   "justification, correlation_id, workstation, os_user, version, details, "
                   "prev_hash, hash");

AuditEvent readEvent(const QSqlQuery& query)
{
    AuditEvent e;
    e.seq = query.value(0).toLongLong();
    e.encoding = query.value(1).toInt();
    e.time = sql::toTime(query.value(2));
    e.operatorName = query.value(3).toString();
    const QJsonArray approvers = QJsonDocument::fromJson(query.value(4).toString().toUtf8()).array();
    for (const QJsonValue& approver : approvers)
        e.approvers << approver.toString();
    e.operation = query.value(5).toString();
    e.resource = query.value(6).toString();
    parseAuditResult(query.value(7).toString(), &e.result);
    e.reason = query.value(8).toString();
    e.justification = query.value(9).toString();
    e.correlationId = query.value(10).toString();
    e.workstation = query.value(11).toString();
    e.osUser = query.value(12).toString();
    e.version = query.value(13).toString();
    e.details = QJsonDocument::fromJson(query.value(14).toString().toUtf8()).object();
    e.prevHash = query.value(15).toString();
    e.hash = query.value(16).toString();
    return e;
}

QString escapeLike(QString text)
{
    text.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    text.replace(QLatin1Char('%'), QLatin1String("\\%"));
    text.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return text;
}

// The next string after every string starting with `prefix` in SQLite's BINARY order: a range
// `>= prefix AND < upper` is what an index serves (LIKE 'x%' is not, with the default case rules).
QString upperBound(const QString& prefix)
{
    QString upper = prefix;
    upper[upper.size() - 1] = QChar(upper.at(upper.size() - 1).unicode() + 1);
    return upper;
}

struct Where
{
    QStringList clauses;
    QVariantList values;
    QString sql() const
    {
        return clauses.isEmpty() ? QString() : QStringLiteral(" WHERE ") + clauses.join(QStringLiteral(" AND "));
    }
};

QString placeholders(qsizetype n)
{
    QStringList marks;
    for (qsizetype i = 0; i < n; ++i)
        marks << QStringLiteral("?");
    return marks.join(QStringLiteral(", "));
}

Where whereOf(const AuditQuery& query)
{
    Where w;
    if (query.since.isValid()) {
        w.clauses << QStringLiteral("time >= ?");
        w.values << query.since.toMSecsSinceEpoch();
    }
    if (query.until.isValid()) {
        w.clauses << QStringLiteral("time <= ?");
        w.values << query.until.toMSecsSinceEpoch();
    }
    if (!query.operators.isEmpty()) {
        w.clauses << QStringLiteral("operator IN (%1)").arg(placeholders(query.operators.size()));
        for (const QString& name : query.operators)
            w.values << name;
    }
    if (!query.operations.isEmpty()) {
        QStringList any;
        QStringList exact;
        for (const QString& operation : query.operations) {
            if (operation.size() > 1 && operation.endsWith(QLatin1Char('*'))) {
                const QString prefix = operation.chopped(1);
                any << QStringLiteral("(operation >= ? AND operation < ?)");
                w.values << prefix << upperBound(prefix);
            } else if (operation.size() > 1 && operation.startsWith(QLatin1Char('*'))) {
                any << QStringLiteral("operation LIKE ? ESCAPE '\\'");
                w.values << QStringLiteral("%") + escapeLike(operation.mid(1));
            } else {
                exact << operation;
            }
        }
        if (!exact.isEmpty()) {
            any << QStringLiteral("operation IN (%1)").arg(placeholders(exact.size()));
            for (const QString& operation : exact)
                w.values << operation;
        }
        w.clauses << QStringLiteral("(") + any.join(QStringLiteral(" OR ")) + QStringLiteral(")");
    }
    if (!query.results.isEmpty() && query.results.size() < 3) {
        QStringList names;
        for (AuditResult result : query.results) {
            if (!names.contains(auditResultName(result)))
                names << auditResultName(result);
        }
        if (names.size() < 3) {
            w.clauses << QStringLiteral("result IN (%1)").arg(placeholders(names.size()));
            for (const QString& name : names)
                w.values << name;
        }
    }
    QString prefix = query.resourcePrefix.trimmed();
    while (prefix.size() > 1 && prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    if (!prefix.isEmpty() && prefix != QLatin1String("/")) {
        // The resource itself, or below it: "/vaults/a/..." but not "/vaults/ab".
        const QString below = prefix + QLatin1Char('/');
        w.clauses << QStringLiteral("(resource = ? OR (resource >= ? AND resource < ?))");
        w.values << prefix << below << upperBound(below);
    }
    const QString match = AuditQueries::matchExpression(query.text);
    if (!match.isEmpty()) {
        w.clauses << QStringLiteral("seq IN (SELECT rowid FROM audit_search WHERE audit_search MATCH ?)");
        w.values << match;
    } else if (!query.text.trimmed().isEmpty()) {
        w.clauses << QStringLiteral("0"); // only punctuation: nothing can match it
    }
    return w;
}

QString orderBy(const AuditQuery& query)
{
    const QString dir = query.sortOrder == Qt::AscendingOrder ? QStringLiteral("ASC") : QStringLiteral("DESC");
    QString column;
    switch (query.sortColumn) {
    case AuditQuery::SortColumn::Seq:
        return QStringLiteral(" ORDER BY seq ") + dir;
    case AuditQuery::SortColumn::Time:
        column = QStringLiteral("time");
        break;
    case AuditQuery::SortColumn::Operator:
        column = QStringLiteral("operator");
        break;
    case AuditQuery::SortColumn::Operation:
        column = QStringLiteral("operation");
        break;
    case AuditQuery::SortColumn::Resource:
        column = QStringLiteral("resource");
        break;
    case AuditQuery::SortColumn::Result:
        column = QStringLiteral("result");
        break;
    }
    // seq breaks ties, so pages never overlap or skip.
    return QStringLiteral(" ORDER BY %1 %2, seq %2").arg(column, dir);
}

Outcome<QSqlQuery> run(Database& db, const QString& text, const QVariantList& values)
{
    QSqlQuery query(db.connection());
    query.setForwardOnly(true);
    if (!query.prepare(text))
        return sqlError(QStringLiteral("cannot query the audit trail"), query.lastError());
    for (const QVariant& value : values)
        query.addBindValue(value);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot query the audit trail"), query.lastError());
    return query;
}

Outcome<QStringList> distinct(Database& db, const QString& column)
{
    // A loose index scan (one index seek per distinct value), not a scan of 1,000,000 entries.
    const QString text = QStringLiteral("WITH RECURSIVE v(x) AS (SELECT min(%1) FROM audit_events UNION ALL "
                                        "SELECT (SELECT min(%1) FROM audit_events WHERE %1 > v.x) FROM v "
                                        "WHERE v.x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL")
                             .arg(column);
    auto query = run(db, text, {});
    if (!query)
        return query.error();
    QStringList values;
    while (query->next())
        values << query->value(0).toString();
    return values;
}

} // namespace

bool AuditQuery::isUnfiltered() const
{
    AuditQuery plain;
    plain.sortColumn = sortColumn;
    plain.sortOrder = sortOrder;
    AuditQuery self = *this;
    if (self.results.size() >= 3)
        self.results.clear();
    if (self.resourcePrefix.trimmed() == QLatin1String("/"))
        self.resourcePrefix.clear();
    self.text = self.text.trimmed();
    return self == plain;
}

QString AuditQueries::matchExpression(const QString& text)
{
    static const QRegularExpression space(QStringLiteral("\\s+"));
    QStringList tokens;
    for (const QString& word : text.split(space, Qt::SkipEmptyParts)) {
        const bool hasWordCharacter =
            std::any_of(word.begin(), word.end(), [](QChar c) { return c.isLetterOrNumber(); });
        if (!hasWordCharacter)
            continue; // would tokenise to nothing: an empty phrase
        QString quoted = word;
        quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
        tokens << QLatin1Char('"') + quoted + QLatin1String("\"*");
    }
    return tokens.join(QLatin1Char(' '));
}

Outcome<qint64> AuditQueries::count(const AuditQuery& query)
{
    const Where w = whereOf(query);
    auto result = run(m_db, QStringLiteral("SELECT count(*) FROM audit_events") + w.sql(), w.values);
    if (!result)
        return result.error();
    return result->next() ? result->value(0).toLongLong() : 0;
}

Outcome<QList<AuditEvent>> AuditQueries::page(const AuditQuery& query, qint64 offset, int limit)
{
    if (offset < 0 || limit <= 0)
        return QList<AuditEvent>{};
    QString text;
    QVariantList values;
    if (query.isUnfiltered() && query.sortColumn == AuditQuery::SortColumn::Seq) {
        // Seek by key: AuditLog assigns seq contiguously, so row k is first + k (or last - k). A gap
        // (a tampered trail, which verify reports) shifts the rows, it never fails the page.
        const bool ascending = query.sortOrder == Qt::AscendingOrder;
        text = QStringLiteral("SELECT %1 FROM audit_events WHERE seq %2 (SELECT %3(seq) FROM audit_events) %4 ? "
                              "ORDER BY seq %5 LIMIT ?")
                   .arg(kColumns, ascending ? QStringLiteral(">=") : QStringLiteral("<="),
                        ascending ? QStringLiteral("min") : QStringLiteral("max"),
                        ascending ? QStringLiteral("+") : QStringLiteral("-"),
                        ascending ? QStringLiteral("ASC") : QStringLiteral("DESC"));
        values << offset << limit;
    } else {
        // A deferred join: OFFSET skips entries of the index that serves the filter and order
        // (rowids only), and only the page's rows are read whole.
        const Where w = whereOf(query);
        const QString order = orderBy(query);
        text = QStringLiteral("SELECT %1 FROM audit_events WHERE seq IN (SELECT seq FROM audit_events%2%3 "
                              "LIMIT ? OFFSET ?)%3")
                   .arg(kColumns, w.sql(), order);
        values = w.values;
        values << limit << offset;
    }
    auto result = run(m_db, text, values);
    if (!result)
        return result.error();
    QList<AuditEvent> events;
    events.reserve(limit);
    while (result->next())
        events << readEvent(result.value());
    return events;
}

Outcome<QList<AuditHistogramBin>> AuditQueries::histogram(const AuditQuery& query, AuditBucket bucket)
{
    const qint64 width = bucket == AuditBucket::Hour ? qint64(3600) * 1000 : qint64(86400) * 1000;
    const Where w = whereOf(query);
    QVariantList values{width, width};
    values << w.values;
    auto result = run(m_db,
                      QStringLiteral("SELECT (time / ?) * ? AS bucket, sum(result = 'Success'), "
                                     "sum(result = 'Denied'), sum(result = 'Failed') FROM audit_events") +
                          w.sql() + QStringLiteral(" GROUP BY bucket ORDER BY bucket"),
                      values);
    if (!result)
        return result.error();
    QList<AuditHistogramBin> bins;
    while (result->next()) {
        AuditHistogramBin bin;
        bin.bucketStart = QDateTime::fromMSecsSinceEpoch(result->value(0).toLongLong(), Qt::UTC);
        bin.success = result->value(1).toLongLong();
        bin.denied = result->value(2).toLongLong();
        bin.failed = result->value(3).toLongLong();
        bins << bin;
    }
    return bins;
}

Outcome<QStringList> AuditQueries::operators()
{
    return distinct(m_db, QStringLiteral("operator"));
}

Outcome<QStringList> AuditQueries::operations()
{
    return distinct(m_db, QStringLiteral("operation"));
}

} // namespace custos::model
