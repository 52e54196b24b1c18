// The engine side of key use (KeyCryptoService's engine steps, on the token thread): HSM keys
// through HsmKeyOperations on the token, software keys through their unsealed SoftwareKey, and
// the public-key operations (verify, RSA encrypt and wrapKey) through PublicKeyOperations from the
// stored SubjectPublicKeyInfo, for both protections alike.

#include "KeyUse_p.h"
#include "crypto/keys/HsmKeyOperations.h"
#include "crypto/keys/PublicKeyOperations.h"
#include "crypto/keys/software/SoftwareKey.h"
#include "model/session/UnsealedKeys.h"
#include "model/session/Workspace.h"
#include "model/store/Stores.h"

namespace custos::model::keyuse {

namespace {

using crypto::JoseAlgorithm;
using crypto::KeyKind;

constexpr int kGcmIvBytes = 12;
constexpr int kGcmTagBytes = 16;

bool isHsm(const EngineKey& key)
{
    return key.resolved.key.protection == Protection::Hsm;
}

bool isEcdsa(JoseAlgorithm algorithm)
{
    return algorithm == JoseAlgorithm::Es256 || algorithm == JoseAlgorithm::Es384 || algorithm == JoseAlgorithm::Es512;
}

bool isGcm(JoseAlgorithm algorithm)
{
    return algorithm == JoseAlgorithm::A128Gcm || algorithm == JoseAlgorithm::A256Gcm;
}

QByteArray sealingAad(const QString& versionId)
{
    return QByteArrayLiteral("custos-key:") + versionId.toLatin1();
}

Error noToken()
{
    return makeError(ErrorKind::Failed, QStringLiteral("the token is not open"));
}

} // namespace

std::shared_ptr<crypto::HsmKeyOperations> HsmOperationsCache::get(crypto::Token& token, const QString& versionId,
                                                                  int storedAesBits)
{
    std::lock_guard lock(m_mutex);
    if (m_token != &token) {
        m_operations.clear();
        m_token = &token;
    }
    auto& operations = m_operations[versionId];
    if (!operations)
        operations =
            std::make_shared<crypto::HsmKeyOperations>(token, QByteArray::fromHex(versionId.toLatin1()), storedAesBits);
    return operations;
}

void HsmOperationsCache::clear()
{
    std::lock_guard lock(m_mutex);
    m_operations.clear();
    m_token = nullptr;
}

Outcome<std::shared_ptr<crypto::HsmKeyOperations>> hsmOperations(const EngineKey& key)
{
    if (!key.token)
        return noToken();
    const bool isAes = key.resolved.key.kty == KeyKind::Aes;
    return key.hsm->get(*key.token, key.resolved.version.id, isAes ? key.resolved.key.size : 0);
}

Outcome<void> loadSealed(Database& db, EngineKey& key)
{
    // A public-only key has nothing sealed: it verifies, encrypts and wraps with its public key.
    if (isHsm(key) || key.resolved.key.publicOnly || key.unsealed->find(key.resolved.version.id))
        return {};
    auto sealed = KeyStore(db).sealedPrivate(key.resolved.version.id);
    if (!sealed)
        return sealed.error();
    if (!sealed.value() || sealed.value()->isEmpty())
        return makeError(ErrorKind::Failed, QStringLiteral("version %1 of key '%2' has no sealed private part")
                                                .arg(key.resolved.version.id, key.resolved.key.name));
    key.sealed = *sealed.value();
    return {};
}

Outcome<std::shared_ptr<const crypto::SoftwareKey>> softwareKey(const EngineKey& key)
{
    const QString& versionId = key.resolved.version.id;
    if (auto found = key.unsealed->find(versionId))
        return found;
    if (!key.token)
        return noToken();
    if (key.sealed.isEmpty())
        return makeError(ErrorKind::Failed,
                         QStringLiteral("version %1 of key '%2' is not unsealed in this session; log in again")
                             .arg(versionId, key.resolved.key.name));
    const quint64 generation = key.unsealed->generation();
    auto der = key.token->unseal(QString::fromLatin1(kSealingKeyLabel), key.sealed, sealingAad(versionId));
    if (!der)
        return makeError(der.error().kind, QStringLiteral("cannot unseal version %1 of key '%2': %3")
                                               .arg(versionId, key.resolved.key.name, der.error().message));
    auto parsed = crypto::SoftwareKey::fromPrivateDer(key.resolved.key.kty, der.value());
    der->clear();
    if (!parsed)
        return parsed.error();
    auto shared = std::make_shared<const crypto::SoftwareKey>(parsed.take());
    return key.unsealed->insert(versionId, std::move(shared), generation);
}

Outcome<QByteArray> sign(const EngineKey& key, JoseAlgorithm algorithm, const QByteArray& input, bool isDigest,
                         SignatureFormat format)
{
    Outcome<QByteArray> signature;
    if (isHsm(key)) {
        auto operations = hsmOperations(key);
        if (!operations)
            return operations.error();
        signature = operations.value()->sign(algorithm, input, isDigest);
    } else {
        auto software = softwareKey(key);
        if (!software)
            return software.error();
        signature =
            isDigest ? software.value()->signDigest(algorithm, input) : software.value()->sign(algorithm, input);
    }
    if (!signature || format != SignatureFormat::Der || !isEcdsa(algorithm))
        return signature;
    return crypto::ecdsaRawToDer(signature.value());
}

Outcome<bool> verify(const EngineKey& key, JoseAlgorithm algorithm, const QByteArray& input, bool isDigest,
                     const QByteArray& signature, SignatureFormat format)
{
    QByteArray raw = signature;
    if (format == SignatureFormat::Der && isEcdsa(algorithm)) {
        auto decoded = crypto::ecdsaDerToRaw(signature, ecFieldBytes(key.resolved.key.curve));
        if (!decoded)
            return false; // a malformed signature does not verify
        raw = decoded.value();
    }
    return crypto::verify(algorithm, key.resolved.version.publicKeyDer, input, isDigest, raw);
}

Outcome<KeyCiphertext> encrypt(const EngineKey& key, JoseAlgorithm algorithm, const crypto::SecureBuffer& plaintext,
                               const QByteArray& aad)
{
    KeyCiphertext out;
    if (!isGcm(algorithm)) {
        auto ciphertext = crypto::encrypt(algorithm, key.resolved.version.publicKeyDer, plaintext);
        if (!ciphertext)
            return ciphertext.error();
        out.ciphertext = ciphertext.value();
        return out;
    }
    if (isHsm(key)) {
        auto operations = hsmOperations(key);
        if (!operations)
            return operations.error();
        auto sealed = operations.value()->encryptGcm(algorithm, plaintext, aad);
        if (!sealed)
            return sealed.error();
        out.iv = sealed->iv;
        out.ciphertext = sealed->ciphertext;
        out.tag = sealed->tag;
        return out;
    }
    auto software = softwareKey(key);
    if (!software)
        return software.error();
    auto sealed = software.value()->encryptGcm(plaintext, aad);
    if (!sealed)
        return sealed.error();
    if (sealed->size() < kGcmIvBytes + kGcmTagBytes)
        return makeError(ErrorKind::Failed, QStringLiteral("AES-GCM returned no IV and tag"));
    out.iv = sealed->left(kGcmIvBytes);
    out.tag = sealed->right(kGcmTagBytes);
    out.ciphertext = sealed->mid(kGcmIvBytes, sealed->size() - kGcmIvBytes - kGcmTagBytes);
    return out;
}

Outcome<crypto::SecureBuffer> decrypt(const EngineKey& key, JoseAlgorithm algorithm, const KeyCiphertext& input,
                                      const QByteArray& aad)
{
    if (isGcm(algorithm) && (input.iv.size() != kGcmIvBytes || input.tag.size() != kGcmTagBytes))
        return makeError(ErrorKind::Invalid, QStringLiteral("%1 needs a %2-byte IV and a %3-byte tag, got %4 and %5")
                                                 .arg(crypto::joseAlgorithmName(algorithm))
                                                 .arg(kGcmIvBytes)
                                                 .arg(kGcmTagBytes)
                                                 .arg(input.iv.size())
                                                 .arg(input.tag.size()));
    if (isHsm(key)) {
        auto operations = hsmOperations(key);
        if (!operations)
            return operations.error();
        if (isGcm(algorithm))
            return operations.value()->decryptGcm(algorithm, {input.iv, input.ciphertext, input.tag}, aad);
        return operations.value()->decrypt(algorithm, input.ciphertext);
    }
    auto software = softwareKey(key);
    if (!software)
        return software.error();
    if (isGcm(algorithm))
        return software.value()->decryptGcm(input.iv + input.ciphertext + input.tag, aad);
    return software.value()->decrypt(algorithm, input.ciphertext);
}

Outcome<QByteArray> wrapKey(const EngineKey& key, JoseAlgorithm algorithm, const crypto::SecureBuffer& bytes)
{
    if (!crypto::isKeyWrapAlgorithm(algorithm))
        return crypto::encrypt(algorithm, key.resolved.version.publicKeyDer, bytes);
    if (isHsm(key)) {
        auto operations = hsmOperations(key);
        if (!operations)
            return operations.error();
        return operations.value()->wrapKey(algorithm, bytes);
    }
    auto software = softwareKey(key);
    if (!software)
        return software.error();
    return software.value()->wrapKey(bytes);
}

Outcome<crypto::SecureBuffer> unwrapKey(const EngineKey& key, JoseAlgorithm algorithm, const QByteArray& wrapped)
{
    if (isHsm(key)) {
        auto operations = hsmOperations(key);
        if (!operations)
            return operations.error();
        return operations.value()->unwrapKey(algorithm, wrapped);
    }
    auto software = softwareKey(key);
    if (!software)
        return software.error();
    if (crypto::isKeyWrapAlgorithm(algorithm))
        return software.value()->unwrapKey(wrapped);
    return software.value()->decrypt(algorithm, wrapped);
}

} // namespace custos::model::keyuse
