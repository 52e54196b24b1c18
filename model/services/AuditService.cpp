#include "AuditService.h"

#include "ServicePath.h"
#include "crypto/keys/PublicKeyExport.h"
#include "crypto/pkcs11/Token.h"
#include "model/audit/AuditCheckpoints.h"
#include "model/audit/AuditExportWriter.h"
#include "model/audit/AuditKey.h"
#include "model/audit/AuditVerifier.h"
#include "model/session/Workspace.h"

#include <QBuffer>
#include <QFile>
#include <QSaveFile>

namespace custos::model {

namespace {

Outcome<crypto::Token*> tokenOf(ServicePath& path)
{
    crypto::Token* token = path.workspace().token();
    if (!token)
        return makeError(ErrorKind::Failed, QStringLiteral("the token is not open: log in first"));
    return token;
}

} // namespace

AuditService::AuditService(ServicePath& path, QObject* parent) : QObject(parent), m_path(path) {}

Outcome<QList<AuditEvent>> AuditService::list(const AuditFilter& filter)
{
    Operation op;
    op.name = QStringLiteral("AuditList");
    op.permission = QStringLiteral("audit/read");
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    return AuditLog(m_path.database()).list(filter);
}

Outcome<AuditVerification> AuditService::verify(const QStringList& archiveFiles)
{
    Operation op;
    op.name = QStringLiteral("AuditVerify");
    op.permission = QStringLiteral("audit/verify");
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    auto token = tokenOf(m_path);
    if (!token)
        return token.error();
    AuditVerifyInput input;
    auto key = auditPublicKeyDer(*token.value());
    if (!key)
        return key.error();
    input.publicKeyDer = key.value();
    auto anchor = readAuditAnchor(*token.value());
    if (!anchor)
        return anchor.error();
    input.anchor = anchor.value();
    input.anchorRead = true;
    input.archiveFiles = archiveFiles;
    return verifyAuditTrail(m_path.database(), input);
}

Outcome<AuditKeyInfo> AuditService::auditKey()
{
    Operation op;
    op.name = QStringLiteral("AuditKey");
    op.permission = QStringLiteral("audit/read");
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    auto token = tokenOf(m_path);
    if (!token)
        return token.error();
    auto der = auditPublicKeyDer(*token.value());
    if (!der)
        return der.error();
    auto pem = crypto::publicKeyPem(der.value());
    if (!pem)
        return pem.error();
    return AuditKeyInfo{pem.value(), auditKeyFingerprint(der.value())};
}

QCoro::Task<Outcome<qint64>> AuditService::exportTo(AuditFilter filter, QString path, QString format,
                                                    std::function<QByteArray(const QList<AuditEvent>&)> render,
                                                    OperationContext context)
{
    Operation read;
    read.name = QStringLiteral("AuditExport");
    read.permission = QStringLiteral("audit/read");
    read.context = context;
    if (auto allowed = m_path.authorise(read); !allowed)
        co_return allowed.error();

    const bool verifiable = format == QLatin1String("jsonl");
    if (verifiable) {
        // Sign the head first, so the file carries a checkpoint after its last event.
        if (auto* checkpoints = dynamic_cast<AuditCheckpoints*>(m_path.database().commitObserver()))
            (void)checkpoints->checkpointNow(QStringLiteral("export"));
    }

    Operation op = read;
    op.permission = QStringLiteral("audit/export");
    op.details = {{QStringLiteral("file"), path}, {QStringLiteral("format"), format}};
    auto written = std::make_shared<bool>(false);
    Steps<qint64> steps;
    steps.persist = [filter, path, render, written, verifiable](Database& db, QJsonObject& details) -> Outcome<qint64> {
        QSaveFile file(path); // atomic: a reader never sees half an export
        if (!file.open(QIODevice::WriteOnly))
            return makeError(ErrorKind::Failed, QStringLiteral("cannot write '%1': %2").arg(path, file.errorString()));
        qint64 count = 0;
        if (verifiable) {
            auto exported = writeVerifiableExport(db, filter, file);
            if (!exported)
                return exported.error();
            count = exported.value();
        } else {
            auto events = AuditLog(db).list(filter);
            if (!events)
                return events.error();
            const QByteArray bytes = render(events.value());
            if (file.write(bytes) != bytes.size())
                return makeError(ErrorKind::Failed,
                                 QStringLiteral("cannot write '%1': %2").arg(path, file.errorString()));
            count = events->size();
        }
        if (!file.commit())
            return makeError(ErrorKind::Failed, QStringLiteral("cannot write '%1': %2").arg(path, file.errorString()));
        *written = true;
        details.insert(QStringLiteral("events"), count);
        return count;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (!result && *written)
        QFile::remove(path); // the export happened only if its event did
    co_return result;
}

} // namespace custos::model
