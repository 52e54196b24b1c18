#pragma once

// Keys that arrive from outside and become token keys without passing through Custos in clear
// where that can be avoided: AES keys given as bytes (`key import` of a raw or JWK oct key) and
// BYOK transfer blobs unwrapped inside the token. Free functions over Token's engine interface
// (session, findObject), so Token.h and everything including it stays as it is.

#include "Token.h"

namespace custos::crypto {

// A key that arrived wrapped (BYOK): what it turned out to be once unwrapped inside the token.
struct UnwrappedKey
{
    QByteArray id;
    KeyKind kind = KeyKind::Rsa;
    int bits = 0;            // RSA modulus, AES key bits; 0 for EC
    QString curve;           // "P-256", "P-384", "P-521" for EC
    QByteArray publicKeyDer; // SubjectPublicKeyInfo DER for RSA and EC; empty for AES
};

// An AES key (16, 24 or 32 bytes) as a private token key with the protection generated keys get
// (sensitive, extractable only wrapped under a trusted key, encrypt/decrypt/wrap/unwrap); spec.kind,
// bits and curve are ignored. Conflict when objects with spec.id exist; on failure no object remains.
Outcome<GeneratedKey> importSecretKey(Token& token, const KeyGenSpec& spec, const SecureBuffer& value);

// BYOK: `ciphertext` as crypto/byok/ByokFile.h describes, unwrapped inside the token with the RSA
// private key whose CKA_ID is `kekId`. With CKM_RSA_AES_KEY_WRAP where the token has it; otherwise
// C_UnwrapKey with RSA-OAEP (SHA-1) to a non-extractable session AES key, then C_UnwrapKey with
// CKM_AES_KEY_WRAP_PAD (the session key is destroyed in every case). The target becomes a private
// token key under spec.id and spec.label with the protection generated keys get; it never exists in
// clear outside the token. Its type is found by the wrapped length (AES 16/24/32 bytes) and by
// trying RSA, then EC (spec.kind, bits and curve are ignored). RSA and EC get their public key
// object too; an EC key's public point, which SoftHSM2 does not expose, is derived inside the token
// (CKM_ECDH1_DERIVE with the curve's base point gives x; a test signature picks y).
// Failed "the .byok ciphertext does not unwrap under the KEK: ..." when it does not (tampered, or
// made for another KEK); NotFound when no private key has kekId; Conflict when objects with spec.id
// exist. Only RSA 2048/3072/4096, EC P-256/384/521 and AES 128/192/256 are accepted (Invalid
// otherwise, the unwrapped object destroyed). On failure no object remains.
Outcome<UnwrappedKey> unwrapByok(Token& token, const QByteArray& kekId, const QByteArray& ciphertext,
                                 const KeyGenSpec& spec);

} // namespace custos::crypto
