// Export and archive files, offline (AuditVerifier.h): no database, so the fuzz target links it.
#include "AuditVerifier.h"

#include "AuditChainWalk.h"
#include "AuditEncoding.h"
#include "AuditKey.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace custos::model {

using Problem = AuditVerification::Problem;

std::optional<AuditEvent> auditEventFromJson(const QJsonObject& o)
{
    AuditEvent e;
    const QJsonValue seq = o.value(QStringLiteral("seq"));
    if (!seq.isDouble())
        return std::nullopt;
    e.seq = seq.toInteger();
    e.encoding = o.value(QStringLiteral("encoding")).toInt(kAuditEncodingV1);
    e.time = QDateTime::fromString(o.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
    if (!e.time.isValid())
        return std::nullopt;
    e.time = QDateTime::fromMSecsSinceEpoch(e.time.toMSecsSinceEpoch(), Qt::UTC);
    e.operatorName = o.value(QStringLiteral("operator")).toString();
    for (const QJsonValue& approver : o.value(QStringLiteral("approvers")).toArray())
        e.approvers << approver.toString();
    e.operation = o.value(QStringLiteral("operation")).toString();
    e.resource = o.value(QStringLiteral("resource")).toString();
    if (!parseAuditResult(o.value(QStringLiteral("result")).toString(), &e.result))
        return std::nullopt;
    e.reason = o.value(QStringLiteral("reason")).toString();
    e.justification = o.value(QStringLiteral("justification")).toString();
    e.correlationId = o.value(QStringLiteral("correlationId")).toString();
    e.workstation = o.value(QStringLiteral("workstation")).toString();
    e.osUser = o.value(QStringLiteral("osUser")).toString();
    e.version = o.value(QStringLiteral("version")).toString();
    e.details = o.value(QStringLiteral("details")).toObject();
    e.prevHash = o.value(QStringLiteral("prevHash")).toString();
    e.hash = o.value(QStringLiteral("hash")).toString();
    return e;
}

Outcome<AuditFileSummary> verifyAuditFile(const QString& path, const QByteArray& publicKeyDer)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::Invalid, QStringLiteral("cannot read '%1': %2").arg(path, file.errorString()));
    return verifyAuditExport(file, path, publicKeyDer);
}

