#pragma once

#include "SelfTest.h"

namespace custos::crypto::selftest {

// Loads the PKCS#11 module (C_Initialize), asks C_GetInfo and C_GetSlotList, and reports the
// library's description and version. Runs the module's code: never on the GUI thread.
// SoftHSM2 reads SOFTHSM2_CONF at C_Initialize: the caller sets it first when it matters.
SelfTestResult probeModule(const QString& modulePath);

// Login-free checks of the token labelled `tokenLabel` in that module: present, initialised,
// user PIN set and not locked, and a read-only session that answers C_GenerateRandom.
SelfTestResult probeToken(const QString& modulePath, const QString& tokenLabel);

} // namespace custos::crypto::selftest
