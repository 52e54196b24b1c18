#include "PemPrivateKey.h"

#include "crypto/ossl/OsslError.h"
#include "crypto/ossl/OsslHandles.h"

#include <openssl/bio.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/pem.h>

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
    // A secure-heap memory BIO: the PKCS#8 encoding never sits in ordinary memory.
    BioPtr out(BIO_new(BIO_s_secmem()));
    if (!out)
        return ossl::opensslError("BIO_new(BIO_s_secmem)");
    EncoderCtxPtr ctx(
        OSSL_ENCODER_CTX_new_for_pkey(key.get(), OSSL_KEYMGMT_SELECT_KEYPAIR, "DER", "PrivateKeyInfo", nullptr));
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

} // namespace custos::crypto::x509
