#include "X509Signing_p.h"

#include "X509Encoding_p.h"

#include "crypto/keys/PublicKeyOperations.h"
#include "crypto/ossl/OsslError.h"

#include <openssl/rsa.h>

#include <cstring>

namespace custos::crypto::x509::detail {

namespace {
bool isRsaSignature(JoseAlgorithm algorithm)
{
    switch (algorithm) {
    case JoseAlgorithm::Rs256:
    case JoseAlgorithm::Rs384:
    case JoseAlgorithm::Rs512:
    case JoseAlgorithm::Ps256:
    case JoseAlgorithm::Ps384:
    case JoseAlgorithm::Ps512:
        return true;
    default:
        return false;
    }
}

bool isPss(JoseAlgorithm algorithm)
{
    return algorithm == JoseAlgorithm::Ps256 || algorithm == JoseAlgorithm::Ps384 || algorithm == JoseAlgorithm::Ps512;
}

bool isEcdsa(JoseAlgorithm algorithm)
{
    return algorithm == JoseAlgorithm::Es256 || algorithm == JoseAlgorithm::Es384 || algorithm == JoseAlgorithm::Es512;
}

// Made once per process; only their AlgorithmIdentifiers are ever used (the signatures are discarded).
const EVP_PKEY* placeholderKey(bool rsa)
{
    static const PkeyPtr ec(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!rsa)
        return ec.get();
    static const PkeyPtr rsaKey(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(2048)));
    return rsaKey.get();
}

Outcome<MdCtxPtr> placeholderContext(JoseAlgorithm algorithm)
{
    const EVP_PKEY* key = placeholderKey(isRsaSignature(algorithm));
    if (!key)
        return ossl::opensslError("EVP_PKEY_Q_keygen");
    MdCtxPtr context(EVP_MD_CTX_new());
    EVP_PKEY_CTX* keyContext = nullptr;
    if (!context || EVP_DigestSignInit_ex(context.get(), &keyContext, digestName(digestOf(algorithm)), nullptr, nullptr,
                                          const_cast<EVP_PKEY*>(key), nullptr) != 1)
        return ossl::opensslError("EVP_DigestSignInit_ex");
    if (isPss(algorithm) && (EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) <= 0 ||
                             EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, RSA_PSS_SALTLEN_DIGEST) <= 0))
        return ossl::opensslError("EVP_PKEY_CTX_set_rsa_padding");
    return context;
}

QByteArray tlv(int constructed, int tag, const QByteArray& content)
{
    const int length = static_cast<int>(content.size());
    QByteArray out(ASN1_object_size(constructed, length, tag), Qt::Uninitialized);
    auto* p = reinterpret_cast<unsigned char*>(out.data());
    ASN1_put_object(&p, constructed, length, tag, V_ASN1_UNIVERSAL);
    std::memcpy(p, content.constData(), static_cast<std::size_t>(length));
    return out;
}
} // namespace

Outcome<void> checkSignerFits(JoseAlgorithm algorithm, const EVP_PKEY* issuerKey)
{
    if (!isRsaSignature(algorithm) && !isEcdsa(algorithm))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("algorithm %1 cannot sign certificates: expected RS256, RS384, RS512, PS256, "
                                        "PS384, PS512, ES256, ES384 or ES512")
                             .arg(joseAlgorithmName(algorithm)));
    const QString description = keyDescription(issuerKey);
    const bool fits = isRsaSignature(algorithm) ? EVP_PKEY_is_a(issuerKey, "RSA")
                                                : description == QStringLiteral("EC %1").arg(requiredCurve(algorithm));
    if (!fits)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("the signer's algorithm %1 does not fit the issuer's key (%2)")
                             .arg(joseAlgorithmName(algorithm), description));
    return {};
}

Outcome<QByteArray> signObject(const SignableObject& object, const CertificateSigner& signer)
{
    if (!signer.sign)
        return makeError(ErrorKind::Invalid, QStringLiteral("no signer given"));
    auto context = placeholderContext(signer.algorithm);
    if (!context)
        return context.error();
    if (object.placeholderSign(context->get()) <= 0)
        return ossl::opensslError("placeholder signature");
    const QByteArray toBeSigned = object.toBeSigned();
    const QByteArray algorithm = toDer(i2d_X509_ALGOR, object.algorithm());
    if (toBeSigned.isEmpty() || algorithm.isEmpty())
        return ossl::opensslError("i2d (to-be-signed part)");

    auto signature = signer.sign(toBeSigned);
    if (!signature)
        return signature.error();
    QByteArray value = signature.take();
    if (isEcdsa(signer.algorithm)) {
        auto der = ecdsaRawToDer(value);
        if (!der)
            return der.error();
        value = der.take();
    }
    const QByteArray bitString = tlv(0, V_ASN1_BIT_STRING, QByteArray(1, '\0') + value); // no unused bits
    return tlv(1, V_ASN1_SEQUENCE, toBeSigned + algorithm + bitString);
}

} // namespace custos::crypto::x509::detail
