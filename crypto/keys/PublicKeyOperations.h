#pragma once

// Public-key operations in OpenSSL (EVP only) from a key's SubjectPublicKeyInfo DER: verify, RSA
// encryption and RSA key wrapping never need the token. Also the ECDSA signature encodings.

#include "JoseAlgorithm.h"

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"

#include <QByteArray>

namespace custos::crypto {

// Hashes `data` with the algorithm's digest (SHA-1/256/384/512).
Outcome<QByteArray> digestData(DigestKind digest, const QByteArray& data);

// `input` is the message (hashed here) or, with isDigest, its digest of the algorithm's length
// (else Invalid "ES256 needs a 32-byte SHA-256 digest, got 20 bytes"). ES* signatures are raw
// r||s as in JOSE. True when the signature verifies, false when it does not; an error for a bad
// key, algorithm or digest.
Outcome<bool> verify(JoseAlgorithm algorithm, const QByteArray& spkiDer, const QByteArray& input, bool isDigest,
                     const QByteArray& signature);

// RSA-OAEP, RSA-OAEP-256, RSA1_5 (encrypt and wrapKey alike).
Outcome<QByteArray> encrypt(JoseAlgorithm algorithm, const QByteArray& spkiDer, const SecureBuffer& plaintext);

// ECDSA-Sig-Value DER ↔ JOSE raw r||s (each fieldBytes long, big-endian, zero-padded).
Outcome<QByteArray> ecdsaRawToDer(const QByteArray& raw);
Outcome<QByteArray> ecdsaDerToRaw(const QByteArray& der, int fieldBytes);

// The digest a signature algorithm signs: `input` itself when isDigest (checked for length), else
// its hash.
Outcome<QByteArray> signatureDigest(JoseAlgorithm algorithm, const QByteArray& input, bool isDigest);

} // namespace custos::crypto
