#pragma once

// Private to WorkspaceDoctor*.cpp: the examination, shared by doctor and doctor --repair.

#include "WorkspaceDoctor.h"
#include "model/store/Stores.h"

#include <QSet>

namespace custos::model {
class Workspace;
class Database;
} // namespace custos::model

namespace custos::model::doctor {

inline bool isPurgeOperation(const QString& operation)
{
    return operation.endsWith(QLatin1String("Purge"));
}

Outcome<QSet<QString>> hsmVersionIds(Database& db);                    // hex CKA_IDs the database owns
QCoro::Task<Outcome<QSet<QString>>> tokenKeyIds(Workspace& workspace); // hex CKA_IDs of key objects
QSet<QString> reservedIds(); // Custos's own key objects under fixed ids (the audit key)
// Findings from the intent rows, the rows that own token objects and the token's objects.
void classify(DoctorReport& report, const QList<Intent>& intents, const QSet<QString>& rows,
              const QSet<QString>& objects, bool embeddedToken);
// Every check, no authorisation, no lock: the caller decides.
QCoro::Task<Outcome<DoctorReport>> examine(Services& services);

} // namespace custos::model::doctor
