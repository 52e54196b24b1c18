#include "OperatorCredentials.h"

#include "crypto/Aead.h"
#include "crypto/Random.h"

#include <openssl/crypto.h>

namespace custos::model {

namespace {
constexpr std::size_t kHalf = 32;

QByteArray pinAad(const QString& operatorName)
{
    return QByteArrayLiteral("custos-pin:") + operatorName.toUtf8();
}
} // namespace

Outcome<void> checkPassphraseQuality(const crypto::SecureBuffer& passphrase)
{
    if (passphrase.size() < kMinPassphraseLength)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("passphrase too short: at least %1 characters").arg(kMinPassphraseLength));
    return {};
}

Outcome<OperatorCredentials> makeCredentials(const QString& operatorName, const crypto::SecureBuffer& passphrase,
                                             const crypto::SecureBuffer& userPin, const crypto::KdfParams& params)
{
    OperatorCredentials credentials;
    credentials.kdf = params.encode();
    credentials.salt = crypto::randomBytes(16);
    auto derived = crypto::deriveKey(passphrase, credentials.salt, params, 2 * kHalf);
    if (!derived)
        return derived.error();
    crypto::SecureBuffer wrappingKey(derived->data(), kHalf);
    credentials.verifier = QByteArray(reinterpret_cast<const char*>(derived->data() + kHalf), kHalf);
    auto sealed = crypto::sealAes256Gcm(wrappingKey, userPin, pinAad(operatorName));
    if (!sealed)
        return sealed.error();
    credentials.wrappedPin = sealed.take();
    return credentials;
}

Outcome<crypto::SecureBuffer> unlockCredentials(const Operator& op, const crypto::SecureBuffer& passphrase)
{
    auto params = crypto::KdfParams::decode(op.kdf);
    if (!params)
        return makeError(ErrorKind::Failed, QStringLiteral("operator '%1' has an unreadable key derivation setting: %2")
                                                .arg(op.name, params.error().message));
    auto derived = crypto::deriveKey(passphrase, op.salt, params.value(), 2 * kHalf);
    if (!derived)
        return derived.error();
    if (op.verifier.size() != static_cast<int>(kHalf) ||
        CRYPTO_memcmp(derived->data() + kHalf, op.verifier.constData(), kHalf) != 0)
        return makeError(ErrorKind::Denied, QStringLiteral("wrong passphrase"));
    crypto::SecureBuffer wrappingKey(derived->data(), kHalf);
    auto pin = crypto::openAes256Gcm(wrappingKey, op.wrappedPin, pinAad(op.name));
    if (!pin)
        return makeError(
            ErrorKind::Failed,
            QStringLiteral("the token PIN stored for operator '%1' cannot be unwrapped (damaged record)").arg(op.name));
    return pin.take();
}

} // namespace custos::model
