#pragma once

// Shared by the security-domain ceremonies' files.

#include "SecurityDomainService.h"
#include "model/store/Database.h"

namespace custos::model {

class Workspace;

struct WorkspaceIdentityRecord
{
    QString id;
    QString name; // the workspace directory's name
    QDateTime created;
};
Outcome<WorkspaceIdentityRecord> readWorkspaceIdentity(Workspace& workspace, Database& db);

QString hexSha256(const QByteArray& bytes);
QStringList thumbprints(const QList<CustodianRecord>& custodians);

inline CeremonyStep ceremonyStep(const QString& step, const QString& result = QStringLiteral("Success"))
{
    return CeremonyStep{QDateTime::currentDateTimeUtc(), step, result};
}

} // namespace custos::model
