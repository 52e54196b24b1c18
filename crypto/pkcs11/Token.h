#pragma once

#include "Pkcs11Module.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <openssl/types.h>

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace custos::crypto {

enum class KeyKind { Aes, Rsa, Ec };

// What to create on the token. Ids are the caller's (an intent row's id), so a crash leaves
// objects that can be matched to database rows. HSM keys: private, sensitive, extractable only
// wrapped under a trusted key (CKA_WRAP_WITH_TRUSTED).
struct KeyGenSpec
{
    KeyKind kind = KeyKind::Aes;
    QByteArray id;  // CKA_ID
    QString label;  // CKA_LABEL
    int bits = 256; // AES 128/192/256, RSA 2048/3072/4096
    QString curve;  // "P-256", "P-384", "P-521" for EC
    bool wrapWithTrusted = true;
};

struct GeneratedKey
{
    QByteArray id;
    QByteArray publicKeyDer; // SubjectPublicKeyInfo DER for RSA and EC; empty for AES
};

// C_GetInfo of the module and the version fields of C_GetTokenInfo (`token info`).
struct TokenModuleInfo
{
    QString libraryDescription; // CK_INFO::libraryDescription
    QString libraryManufacturer;
    QString libraryVersion;  // "2.6"
    QString cryptokiVersion; // "2.40"
    QString hardwareVersion; // the token's
    QString firmwareVersion;
};

// One token of a module. Thread-safe: each thread gets its own session (opened on first use, RW);
// login state is shared by the module's sessions. Object handles are cached by (class, CKA_ID)
// and looked up again when the token says a handle is no longer valid.
class Token
{
public:
    static Outcome<std::unique_ptr<Token>> open(std::shared_ptr<Pkcs11Module> module, const QString& label);
    ~Token(); // closes all sessions
    Token(const Token&) = delete;
    Token& operator=(const Token&) = delete;

    QString label() const { return m_label; }
    Pkcs11Module& module() const { return *m_module; }
    SlotInfo slotInfo() const;

    // Logs in as SO, C_InitPIN, logs out. Used once at workspace init.
    Outcome<void> initUserPin(const SecureBuffer& soPin, const SecureBuffer& userPin);
    Outcome<void> login(const SecureBuffer& userPin); // CKU_USER; already logged in is success
    Outcome<void> logout();                           // not logged in is success
    bool isLoggedIn() const;

    // Private token data objects (CKO_DATA, CKA_PRIVATE, CKA_TOKEN) addressed by CKA_LABEL.
    Outcome<void> writeDataObject(const QString& label, const SecureBuffer& value); // replaces
    Outcome<SecureBuffer> readDataObject(const QString& label);                     // NotFound
    Outcome<void> destroyDataObject(const QString& label);                          // missing is success

    // Keys as private token objects; RSA/EC create a key pair sharing the id.
    Outcome<GeneratedKey> generateKey(const KeyGenSpec& spec);
    // A key pair from a private key held by OpenSSL (TokenKeyImport.cpp): RSA 2048/3072/4096 or EC
    // P-256/384/521, read from the key (spec.kind, bits and curve are ignored). C_CreateObject of the
    // private key with the protection generated keys get (sensitive, extractable only wrapped under a
    // trusted key) and of its public key, both with CKA_ID spec.id. Invalid for other key types,
    // Conflict when objects with the id exist. On failure no object remains.
    Outcome<GeneratedKey> importKeyPair(const KeyGenSpec& spec, const EVP_PKEY* key);
    // The same from PKCS#8 PrivateKeyInfo DER (as SoftwareKey::toPrivateDer gives).
    Outcome<GeneratedKey> importKeyPair(const KeyGenSpec& spec, const SecureBuffer& privateKeyPkcs8Der);
    Outcome<void> destroyObjects(const QByteArray& id); // every object with this CKA_ID; none is success
    Outcome<bool> hasObjects(const QByteArray& id);
    Outcome<QList<QByteArray>> listKeyIds(); // distinct CKA_IDs of key objects

    // The workspace's domain key (DESIGN.md, "Security domain"): AES-256, private token object,
    // CKA_TRUSTED, with an unwrap template {CKA_SENSITIVE=TRUE, CKA_WRAP_WITH_TRUSTED=TRUE}. SoftHSM2
    // lets only the SO set CKA_TRUSTED and the SO cannot create private objects, so the SO makes a
    // trusted session object and the user copies it into a private token object (TOOLCHAIN.md 10).
    // Logs out whoever is logged in and ends logged in as the user; on failure no SO login and no
    // session object remain. Conflict when a key with this label exists already.
    Outcome<void> createDomainKey(const SecureBuffer& soPin, const SecureBuffer& userPin, const QString& label);
    Outcome<bool> hasDomainKey(const QString& label); // a trusted private AES token key with this label
    // A domain key restored from a security-domain file (32 bytes), made as createDomainKey makes
    // one but with this value (the SO's session object gets CKA_VALUE). Conflict as createDomainKey.
    Outcome<void> importDomainKey(const SecureBuffer& soPin, const SecureBuffer& userPin, const QString& label,
                                  const SecureBuffer& value);
    // The domain key's value in secure memory, for a security-domain file only: wrapped on the token
    // under an ephemeral session AES key whose value Custos chose, then unwrapped in secure memory
    // (AES key wrap with padding). Both the ephemeral key and its value are destroyed before returning.
    Outcome<SecureBuffer> exportDomainKey(const QString& label);
    // Undoes a domain key made by a ceremony step that could not commit; none is success.
    Outcome<void> destroyDomainKey(const QString& label);
    // CKM_AES_KEY_WRAP_PAD of the private key (RSA, EC) or secret key (AES) with CKA_ID `keyId` under
    // the domain key. Keys made with wrapWithTrusted leave the token only this way.
    Outcome<QByteArray> wrapUnderDomainKey(const QByteArray& keyId, const QString& domainKeyLabel);
    // The reverse: a new private token object (sensitive, extractable only wrapped under a trusted key)
    // with CKA_ID `newId` and CKA_LABEL `newLabel`. Conflict when objects with `newId` exist.
    Outcome<void> unwrapUnderDomainKey(const QByteArray& wrapped, const QString& domainKeyLabel, KeyKind kind,
                                       const QByteArray& newId, const QString& newLabel);

    // The token key that seals software keys at rest: AES-256, private, sensitive, never extractable.
    Outcome<void> ensureSealingKey(const QString& label); // creates it unless it exists
    // CKM_AES_GCM on the token; iv(12) || ciphertext || tag(16), as sealAes256Gcm (Aead.h).
    Outcome<QByteArray> seal(const QString& label, const SecureBuffer& plaintext, const QByteArray& aad);
    // Failed with "authentication failed" when the blob, the aad or the key does not match.
    Outcome<SecureBuffer> unseal(const QString& label, const QByteArray& sealed, const QByteArray& aad);

    // C_GenerateRandom on the token (TokenRandom.cpp); `bytes` 1..1048576.
    Outcome<QByteArray> generateRandom(int bytes);
    // C_GetInfo and the token's hardware/firmware versions (TokenRandom.cpp).
    Outcome<TokenModuleInfo> moduleInfo() const;

    // Key backups (TokenBackupKey.cpp): a session AES-256 content key (private, sensitive,
    // extractable only wrapped under a trusted key) that encrypts software keys' private parts with
    // CKM_AES_GCM (iv(12) || ciphertext || tag(16), as seal) and travels wrapped under the domain key.
    // Session objects belong to the calling thread's session: use them on one thread and destroy them.
    Outcome<CK_OBJECT_HANDLE> generateBackupContentKey();
    Outcome<QByteArray> wrapBackupContentKey(CK_OBJECT_HANDLE contentKey, const QString& domainKeyLabel);
    // Failed when `wrapped` was not made under this token's domain key.
    Outcome<CK_OBJECT_HANDLE> unwrapBackupContentKey(const QByteArray& wrapped, const QString& domainKeyLabel);
    Outcome<QByteArray> encryptWithContentKey(CK_OBJECT_HANDLE contentKey, const SecureBuffer& plaintext,
                                              const QByteArray& aad);
    // Failed with "authentication failed" when the blob, the aad or the key does not match.
    Outcome<SecureBuffer> decryptWithContentKey(CK_OBJECT_HANDLE contentKey, const QByteArray& encrypted,
                                                const QByteArray& aad);
    void destroySessionObject(CK_OBJECT_HANDLE object); // best effort

    // The session of the calling thread (opened on demand). For engine code in crypto/ only.
    // After a call failed in a way that may have ended it (mayEndSession: device error, token
    // removed, session closed), the session is checked first; a lost one is replaced by a new
    // session, logged in again with the PIN of the last login(), on the token's slot (looked up again
    // by label when the slot is gone: a token put back may get a new slot id).
    Outcome<CK_SESSION_HANDLE> session();
    Outcome<CK_OBJECT_HANDLE> findObject(CK_OBJECT_CLASS objectClass, const QByteArray& id);

private:
    Outcome<void> makeDomainKey(const SecureBuffer& soPin, const SecureBuffer& userPin, const QString& label,
                                const SecureBuffer* value);
    Token() = default;
    // With m_mutex held: a new session for `thread`, logged in when a login() is in force.
    Outcome<CK_SESSION_HANDLE> openSessionLocked(std::thread::id thread);
    Outcome<void> restoreLoginLocked(CK_SESSION_HANDLE session); // C_Login again if the login is gone
    // The one object matching `match`, found through m_handleCache under `cacheKey`; a cached handle
    // is re-checked against `match` and searched again when stale. CK_INVALID_HANDLE if none.
    Outcome<CK_OBJECT_HANDLE> findCachedObject(const std::string& cacheKey, const std::vector<CK_ATTRIBUTE>& match);
    void forgetCachedHandles(const std::string& cacheKeySuffix);        // every key ending with the suffix
    Error discardFailedGeneration(const QByteArray& id, Error failure); // TokenKeys.cpp
    // A secret key token object by CKA_LABEL (the domain and sealing keys carry no CKA_ID).
    Outcome<CK_OBJECT_HANDLE> findSecretKeyByLabel(const QString& label, bool trusted);

    std::shared_ptr<Pkcs11Module> m_module;
    CK_SLOT_ID m_slot = 0;
    QString m_label;
    mutable std::mutex m_mutex;
    std::unordered_map<std::thread::id, CK_SESSION_HANDLE> m_sessions;
    // The user PIN of the login in force (secure memory), to log a replaced session in again;
    // empty when logged out.
    SecureBuffer m_userPin;
    // Keys: class + ":" + hex(id) for keys, "data/" + hex(label) for data objects (Pkcs11Objects.h).
    std::unordered_map<std::string, CK_OBJECT_HANDLE> m_handleCache;
};

} // namespace custos::crypto
