#include "WorkspaceDoctor.h"
#include "WorkspaceDoctor_p.h"

#include "ServicePath.h"
#include "Services.h"
#include "crypto/pkcs11/Token.h"
#include "model/audit/AuditKey.h"
#include "model/audit/AuditVerifier.h"
#include "model/session/Workspace.h"
#include "model/session/WorkspaceLock.h"
#include "model/store/Stores.h"

#include <QCoro/QCoroFuture>
#include <QSqlError>
#include <QSqlQuery>
#include <QtConcurrent/QtConcurrentRun>

namespace custos::model {

int DoctorReport::unrepaired() const
{
    int count = 0;
    for (const DoctorFinding& f : findings)
        count += f.repaired ? 0 : 1;
    return count;
}

QString doctorKindName(DoctorFinding::Kind kind)
{
    switch (kind) {
    case DoctorFinding::Kind::InterruptedOperation:
        return QStringLiteral("interrupted-operation");
    case DoctorFinding::Kind::OrphanedTokenObject:
        return QStringLiteral("orphaned-token-object");
    case DoctorFinding::Kind::MissingTokenObject:
        return QStringLiteral("missing-token-object");
    case DoctorFinding::Kind::DamagedDatabase:
        return QStringLiteral("damaged-database");
    case DoctorFinding::Kind::BrokenAuditChain:
        return QStringLiteral("broken-audit-chain");
    }
    return {};
}

namespace doctor {

Outcome<QSet<QString>> hsmVersionIds(Database& db)
{
    QSqlQuery query(db.connection());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT v.id FROM key_versions v JOIN keys k ON k.id = v.key_id"
                                   " WHERE k.protection = 'hsm'")))
        return sqlError(QStringLiteral("cannot list the HSM key versions"), query.lastError());
    QSet<QString> ids;
    while (query.next())
        ids.insert(query.value(0).toString().toLower());
    return ids;
}

QCoro::Task<Outcome<QSet<QString>>> tokenKeyIds(Workspace& workspace)
{
    crypto::Token* token = workspace.token();
    if (!token)
        co_return makeError(ErrorKind::Failed, QStringLiteral("the token is not open (log in first)"));
    auto listing = QtConcurrent::run(workspace.tokenPool(), [token]() -> Outcome<QSet<QString>> {
        auto ids = token->listKeyIds();
        if (!ids)
            return ids.error();
        QSet<QString> hex;
        for (const QByteArray& id : ids.value())
            hex.insert(QString::fromLatin1(id.toHex()));
        return hex;
    });
    Outcome<QSet<QString>> result = co_await listing;
    co_return result;
}

// Key objects Custos keeps on the token for itself, under a fixed CKA_ID rather than a row's.
QSet<QString> reservedIds()
{
    return {QString::fromLatin1(QByteArray(kAuditKeyLabel).toHex())};
}

