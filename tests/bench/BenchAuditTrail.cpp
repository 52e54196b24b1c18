#include "BenchAuditTrail.h"

#include "BenchRegistry.h"
#include "BenchResults.h"

#include "model/audit/AuditEncoding.h"
#include "model/audit/AuditLog.h"
#include "model/store/Database.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>

namespace custos::bench {

namespace {

const char* const kOperations[] = {
    "KeySign",
    "KeyVerify",
    "KeyEncrypt",
    "KeyDecrypt",
    "KeyWrap",
    "KeyUnwrap",
    "KeyCreate",
    "KeyRotate",
    "KeyImport",
    "KeyUpdate",
    "KeyDelete",
    "KeyRecover",
    "KeyPurge",
    "KeyBackup",
    "KeyRestore",
    "CertificateCreate",
    "CertificateImport",
    "CertificateRenew",
    "CertificateDelete",
    "CertificatePurge",
    "VaultCreate",
    "VaultDelete",
    "VaultPurge",
    "RoleAssignmentCreate",
    "RoleAssignmentDelete",
    "Login",
    "LoginFailed",
    "Lock",
    "SecurityDomainDownload",
    "SecurityDomainUpload",
};
constexpr int kOperationCount = int(sizeof(kOperations) / sizeof(kOperations[0]));

QString compact(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

qint64 auditEventCount()
{
    bool sized = false;
    const qint64 events = qEnvironmentVariableIntValue("CUSTOS_BENCH_AUDIT_EVENTS", &sized);
    if (sized && events > 0)
        return events;
    return quickRun() ? 100'000 : 1'000'000;
}

qint64 residentKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

double fillAuditTrail(model::Database& db, qint64 count, const QDateTime& start, qint64 spanMs)
{
    QTextStream& out = log();
    QElapsedTimer clock;
    clock.start();
    QSqlQuery pragma(db.connection());
    pragma.exec(QStringLiteral("PRAGMA cache_size = -65536")); // 64 MiB while filling
    model::Transaction tx(db);
    if (auto begun = tx.begin(); !begun) {
        out << "cannot begin: " << begun.error().message << Qt::endl;
        return -1;
    }
    QSqlQuery head(db.connection());
    qint64 seq = 0;
    QString prevHash(64, QLatin1Char('0'));
    if (head.exec(QStringLiteral("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")) && head.next()) {
        seq = head.value(0).toLongLong();
        prevHash = head.value(1).toString();
    }
    head.finish();
    QSqlQuery insert(db.connection());
    if (!insert.prepare(QStringLiteral(
            "INSERT INTO audit_events(seq, encoding, time, operator, approvers, operation, resource, result, reason, "
            "justification, correlation_id, workstation, os_user, version, details, prev_hash, hash) "
            "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))) {
        out << "cannot prepare: " << insert.lastError().text() << Qt::endl;
        return -1;
    }
    const qint64 t0 = start.toMSecsSinceEpoch();
    const qint64 spikeStart = t0 + spanMs - 6 * 3600 * 1000;
    quint32 rng = 12345;
    auto next = [&rng] {
        rng = rng * 1664525u + 1013904223u;
        return rng >> 8;
    };
    const QString noApprovers = QStringLiteral("[]");
    for (qint64 i = 0; i < count; ++i) {
        model::AuditEvent e;
        e.seq = ++seq;
        e.encoding = model::kAuditEncodingCurrent;
        qint64 time = t0 + (count > 1 ? i * spanMs / (count - 1) : 0);
        const quint32 r = next();
        const int opIndex = int(r % kOperationCount);
        const int vault = int((r >> 5) % 40);
        const int roll = int((r >> 11) % 100);
        e.operatorName = QStringLiteral("op%1").arg(int((r >> 17) % 20), 2, 10, QLatin1Char('0'));
        e.operation = QString::fromLatin1(kOperations[opIndex]);
        e.resource = QStringLiteral("/vaults/v%1/keys/k%2").arg(vault).arg(int((r >> 3) % 500));
        if (roll < 4) {
            e.result = model::AuditResult::Denied;
            e.reason = QStringLiteral("missing permission keys/sign at /vaults/v%1").arg(vault);
        } else if (roll < 6) {
            e.result = model::AuditResult::Failed;
            e.reason = QStringLiteral("the token refused the operation: CKR_DEVICE_ERROR");
        }
        // The spike: one event in 200 becomes a denial squeezed into one hour.
        if (i % 200 == 7) {
            time = spikeStart + (i % 3600000);
            e.result = model::AuditResult::Denied;
            e.reason = QStringLiteral("missing permission keys/purge at /vaults/v%1").arg(vault);
        }
        if (roll % 10 == 3)
            e.justification = QStringLiteral("ticket CHG-%1").arg(int(r % 10000));
        e.time = QDateTime::fromMSecsSinceEpoch(time, Qt::UTC);
        e.correlationId = QStringLiteral("c%1").arg(i);
        e.workstation = QStringLiteral("paw-%1").arg(int(r % 4));
        e.osUser = QStringLiteral("admin");
        e.version = QStringLiteral("0.1.0");
        e.details = {{QStringLiteral("alg"), QStringLiteral("ES256")},
                     {QStringLiteral("size"), 256},
                     {QStringLiteral("n"), qint64(i)}};
        e.prevHash = prevHash;
        e.hash = model::AuditLog::computeHash(e);
        insert.bindValue(0, e.seq);
        insert.bindValue(1, e.encoding);
        insert.bindValue(2, time);
        insert.bindValue(3, e.operatorName);
        insert.bindValue(4, noApprovers);
        insert.bindValue(5, e.operation);
        insert.bindValue(6, e.resource);
        insert.bindValue(7, model::auditResultName(e.result));
        insert.bindValue(8, e.reason.isNull() ? QStringLiteral("") : e.reason);
        insert.bindValue(9, e.justification.isNull() ? QStringLiteral("") : e.justification);
        insert.bindValue(10, e.correlationId);
        insert.bindValue(11, e.workstation);
        insert.bindValue(12, e.osUser);
        insert.bindValue(13, e.version);
        insert.bindValue(14, compact(e.details));
        insert.bindValue(15, e.prevHash);
        insert.bindValue(16, e.hash);
        if (!insert.exec()) {
            out << "insert " << e.seq << " failed: " << insert.lastError().text() << Qt::endl;
            return -1;
        }
        prevHash = e.hash;
    }
    insert.finish();
    if (auto committed = tx.commit(); !committed) {
        out << "cannot commit: " << committed.error().message << Qt::endl;
        return -1;
    }
    pragma.exec(
        QStringLiteral("PRAGMA cache_size = -2000")); // back to SQLite's default (no ANALYZE: as a real workspace)
    return clock.nsecsElapsed() / 1e6;
}

} // namespace custos::bench
