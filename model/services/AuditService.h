#pragma once

#include "OperationContext.h"
#include "crypto/Outcome.h"
#include "model/audit/AuditLog.h"

#include <QCoro/QCoroTask>
#include <QObject>

#include <functional>

namespace custos::model {

class ServicePath;

// The token's audit key (EC P-256), which signs checkpoints of the chain head.
struct AuditKeyInfo
{
    QByteArray publicKeyPem; // SubjectPublicKeyInfo PEM
    QString fingerprint;     // SHA-256 of the SubjectPublicKeyInfo DER, hex pairs joined by ':'
};

struct AuditArchiveResult
{
    qint64 events = 0;  // moved into the archive file
    qint64 lastSeq = 0; // the archive's newest event; the live trail continues at lastSeq + 1
    QString fileSha256;
};

// list: audit/read; verify: audit/verify. Reads are not audited. Writing an export file needs
// audit/read and audit/export and is audited (AuditExport) with the file name and event count.
class AuditService : public QObject
{
    Q_OBJECT
public:
    explicit AuditService(ServicePath& path, QObject* parent = nullptr);
    Outcome<QList<AuditEvent>> list(const AuditFilter& filter);
    // The chain, every checkpoint's signature and the token's anchor; with archive files
    // (`audit archive`), the archived events too and their link to the live trail.
    Outcome<AuditVerification> verify(const QStringList& archiveFiles = {});
    Outcome<AuditKeyInfo> auditKey(); // audit/read
    // audit/archive, quorum "audit-archive": moves the events before `before` into a signed archive
    // file written atomically at `path`, and leaves a checkpoint linking the live trail to it.
    QCoro::Task<Outcome<AuditArchiveResult>> archive(QDateTime before, QString path, OperationContext context = {});
    // Async. Renders the matching events with `render` and writes them atomically to `path`; the
    // file is removed again if the AuditExport event cannot be committed. Returns the event count.
    QCoro::Task<Outcome<qint64>> exportTo(AuditFilter filter, QString path, QString format,
                                          std::function<QByteArray(const QList<AuditEvent>&)> render,
                                          OperationContext context = {});

private:
    ServicePath& m_path;
};

} // namespace custos::model
