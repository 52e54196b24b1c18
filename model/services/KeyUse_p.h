#pragma once

// Private to KeyCryptoService: resolving a KeyTarget, the checks every key use makes before the
// engine runs (KeyUseChecks.cpp), and the engine calls themselves (KeyEngineCalls.cpp).

#include "KeyCryptoService.h"
#include "ServicePath.h"
#include "crypto/keys/JoseAlgorithm.h"
#include "model/domain/Key.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QString>

#include <memory>
#include <mutex>
#include <optional>

namespace custos::crypto {
class HsmKeyOperations;
class SoftwareKey;
class Token;
} // namespace custos::crypto

namespace custos::model {

class Database;
class UnsealedKeys;

namespace keyuse {

// The key and version a call works on, found in the precheck.
struct ResolvedKey
{
    KeyRecord key;
    KeyVersion version;
};

QString permissionFor(crypto::KeyOperation operation); // keys/sign/action, ...
// The event's identity: name, permission at the key's scope (the root when the names are invalid,
// so the attempt is still authorised and audited), details {vault, key, version}.
Operation makeOperation(const QString& name, const QString& permission, const KeyTarget& target,
                        const OperationContext& context);

// NotFound names the vault, key or version; a deleted key is NotFound ("is deleted").
Outcome<ResolvedKey> resolve(Database& db, const KeyTarget& target);

// The JOSE name for this key and operation, including curve and AES size.
Outcome<crypto::JoseAlgorithm> checkAlgorithm(const KeyRecord& key, const QString& algorithm,
                                              crypto::KeyOperation operation);
// The key's key_ops include `operation`.
Outcome<void> checkKeyOps(const KeyRecord& key, crypto::KeyOperation operation);
// A public-only key verifies, encrypts and wraps; sign, decrypt and unwrap are refused plainly.
Outcome<void> checkPublicOnlyUse(const KeyRecord& key, crypto::KeyOperation operation);
// Enabled; and for sign, encrypt and wrapKey within not-before..expires.
Outcome<void> checkVersionUsable(const ResolvedKey& resolved, crypto::KeyOperation operation, const QDateTime& now);
// RSA1_5 only where the key allows it.
Outcome<void> checkRsa15(const KeyRecord& key, crypto::JoseAlgorithm algorithm);
// With isDigest: the digest has the algorithm's hash length.
Outcome<void> checkDigestLength(crypto::JoseAlgorithm algorithm, const QByteArray& input, bool isDigest);
// A CA's key refuses sign and export for every role (ROLES.md).
Outcome<void> checkNotCaKey(const KeyRecord& key, const QString& what);

// Everything above for one use with an algorithm.
Outcome<crypto::JoseAlgorithm> checkUse(const ResolvedKey& resolved, const QString& algorithm,
                                        crypto::KeyOperation operation, const QDateTime& now);

int ecFieldBytes(const QString& curve); // P-256 32, P-384 48, P-521 66

// HsmKeyOperations per (token, version id): they cache what they read about the key, so a warm
// call costs only the operation itself. Used on the token thread; the map is locked.
class HsmOperationsCache
{
public:
    std::shared_ptr<crypto::HsmKeyOperations> get(crypto::Token& token, const QString& versionId,
                                                  int storedAesBits = 0);
    void clear();

private:
    std::mutex m_mutex;
    const crypto::Token* m_token = nullptr; // the entries' token; another token empties the map
    QHash<QString, std::shared_ptr<crypto::HsmKeyOperations>> m_operations;
};

// What the engine step of one call needs: captured by value into the token-thread lambda.
struct EngineKey
{
    crypto::Token* token = nullptr;
    std::shared_ptr<UnsealedKeys> unsealed;
    std::shared_ptr<HsmOperationsCache> hsm;
    ResolvedKey resolved;
    QByteArray sealed; // a software key's sealed private part, read in the precheck when not unsealed yet
};

// On the token thread.
Outcome<std::shared_ptr<crypto::HsmKeyOperations>> hsmOperations(const EngineKey& key);
Outcome<std::shared_ptr<const crypto::SoftwareKey>> softwareKey(const EngineKey& key);
// In the precheck: the sealed blob of a software key that is not unsealed yet.
Outcome<void> loadSealed(Database& db, EngineKey& key);

Outcome<QByteArray> sign(const EngineKey& key, crypto::JoseAlgorithm algorithm, const QByteArray& input, bool isDigest,
                         SignatureFormat format);
Outcome<bool> verify(const EngineKey& key, crypto::JoseAlgorithm algorithm, const QByteArray& input, bool isDigest,
                     const QByteArray& signature, SignatureFormat format);
Outcome<KeyCiphertext> encrypt(const EngineKey& key, crypto::JoseAlgorithm algorithm,
                               const crypto::SecureBuffer& plaintext, const QByteArray& aad);
Outcome<crypto::SecureBuffer> decrypt(const EngineKey& key, crypto::JoseAlgorithm algorithm, const KeyCiphertext& input,
                                      const QByteArray& aad);
Outcome<QByteArray> wrapKey(const EngineKey& key, crypto::JoseAlgorithm algorithm, const crypto::SecureBuffer& bytes);
Outcome<crypto::SecureBuffer> unwrapKey(const EngineKey& key, crypto::JoseAlgorithm algorithm,
                                        const QByteArray& wrapped);

} // namespace keyuse
} // namespace custos::model
