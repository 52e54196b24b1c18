#pragma once

#include "AccessService.h"

namespace custos::model {

class Database;

// The separation-of-duties report's audit-based part: roles that use keys or certificates,
// assigned at "/", whose holders' successful key and certificate events of the last
// kBroadScopeDays days all lie in fewer vaults than exist. A group's assignment counts its
// members' events.
Outcome<QList<SodFinding>> broadScopeFindings(Database& db, const QDateTime& now);

} // namespace custos::model
