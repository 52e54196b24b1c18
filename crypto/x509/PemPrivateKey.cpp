#include "PemPrivateKey.h"

#include "crypto/ossl/OsslError.h"
#include "crypto/ossl/OsslHandles.h"

#include <openssl/bio.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include <cstring>
#include <memory>

namespace custos::crypto::x509 {

namespace {

using BioPtr = std::unique_ptr<BIO, ossl::Deleter<BIO_free>>;
using EncoderCtxPtr = std::unique_ptr<OSSL_ENCODER_CTX, ossl::Deleter<OSSL_ENCODER_CTX_free>>;

struct PasswordSource
{
    const SecureBuffer* password = nullptr;
    bool asked = false;
};

// OpenSSL asks only for encrypted keys; no password given: fail the read (-1).
int passwordCallback(char* buffer, int size, int /*rwflag*/, void* user)
{
    auto* source = static_cast<PasswordSource*>(user);
    source->asked = true;
    if (!source->password || source->password->isEmpty() || int(source->password->size()) > size)
        return -1;
    std::memcpy(buffer, source->password->data(), source->password->size());
    return int(source->password->size());
}

Error invalid(const QString& message)
{
    return makeError(ErrorKind::Invalid, message);
}

Outcome<SecureBuffer> pkcs8Der(const EVP_PKEY* key); // PKCS#8 PrivateKeyInfo DER, in secure memory

} // namespace

bool hasPemPrivateKey(const QByteArray& bytes)
{
    return bytes.contains("-----BEGIN PRIVATE KEY-----") || bytes.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") ||
           bytes.contains("-----BEGIN RSA PRIVATE KEY-----") || bytes.contains("-----BEGIN EC PRIVATE KEY-----");
}

Outcome<SecureBuffer> readPemPrivateKey(const QByteArray& bytes, const SecureBuffer* password)
{
    ERR_clear_error();
    BioPtr in(BIO_new_mem_buf(bytes.constData(), int(bytes.size())));
    if (!in)
        return ossl::opensslError("BIO_new_mem_buf");
    PasswordSource source{password, false};
    ossl::PkeyPtr key(PEM_read_bio_PrivateKey(in.get(), nullptr, passwordCallback, &source));
    if (!key) {
        ERR_clear_error(); // the queue may describe the key's bytes: not for messages
        if (source.asked && (!password || password->isEmpty()))
            return invalid(QStringLiteral("the PEM private key is encrypted: a password is needed"));
        if (source.asked)
            return invalid(QStringLiteral("wrong password for the PEM private key (or the key is malformed)"));
        return invalid(QStringLiteral("the PEM private key block is not a readable RSA or EC private key"));
    }
    return pkcs8Der(key.get());
}

Outcome<SecureBuffer> readPrivateKeyFile(const QByteArray& bytes, const SecureBuffer* password)
{
    if (hasPemPrivateKey(bytes))
        return readPemPrivateKey(bytes, password);
    if (bytes.startsWith("-----BEGIN"))
        return invalid(QStringLiteral("the key file is PEM but holds no PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA "
                                      "PRIVATE KEY or EC PRIVATE KEY block"));
    ERR_clear_error();
    // Plain DER: PKCS#8, PKCS#1 or SEC1, told apart by OpenSSL.
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.constData());
    ossl::PkeyPtr key(d2i_AutoPrivateKey(nullptr, &p, long(bytes.size())));
    if (key && p == reinterpret_cast<const unsigned char*>(bytes.constData()) + bytes.size())
        return pkcs8Der(key.get());
    key.reset();
    ERR_clear_error();
    // Encrypted PKCS#8 (EncryptedPrivateKeyInfo) DER.
    p = reinterpret_cast<const unsigned char*>(bytes.constData());
    std::unique_ptr<X509_SIG, ossl::Deleter<X509_SIG_free>> encrypted(d2i_X509_SIG(nullptr, &p, long(bytes.size())));
    if (!encrypted)
        return invalid(QStringLiteral("the key file holds no readable RSA or EC private key: expected PEM or DER "
                                      "(PKCS#8, encrypted PKCS#8, PKCS#1 or SEC1)"));
    if (!password || password->isEmpty())
        return invalid(QStringLiteral("the DER private key is encrypted: a password is needed"));
    std::unique_ptr<PKCS8_PRIV_KEY_INFO, ossl::Deleter<PKCS8_PRIV_KEY_INFO_free>> info(
        PKCS8_decrypt(encrypted.get(), password->chars(), int(password->size())));
    if (info)
        key.reset(EVP_PKCS82PKEY(info.get()));
    ERR_clear_error();
    if (!key)
        return invalid(QStringLiteral("wrong password for the DER private key (or the key is malformed)"));
    return pkcs8Der(key.get());
}

namespace {
Outcome<SecureBuffer> pkcs8Der(const EVP_PKEY* key)
{
    // A secure-heap memory BIO: the PKCS#8 encoding never sits in ordinary memory.
    BioPtr out(BIO_new(BIO_s_secmem()));
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
} // namespace

} // namespace custos::crypto::x509
