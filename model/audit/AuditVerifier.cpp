#include "AuditVerifier.h"

#include "AuditChainWalk.h"
#include "AuditEncoding.h"
#include "AuditKey.h"
#include "model/store/Database.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>

#include <algorithm>
#include <memory>

namespace custos::model {

namespace {

using Problem = AuditVerification::Problem;

sqlite3* rawHandle(Database& db)
{
    const QVariant handle = db.connection().driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(handle.data());
}

struct StatementDeleter
{
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

struct ConnectionCloser
{
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};

QByteArrayView column(sqlite3_stmt* s, int i)
{
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
    return QByteArrayView(text, sqlite3_column_bytes(s, i));
}

// The stored event `seq`. With its time known, the read stops at that time instead of running to
// the end of the trail (the per-row path of encoding-1 events would otherwise be quadratic).
std::optional<AuditEvent> storedEvent(Database& db, qint64 seq, std::optional<qint64> time = std::nullopt)
{
    AuditFilter filter;
    filter.afterSeq = seq - 1;
    if (time)
        filter.until = QDateTime::fromMSecsSinceEpoch(*time, Qt::UTC);
    auto events = AuditLog(db).list(filter); // seq > afterSeq, in order
    if (!events || events->isEmpty() || events->first().seq != seq)
        return std::nullopt;
    return events->first();
}

Outcome<std::optional<qint64>> firstSeq(Database& db)
{
    QSqlQuery query(db.connection());
    if (!query.exec(QStringLiteral("SELECT min(seq) FROM audit_events")) || !query.next())
        return sqlError(QStringLiteral("cannot read the audit trail"), query.lastError());
    if (query.value(0).isNull())
        return std::optional<qint64>();
    return std::optional<qint64>(query.value(0).toLongLong());
}

// The events of the database through the walk; false when the walk failed.
Outcome<bool> walkDatabase(Database& db, AuditChainWalk& walk)
{
    // A read-only connection of its own, without SQLite's per-call mutex (it is used by this thread
    // alone): with a million rows, 30 column calls each, the locking costs more than the hashing.
    // WAL gives it the committed state; events appended meanwhile are simply not checked this time.
    sqlite3* own = nullptr;
    std::unique_ptr<sqlite3, ConnectionCloser> ownConnection;
    if (sqlite3_open_v2(QFile::encodeName(db.path()).constData(), &own, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                        nullptr) == SQLITE_OK) {
        ownConnection.reset(own);
        sqlite3_exec(own, "PRAGMA mmap_size = 1073741824", nullptr, nullptr, nullptr);
    } else {
        sqlite3_close(own);
        own = nullptr;
    }
    sqlite3* handle = own ? own : rawHandle(db);
    if (!handle)
        return makeError(ErrorKind::Failed, QStringLiteral("the audit verifier needs the SQLite driver"));
    sqlite3_stmt* raw = nullptr;
    const char* sql = "SELECT seq, encoding, time, operator, approvers, operation, resource, result, reason, "
                      "justification, correlation_id, workstation, os_user, version, details, prev_hash, hash "
                      "FROM audit_events ORDER BY seq";
    if (sqlite3_prepare_v2(handle, sql, -1, &raw, nullptr) != SQLITE_OK)
        return makeError(
            ErrorKind::Failed,
            QStringLiteral("cannot read the audit trail: %1").arg(QString::fromUtf8(sqlite3_errmsg(handle))));
    std::unique_ptr<sqlite3_stmt, StatementDeleter> statement(raw);
    AuditHasher hasher;
    char contentHash[64];
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
        AuditChainRecord record;
        record.seq = sqlite3_column_int64(raw, 0);
        record.encoding = sqlite3_column_int(raw, 1);
        record.prevHash = column(raw, 15);
        record.hash = column(raw, 16);
        QByteArray v1;
        if (record.encoding == kAuditEncodingV2) {
            AuditRecordView view;
            view.seq = record.seq;
            view.time = sqlite3_column_int64(raw, 2);
            for (int i = 0; i < AuditRecordView::FieldCount; ++i)
                view.fields[i] = column(raw, 3 + i);
            hasher.contentHash(view, contentHash);
            record.contentHash = QByteArrayView(contentHash, 64);
        } else if (record.encoding == kAuditEncodingV1) {
            // Old events: the slow, faithful path.
            const auto event = storedEvent(db, record.seq, sqlite3_column_int64(raw, 2));
            if (event)
                v1 = AuditLog::computeHash(*event).toLatin1();
            record.v1Hash = v1;
        }
        if (!walk.step(record))
            return false;
    }
    if (rc != SQLITE_DONE)
        return makeError(
            ErrorKind::Failed,
            QStringLiteral("cannot read the audit trail: %1").arg(QString::fromUtf8(sqlite3_errmsg(handle))));
    return true;
}

} // namespace

Outcome<AuditVerification> verifyAuditTrail(Database& db, const AuditVerifyInput& input)
{
    auto checkpoints = AuditCheckpointStore(db).list();
    if (!checkpoints)
        return checkpoints.error();
    auto first = firstSeq(db);
    if (!first)
        return first.error();

    // Without the key, the chain alone: checkpoints prove nothing unsigned.
    AuditChainWalk walk(input.publicKeyDer,
                        input.publicKeyDer.isEmpty() ? QList<AuditCheckpoint>() : checkpoints.value());
    qint64 archived = 0;
    // A row below 1 is walked into (and reported as inserted), not started from.
    qint64 start = std::max<qint64>(1, first.value().value_or(1));
    QString startHash(64, QLatin1Char('0'));
    if (start > 1) {
        // Events before the live trail were archived: the link checkpoint at start - 1 says to what.
        std::optional<AuditCheckpoint> link;
        for (const AuditCheckpoint& c : checkpoints.value())
            if (c.seq == start - 1 && c.kind == QLatin1String("archive"))
                link = c;
        AuditVerification v;
        if (!link) {
            v.ok = false;
            v.firstBadSeq = 1;
            v.kind = Problem::Deleted;
            v.problem = start == 2 ? QStringLiteral("event 1 missing at the start (deleted?)")
                                   : QStringLiteral("events 1 to %1 missing at the start, and no archive checkpoint "
                                                    "accounts for them (deleted?)")
                                         .arg(start - 1);
            return v;
        }
        if (!input.publicKeyDer.isEmpty() &&
            !verifyAuditSignature(input.publicKeyDer, link->signedText(), link->signature)) {
            v.ok = false;
            v.firstBadSeq = link->seq;
            v.kind = Problem::ForgedCheckpoint;
            v.problem = QStringLiteral("archive checkpoint at event %1: the signature does not verify with the "
                                       "audit key (forged checkpoint?)")
                            .arg(link->seq);
            return v;
        }
        // Archives given: each must verify, follow the one before, and the last must be the linked one.
        QString previousHash(64, QLatin1Char('0'));
        qint64 expectedFirst = 1;
        for (const QString& file : input.archiveFiles) {
            auto summary = verifyAuditFile(file, input.publicKeyDer);
            if (!summary)
                return summary.error();
            AuditVerification fileResult = summary->verification;
            if (fileResult.ok && (summary->firstSeq != expectedFirst || summary->firstPrevHash != previousHash)) {
                fileResult.ok = false;
                fileResult.firstBadSeq = expectedFirst;
                fileResult.kind = Problem::Deleted;
                fileResult.problem = QStringLiteral("archive %1 starts at event %2, but event %3 was expected next "
                                                    "(an archive missing or out of order?)")
                                         .arg(file)
                                         .arg(summary->firstSeq)
                                         .arg(expectedFirst);
            }
            if (!fileResult.ok) {
                fileResult.problem = QStringLiteral("archive %1: %2").arg(file, fileResult.problem);
                return fileResult;
            }
            archived += summary->events;
            expectedFirst = summary->lastSeq + 1;
            previousHash = summary->lastHash;
            bool linked = false;
            for (const AuditCheckpoint& c : checkpoints.value())
                linked = linked || (c.kind == QLatin1String("archive") && c.seq == summary->lastSeq &&
                                    c.archiveSha256 == summary->sha256 && c.head == summary->lastHash);
            if (!linked) {
                v.ok = false;
                v.firstBadSeq = summary->lastSeq;
                v.kind = Problem::Edited;
                v.problem = QStringLiteral("archive %1 is not the file an archive checkpoint of this workspace "
                                           "signed (SHA-256 %2)")
                                .arg(file, summary->sha256);
                return v;
            }
        }
        start = link->seq + 1;
        startHash = link->head;
    }
    walk.start(start, startHash);
    auto walked = walkDatabase(db, walk);
    if (!walked)
        return walked.error();
    AuditVerification result = walk.finish(input.anchor, input.anchorRead);
    if (!result.ok)
        diagnoseAuditFailure(result, [&db](qint64 seq) { return storedEvent(db, seq); });
    result.archivedEvents = archived;
    return result;
}

} // namespace custos::model
