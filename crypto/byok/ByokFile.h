#pragma once

// Azure Key Vault's BYOK transfer file (.byok): a target key wrapped for a key exchange key (KEK)
// held in the destination HSM.
//
//   {"schema_version": "1.0.0",
//    "header": {"kid": "<the KEK's id>", "alg": "dir", "enc": "CKM_RSA_AES_KEY_WRAP"},
//    "ciphertext": "<base64url>",
//    "generator": "<tool and version; source HSM>"}
//
// ciphertext = RSA-OAEP(SHA-1, MGF1-SHA-1) of an ephemeral AES-256 key under the KEK's public key
// (as many bytes as the KEK's modulus), followed by the target key wrapped with that AES key by AES
// key wrap with padding (RFC 5649): an RSA or EC private key as PKCS#8 PrivateKeyInfo DER, an AES
// key as its raw bytes. This is PKCS#11's CKM_RSA_AES_KEY_WRAP.

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"

#include <QByteArray>
#include <QString>

namespace custos::crypto::byok {

inline const QString kByokEnc = QStringLiteral("CKM_RSA_AES_KEY_WRAP");

struct ByokFile
{
    QString schemaVersion = QStringLiteral("1.0.0");
    QString kid; // the KEK's key id (a Custos kid: /vaults/V/keys/K/versions/VERSION)
    QString alg = QStringLiteral("dir");
    QString enc = kByokEnc;
    QByteArray ciphertext;
    QString generator;
};

// Strict: a JSON object with schema_version (a string), header {kid, alg "dir", enc
// "CKM_RSA_AES_KEY_WRAP"}, ciphertext (base64url, padding tolerated) and generator (optional).
// Invalid naming the member and what was expected: "header.enc is 'X': expected CKM_RSA_AES_KEY_WRAP".
// Inputs over 1 MiB are refused.
Outcome<ByokFile> parseByokFile(const QByteArray& json);
QByteArray toJson(const ByokFile& file); // indented, members in the order above

// Whether the bytes look like a .byok file (a JSON object with "header" and "ciphertext"), for
// format detection; cheap and never throws.
bool looksLikeByok(const QByteArray& bytes);

// The software side, for `byok wrap` and for tests: wraps `target` (PKCS#8 DER or raw AES bytes)
// for the KEK whose SubjectPublicKeyInfo DER is `kekPublicKeyDer` (RSA 2048/3072/4096) with a fresh
// ephemeral AES-256 key that is wiped before returning. Invalid for a KEK that is not RSA.
Outcome<QByteArray> wrapForKek(const QByteArray& kekPublicKeyDer, const SecureBuffer& target);

// The reverse with the KEK's private key in software (PKCS#8 DER), for tests of the generator
// only: Custos itself unwraps inside the token (Token::unwrapByok).
Outcome<SecureBuffer> unwrapWithKek(const SecureBuffer& kekPrivateKeyPkcs8Der, const QByteArray& ciphertext);

} // namespace custos::crypto::byok
