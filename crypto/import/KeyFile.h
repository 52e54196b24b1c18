#pragma once

// Key files the way admins bring them (`key import`, the import wizard, `byok wrap`): detected by
// content, never by name. Private keys (PEM/DER PKCS#1, SEC1, PKCS#8 plain and encrypted with
// PBES2/PBKDF2, PBES2/scrypt or legacy PBES1, OpenSSL "traditional" encrypted PEM, PKCS#12 modern
// and legacy, JWK/JWKS), public keys and certificates alone (SubjectPublicKeyInfo PEM/DER, X.509
// PEM/DER, PKCS#7), and symmetric keys (raw 16/24/32 bytes as binary or hex, JWK oct).
// Nothing here quotes key material in an error or a warning.

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"
#include "crypto/pkcs11/Token.h" // KeyKind

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace custos::crypto::import {

// `--format`: a hint that restricts detection (Auto tries everything). Byok files are not read
// here (crypto/byok/ByokFile.h) but are recognised by detectKeyFile.
enum class KeyFileFormat { Auto, Pem, Der, Pkcs8, Pkcs12, Jwk, Raw, Byok };
bool parseKeyFileFormat(const QString& text, KeyFileFormat* out); // "auto", "pem", ... (CLI.md)
QString keyFileFormatName(KeyFileFormat format);                  // the CLI's word

// What the bytes are, found without a password (the wizard asks for one only when needed).
struct KeyFileDetection
{
    KeyFileFormat family = KeyFileFormat::Auto; // Pem, Der, Pkcs12, Jwk, Raw or Byok; never Auto or Pkcs8
    QString description;        // "PEM: encrypted PKCS#8", "PKCS#12", "JWK Set (3 keys)", "DER: X.509 certificate"
    bool needsPassword = false; // encrypted PKCS#8, traditional encrypted PEM, PKCS#12
};
// Invalid when the bytes are none of the formats: "not a key file: expected PEM, DER, PKCS#12,
// JWK, a raw 16/24/32-byte key (binary or hex) or a .byok file (the file starts with ...)".
Outcome<KeyFileDetection> detectKeyFile(const QByteArray& bytes);

// One key found in a file. A private key: RSA or EC as PKCS#8 PrivateKeyInfo DER, AES (oct) as
// the raw bytes. A public key alone (SPKI, certificate, JWK without "d"): privateKey is empty.
struct ImportedKey
{
    ImportedKey() = default;
    // QList copies on detach: a copy clones the private key into secure memory (each copy wipes its own).
    ImportedKey(const ImportedKey& other);
    ImportedKey& operator=(const ImportedKey& other);
    ImportedKey(ImportedKey&&) noexcept = default;
    ImportedKey& operator=(ImportedKey&&) noexcept = default;
    ~ImportedKey() = default;

    QString label; // where it came from, for bulk results: "key", "JWK 2 (kid 'sig-1')", "PKCS#12 entry 'server'"
    KeyKind kind = KeyKind::Rsa;
    int bits = 0;  // RSA modulus, AES key size, EC field size
    QString curve; // "P-256", "P-384", "P-521" for EC; other curves are refused when read
    SecureBuffer privateKey;
    QByteArray publicKeyDer; // SubjectPublicKeyInfo DER; empty for oct
    // A certificate of this key and the other certificates that came with it (a chain or a bundle),
    // leaf first; empty when none came.
    QByteArray certificateDer;
    QList<QByteArray> chainDer;
    QStringList keyOps; // a JWK's key_ops, as given (checked later against the key type); else empty

    bool isPublicOnly() const { return privateKey.isEmpty() && kind != KeyKind::Aes; }
};

struct KeyFileContents
{
    QString format;     // "PKCS#8 (PEM)", "PKCS#1 RSA (DER)", "PKCS#12", "JWK", "X.509 certificate (PEM)", ...
    QString encryption; // "PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC", "PBES2: scrypt, AES-256-CBC",
                        // "PBES1: pbeWithSHA1And3-KeyTripleDES-CBC (legacy)", "traditional PEM, AES-128-CBC",
                        // "PKCS#12: AES-256-CBC, PBKDF2-HMAC-SHA256"; empty when the file is not encrypted
    // Strength and format warnings for the preview: "RSA 1024 bits is below 2048", "the certificate
    // is signed with SHA-1", "legacy PBE (PBES1 ...): weak, re-export with AES-256 and PBKDF2",
    // "legacy PKCS#12 encryption (3DES + RC2-40)", "the file is named .der but holds PEM".
    QStringList warnings;
    QList<ImportedKey> keys; // file order; several for JWKS, PKCS#7 bundles and multi-entry PKCS#12
};

// Reads every key in the bytes. `password` may be null: an encrypted file then gives Invalid "the
// file is an encrypted PKCS#8 key: a password is needed (--password-file F)"; a wrong one gives
// Invalid "wrong password for ..." (never which part failed). Other errors name what was expected
// and where: "JWK 2: member 'n' is missing: expected an RSA key with n and e", "PEM block 1 ...".
// `fileName` is used only in warnings (a name that disagrees with the content); may be empty.
// Inputs over 16 MiB are refused without being parsed.
Outcome<KeyFileContents> readKeyFile(const QByteArray& bytes, const SecureBuffer* password,
                                     KeyFileFormat hint = KeyFileFormat::Auto, const QString& fileName = {});

inline constexpr qint64 kMaxKeyFileBytes = 16 * 1024 * 1024;

} // namespace custos::crypto::import
