#pragma once

// The process-wide record of a failed start-up self test: a property of the crypto library this
// process loaded, so it is process state, not workspace state. ServicePath refuses every
// operation that uses or creates keys or certificates while it names a failed check.

#include "SelfTest.h"

#include <QStringList>

namespace custos::crypto::selftest {

// Records the failed checks of `report` (replacing what was recorded); a passing report clears.
void recordStartupReport(const SelfTestReport& report);
void clearStartupFailures();
// The whole report recorded last (empty before the first), for the GUI's self-test dialog.
SelfTestReport startupReport();
// The names of the failed start-up checks; empty when nothing blocks.
QStringList startupFailures();
// "key operations are blocked: the start-up self test failed (SHA-256); run `custosctl selftest`
// for details and the proposed fix". Empty when nothing blocks.
QString startupFailureMessage();

} // namespace custos::crypto::selftest
