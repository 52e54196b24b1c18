#include "AuditRecorder.h"

#include "crypto/Random.h"
#include "model/audit/AuditLog.h"
#include "model/store/Database.h"

#include <QSysInfo>

#include <mutex>

#include <pwd.h>
#include <unistd.h>

namespace custos::model {

QString workstationName()
{
    return QSysInfo::machineHostName();
}

QString osUserName()
{
    // The effective user, not $USER: sudo and su keep $USER of the caller. getpwuid reads
    // /etc/passwd (NSS) on every call, which every event paid for: looked up once per euid.
    static std::mutex mutex;
    static uid_t cachedUid = uid_t(-1);
    static QString cachedName;
    const uid_t uid = ::geteuid();
    std::lock_guard lock(mutex);
    if (uid != cachedUid || cachedName.isEmpty()) {
        const passwd* pw = ::getpwuid(uid);
        cachedName = pw && pw->pw_name ? QString::fromLocal8Bit(pw->pw_name) : QString::number(uid);
        cachedUid = uid;
    }
    return cachedName;
}

AuditEvent AuditRecorder::makeEvent(const QString& operatorName, const QString& operation, const QString& resource,
                                    AuditResult result, const QString& reason, const QJsonObject& details,
                                    const OperationContext& context)
{
    AuditEvent event;
    event.time = QDateTime::currentDateTimeUtc();
    event.operatorName = operatorName;
    event.operation = operation;
    event.resource = resource;
    event.result = result;
    event.reason = reason;
    event.justification = context.justification;
    event.correlationId = context.correlationId.isEmpty() ? crypto::randomId() : context.correlationId;
    event.workstation = workstationName();
    event.osUser = osUserName();
    event.version = QStringLiteral(CUSTOS_VERSION);
    event.details = details;
    return event;
}

Outcome<void> AuditRecorder::recordAlone(AuditEvent event)
{
    Transaction tx(m_db);
    if (auto begun = tx.begin(); !begun)
        return begun.error();
    if (auto appended = AuditLog(m_db).append(std::move(event)); !appended)
        return appended.error();
    return tx.commit();
}

} // namespace custos::model