Outcome<AuditFileSummary> verifyAuditExport(QIODevice& file, const QString& path, const QByteArray& publicKeyDer)
{
    crypto::Sha256Stream sha;
    struct Line
    {
        int number = 0;
        std::optional<AuditEvent> event;
        qint64 seq = 0;
        int encoding = kAuditEncodingV2;
        QByteArray contentHash, hash; // stubs
    };
    QList<Line> records;
    QList<AuditCheckpoint> checkpoints;
    int number = 0;
    auto invalid = [&path, &number](const QString& what) {
        return makeError(ErrorKind::Invalid, QStringLiteral("%1, line %2: %3").arg(path).arg(number).arg(what));
    };
    while (!file.atEnd()) {
        const QByteArray raw = file.readLine();
        sha.update(raw);
        ++number;
        const QByteArray text = raw.trimmed();
        if (text.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
        if (!doc.isObject())
            return invalid(QStringLiteral("not a JSON object (%1)").arg(error.errorString()));
        const QJsonObject o = doc.object();
        if (o.contains(QStringLiteral("custosAuditExport")) || o.contains(QStringLiteral("custosAuditArchive")))
            continue; // the header
        if (o.contains(QStringLiteral("checkpoint"))) {
            auto checkpoint = AuditCheckpoint::fromJson(o.value(QStringLiteral("checkpoint")).toObject());
            if (!checkpoint)
                return invalid(QStringLiteral("a checkpoint needs seq, head, time, kind and signature"));
            checkpoints << *checkpoint;
            continue;
        }
        Line line;
        line.number = number;
        if (o.value(QStringLiteral("stub")).toBool()) {
            line.seq = o.value(QStringLiteral("seq")).toInteger();
            line.encoding = o.value(QStringLiteral("encoding")).toInt(kAuditEncodingV2);
            line.contentHash = o.value(QStringLiteral("contentHash")).toString().toLatin1();
            line.hash = o.value(QStringLiteral("hash")).toString().toLatin1();
            const bool v2 = line.encoding == kAuditEncodingV2;
            if (line.seq < 1 || (v2 ? line.contentHash.size() != 64 : line.hash.size() != 64))
                return invalid(QStringLiteral("a stub needs seq and contentHash (64 hex digits)"));
        } else {
            line.event = auditEventFromJson(o);
            if (!line.event)
                return invalid(QStringLiteral("not an audit event (seq, time, result and the other fields of "
                                              "`audit list --format jsonl` expected)"));
            line.seq = line.event->seq;
            line.encoding = line.event->encoding;
        }
        records << line;
    }
    std::sort(checkpoints.begin(), checkpoints.end(),
              [](const AuditCheckpoint& a, const AuditCheckpoint& b) { return a.seq < b.seq; });

    AuditFileSummary summary;
    unsigned char digest[32];
    sha.finish(digest);
    char hex[64];
    crypto::toHex(digest, 32, hex);
    summary.sha256 = QString::fromLatin1(hex, 64);
    if (records.isEmpty()) {
        summary.verification.unsignedFrom = 0;
        return summary;
    }
    summary.firstSeq = records.first().seq;
    AuditChainWalk walk(publicKeyDer, checkpoints);
    if (summary.firstSeq == 1) {
        summary.firstPrevHash = QString(64, QLatin1Char('0'));
    } else {
        // A file that does not start at event 1 starts right after a checkpoint it carries.
        std::optional<AuditCheckpoint> startCheckpoint;
        for (const AuditCheckpoint& c : checkpoints)
            if (c.seq == summary.firstSeq - 1)
                startCheckpoint = c;
        if (!startCheckpoint ||
            (!publicKeyDer.isEmpty() &&
             !verifyAuditSignature(publicKeyDer, startCheckpoint->signedText(), startCheckpoint->signature))) {
            summary.verification.ok = false;
            summary.verification.firstBadSeq = summary.firstSeq;
            summary.verification.kind = startCheckpoint ? Problem::ForgedCheckpoint : Problem::Deleted;
            summary.verification.problem =
                startCheckpoint ? QStringLiteral("the checkpoint the file starts after (event %1) does not verify "
                                                 "with the audit key (forged checkpoint?)")
                                      .arg(summary.firstSeq - 1)
                                : QStringLiteral("the file starts at event %1 without a signed checkpoint at event "
                                                 "%2 to start from (truncated at the start?)")
                                      .arg(summary.firstSeq)
                                      .arg(summary.firstSeq - 1);
            return summary;
        }
        summary.firstPrevHash = startCheckpoint->head;
    }
    walk.start(summary.firstSeq, summary.firstPrevHash);
    for (const Line& line : records) {
        AuditChainRecord record;
        record.seq = line.seq;
        record.encoding = line.encoding;
        QByteArray prev, hash, content, v1;
        if (!line.event) {
            record.stub = true;
            record.contentHash = line.contentHash;
            record.hash = line.hash;
            ++summary.stubs;
        } else {
            const AuditEvent& e = *line.event;
            prev = e.prevHash.toLatin1();
            hash = e.hash.toLatin1();
            record.prevHash = prev;
            record.hash = hash;
            if (e.encoding == kAuditEncodingV2)
                content = auditContentHash(e).toLatin1();
            else if (e.encoding == kAuditEncodingV1)
                v1 = auditEventHash(e).toLatin1();
            record.contentHash = content;
            record.v1Hash = v1;
            ++summary.events;
        }
        if (!walk.step(record))
            break;
    }
    summary.verification = walk.finish(std::nullopt, false);
    if (!summary.verification.ok) {
        diagnoseAuditFailure(summary.verification, [&records](qint64 seq) -> std::optional<AuditEvent> {
            for (const Line& line : records)
                if (line.seq == seq && line.event)
                    return line.event;
            return std::nullopt;
        });
    }
    summary.lastSeq = walk.lastSeq();
    summary.lastHash = QString::fromLatin1(walk.lastHash());
    return summary;
}

} // namespace custos::model
