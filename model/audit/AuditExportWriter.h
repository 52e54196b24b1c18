#pragma once

#include "AuditLog.h"

class QIODevice;

namespace custos::model {

// Writes the events matching `filter` as a JSON-lines document that verifies offline with only the
// audit public key (verifyAuditFile): a header line, the newest checkpoint before the first
// matching event (or nothing when that is event 1), then every event from there to the first
// checkpoint at or after the last matching one (or the end of the trail) — in full when it
// matches, otherwise as a stub carrying its seq and contentHash — and the checkpoints in that range.
// Returns the number of full events written. Inside the caller's transaction (a consistent read).
Outcome<qint64> writeVerifiableExport(Database& db, const AuditFilter& filter, QIODevice& out);

} // namespace custos::model
