#include "Sp800108Kdf.h"

#include "crypto/ossl/OsslError.h"
#include "crypto/ossl/OsslHandles.h"

#include <openssl/core_names.h>

namespace custos::crypto::sd {

Outcome<SecureBuffer> sp800108HmacSha512(const SecureBuffer& key, QByteArrayView label, QByteArrayView context,
                                         std::size_t length)
{
    if (key.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("the SP 800-108 KDF needs a non-empty key"));
    if (length == 0 || length > 1024 * 1024)
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("invalid SP 800-108 output length %1: expected 1 to 1048576 bytes").arg(length));
    ossl::KdfPtr kdf(EVP_KDF_fetch(nullptr, "KBKDF", nullptr));
    if (!kdf)
        return ossl::opensslError("EVP_KDF_fetch(KBKDF)");
    ossl::KdfCtxPtr ctx(EVP_KDF_CTX_new(kdf.get()));
    if (!ctx)
        return ossl::opensslError("EVP_KDF_CTX_new");
    // Counter mode, r = 32, with the separator and [L]_32be (OpenSSL's defaults, spelled out).
    char mode[] = "counter";
    char mac[] = "HMAC";
    char digest[] = "SHA512";
    int useL = 1;
    int useSeparator = 1;
    OSSL_PARAM params[9];
    int n = 0;
    params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_MODE, mode, 0);
    params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_MAC, mac, 0);
    params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0);
    params[n++] =
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<unsigned char*>(key.data()), key.size());
    params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(label.data()),
                                                    static_cast<std::size_t>(label.size()));
    if (!context.isEmpty())
        params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(context.data()),
                                                        static_cast<std::size_t>(context.size()));
    params[n++] = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_KBKDF_USE_L, &useL);
    params[n++] = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_KBKDF_USE_SEPARATOR, &useSeparator);
    params[n] = OSSL_PARAM_construct_end();
    SecureBuffer out(length);
    if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1)
        return ossl::opensslError("EVP_KDF_derive(KBKDF)");
    return out;
}

Outcome<SecureBuffer> itemKey(const SecureBuffer& master, const QString& tag)
{
    const QByteArray label = tag.toUtf8();
    return sp800108HmacSha512(master, label, {}, 64);
}

} // namespace custos::crypto::sd
