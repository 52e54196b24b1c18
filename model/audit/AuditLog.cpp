#include "AuditLog.h"

#include "model/store/SqlSupport_p.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#include <limits>

namespace custos::model {

namespace {

constexpr int kCurrentEncoding = 1;
constexpr int kVerifyPageSize = 1000; // verify() streams the trail in pages of this many events

const QString kColumns =
    QStringLiteral("seq, encoding, time, operator, approvers, operation, resource, result, reason, "
                   "justification, correlation_id, workstation, os_user, version, details, "
                   "prev_hash, hash");

QString zeroHash()
{
    return QString(64, QLatin1Char('0'));
}

QString compact(const QJsonArray& array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QString compact(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// One row. `faithful` turns false when a stored text is not exactly what append() would have
// written (unknown result name, JSON that is not in compact canonical form): such a row was edited
// even if its hash happens to match the parsed values.
AuditEvent readEvent(const QSqlQuery& query, bool* faithful)
{
    AuditEvent e;
    e.seq = query.value(0).toLongLong();
    e.encoding = query.value(1).toInt();
    e.time = sql::toTime(query.value(2));
    e.operatorName = query.value(3).toString();
    const QString approversText = query.value(4).toString();
    const QJsonArray approvers = QJsonDocument::fromJson(approversText.toUtf8()).array();
    for (const QJsonValue& approver : approvers)
        e.approvers << approver.toString();
    e.operation = query.value(5).toString();
    e.resource = query.value(6).toString();
    const QString resultText = query.value(7).toString();
    const bool resultKnown = parseAuditResult(resultText, &e.result);
    e.reason = query.value(8).toString();
    e.justification = query.value(9).toString();
    e.correlationId = query.value(10).toString();
    e.workstation = query.value(11).toString();
    e.osUser = query.value(12).toString();
    e.version = query.value(13).toString();
    const QString detailsText = query.value(14).toString();
    e.details = QJsonDocument::fromJson(detailsText.toUtf8()).object();
    e.prevHash = query.value(15).toString();
    e.hash = query.value(16).toString();
    if (faithful) {
        *faithful = resultKnown && resultText == auditResultName(e.result) &&
                    approversText == compact(QJsonArray::fromStringList(e.approvers)) &&
                    detailsText == compact(e.details);
    }
    return e;
}

QString escapeLike(QString text)
{
    text.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    text.replace(QLatin1Char('%'), QLatin1String("\\%"));
    text.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return text;
}

} // namespace

QByteArray AuditLog::canonicalEncoding(const AuditEvent& event)
{
    if (event.encoding != 1)
        return {};
    QJsonObject object;
    object.insert(QStringLiteral("seq"), QJsonValue(event.seq));
    object.insert(QStringLiteral("time"), QJsonValue(event.time.toMSecsSinceEpoch()));
    object.insert(QStringLiteral("operator"), event.operatorName);
    object.insert(QStringLiteral("approvers"), QJsonArray::fromStringList(event.approvers));
    object.insert(QStringLiteral("operation"), event.operation);
    object.insert(QStringLiteral("resource"), event.resource);
    object.insert(QStringLiteral("result"), auditResultName(event.result));
    object.insert(QStringLiteral("reason"), event.reason);
    object.insert(QStringLiteral("justification"), event.justification);
    object.insert(QStringLiteral("correlationId"), event.correlationId);
    object.insert(QStringLiteral("workstation"), event.workstation);
    object.insert(QStringLiteral("osUser"), event.osUser);
    object.insert(QStringLiteral("version"), event.version);
    object.insert(QStringLiteral("details"), event.details);
    object.insert(QStringLiteral("prevHash"), event.prevHash);
    return QByteArrayLiteral("custos-audit-v1\n") + QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString AuditLog::computeHash(const AuditEvent& event)
{
    const QByteArray encoded = canonicalEncoding(event);
    if (encoded.isEmpty())
        return {}; // an encoding this Custos does not know
    return QString::fromLatin1(QCryptographicHash::hash(encoded, QCryptographicHash::Sha256).toHex());
}

Outcome<AuditEvent> AuditLog::append(AuditEvent event)
{
    QSqlQuery last(m_db.connection());
    if (!last.exec(QStringLiteral("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")))
        return sqlError(QStringLiteral("cannot read the audit trail"), last.lastError());
    if (last.next()) {
        event.seq = last.value(0).toLongLong() + 1;
        event.prevHash = last.value(1).toString();
    } else {
        event.seq = 1;
        event.prevHash = zeroHash();
    }
    last.finish();

    event.encoding = kCurrentEncoding;
    // Stored and hashed at millisecond precision, in UTC.
    event.time =
        event.time.isValid() ? QDateTime::fromMSecsSinceEpoch(event.time.toMSecsSinceEpoch(), Qt::UTC) : sql::nowUtc();
    event.hash = computeHash(event);

    QSqlQuery insert(m_db.connection());
    insert.prepare(
        QStringLiteral("INSERT INTO audit_events(%1) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .arg(kColumns));
    const QString empty(QLatin1String("")); // NOT NULL columns: never bind a null QString
    auto text = [&empty](const QString& s) { return s.isNull() ? empty : s; };
    insert.addBindValue(event.seq);
    insert.addBindValue(event.encoding);
    insert.addBindValue(event.time.toMSecsSinceEpoch());
    insert.addBindValue(text(event.operatorName));
    insert.addBindValue(compact(QJsonArray::fromStringList(event.approvers)));
    insert.addBindValue(text(event.operation));
    insert.addBindValue(text(event.resource));
    insert.addBindValue(auditResultName(event.result));
    insert.addBindValue(text(event.reason));
    insert.addBindValue(text(event.justification));
    insert.addBindValue(text(event.correlationId));
    insert.addBindValue(text(event.workstation));
    insert.addBindValue(text(event.osUser));
    insert.addBindValue(text(event.version));
    insert.addBindValue(compact(event.details));
    insert.addBindValue(event.prevHash);
    insert.addBindValue(event.hash);
    if (!insert.exec())
        return sqlError(QStringLiteral("cannot write the audit event"), insert.lastError());
    return event;
}

Outcome<QList<AuditEvent>> AuditLog::list(const AuditFilter& filter)
{
    QStringList where;
    QVariantList values;
    if (filter.since.isValid()) {
        where << QStringLiteral("time >= ?");
        values << filter.since.toMSecsSinceEpoch();
    }
    if (filter.until.isValid()) {
        where << QStringLiteral("time <= ?");
        values << filter.until.toMSecsSinceEpoch();
    }
    if (!filter.principal.isEmpty()) {
        where << QStringLiteral("operator = ?");
        values << filter.principal;
    }
    if (!filter.operation.isEmpty()) {
        where << QStringLiteral("operation = ?");
        values << filter.operation;
    }
    if (filter.result) {
        where << QStringLiteral("result = ?");
        values << auditResultName(*filter.result);
    }
    QString prefix = filter.resourcePrefix;
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    if (!prefix.isEmpty()) {
        // A range rather than LIKE so the resource index serves it: '0' follows '/' in ASCII.
        where << QStringLiteral("(resource = ? OR (resource >= ? AND resource < ?))");
        values << prefix << prefix + QLatin1Char('/') << prefix + QLatin1Char('0');
    }
    if (!filter.search.isEmpty()) {
        const QString like = QLatin1Char('%') + escapeLike(filter.search) + QLatin1Char('%');
        QStringList columns{QStringLiteral("operation"), QStringLiteral("resource"), QStringLiteral("reason"),
                            QStringLiteral("justification"), QStringLiteral("details")};
        for (QString& column : columns) {
            column += QStringLiteral(" LIKE ? ESCAPE '\\'");
            values << like;
        }
        where << QLatin1Char('(') + columns.join(QStringLiteral(" OR ")) + QLatin1Char(')');
    }
    if (filter.afterSeq > 0) {
        where << QStringLiteral("seq > ?");
        values << filter.afterSeq;
    }

    QString sqlText = QStringLiteral("SELECT %1 FROM audit_events").arg(kColumns);
    if (!where.isEmpty())
        sqlText += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    if (filter.limit > 0) {
        sqlText =
            QStringLiteral("SELECT * FROM (%1 ORDER BY seq DESC LIMIT %2) ORDER BY seq").arg(sqlText).arg(filter.limit);
    } else {
        sqlText += QStringLiteral(" ORDER BY seq");
    }

    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    if (!query.prepare(sqlText))
        return sqlError(QStringLiteral("cannot list audit events"), query.lastError());
    for (const QVariant& value : values)
        query.addBindValue(value);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot list audit events"), query.lastError());
    QList<AuditEvent> events;
    while (query.next())
        events << readEvent(query, nullptr);
    return events;
}

Outcome<AuditVerification> AuditLog::verify()
{
    AuditVerification result;
    qint64 expectedSeq = 1;
    qint64 lastSeen = std::numeric_limits<qint64>::min(); // rows below 1 are reported, not skipped
    QString previousHash = zeroHash();
    auto fail = [&result](qint64 seq, QString problem) {
        result.ok = false;
        result.firstBadSeq = seq;
        result.problem = std::move(problem);
        return result;
    };

    for (;;) {
        QSqlQuery query(m_db.connection());
        query.setForwardOnly(true);
        query.prepare(QStringLiteral("SELECT %1 FROM audit_events WHERE seq > ? ORDER BY seq LIMIT %2")
                          .arg(kColumns)
                          .arg(kVerifyPageSize));
        query.addBindValue(lastSeen);
        if (!query.exec())
            return sqlError(QStringLiteral("cannot read the audit trail"), query.lastError());
        int rows = 0;
        while (query.next()) {
            ++rows;
            bool faithful = false;
            const AuditEvent event = readEvent(query, &faithful);
            lastSeen = event.seq;
            if (event.seq < expectedSeq)
                return fail(event.seq,
                            QStringLiteral("event %1: sequence number out of place (inserted?)").arg(event.seq));
            if (event.seq != expectedSeq) {
                if (expectedSeq == 1)
                    return fail(1, QStringLiteral("event 1 missing at the start (deleted?)"));
                return fail(
                    expectedSeq,
                    QStringLiteral("event %1 missing after %2 (deleted?)").arg(expectedSeq).arg(expectedSeq - 1));
            }
            if (event.encoding < 1 || event.encoding > kCurrentEncoding) {
                return fail(event.seq, QStringLiteral("event %1: unknown encoding %2 (edited, or written by a newer "
                                                      "Custos?)")
                                           .arg(event.seq)
                                           .arg(event.encoding));
            }
            if (!faithful || computeHash(event) != event.hash)
                return fail(event.seq,
                            QStringLiteral("event %1: hash does not match its content (edited?)").arg(event.seq));
            if (event.prevHash != previousHash) {
                if (event.seq == 1)
                    return fail(1, QStringLiteral("event 1: previous hash is not the start of a trail (truncated?)"));
                return fail(event.seq, QStringLiteral("event %1: previous hash does not match event %2 (reordered or "
                                                      "deleted?)")
                                           .arg(event.seq)
                                           .arg(event.seq - 1));
            }
            previousHash = event.hash;
            ++expectedSeq;
            ++result.eventsChecked;
        }
        if (rows < kVerifyPageSize)
            break;
    }
    return result;
}

Outcome<qint64> AuditLog::count()
{
    QSqlQuery query(m_db.connection());
    if (!query.exec(QStringLiteral("SELECT count(*) FROM audit_events")) || !query.next())
        return sqlError(QStringLiteral("cannot count audit events"), query.lastError());
    return query.value(0).toLongLong();
}

QJsonObject AuditLog::toJson(const AuditEvent& event)
{
    QJsonObject object;
    object.insert(QStringLiteral("seq"), QJsonValue(event.seq));
    object.insert(QStringLiteral("time"),
                  event.time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + QLatin1Char('Z'));
    object.insert(QStringLiteral("operator"), event.operatorName);
    object.insert(QStringLiteral("approvers"), QJsonArray::fromStringList(event.approvers));
    object.insert(QStringLiteral("operation"), event.operation);
    object.insert(QStringLiteral("resource"), event.resource);
    object.insert(QStringLiteral("result"), auditResultName(event.result));
    object.insert(QStringLiteral("reason"), event.reason);
    object.insert(QStringLiteral("justification"), event.justification);
    object.insert(QStringLiteral("correlationId"), event.correlationId);
    object.insert(QStringLiteral("workstation"), event.workstation);
    object.insert(QStringLiteral("osUser"), event.osUser);
    object.insert(QStringLiteral("version"), event.version);
    object.insert(QStringLiteral("details"), event.details);
    object.insert(QStringLiteral("prevHash"), event.prevHash);
    object.insert(QStringLiteral("hash"), event.hash);
    return object;
}

} // namespace custos::model
