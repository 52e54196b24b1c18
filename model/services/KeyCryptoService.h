#pragma once

#include "OperationContext.h"
#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"
#include "model/domain/Key.h"

#include <QByteArray>
#include <QCoro/QCoroTask>
#include <QObject>
#include <QString>

#include <memory>

namespace custos::model {

class ServicePath;
class UnsealedKeys;
namespace keyuse {
class HsmOperationsCache;
} // namespace keyuse

// Which key version an operation uses: `version` empty means the current one.
struct KeyTarget
{
    QString vault;
    QString name;
    QString version;
};

enum class SignatureFormat { Raw, Der }; // ECDSA: raw r||s (JOSE) or DER; RSA signatures are the same in both

enum class PublicKeyFormat { Pem, Jwk }; // SubjectPublicKeyInfo PEM; RFC 7517 JWK with kid

// A128GCM/A256GCM output; for RSA algorithms only `ciphertext` is set.
struct KeyCiphertext
{
    QByteArray ciphertext;
    QByteArray iv;  // 12 bytes
    QByteArray tag; // 16 bytes
};

// Cryptographic use of keys, each call one audited operation through the service path
// (KeySign, KeyVerify, KeyEncrypt, KeyDecrypt, KeyWrap, KeyUnwrap, KeyExport), denied and failed
// attempts too. Algorithms are the JOSE names ("RS256", "RSA-OAEP-256", "A256KW"). A key does
// only the operations in its key_ops. As in Key Vault: a disabled version refuses everything; a
// version before its not-before or after its expiry refuses sign, encrypt and wrapKey but still
// verifies, decrypts and unwraps; older (non-current) versions stay usable for all of them.
// RSA1_5 only where the key's allowRsa15 is set. A CA's key refuses sign and export.
// Software keys are unsealed on first use into secure memory (UnsealedKeys, owned by the session)
// and wiped at logout.
class KeyCryptoService : public QObject
{
    Q_OBJECT
public:
    explicit KeyCryptoService(ServicePath& path, QObject* parent = nullptr);
    ~KeyCryptoService() override;

    // Over the message, or with isDigest over a digest of the algorithm's hash length [keys/sign/action].
    QCoro::Task<Outcome<QByteArray>> sign(KeyTarget target, QString algorithm, QByteArray input, bool isDigest,
                                          SignatureFormat format = SignatureFormat::Raw,
                                          OperationContext context = {});
    // true/false for a well-formed request; a malformed signature is false [keys/verify/action].
    QCoro::Task<Outcome<bool>> verify(KeyTarget target, QString algorithm, QByteArray input, bool isDigest,
                                      QByteArray signature, SignatureFormat format = SignatureFormat::Raw,
                                      OperationContext context = {});
    // RSA-OAEP, RSA-OAEP-256, RSA1_5 (RSA keys), A128GCM/A256GCM (oct keys; `aad` optional)
    // [keys/encrypt/action, keys/decrypt/action].
    QCoro::Task<Outcome<KeyCiphertext>> encrypt(KeyTarget target, QString algorithm,
                                                std::shared_ptr<const crypto::SecureBuffer> plaintext,
                                                QByteArray aad = {}, OperationContext context = {});
    QCoro::Task<Outcome<std::shared_ptr<crypto::SecureBuffer>>> decrypt(KeyTarget target, QString algorithm,
                                                                        KeyCiphertext input, QByteArray aad = {},
                                                                        OperationContext context = {});
    // RSA-OAEP-256 (also RSA-OAEP, RSA1_5) and A128KW/A192KW/A256KW [keys/wrap/action, keys/unwrap/action].
    QCoro::Task<Outcome<QByteArray>> wrapKey(KeyTarget target, QString algorithm,
                                             std::shared_ptr<const crypto::SecureBuffer> keyBytes,
                                             OperationContext context = {});
    QCoro::Task<Outcome<std::shared_ptr<crypto::SecureBuffer>>> unwrapKey(KeyTarget target, QString algorithm,
                                                                          QByteArray wrapped,
                                                                          OperationContext context = {});
    // The public part [keys/read/action]; Invalid for oct keys. JWK: kid = the version's resource id.
    QCoro::Task<Outcome<QByteArray>> exportPublic(KeyTarget target, PublicKeyFormat format,
                                                  OperationContext context = {});
    // An exportable software key's private part as PEM "ENCRYPTED PRIVATE KEY" (PKCS#8, PBES2)
    // [keys/export/action]; refused for HSM, non-exportable and CA keys.
    QCoro::Task<Outcome<QByteArray>> exportPrivate(KeyTarget target,
                                                   std::shared_ptr<const crypto::SecureBuffer> password,
                                                   OperationContext context = {});

private:
    ServicePath& m_path;
    std::shared_ptr<keyuse::HsmOperationsCache> m_hsm; // per-version HSM engine objects, dropped at logout
};

} // namespace custos::model
