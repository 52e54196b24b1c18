#include "PublicKeyInfo.h"

#include "OsslError.h"
#include "OsslHandles.h"

#include <openssl/core_names.h>
#include <openssl/x509.h>

namespace custos::crypto::ossl {

namespace {
Outcome<QByteArray> fromParams(const char* keyType, OSSL_PARAM_BLD* builder)
{
    ParamPtr params(OSSL_PARAM_BLD_to_param(builder));
    if (!params)
        return opensslError("OSSL_PARAM_BLD_to_param");
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, keyType, nullptr));
    if (!ctx)
        return opensslError("EVP_PKEY_CTX_new_from_name");
    if (EVP_PKEY_fromdata_init(ctx.get()) != 1)
        return opensslError("EVP_PKEY_fromdata_init");
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
        return opensslError("EVP_PKEY_fromdata");
    PkeyPtr key(raw);

    const int length = i2d_PUBKEY(key.get(), nullptr);
    if (length <= 0)
        return opensslError("i2d_PUBKEY");
    QByteArray der(length, Qt::Uninitialized);
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    if (i2d_PUBKEY(key.get(), &out) != length)
        return opensslError("i2d_PUBKEY");
    return der;
}

const unsigned char* bytes(const QByteArray& data)
{
    return reinterpret_cast<const unsigned char*>(data.constData());
}
} // namespace

Outcome<QByteArray> rsaPublicKeyInfo(const QByteArray& modulus, const QByteArray& publicExponent)
{
    if (modulus.isEmpty() || publicExponent.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("RSA public key without modulus or exponent"));
    BigNumPtr n(BN_bin2bn(bytes(modulus), static_cast<int>(modulus.size()), nullptr));
    BigNumPtr e(BN_bin2bn(bytes(publicExponent), static_cast<int>(publicExponent.size()), nullptr));
    if (!n || !e)
        return opensslError("BN_bin2bn");
    ParamBldPtr builder(OSSL_PARAM_BLD_new());
    if (!builder || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1)
        return opensslError("OSSL_PARAM_BLD_push_BN");
    return fromParams("RSA", builder.get());
}

Outcome<QByteArray> ecPublicKeyInfo(const char* groupName, const QByteArray& point)
{
    if (point.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("EC public key without a point"));
    ParamBldPtr builder(OSSL_PARAM_BLD_new());
    if (!builder || OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, groupName, 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(),
                                         static_cast<std::size_t>(point.size())) != 1)
        return opensslError("OSSL_PARAM_BLD_push");
    return fromParams("EC", builder.get());
}

} // namespace custos::crypto::ossl
