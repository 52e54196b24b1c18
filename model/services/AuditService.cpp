#include "AuditService.h"

#include "ServicePath.h"

#include <QFile>
#include <QSaveFile>

namespace custos::model {

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

Outcome<AuditVerification> AuditService::verify()
{
    Operation op;
    op.name = QStringLiteral("AuditVerify");
    op.permission = QStringLiteral("audit/verify");
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    return AuditLog(m_path.database()).verify();
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

    Operation op = read;
    op.permission = QStringLiteral("audit/export");
    op.details = {{QStringLiteral("file"), path}, {QStringLiteral("format"), format}};
    auto written = std::make_shared<bool>(false);
    Steps<qint64> steps;
    steps.persist = [filter, path, render, written](Database& db, QJsonObject& details) -> Outcome<qint64> {
        auto events = AuditLog(db).list(filter);
        if (!events)
            return events.error();
        const QByteArray bytes = render(events.value());
        QSaveFile file(path); // atomic: a reader never sees half an export
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
            return makeError(ErrorKind::Failed, QStringLiteral("cannot write '%1': %2").arg(path, file.errorString()));
        *written = true;
        details.insert(QStringLiteral("events"), qint64(events->size()));
        return qint64(events->size());
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (!result && *written)
        QFile::remove(path); // the export happened only if its event did
    co_return result;
}

} // namespace custos::model
