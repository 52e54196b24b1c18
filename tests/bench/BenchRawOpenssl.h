#pragma once

#include "crypto/ossl/OsslHandles.h"

#include <QByteArray>

#include <openssl/evp.h>

#include <memory>

// The raw OpenSSL baselines: plain EVP calls on a key parsed once, as a program using OpenSSL
// directly would make them. False when a call failed.
namespace custos::bench {

using PkeyPtr = std::unique_ptr<EVP_PKEY, crypto::ossl::Deleter<EVP_PKEY_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, crypto::ossl::Deleter<EVP_MD_CTX_free>>;

PkeyPtr publicKeyFromSpki(const QByteArray& der);
PkeyPtr privateKeyFromDer(const QByteArray& pkcs8);

// RSA PKCS#1 v1.5 with SHA-256, or ECDSA (DER signature) over a SHA-256 digest.
bool evpVerifyDigest(EVP_PKEY* key, bool rsa, const QByteArray& digest, const QByteArray& signature);
// The same over the message (EVP_DigestVerify, SHA-256).
bool evpVerifyMessage(EVP_PKEY* key, const QByteArray& message, const QByteArray& signature);
// RSA-OAEP with SHA-256 (MGF1-SHA-256) or SHA-1.
bool evpOaepEncrypt(EVP_PKEY* key, bool sha256, const QByteArray& plaintext, QByteArray* ciphertext = nullptr);
bool evpOaepDecrypt(EVP_PKEY* key, bool sha256, const QByteArray& ciphertext);
// AES-256-GCM, fresh random 96-bit IV; `sealed` = iv || ciphertext || tag.
bool evpAesGcmEncrypt(const QByteArray& key, const QByteArray& plaintext, QByteArray* sealed = nullptr);
bool evpAesGcmDecrypt(const QByteArray& key, const QByteArray& sealed);
// EVP_PKEY_keygen: EC P-256 or RSA of `bits`.
bool evpGenerate(bool rsa, int bits);

} // namespace custos::bench
