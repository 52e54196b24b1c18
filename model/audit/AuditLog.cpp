#include "AuditLog.h"
#include "AuditEncoding.h"
#include "AuditVerifier.h"

#include "model/store/SqlSupport_p.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#include <limits>

namespace custos::model {

namespace {

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

QString auditProblemName(AuditVerification::Problem problem)
{
    using P = AuditVerification::Problem;
    switch (problem) {
    case P::None:
        return QStringLiteral("none");
    case P::Edited:
        return QStringLiteral("edited");
    case P::Deleted:
        return QStringLiteral("deleted");
    case P::Inserted:
        return QStringLiteral("inserted");
    case P::Reordered:
        return QStringLiteral("reordered");
    case P::Truncated:
        return QStringLiteral("truncated");
    case P::ForgedCheckpoint:
        return QStringLiteral("forged-checkpoint");
    case P::Unreadable:
        return QStringLiteral("unreadable");
    }
    return {};
}

QByteArray AuditLog::canonicalEncoding(const AuditEvent& event)
{
    if (event.encoding == kAuditEncodingV1)
        return auditCanonicalV1(event);
    if (event.encoding != kAuditEncodingV2)
        return {};
    const AuditEventText text = auditEventText(event);
    const QByteArray op = event.operatorName.toUtf8(), operation = event.operation.toUtf8(),
                     resource = event.resource.toUtf8(), result = auditResultName(event.result).toUtf8(),
                     reason = event.reason.toUtf8(), justification = event.justification.toUtf8(),
                     correlation = event.correlationId.toUtf8(), workstation = event.workstation.toUtf8(),
                     osUser = event.osUser.toUtf8(), version = event.version.toUtf8();
    AuditRecordView view;
    view.seq = event.seq;
    view.time = event.time.toMSecsSinceEpoch();
    view.fields = {op,          text.approvers, operation, resource, result,      reason, justification,
                   correlation, workstation,    osUser,    version,  text.details};
    return AuditHasher::canonicalBytes(view, event.prevHash.toLatin1(), auditContentHash(event).toLatin1());
}

QString AuditLog::computeHash(const AuditEvent& event)
{
    return auditEventHash(event);
}

Outcome<AuditEvent> AuditLog::append(AuditEvent event)
{
    // Prepared once per connection: every operation of the service path runs these two.
    auto last = m_db.cachedQuery("audit.last", QStringLiteral("SELECT seq, hash FROM audit_events ORDER BY seq DESC "
                                                              "LIMIT 1"));
    if (!last)
        return last.error();
    if (!last.value()->exec())
        return sqlError(QStringLiteral("cannot read the audit trail"), last.value()->lastError());
    if (last.value()->next()) {
        event.seq = last.value()->value(0).toLongLong() + 1;
        event.prevHash = last.value()->value(1).toString();
    } else {
        event.seq = 1;
        event.prevHash = zeroHash();
        // Everything archived: the trail continues after the archive's link checkpoint.
        QSqlQuery link(m_db.connection());
        if (!link.exec(QStringLiteral("SELECT seq, head FROM audit_checkpoints WHERE kind = 'archive' "
                                      "ORDER BY seq DESC LIMIT 1")))
            return sqlError(QStringLiteral("cannot read the audit trail"), link.lastError());
        if (link.next()) {
            event.seq = link.value(0).toLongLong() + 1;
            event.prevHash = link.value(1).toString();
        }
    }
    last.value()->finish();

    event.encoding = kAuditEncodingCurrent;
    // Stored and hashed at millisecond precision, in UTC.
    event.time =
        event.time.isValid() ? QDateTime::fromMSecsSinceEpoch(event.time.toMSecsSinceEpoch(), Qt::UTC) : sql::nowUtc();
    // The JSON texts once: stored as they are hashed.
    const AuditEventText json = auditEventText(event);
    event.hash = auditHashV2(event, json);

    auto insert = m_db.cachedQuery(
        "audit.insert",
        QStringLiteral("INSERT INTO audit_events(%1) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .arg(kColumns));
    if (!insert)
        return insert.error();
    QSqlQuery& q = *insert.value();
    const QString empty(QLatin1String("")); // NOT NULL columns: never bind a null QString
    auto text = [&empty](const QString& s) { return s.isNull() ? empty : s; };
    q.bindValue(0, event.seq);
    q.bindValue(1, event.encoding);
    q.bindValue(2, event.time.toMSecsSinceEpoch());
    q.bindValue(3, text(event.operatorName));
    q.bindValue(4, QString::fromUtf8(json.approvers));
    q.bindValue(5, text(event.operation));
    q.bindValue(6, text(event.resource));
    q.bindValue(7, auditResultName(event.result));
    q.bindValue(8, text(event.reason));
    q.bindValue(9, text(event.justification));
    q.bindValue(10, text(event.correlationId));
    q.bindValue(11, text(event.workstation));
    q.bindValue(12, text(event.osUser));
    q.bindValue(13, text(event.version));
    q.bindValue(14, QString::fromUtf8(json.details));
    q.bindValue(15, event.prevHash);
    q.bindValue(16, event.hash);
    const bool inserted = q.exec();
    const QSqlError error = q.lastError();
    q.finish();
    if (!inserted)
        return sqlError(QStringLiteral("cannot write the audit event"), error);
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
    return verifyAuditTrail(m_db, AuditVerifyInput{});
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
    object.insert(QStringLiteral("encoding"), event.encoding);
    return object;
}

} // namespace custos::model
