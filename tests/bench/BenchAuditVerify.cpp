// Issue 6, "Performance": verifying 1,000,000 events at no less than 0.25 of the throughput of
// `openssl dgst -sha256` over the same canonical bytes (AuditEncoding.h), which this bench writes
// to a file first; both measured in the same run. The fixture has no checkpoints: their ECDSA
// checks add about 0.1 ms each, 0.1 s for a million events at the default interval.
// CUSTOS_BENCH_AUDIT_EVENTS overrides the size.
#include "BenchAuditTrail.h"
#include "BenchRegistry.h"
#include "BenchResults.h"
#include "BenchTiming.h"

#include "model/audit/AuditEncoding.h"
#include "model/audit/AuditVerifier.h"
#include "model/store/Database.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

using namespace custos;

namespace {

QTextStream& out()
{
    return bench::log();
}

// The canonical bytes of every event (content and chain step), as the verifier hashes them.
bool writeCanonicalBytes(model::Database& db, const QString& path, qint64* bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    QSqlQuery rows(db.connection());
    rows.setForwardOnly(true);
    if (!rows.exec(QStringLiteral("SELECT seq, time, operator, approvers, operation, resource, result, reason, "
                                  "justification, correlation_id, workstation, os_user, version, details, prev_hash "
                                  "FROM audit_events ORDER BY seq")))
        return false;
    model::AuditHasher hasher;
    QByteArray chunk;
    *bytes = 0;
    while (rows.next()) {
        std::array<QByteArray, model::AuditRecordView::FieldCount> storage;
        model::AuditRecordView view;
        view.seq = rows.value(0).toLongLong();
        view.time = rows.value(1).toLongLong();
        for (int i = 0; i < model::AuditRecordView::FieldCount; ++i) {
            storage[i] = rows.value(2 + i).toString().toUtf8();
            view.fields[i] = storage[i];
        }
        char contentHash[64];
        hasher.contentHash(view, contentHash);
        chunk += model::AuditHasher::canonicalBytes(view, rows.value(14).toString().toLatin1(),
                                                    QByteArrayView(contentHash, 64));
        if (chunk.size() > (1 << 20)) {
            *bytes += file.write(chunk);
            chunk.clear();
        }
    }
    *bytes += file.write(chunk);
    return file.flush();
}

int auditVerify()
{
    const qint64 count = bench::auditEventCount();
    QTemporaryDir dir;
    // CUSTOS_BENCH_AUDIT_DB keeps the filled database between runs (filling takes a minute or two).
    const QString kept = qEnvironmentVariable("CUSTOS_BENCH_AUDIT_DB");
    const bool reuse = !kept.isEmpty() && QFile::exists(kept);
    const QString path = kept.isEmpty() ? dir.filePath(QStringLiteral("custos.db")) : kept;
    auto db = model::Database::open(path, reuse ? model::Database::OpenMode::OpenExisting
                                                : model::Database::OpenMode::Create);
    if (!db) {
        out() << "cannot open the database: " << db.error().message << Qt::endl;
        return 1;
    }
    if (!reuse) {
        const double fillMs = bench::fillAuditTrail(*db.value(), count, QDateTime::currentDateTimeUtc().addDays(-30),
                                                    qint64(30) * 24 * 3600 * 1000);
        if (fillMs < 0)
            return 1;
        out() << "audit trail of " << count << " events made in " << qRound(fillMs) << " ms" << Qt::endl;
    }

    const QString canonical = dir.filePath(QStringLiteral("canonical.bin"));
    qint64 bytes = 0;
    if (!writeCanonicalBytes(*db.value(), canonical, &bytes)) {
        out() << "cannot write the canonical bytes" << Qt::endl;
        return 1;
    }

    bench::Throughput verify, openssl;
    for (int round = 0; round < 3; ++round) {
        QElapsedTimer clock;
        clock.start();
        auto verified = model::verifyAuditTrail(*db.value(), model::AuditVerifyInput{});
        const double seconds = clock.nsecsElapsed() / 1e9;
        if (!verified || !verified->ok || (!reuse && verified->eventsChecked != count)) {
            out() << "verify failed: " << (verified ? verified->problem : verified.error().message) << Qt::endl;
            return 1;
        }
        verify.operations += verified->eventsChecked;
        verify.perSecond += seconds; // summed seconds for now

        QProcess dgst;
        clock.restart();
        dgst.start(QStringLiteral("openssl"), {QStringLiteral("dgst"), QStringLiteral("-sha256"), canonical});
        if (!dgst.waitForFinished(600000) || dgst.exitCode() != 0) {
            out() << "openssl dgst failed" << Qt::endl;
            return 1;
        }
        openssl.operations += verified->eventsChecked;
        openssl.perSecond += clock.nsecsElapsed() / 1e9;
    }
    verify.perSecond = verify.operations / verify.perSecond;
    openssl.perSecond = openssl.operations / openssl.perSecond;
    out() << "canonical bytes: " << bytes / (1024 * 1024) << " MiB (" << bytes / count << " per event)" << Qt::endl;
    bench::recordRate(QStringLiteral("audit verify over %1 events").arg(bench::formatNumber(verify.operations / 3)),
                      verify, QStringLiteral("openssl dgst -sha256 over the same canonical bytes"), openssl,
                      bench::Target::ratioAtLeast(0.25), QStringLiteral("events/s"));
    return 0;
}

} // namespace

CUSTOS_REGISTER_BENCH(audit_verify, auditVerify)
