#pragma once

// The private key of a PEM certificate file (a server's cert.pem with its key appended): the
// first "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY" or "EC PRIVATE KEY" block,
// decrypted with the password when it is encrypted, as PKCS#8 DER in secure memory.

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"

#include <QByteArray>

#include <optional>

namespace custos::crypto::x509 {

// Whether the bytes hold a PEM private key block at all (the key itself is not read).
bool hasPemPrivateKey(const QByteArray& bytes);

// Invalid "the PEM private key is encrypted: a password is needed", "wrong password for the PEM
// private key or the key is malformed"; never quotes the key. `password` may be null.
Outcome<SecureBuffer> readPemPrivateKey(const QByteArray& bytes, const SecureBuffer* password);

// A private key file of its own (`cert import --key`): PEM as above, or DER (PKCS#8 PrivateKeyInfo,
// encrypted PKCS#8, PKCS#1 RSAPrivateKey, SEC1 ECPrivateKey), as PKCS#8 DER in secure memory. The
// DER errors read as the PEM ones with "DER" for "PEM"; never quotes the key.
Outcome<SecureBuffer> readPrivateKeyFile(const QByteArray& bytes, const SecureBuffer* password);

} // namespace custos::crypto::x509
