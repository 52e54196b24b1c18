#pragma once

#include "crypto/pkcs11/Token.h"

#include <QByteArray>

// The raw PKCS#11 baselines: one *Init + one-shot call straight on the token, on the calling
// thread's session (what the engine does, without the engine). False when a call failed.
namespace custos::bench {

bool rawVerify(crypto::Token& token, CK_OBJECT_HANDLE publicKey, CK_MECHANISM_TYPE type, const QByteArray& input,
               const QByteArray& signature);
// RSA with CKM_RSA_PKCS_OAEP (SHA-1, MGF1-SHA-1: the only OAEP SoftHSM2 2.6.1 has) or CKM_RSA_X_509.
bool rawRsaEncrypt(crypto::Token& token, CK_OBJECT_HANDLE publicKey, bool oaep, const QByteArray& input,
                   QByteArray* ciphertext = nullptr);
bool rawRsaDecrypt(crypto::Token& token, CK_OBJECT_HANDLE privateKey, bool oaep, const QByteArray& ciphertext);
// CKM_AES_GCM with a fresh random 96-bit IV and a 128-bit tag; `sealed` = iv || ciphertext || tag.
bool rawAesGcmEncrypt(crypto::Token& token, CK_OBJECT_HANDLE key, const QByteArray& plaintext,
                      QByteArray* sealed = nullptr);
bool rawAesGcmDecrypt(crypto::Token& token, CK_OBJECT_HANDLE key, const QByteArray& sealed);
// C_GenerateKeyPair of an EC P-256 or RSA pair as private token objects with the attributes the
// engine gives them (Token::generateKey), nothing else: no lookup first, no public key read back.
bool rawGenerateKeyPair(crypto::Token& token, bool rsa, int bits, const QByteArray& id);

} // namespace custos::bench
