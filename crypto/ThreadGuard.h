#pragma once

// Debug builds: a thread on which PKCS#11 (and, in the model, SQL) calls are programming errors.
// The GUI arms it for its own thread, so a token or database round trip that would freeze the
// window fails loudly in every GUI test instead (issue 3). Release builds compile the check out.

namespace custos::crypto {

// Makes the calling thread the guarded one (the GUI thread); disarm() lifts it.
void armThreadGuard();
void disarmThreadGuard();
bool onGuardedThread();

// qFatal naming `what` when called on the guarded thread in a debug build; nothing otherwise.
void checkNotOnGuardedThread(const char* what);

// For the guard's own test: what a violation does instead of qFatal (nullptr: qFatal again).
using ThreadGuardHandler = void (*)(const char* what);
void setThreadGuardHandler(ThreadGuardHandler handler);

} // namespace custos::crypto
