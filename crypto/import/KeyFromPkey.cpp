// An OpenSSL key as an ImportedKey: the key types and curves Custos holds, the public key as
// SubjectPublicKeyInfo DER and the private key as PKCS#8 DER encoded straight into secure memory.
#include "KeyFile_p.h"

#include "crypto/ossl/OsslError.h"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include <cstring>
#include <memory>

namespace custos::crypto::import::detail {

namespace {

using BioPtr = std::unique_ptr<BIO, ossl::Deleter<BIO_free>>;
using EncoderCtxPtr = std::unique_ptr<OSSL_ENCODER_CTX, ossl::Deleter<OSSL_ENCODER_CTX_free>>;

struct Curve
{
    const char* openssl;
    const char* name;
};
constexpr Curve kCurves[] = {{"prime256v1", "P-256"}, {"P-256", "P-256"},     {"secp384r1", "P-384"},
                             {"P-384", "P-384"},      {"secp521r1", "P-521"}, {"P-521", "P-521"}};

Outcome<SecureBuffer> pkcs8Der(const EVP_PKEY* key)
{
    BioPtr out(BIO_new(BIO_s_secmem())); // the encoding never sits in ordinary memory
    if (!out)
        return ossl::opensslError("BIO_new(BIO_s_secmem)");
    EncoderCtxPtr ctx(
        OSSL_ENCODER_CTX_new_for_pkey(key, OSSL_KEYMGMT_SELECT_KEYPAIR, "DER", "PrivateKeyInfo", nullptr));
    if (!ctx || OSSL_ENCODER_CTX_get_num_encoders(ctx.get()) == 0)
        return ossl::opensslError("OSSL_ENCODER_CTX_new_for_pkey(PKCS#8 DER)");
    if (OSSL_ENCODER_to_bio(ctx.get(), out.get()) != 1)
        return ossl::opensslError("OSSL_ENCODER_to_bio");
    char* data = nullptr;
    const long length = BIO_get_mem_data(out.get(), &data);
    if (length <= 0 || !data)
        return makeError(ErrorKind::Failed, QStringLiteral("PKCS#8 encoding produced no data"));
    return SecureBuffer(data, static_cast<std::size_t>(length));
}

QByteArray publicKeyInfo(const EVP_PKEY* key)
{
    unsigned char* out = nullptr;
    const int length = i2d_PUBKEY(key, &out);
    if (length <= 0)
        return {};
    QByteArray der(reinterpret_cast<const char*>(out), length);
    OPENSSL_free(out);
    return der;
}

// Whether the private part belongs to the public one (an EC d that is not the point's, RSA factors
// that are not the modulus'). The error queue is dropped: it may describe the key.
bool consistent(EVP_PKEY* key)
{
    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    const bool ok = ctx && EVP_PKEY_pairwise_check(ctx.get()) == 1;
    ERR_clear_error();
    return ok;
}

bool publicValid(EVP_PKEY* key)
{
    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    const bool ok = ctx && EVP_PKEY_public_check(ctx.get()) == 1;
    ERR_clear_error();
    return ok;
}

} // namespace

Outcome<ImportedKey> importedKeyFrom(EVP_PKEY* key, bool withPrivate, const QString& where)
{
    if (!key)
        return invalid(QStringLiteral("%1 holds no key").arg(where));
    ImportedKey imported;
    imported.label = where;
    const int type = EVP_PKEY_get_base_id(key);
    if (type == EVP_PKEY_RSA) {
        imported.kind = KeyKind::Rsa;
        imported.bits = EVP_PKEY_get_bits(key);
        if (imported.bits < 512 || imported.bits > 16384)
            return invalid(QStringLiteral("%1 is an RSA key of %2 bits: expected 2048, 3072 or 4096 bits")
                               .arg(where)
                               .arg(imported.bits));
    } else if (type == EVP_PKEY_EC) {
        imported.kind = KeyKind::Ec;
        char group[80] = {};
        std::size_t length = 0;
        if (EVP_PKEY_get_group_name(key, group, sizeof group, &length) != 1) {
            ERR_clear_error();
            return invalid(QStringLiteral("%1 is an EC key with explicit curve parameters: expected a named curve "
                                          "P-256, P-384 or P-521")
                               .arg(where));
        }
        for (const Curve& curve : kCurves) {
            if (std::strcmp(curve.openssl, group) == 0)
                imported.curve = QString::fromLatin1(curve.name);
        }
        if (imported.curve.isEmpty())
            return invalid(QStringLiteral("%1 is an EC key on curve %2, which is not supported: expected P-256, "
                                          "P-384 or P-521")
                               .arg(where, QString::fromLatin1(group)));
        imported.bits = EVP_PKEY_get_bits(key);
    } else {
        const char* name = EVP_PKEY_get0_type_name(key);
        return invalid(QStringLiteral("%1 holds a key of type %2, which is not supported: expected RSA, EC (P-256, "
                                      "P-384, P-521) or AES")
                           .arg(where, QString::fromLatin1(name ? name : "unknown")));
    }
    imported.publicKeyDer = publicKeyInfo(key);
    ERR_clear_error();
    if (imported.publicKeyDer.isEmpty())
        return invalid(QStringLiteral("%1 holds a public key that cannot be encoded").arg(where));
    if (!withPrivate) {
        if (!publicValid(key))
            return invalid(QStringLiteral("%1 holds an invalid public key (a point not on the curve or a malformed "
                                          "modulus)")
                               .arg(where));
        return imported;
    }
    if (!consistent(key))
        return invalid(QStringLiteral("%1 holds an inconsistent private key: its private part does not match its "
                                      "public key")
                           .arg(where));
    auto der = pkcs8Der(key);
    if (!der)
        return der.error();
    imported.privateKey = der.take();
    return imported;
}

Error passwordNeeded(const QString& what)
{
    return invalid(QStringLiteral("the file is %1: a password is needed (--password-file F)").arg(what));
}

Error wrongPassword(const QString& what)
{
    ERR_clear_error();
    return invalid(QStringLiteral("wrong password for %1").arg(what));
}

} // namespace custos::crypto::import::detail
