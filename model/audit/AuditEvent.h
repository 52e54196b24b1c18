#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace custos::model {

enum class AuditResult { Success, Denied, Failed };
QString auditResultName(AuditResult r); // "Success" | "Denied" | "Failed"
bool parseAuditResult(const QString& text, AuditResult* out);

// One event per operation (DESIGN.md). Never holds a secret: details carry algorithms, sizes,
// fingerprints and names only.
struct AuditEvent
{
    qint64 seq = 0;       // assigned by AuditLog::append, from 1, contiguous
    int encoding = 1;     // version of the canonical encoding the hash was computed over
    QDateTime time;       // UTC, millisecond precision
    QString operatorName; // empty for events without one (e.g. a failed login of an unknown name)
    QStringList approvers;
    QString operation;    // stable identifier: WorkspaceInit, VaultCreate, LoginFailed, ...
    QString resource;     // "/", "/vaults/V", "/operators/NAME", "/roleAssignments/ID"
    AuditResult result = AuditResult::Success;
    QString reason;        // why it was denied or failed ("missing permission vaults/write at /vaults/a")
    QString justification; // --reason TEXT
    QString correlationId;
    QString workstation;
    QString osUser;
    QString version;       // Custos version
    QJsonObject details;
    QString prevHash; // hex SHA-256 of the previous event, 64 zeros for the first
    QString hash;     // hex SHA-256 over the canonical encoding of this event including prevHash
};

} // namespace custos::model
