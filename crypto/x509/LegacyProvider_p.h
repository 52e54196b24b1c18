#pragma once

// Private to the PKCS#12 code: OpenSSL 3 keeps RC2, RC4 and other old ciphers in its "legacy"
// provider, which is not loaded by default. Legacy PKCS#12 files need it.

#include "crypto/Outcome.h"

namespace custos::crypto::x509::files {

// Loads the legacy provider (and the default one, which an explicit load would otherwise stop
// being loaded automatically) into OpenSSL's default library context, once per process. Failed
// with an explanation when the module is missing (Debian: /usr/lib/x86_64-linux-gnu/ossl-modules/legacy.so).
Outcome<void> ensureLegacyProvider();

} // namespace custos::crypto::x509::files