void classify(DoctorReport& report, const QList<Intent>& intents, const QSet<QString>& rows,
              const QSet<QString>& objects, bool embeddedToken)
{
    QSet<QString> explained = reservedIds();
    for (const Intent& intent : intents) {
        const QString id = intent.id.toLower();
        explained.insert(id);
        const bool hasRow = rows.contains(id), hasObjects = objects.contains(id);
        DoctorFinding f;
        f.kind = DoctorFinding::Kind::InterruptedOperation;
        f.subject = id;
        f.operation = intent.operation;
        f.resource = intent.resource;
        f.repairable = true;
        const QString began = QStringLiteral("%1 of %2 began at %3 and did not finish")
                                  .arg(intent.operation, intent.resource, intent.created.toUTC().toString(Qt::ISODate));
        if (isPurgeOperation(intent.operation)) {
            if (hasRow && !hasObjects) {
                f.explanation = began + QStringLiteral(": the token objects are destroyed, the database rows remain");
                f.remedy = QStringLiteral("remove the record; then run the purge again to remove the rows (it "
                                          "finds the objects gone and finishes)");
            } else {
                f.explanation = began + QStringLiteral(": nothing was destroyed, the key is intact");
                f.remedy = QStringLiteral("remove the leftover record; purge again if it is still wanted");
            }
        } else if (hasRow) {
            f.explanation = began + QStringLiteral(": the outcome was committed, only its record was left");
            f.remedy = QStringLiteral("remove the leftover record");
        } else if (hasObjects) {
            f.explanation =
                began + QStringLiteral(": its token objects exist but nothing in the database owns them, and "
                                       "the operation never reported success");
            f.remedy = QStringLiteral("destroy the token objects with CKA_ID %1 and remove the record").arg(id);
            f.destroysObjects = true;
        } else {
            f.explanation = began + QStringLiteral(": nothing was made");
            f.remedy = QStringLiteral("remove the leftover record");
        }
        report.findings << f;
    }
    for (const QString& id : objects) {
        if (rows.contains(id) || explained.contains(id))
            continue;
        DoctorFinding f;
        f.kind = DoctorFinding::Kind::OrphanedTokenObject;
        f.subject = id;
        f.explanation = QStringLiteral("token key objects with CKA_ID %1 belong to no key version and to no "
                                       "interrupted operation")
                            .arg(id);
        // An attached token may be shared with other applications: their keys are not ours to destroy.
        f.repairable = embeddedToken;
        f.destroysObjects = embeddedToken;
        f.remedy = embeddedToken ? QStringLiteral("destroy them (the workspace's own token holds nothing else)")
                                 : QStringLiteral("left alone on an attached token: if no other application uses them, "
                                                  "destroy them with pkcs11-tool --delete-object --id %1")
                                       .arg(id);
        report.findings << f;
    }
    for (const QString& id : rows) {
        if (objects.contains(id) || explained.contains(id))
            continue;
        DoctorFinding f;
        f.kind = DoctorFinding::Kind::MissingTokenObject;
        f.subject = id;
        f.explanation = QStringLiteral("HSM key version %1 has no token objects: its key material is gone "
                                       "from the token")
                            .arg(id);
        f.remedy = QStringLiteral("cannot be repaired here: restore the key from a key backup (custosctl key "
                                  "restore) or the workspace from a backup (custosctl backup restore)");
        report.findings << f;
    }
}

} // namespace doctor

QCoro::Task<Outcome<DoctorReport>> doctor::examine(Services& services)
{
    Workspace& workspace = services.workspace();
    Database& db = workspace.database();
    DoctorReport report;
    if (auto checked = db.integrityCheck(); !checked) {
        DoctorFinding f;
        f.kind = DoctorFinding::Kind::DamagedDatabase;
        f.subject = db.path();
        f.explanation = checked.error().message;
        f.remedy = QStringLiteral("cannot be repaired here: restore the workspace from a backup "
                                  "(custosctl backup restore); keep the damaged copy for analysis");
        report.findings << f;
        co_return report; // the rest reads the damaged database: its answers would mislead
    }
    auto verified = verifyAuditTrail(db, {});
    if (!verified)
        co_return verified.error();
    report.auditEvents = verified->eventsChecked;
    if (!verified->ok) {
        DoctorFinding f;
        f.kind = DoctorFinding::Kind::BrokenAuditChain;
        f.subject = QStringLiteral("event %1").arg(verified->firstBadSeq);
        f.explanation = verified->problem;
        f.remedy = QStringLiteral("cannot be repaired: the audit trail is evidence; see custosctl audit verify, "
                                  "and compare with an exported copy or a backup");
        report.findings << f;
    }
    auto intents = IntentStore(db).list();
    if (!intents)
        co_return intents.error();
    auto rows = hsmVersionIds(db);
    if (!rows)
        co_return rows.error();
    auto listing = tokenKeyIds(workspace);
    auto objects = co_await listing;
    if (!objects)
        co_return objects.error();
    report.tokenKeyObjects = int(objects->size());
    report.hsmKeyVersions = int(rows->size());
    classify(report, intents.value(), rows.value(), objects.value(), workspace.embeddedToken());
    co_return report;
}

QCoro::Task<Outcome<DoctorReport>> examineWorkspace(Services& services)
{
    Operation op;
    op.name = QStringLiteral("WorkspaceDoctor");
    op.permission = QStringLiteral("workspace/read");
    op.scope = QStringLiteral("/");
    if (auto allowed = services.path().authorise(op); !allowed)
        co_return allowed.error();
    WorkspaceLock& lock = services.workspace().lock();
    const bool exclusive = lock.tryExclusive();
    auto task = doctor::examine(services);
    Outcome<DoctorReport> report = co_await task;
    if (exclusive)
        lock.releaseExclusive();
    if (report)
        report->exclusive = exclusive;
    co_return report;
}

} // namespace custos::model
