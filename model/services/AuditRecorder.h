#pragma once

#include "OperationContext.h"
#include "crypto/Outcome.h"
#include "model/audit/AuditEvent.h"

#include <QJsonObject>

namespace custos::model {

class Database;

// Builds events with the workstation facts every event carries, and writes an event on its own
// (denials, failures, failed logins: there is no change to commit with them).
class AuditRecorder
{
public:
    explicit AuditRecorder(Database& db) : m_db(db) {}

    static AuditEvent makeEvent(const QString& operatorName, const QString& operation, const QString& resource,
                                AuditResult result, const QString& reason, const QJsonObject& details,
                                const OperationContext& context);
    // In its own transaction. A failure here is returned; callers still report their own error.
    Outcome<void> recordAlone(AuditEvent event);

private:
    Database& m_db;
};

QString workstationName();
QString osUserName();

} // namespace custos::model
