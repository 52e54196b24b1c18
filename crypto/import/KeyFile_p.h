#pragma once

// Private to crypto/import: what the readers of each format share. Each reader fills a Found; the
// common finish (KeyFileFinish.cpp) matches certificates to keys and adds the strength warnings.

#include "KeyFile.h"

#include "crypto/ossl/OsslHandles.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <openssl/x509.h>

namespace custos::crypto::import::detail {

struct Found
{
    KeyFileContents contents;
    QList<QByteArray> certificates; // X.509 DER in file order, matched to keys at the end
};

inline Error invalid(const QString& message)
{
    return makeError(ErrorKind::Invalid, message);
}

// "the file is an encrypted PKCS#8 key: a password is needed (--password-file F)"
Error passwordNeeded(const QString& what);
Error wrongPassword(const QString& what);

// An OpenSSL key as an ImportedKey: RSA or EC on P-256/384/521 (anything else is Invalid naming
// `where` and what was found); the PKCS#8 DER in secure memory when `withPrivate`, after checking
// that the private and public parts belong together.
Outcome<ImportedKey> importedKeyFrom(EVP_PKEY* key, bool withPrivate, const QString& where);

// PKCS#8 encrypted keys (EncryptedPrivateKeyInfo): the encryption named ("PBES2: PBKDF2-HMAC-SHA256,
// AES-256-CBC"), bounded (iterations, scrypt cost) and decrypted. `legacy`: PBES1 or a non-AES cipher.
struct Pkcs8Encryption
{
    QString name;
    bool legacy = false;
};
Outcome<Pkcs8Encryption> describePkcs8Encryption(const X509_SIG* encrypted, const QString& where);
Outcome<ossl::PkeyPtr> decryptPkcs8(const X509_SIG* encrypted, const SecureBuffer* password, const QString& where);
QString legacyPbeWarning(const QString& name);

// DER structures a key file may be, told apart by parsing (each must use every byte).
enum class DerKind {
    None,
    PrivateKeyInfo,          // PKCS#8
    EncryptedPrivateKeyInfo, // encrypted PKCS#8
    RsaPrivateKey,           // PKCS#1
    EcPrivateKey,            // SEC1
    PublicKeyInfo,           // SubjectPublicKeyInfo
    RsaPublicKey,            // PKCS#1 RSAPublicKey
    Certificate,             // X.509
    Pkcs7,                   // certificates bundle
    Pkcs12,
};
DerKind identifyDer(const QByteArray& der);
QString derKindName(DerKind kind); // "PKCS#8 private key", "encrypted PKCS#8", "X.509 certificate", ...
// Reads DER of a known kind (not PKCS#12) into `found`; `where` names it in errors ("the DER file",
// "PEM block 2 (line 5)").
Outcome<void> readDerAs(DerKind kind, const QByteArray& der, const SecureBuffer* password, const QString& where,
                        Found& found);
Outcome<Found> readDer(const QByteArray& bytes, const SecureBuffer* password);

// PEM: blocks between "-----BEGIN X-----" and "-----END X-----" lines, text around them ignored.
struct PemBlock
{
    QByteArray type;                // "PRIVATE KEY"
    int line = 0;                   // 1-based line of its BEGIN
    bool procTypeEncrypted = false; // "Proc-Type: 4,ENCRYPTED" (OpenSSL traditional encryption)
    QByteArray dekInfo;             // the cipher of "DEK-Info: AES-128-CBC,<iv>"
    QByteArray base64;              // the body without headers and whitespace
    int badLine = 0;                // the first body line with a character that is not base64, or 0
    QByteArray text;                // the whole block, for OpenSSL's traditional PEM decryption
};
// Invalid naming the line for a BEGIN without END; no blocks: empty list.
Outcome<QList<PemBlock>> splitPem(const QByteArray& bytes);
bool looksLikePem(const QByteArray& bytes);
QString pemBlockDescription(const PemBlock& block); // "encrypted PKCS#8", "X.509 certificate", ...
Outcome<Found> readPem(const QByteArray& bytes, const SecureBuffer* password);

// PKCS#12: one key through x509::readPkcs12; several keys walked bag by bag.
Outcome<Found> readPkcs12Keys(const QByteArray& bytes, const SecureBuffer* password);

// Raw AES keys: 16/24/32 bytes binary, or 32/48/64 hex digits with optional whitespace.
// `detectionOnly`: printable text that is not hex is not taken for a binary key (the raw hint takes it).
bool looksLikeRawKey(const QByteArray& bytes, bool* hex = nullptr, bool detectionOnly = true);
Outcome<Found> readRawKey(const QByteArray& bytes);

// JSON (a JWK, a JWK Set or a .byok file: crypto/byok/ByokFile.h tells the last apart).
bool looksLikeJson(const QByteArray& bytes);

// Matches the certificates to the keys, adds the strength warnings; Invalid when nothing was found.
Outcome<KeyFileContents> finishContents(Found found);

} // namespace custos::crypto::import::detail
