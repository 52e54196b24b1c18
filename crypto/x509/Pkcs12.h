#pragma once

// PKCS#12 files: a private key with its certificate and chain, password-protected.

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace custos::crypto::x509 {

enum class Pkcs12Profile {
    Modern, // AES-256-CBC with PBKDF2-HMAC-SHA256 for key and certificates, HMAC-SHA256 MAC (OpenSSL 3's default)
    Legacy, // pbeWithSHA1And3-KeyTripleDES-CBC for the key, RC2-40 for certificates, SHA-1 MAC (old Java, Windows 7)
};

// `privateKeyPkcs8Der`: the unencrypted PKCS#8 DER (secure memory). `chainDer`: the issuers, leaf's
// issuer first. The password must be non-empty. Legacy needs OpenSSL's legacy provider (loaded on
// demand); Failed with that explanation when it is missing.
Outcome<QByteArray> writePkcs12(const SecureBuffer& privateKeyPkcs8Der, const QByteArray& certificateDer,
                                const QList<QByteArray>& chainDer, const SecureBuffer& password,
                                Pkcs12Profile profile, const QString& friendlyName);

struct Pkcs12Contents
{
    SecureBuffer privateKeyPkcs8Der; // empty when the file holds no key
    QByteArray certificateDer;       // the certificate whose key is the private key (or the first)
    QList<QByteArray> chainDer;      // the other certificates
    QString encryption;              // what protected it: "AES-256-CBC, PBKDF2-HMAC-SHA256" or "3DES + RC2-40 (legacy)"
    bool legacy = false;
};

// A wrong password (or a MAC that does not verify) is Invalid "wrong password for the PKCS#12 file";
// something that is not PKCS#12 is Invalid "not a PKCS#12 file: ...". Legacy algorithms load the
// legacy provider on demand.
Outcome<Pkcs12Contents> readPkcs12(const QByteArray& bytes, const SecureBuffer& password);

} // namespace custos::crypto::x509
