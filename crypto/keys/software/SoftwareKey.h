#pragma once

// A software-protected key (issue 3): held by OpenSSL, its private part sealed at rest under a token
// key (Token::seal) and unsealed into secure memory only while the operator's session is unlocked.

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"
#include "crypto/keys/JoseAlgorithm.h"
#include "crypto/pkcs11/Token.h"

#include <QByteArray>
#include <QString>

#include <openssl/types.h>

namespace custos::crypto {

// Move-only. RSA and EC keys live in an EVP_PKEY (freed with its private parts cleared); AES keys
// in a SecureBuffer. Every method is safe to call from one thread at a time per key; const methods
// from several threads at once.
class SoftwareKey
{
public:
    static Outcome<SoftwareKey> generateRsa(int bits);            // 2048, 3072, 4096
    static Outcome<SoftwareKey> generateEc(const QString& curve); // "P-256", "P-384", "P-521"
    static Outcome<SoftwareKey> generateAes(int bits);            // 128, 192, 256
    // The form toPrivateDer gives: PKCS#8 PrivateKeyInfo DER for RSA and EC, the raw key for AES.
    static Outcome<SoftwareKey> fromPrivateDer(KeyKind kind, const SecureBuffer& der);

    SoftwareKey(SoftwareKey&& other) noexcept;
    SoftwareKey& operator=(SoftwareKey&& other) noexcept;
    SoftwareKey(const SoftwareKey&) = delete;
    SoftwareKey& operator=(const SoftwareKey&) = delete;
    ~SoftwareKey();

    KeyKind kind() const { return m_kind; }
    int bits() const;      // RSA modulus, EC field, AES key size
    QString curve() const; // "P-256", "P-384", "P-521"; empty for RSA and AES

    Outcome<SecureBuffer> toPrivateDer() const;
    Outcome<QByteArray> publicKeyDer() const; // SubjectPublicKeyInfo DER; Invalid for AES

    // RS*/PS*/ES* over data, or over a digest of the algorithm's hash (its length is checked).
    // ECDSA signatures are raw r||s as in JOSE; ecdsaRawToDer/ecdsaDerToRaw (PublicKeyOperations.h) convert.
    Outcome<QByteArray> sign(JoseAlgorithm algorithm, const QByteArray& data) const;
    Outcome<QByteArray> signDigest(JoseAlgorithm algorithm, const QByteArray& digest) const;
    // Invalid for a malformed signature is reported as false, not as an error. Uses the public half
    // (PublicKeyOperations), so HSM and software keys verify through the same code.
    Outcome<bool> verify(JoseAlgorithm algorithm, const QByteArray& data, const QByteArray& signature) const;

    // RSA-OAEP (SHA-1), RSA-OAEP-256 (SHA-256, MGF1-SHA-256), RSA1_5.
    Outcome<QByteArray> encrypt(JoseAlgorithm algorithm, const SecureBuffer& plaintext) const;
    Outcome<SecureBuffer> decrypt(JoseAlgorithm algorithm, const QByteArray& ciphertext) const;

    // AES keys: AES-GCM with a fresh 96-bit IV, iv(12) || ciphertext || tag(16).
    Outcome<QByteArray> encryptGcm(const SecureBuffer& plaintext, const QByteArray& aad) const;
    Outcome<SecureBuffer> decryptGcm(const QByteArray& sealed, const QByteArray& aad) const;
    // AES keys: AES key wrap (RFC 3394, JOSE A*KW); the key to wrap is a multiple of 8 bytes, >= 16.
    Outcome<QByteArray> wrapKey(const SecureBuffer& keyToWrap) const;
    Outcome<SecureBuffer> unwrapKey(const QByteArray& wrapped) const;

    // PEM "ENCRYPTED PRIVATE KEY": PKCS#8 with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC). RSA and EC.
    Outcome<QByteArray> exportEncryptedPkcs8(const SecureBuffer& password) const;

private:
    SoftwareKey() = default;
    Outcome<void> expect(KeyKind kind, const char* operation) const;
    QString curveOfKey() const; // read from the EVP_PKEY once, when the key is made

    KeyKind m_kind = KeyKind::Aes;
    EVP_PKEY* m_pkey = nullptr; // RSA, EC
    SecureBuffer m_secret;      // AES
    QString m_curve;            // EC
};

} // namespace custos::crypto
