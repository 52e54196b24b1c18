#include "BenchRawOpenssl.h"

#include <openssl/ec.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

namespace custos::bench {

namespace {

using CtxPtr = std::unique_ptr<EVP_PKEY_CTX, crypto::ossl::Deleter<EVP_PKEY_CTX_free>>;

constexpr int kIvBytes = 12;
constexpr int kTagBytes = 16;

const unsigned char* bytes(const QByteArray& data)
{
    return reinterpret_cast<const unsigned char*>(data.constData());
}

bool setOaep(EVP_PKEY_CTX* ctx, bool sha256)
{
    const EVP_MD* md = sha256 ? EVP_sha256() : EVP_sha1();
    return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) > 0 && EVP_PKEY_CTX_set_rsa_oaep_md(ctx, md) > 0 &&
           EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) > 0;
}

} // namespace

PkeyPtr publicKeyFromSpki(const QByteArray& der)
{
    const unsigned char* p = bytes(der);
    return PkeyPtr(d2i_PUBKEY(nullptr, &p, long(der.size())));
}

PkeyPtr privateKeyFromDer(const QByteArray& pkcs8)
{
    const unsigned char* p = bytes(pkcs8);
    return PkeyPtr(d2i_AutoPrivateKey(nullptr, &p, long(pkcs8.size())));
}

bool evpVerifyDigest(EVP_PKEY* key, bool rsa, const QByteArray& digest, const QByteArray& signature)
{
    CtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    if (!ctx || EVP_PKEY_verify_init(ctx.get()) <= 0)
        return false;
    if (rsa && (EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) <= 0 ||
                EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) <= 0))
        return false;
    return EVP_PKEY_verify(ctx.get(), bytes(signature), size_t(signature.size()), bytes(digest),
                           size_t(digest.size())) == 1;
}

bool evpVerifyMessage(EVP_PKEY* key, const QByteArray& message, const QByteArray& signature)
{
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) <= 0)
        return false;
    return EVP_DigestVerify(ctx.get(), bytes(signature), size_t(signature.size()), bytes(message),
                            size_t(message.size())) == 1;
}

bool evpOaepEncrypt(EVP_PKEY* key, bool sha256, const QByteArray& plaintext, QByteArray* ciphertext)
{
    CtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) <= 0 || !setOaep(ctx.get(), sha256))
        return false;
    unsigned char out[1024];
    size_t size = sizeof out;
    if (EVP_PKEY_encrypt(ctx.get(), out, &size, bytes(plaintext), size_t(plaintext.size())) <= 0)
        return false;
    if (ciphertext)
        *ciphertext = QByteArray(reinterpret_cast<const char*>(out), qsizetype(size));
    return true;
}

bool evpOaepDecrypt(EVP_PKEY* key, bool sha256, const QByteArray& ciphertext)
{
    CtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) <= 0 || !setOaep(ctx.get(), sha256))
        return false;
    unsigned char out[1024];
    size_t size = sizeof out;
    const bool ok = EVP_PKEY_decrypt(ctx.get(), out, &size, bytes(ciphertext), size_t(ciphertext.size())) > 0;
    OPENSSL_cleanse(out, sizeof out);
    return ok;
}

bool evpAesGcmEncrypt(const QByteArray& key, const QByteArray& plaintext, QByteArray* sealed)
{
    crypto::ossl::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    unsigned char iv[kIvBytes];
    if (!ctx || RAND_bytes(iv, kIvBytes) != 1 ||
        EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), iv) != 1)
        return false;
    QByteArray out(plaintext.size() + kTagBytes, Qt::Uninitialized);
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    int n = 0, final = 0;
    if (EVP_EncryptUpdate(ctx.get(), o, &n, bytes(plaintext), int(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), o + n, &final) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, o + n + final) != 1)
        return false;
    if (sealed)
        *sealed = QByteArray(reinterpret_cast<const char*>(iv), kIvBytes) + out;
    return true;
}

bool evpAesGcmDecrypt(const QByteArray& key, const QByteArray& sealed)
{
    if (sealed.size() < kIvBytes + kTagBytes)
        return false;
    crypto::ossl::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    const qsizetype bodySize = sealed.size() - kIvBytes - kTagBytes;
    QByteArray tag = sealed.right(kTagBytes);
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(sealed)) != 1)
        return false;
    QByteArray out(bodySize, Qt::Uninitialized);
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    int n = 0, final = 0;
    return EVP_DecryptUpdate(ctx.get(), o, &n, bytes(sealed) + kIvBytes, int(bodySize)) == 1 &&
           EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1 &&
           EVP_DecryptFinal_ex(ctx.get(), o + n, &final) == 1;
}

bool evpGenerate(bool rsa, int bits)
{
    CtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, rsa ? "RSA" : "EC", nullptr));
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0)
        return false;
    if (rsa ? EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) <= 0
            : EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx.get(), NID_X9_62_prime256v1) <= 0)
        return false;
    EVP_PKEY* key = nullptr;
    if (EVP_PKEY_keygen(ctx.get(), &key) <= 0)
        return false;
    EVP_PKEY_free(key);
    return true;
}

} // namespace custos::bench
