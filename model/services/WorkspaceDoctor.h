#pragma once

#include "OperationContext.h"
#include "crypto/Outcome.h"

#include <QCoro/QCoroTask>
#include <QList>
#include <QString>

namespace custos::model {

class Services;

// What `custosctl doctor` found in a workspace: one finding per thing a crash, a full disk or a
// lost token left behind, each explained, with what --repair does about it (or why it cannot).
struct DoctorFinding
{
    enum class Kind {
        InterruptedOperation, // an intent row: the operation began its token work and never committed
        OrphanedTokenObject,  // token key objects that no database row owns
        MissingTokenObject,   // an HSM key version whose token objects are gone
        DamagedDatabase,      // PRAGMA integrity_check failed
        BrokenAuditChain,     // the audit chain does not verify
    };
    Kind kind = Kind::InterruptedOperation;
    QString subject;     // the object id (hex CKA_ID), or the database
    QString operation;   // the interrupted operation's audit name, when known
    QString resource;    // the resource it worked on, when known
    QString explanation; // what happened, in a sentence
    QString remedy;      // what --repair does, or what the administrator must do
    bool repairable = false;
    bool destroysObjects = false; // what --repair does includes destroying the token objects
    bool repaired = false;
    QString repairError; // set when --repair tried and failed
};

struct DoctorReport
{
    QList<DoctorFinding> findings;
    int tokenKeyObjects = 0; // distinct CKA_IDs of key objects on the token
    int hsmKeyVersions = 0;  // database rows that own token objects
    qint64 auditEvents = 0;  // verified
    bool exclusive = false;  // no other Custos process had the workspace open while it looked
    bool repairRan = false;
    int unrepaired() const; // findings still standing (all of them unless --repair fixed some)
};

QString doctorKindName(DoctorFinding::Kind kind); // "interrupted-operation", ... (stable, for --json)

// workspace/read: examines without changing anything; not audited (a denial is).
QCoro::Task<Outcome<DoctorReport>> examineWorkspace(Services& services);
// workspace/repair: examines, then repairs what is repairable, one audited WorkspaceRepair event
// per repair (Failed events for the ones that fail). Refused while another Custos process has the
// workspace open: its operations in flight look exactly like interrupted ones.
QCoro::Task<Outcome<DoctorReport>> repairWorkspace(Services& services, OperationContext context);

} // namespace custos::model
