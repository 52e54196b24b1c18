#pragma once

// The JWE profile of a security-domain file (SECURITY-DOMAIN.md §4): compact serialization,
// A256CBC-HS512 content encryption, "dir" (EncData items, restore blob) or RSA-OAEP-256 (shares,
// the restore blob's WrappedKey). Readers use the header segment exactly as received for the MAC.

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace custos::crypto::sd {

class CustodianKey;

struct CompactJwe
{
    QByteArray headerSegment; // B64URL text as received: the MAC's A
    QString alg;              // "dir", "RSA-OAEP-256", ... (the header's other members are ignored)
    QString enc;              // must be "A256CBC-HS512" to decrypt
    QString kid;              // informational only
    QByteArray encryptedKey;  // empty for "dir"
    QByteArray iv;            // 16 bytes
    QByteArray ciphertext;
    QByteArray tag;           // must be 32 bytes to decrypt (stricter than az)

    // Exactly 5 dot-separated B64URL segments and a JSON object header with string alg and enc;
    // Invalid naming the segment otherwise. Does not decrypt anything.
    static Outcome<CompactJwe> parse(QByteArrayView text);
};

// The header segment az writes: compact JSON {"alg":...,"enc":"A256CBC-HS512","kid":...} in that order.
QByteArray jweHeaderSegment(const QString& alg, const QString& kid);

// A256CBC-HS512 with a 64-byte key K (MAC key K[0..31], AES key K[32..63]): the compact JWE
// text. `encryptedKey` is the second segment (empty for "dir"). A fresh random IV.
Outcome<QByteArray> sealA256CbcHs512(const SecureBuffer& key, QByteArrayView headerSegment,
                                     QByteArrayView encryptedKey, const SecureBuffer& plaintext);
// Checks the 32-byte tag in constant time before decrypting. Failed "the JWE's MAC does not
// verify" (wrong key or tampered), Invalid for a tag that is not 32 bytes, an enc that is not
// A256CBC-HS512, or a key that is not 64 bytes. Never quotes key material.
Outcome<SecureBuffer> openA256CbcHs512(const SecureBuffer& key, const CompactJwe& jwe);

// "dir": the whole JWE under `key` (64 bytes), kid = `kid` (an EncData item under KDF(master, tag)).
Outcome<QByteArray> encryptDirJwe(const SecureBuffer& key, const QString& kid, const SecureBuffer& plaintext);
Outcome<SecureBuffer> decryptDirJwe(const SecureBuffer& key, const CompactJwe& jwe); // alg must be "dir"

// RSA-OAEP-256 to the RSA public key of `certificateDer` (an X.509 certificate, DER) with a fresh
// 64-byte CEK; header {"alg":"RSA-OAEP-256","enc":"A256CBC-HS512","kid":"not used"}.
Outcome<QByteArray> encryptRsaOaep256Jwe(const QByteArray& certificateDer, const SecureBuffer& plaintext);
// The CEK decrypted by `key` (RSA-OAEP with SHA-256, or SHA-1 for alg "RSA-OAEP"), which must be
// 64 bytes; then A256CBC-HS512. The CEK is wiped before returning.
Outcome<SecureBuffer> decryptRsaJwe(CustodianKey& key, const CompactJwe& jwe);

} // namespace custos::crypto::sd
