#pragma once

// Private to crypto/: turns OpenSSL's per-thread error queue into an Error. Call it on the thread
// where the OpenSSL call failed, right after the failure, before the result crosses threads.

#include "crypto/Outcome.h"

namespace custos::crypto::ossl {

// Empties the calling thread's error queue and returns its entries, oldest first, joined by "; ".
// Empty when the queue was empty.
QString drainErrorQueue();

// "EVP_PKEY_fromdata: error:...:elliptic curve routines::point is not on curve" (the queue is drained).
// Without queue entries: "EVP_PKEY_fromdata failed".
Error opensslError(const char* operation, ErrorKind kind = ErrorKind::Failed);

} // namespace custos::crypto::ossl
