#pragma once

// Private-key and secret-key operations of one HSM-protected key (its token objects share a
// CKA_ID), with the JOSE algorithm names. The key never leaves the token: where the token lacks a
// mechanism the engine composes it (software hash + CKM_ECDSA, CKM_RSA_X_509 + OAEP decoding in
// secure memory). Public-key operations are in PublicKeyOperations.h.
// Thread: the token thread (Token::session() is per thread). Not thread-safe itself.

#include "JoseAlgorithm.h"

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"
#include "crypto/pkcs11/Token.h"

#include <QByteArray>

#include <optional>

namespace custos::crypto {

struct AesGcmCiphertext
{
    QByteArray iv; // 12 bytes, random per encryption
    QByteArray ciphertext;
    QByteArray tag; // 16 bytes
};

class HsmKeyOperations
{
public:
    // `storedAesBits`: an AES key's size as the caller recorded it, used only when the token reports
    // none (SoftHSM2 2.6.1 records no CKA_VALUE_LEN for a key made by C_UnwrapKey: restored keys).
    HsmKeyOperations(Token& token, QByteArray id, int storedAesBits = 0)
        : m_token(token), m_id(std::move(id)), m_storedAesBits(storedAesBits)
    {
    }

    // RS*/PS*/ES* over `input`: the message (hashed in software) or, with isDigest, its digest of
    // the algorithm's length. ES* signatures are raw r||s as in JOSE (ecdsaRawToDer for DER).
    Outcome<QByteArray> sign(JoseAlgorithm algorithm, const QByteArray& input, bool isDigest);

    // RSA-OAEP, RSA-OAEP-256, RSA1_5. Any padding failure is Invalid "decryption failed".
    Outcome<SecureBuffer> decrypt(JoseAlgorithm algorithm, const QByteArray& ciphertext);

    // A128GCM/A256GCM with a 96-bit random IV and a 128-bit tag; `aad` optional.
    Outcome<AesGcmCiphertext> encryptGcm(JoseAlgorithm algorithm, const SecureBuffer& plaintext,
                                         const QByteArray& aad = {});
    Outcome<SecureBuffer> decryptGcm(JoseAlgorithm algorithm, const AesGcmCiphertext& sealed,
                                     const QByteArray& aad = {});

    // A128KW/A192KW/A256KW (RFC 3394) of caller-supplied key bytes (16..., a multiple of 8). RSA
    // wrapKey is a public-key operation: PublicKeyOperations' encrypt().
    Outcome<QByteArray> wrapKey(JoseAlgorithm algorithm, const SecureBuffer& keyBytes);
    // A*KW, or RSA-OAEP/RSA-OAEP-256/RSA1_5 (the RSA decryption above).
    Outcome<SecureBuffer> unwrapKey(JoseAlgorithm algorithm, const QByteArray& wrapped);

private:
    // One more try after an operation found the trusted handle stale (the object was destroyed and
    // made again, or the token reloaded): `operation` is run at most twice.
    template <typename Operation>
    auto retryIfStale(Operation operation)
    {
        m_staleHandle = false;
        auto result = operation();
        if (!result && m_staleHandle) {
            m_staleHandle = false;
            result = operation();
        }
        return result;
    }
    bool noteStaleHandle(CK_RV rv); // true (and forgets the handle) for CKR_KEY/OBJECT_HANDLE_INVALID

    Outcome<QByteArray> signOnce(JoseAlgorithm algorithm, const QByteArray& input, bool isDigest);
    Outcome<SecureBuffer> decryptOnce(JoseAlgorithm algorithm, const QByteArray& ciphertext);
    Outcome<AesGcmCiphertext> encryptGcmOnce(JoseAlgorithm algorithm, const SecureBuffer& plaintext,
                                             const QByteArray& aad);
    Outcome<SecureBuffer> decryptGcmOnce(JoseAlgorithm algorithm, const AesGcmCiphertext& sealed,
                                         const QByteArray& aad);
    Outcome<QByteArray> wrapKeyOnce(JoseAlgorithm algorithm, const SecureBuffer& keyBytes);
    Outcome<SecureBuffer> unwrapKeyOnce(JoseAlgorithm algorithm, const QByteArray& wrapped);

    struct KeyFacts
    {
        KeyKind kind = KeyKind::Aes;
        CK_OBJECT_CLASS objectClass = CKO_SECRET_KEY; // the object that does the work
        int modulusBytes = 0;                         // RSA
        int fieldBytes = 0;                           // EC
        QString curve;                                // EC: "P-256", ...
        int aesBits = 0;                              // AES
    };

    Outcome<KeyFacts> facts(); // read once, then cached
    Outcome<CK_OBJECT_HANDLE> keyHandle(JoseAlgorithm algorithm, KeyOperation operation, KeyFacts* factsOut);
    Outcome<SecureBuffer> decryptRsaOaep256(CK_SESSION_HANDLE session, CK_OBJECT_HANDLE key, const KeyFacts& facts,
                                            const QByteArray& ciphertext);

    Token& m_token;
    QByteArray m_id;
    int m_storedAesBits = 0;
    std::optional<KeyFacts> m_facts;
    CK_OBJECT_HANDLE m_handle = CK_INVALID_HANDLE;
    bool m_staleHandle = false;
};

} // namespace custos::crypto
