#pragma once

// Private to Pkcs12.cpp and Pkcs12Read.cpp: the password as OpenSSL's PKCS#12 calls want it, the
// names of PKCS#12 encryption algorithms, and bounds on the work a file may ask for.

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"

#include <openssl/x509.h>

namespace custos::crypto::x509::files {

// Key derivations a file may ask for: OpenSSL writes 2048 iterations, Java 10000, OWASP advises
// 600000 for PBKDF2-HMAC-SHA256. The caps keep a hostile file from stalling the reader.
inline constexpr long kMaxPkcs12Iterations = 2'000'000;
inline constexpr long long kMaxPkcs12TotalIterations = 8'000'000;

// A NUL-terminated copy (some PKCS#12 calls take the password without a length). Invalid when the
// password contains a NUL byte.
Outcome<SecureBuffer> terminatedPassword(const SecureBuffer& password);

struct PbeAlgorithm
{
    QString name;          // "AES-256-CBC, PBKDF2-HMAC-SHA256", "3DES", "RC2-40"
    bool legacy = false;   // PKCS#12 PBE (3DES, RC2, RC4), PKCS#5 v1 PBE, PBES2 with a non-AES cipher
    long iterations = 0;   // of its key derivation (0 for scrypt, whose cost is bounded separately)
    bool supported = true; // false: an algorithm this reader does not know (named by its OID)
};

// What an encryption AlgorithmIdentifier of a PKCS#12 file is. Invalid when its parameters are
// malformed or ask for more work than the caps allow.
Outcome<PbeAlgorithm> describePbe(const X509_ALGOR* algorithm);

} // namespace custos::crypto::x509::files
