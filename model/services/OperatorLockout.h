#pragma once

#include "OperatorService.h"

namespace custos::model {

class Database;

// The lockout policy's workspace settings, for Session::login (which runs before anyone is
// authorised) and OperatorService. Missing or unreadable values fall back to the defaults
// (Session::kMaxFailedAttempts, Session::kLockoutMinutes): a damaged setting never stops logins.
inline const QString kLockoutAttemptsSetting = QStringLiteral("lockout.maxFailedAttempts");
inline const QString kLockoutMinutesSetting = QStringLiteral("lockout.minutes");

LockoutPolicy defaultLockoutPolicy();
Outcome<LockoutPolicy> readLockoutPolicy(Database& db);
// Invalid naming the value and the accepted range when a field is out of range.
Outcome<void> checkLockoutPolicy(const LockoutPolicy& policy);

} // namespace custos::model
