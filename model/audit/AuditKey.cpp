#include "AuditKey.h"

#include "crypto/Digest.h"
#include "crypto/SecureBuffer.h"
#include "crypto/keys/HsmKeyOperations.h"
#include "crypto/keys/PublicKeyOperations.h"
#include "crypto/pkcs11/Token.h"
#include "crypto/x509/CertificateInfo.h"

namespace custos::model {

namespace {

QByteArray keyId()
{
    return QByteArray(kAuditKeyLabel);
}

QByteArray bytesOf(const crypto::SecureBuffer& buffer)
{
    return QByteArray(reinterpret_cast<const char*>(buffer.data()), qsizetype(buffer.size()));
}

} // namespace

Outcome<void> ensureAuditKey(crypto::Token& token)
{
    auto existing = token.readDataObject(QLatin1String(kAuditPublicKeyObject));
    if (existing)
        return {};
    if (existing.error().kind != ErrorKind::NotFound)
        return existing.error();
    // A key pair left without its public-key object by an interrupted run is replaced.
    if (auto destroyed = token.destroyObjects(keyId()); !destroyed)
        return destroyed;
    crypto::KeyGenSpec spec;
    spec.kind = crypto::KeyKind::Ec;
    spec.curve = QStringLiteral("P-256");
    spec.id = keyId();
    spec.label = QLatin1String(kAuditKeyLabel);
    auto generated = token.generateKey(spec);
    if (!generated)
        return generated.error();
    const QByteArray& der = generated->publicKeyDer;
    return token.writeDataObject(QLatin1String(kAuditPublicKeyObject),
                                 crypto::SecureBuffer(der.constData(), std::size_t(der.size())));
}

Outcome<QByteArray> auditPublicKeyDer(crypto::Token& token)
{
    auto stored = token.readDataObject(QLatin1String(kAuditPublicKeyObject));
    if (!stored) {
        if (stored.error().kind == ErrorKind::NotFound)
            return makeError(ErrorKind::NotFound, QStringLiteral("the token holds no audit key"));
        return stored.error();
    }
    return bytesOf(stored.value());
}

Outcome<QByteArray> signWithAuditKey(crypto::Token& token, const QByteArray& text)
{
    crypto::HsmKeyOperations key(token, keyId());
    auto raw = key.sign(crypto::JoseAlgorithm::Es256, text, false);
    if (!raw)
        return raw.error();
    return crypto::ecdsaRawToDer(raw.value());
}

Outcome<std::optional<AuditAnchor>> readAuditAnchor(crypto::Token& token)
{
    auto stored = token.readDataObject(QLatin1String(kAuditAnchorObject));
    if (!stored) {
        if (stored.error().kind == ErrorKind::NotFound)
            return std::optional<AuditAnchor>();
        return stored.error();
    }
    auto anchor = AuditAnchor::decode(bytesOf(stored.value()));
    if (!anchor)
        return makeError(ErrorKind::Failed, QStringLiteral("the token's audit anchor is unreadable"));
    return anchor;
}

Outcome<void> writeAuditAnchor(crypto::Token& token, const AuditAnchor& anchor)
{
    const QByteArray bytes = anchor.encode();
    return token.writeDataObject(QLatin1String(kAuditAnchorObject),
                                 crypto::SecureBuffer(bytes.constData(), std::size_t(bytes.size())));
}

QString auditKeyFingerprint(const QByteArray& spkiDer)
{
    return crypto::x509::colonHex(crypto::sha256(spkiDer));
}

bool verifyAuditSignature(const QByteArray& spkiDer, const QByteArray& text, const QByteArray& derSignature)
{
    auto raw = crypto::ecdsaDerToRaw(derSignature, 32);
    if (!raw)
        return false;
    auto verified = crypto::verify(crypto::JoseAlgorithm::Es256, spkiDer, text, false, raw.value());
    return verified && verified.value();
}

} // namespace custos::model
