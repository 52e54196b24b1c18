// RSA-PSS, RSA-OAEP and ECDSA P-256: a known answer for the deterministic half (verify a fixed
// signature, decrypt a fixed ciphertext), a round trip and tamper detection for the randomised one.
#include "RsaTestKey_p.h"
#include "SelfTestSupport_p.h"

#include "crypto/ossl/OsslHandles.h"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cstring>
#include <memory>

namespace custos::crypto::selftest::detail {

namespace {

using BioPtr = std::unique_ptr<BIO, ossl::Deleter<BIO_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, ossl::Deleter<ECDSA_SIG_free>>;

const unsigned char* u8(const QByteArray& bytes)
{
    return reinterpret_cast<const unsigned char*>(bytes.constData());
}

QByteArray flipped(QByteArray bytes, qsizetype at)
{
    bytes[at] = static_cast<char>(bytes[at] ^ 0x01);
    return bytes;
}

ossl::PkeyPtr rsaTestKey()
{
    BioPtr bio(BIO_new_mem_buf(kRsaTestKeyPem, -1));
    return ossl::PkeyPtr(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

// Digest-sign (or verify) `message` with SHA-256; PSS with a 32-byte salt and MGF1-SHA-256 when
// `pss`. Sign: the signature, empty on failure. Verify: "ok" or empty.
QByteArray signOrVerify(EVP_PKEY* key, bool sign, bool pss, const QByteArray& message, const QByteArray& signature = {})
{
    std::unique_ptr<EVP_MD_CTX, ossl::Deleter<EVP_MD_CTX_free>> ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr; // owned by ctx
    if (!ctx)
        return {};
    const int init = sign ? EVP_DigestSignInit_ex(ctx.get(), &pctx, "SHA256", nullptr, nullptr, key, nullptr)
                          : EVP_DigestVerifyInit_ex(ctx.get(), &pctx, "SHA256", nullptr, nullptr, key, nullptr);
    if (init != 1)
        return {};
    if (pss && (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
                EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32) != 1 ||
                EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, "SHA256", nullptr) != 1))
        return {};
    if (!sign) {
        const int verified = EVP_DigestVerify(ctx.get(), u8(signature), static_cast<std::size_t>(signature.size()),
                                              u8(message), static_cast<std::size_t>(message.size()));
        ERR_clear_error(); // a refused signature is an expected answer
        return verified == 1 ? QByteArray("ok") : QByteArray();
    }
    std::size_t length = 0;
    if (EVP_DigestSign(ctx.get(), nullptr, &length, u8(message), static_cast<std::size_t>(message.size())) != 1)
        return {};
    QByteArray out(static_cast<qsizetype>(length), '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &length, u8(message),
                       static_cast<std::size_t>(message.size())) != 1)
        return {};
    return out.left(static_cast<qsizetype>(length));
}

// RSA-OAEP with SHA-256 and MGF1-SHA-256; empty on failure (a refused ciphertext included).
QByteArray oaep(EVP_PKEY* key, bool encrypt, const QByteArray& in)
{
    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    if (!ctx || (encrypt ? EVP_PKEY_encrypt_init(ctx.get()) : EVP_PKEY_decrypt_init(ctx.get())) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_oaep_md_name(ctx.get(), "SHA256", nullptr) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md_name(ctx.get(), "SHA256", nullptr) != 1)
        return {};
    std::size_t length = 0;
    const auto run = [&](unsigned char* out) {
        return encrypt ? EVP_PKEY_encrypt(ctx.get(), out, &length, u8(in), static_cast<std::size_t>(in.size()))
                       : EVP_PKEY_decrypt(ctx.get(), out, &length, u8(in), static_cast<std::size_t>(in.size()));
    };
    if (run(nullptr) != 1)
        return {};
    QByteArray out(static_cast<qsizetype>(length), '\0');
    if (run(reinterpret_cast<unsigned char*>(out.data())) != 1) {
        ERR_clear_error();
        return {};
    }
    return out.left(static_cast<qsizetype>(length));
}

SelfTestResult noKey(const QString& name, const QString& what)
{
    return failPrimitive(name, what, QStringLiteral("test key unreadable"),
                         QStringLiteral("the built-in test key could not be loaded: ") +
                             QString::fromLatin1(ERR_reason_error_string(ERR_get_error())));
}

} // namespace

SelfTestResult checkRsaPss(bool corrupt)
{
    const QString name = QStringLiteral("RSA-PSS");
    const QString what = QStringLiteral("RSA-2048 PSS/SHA-256: a fixed signature, and a sign/verify round trip");
    ossl::PkeyPtr key = rsaTestKey();
    if (!key)
        return noKey(name, what);
    const QByteArray message(kRsaMessage);
    const QByteArray known = expectedValue(kRsaPssSignatureHex, corrupt);
    if (signOrVerify(key.get(), false, true, message, known).isEmpty())
        return failPrimitive(name, what, QStringLiteral("known signature rejected"),
                             QStringLiteral("the fixed RSA-PSS signature of \"%1\" did not verify")
                                 .arg(QString::fromLatin1(kRsaMessage)));
    if (!signOrVerify(key.get(), false, true, message + '!', known).isEmpty())
        return failPrimitive(name, what, QStringLiteral("tampering not detected"),
                             QStringLiteral("the fixed signature verified over a different message"));
    const QByteArray fresh = signOrVerify(key.get(), true, true, message);
    if (fresh.isEmpty() || signOrVerify(key.get(), false, true, message, fresh).isEmpty())
        return failPrimitive(name, what, QStringLiteral("round trip failed"),
                             QStringLiteral("a fresh RSA-PSS signature did not verify"));
    if (!signOrVerify(key.get(), false, true, message, flipped(fresh, 100)).isEmpty())
        return failPrimitive(name, what, QStringLiteral("tampering not detected"),
                             QStringLiteral("a changed RSA-PSS signature verified"));
    return pass(name, what);
}

SelfTestResult checkRsaOaep(bool corrupt)
{
    const QString name = QStringLiteral("RSA-OAEP");
    const QString what = QStringLiteral("RSA-2048 OAEP/SHA-256: a fixed ciphertext, and an encrypt/decrypt round trip");
    ossl::PkeyPtr key = rsaTestKey();
    if (!key)
        return noKey(name, what);
    QByteArray expected(kRsaMessage);
    if (corrupt)
        expected[0] = static_cast<char>(expected[0] ^ 0x01);
    const QByteArray known = fromHex(kRsaOaepCiphertextHex);
    const QByteArray decrypted = oaep(key.get(), false, known);
    if (decrypted != expected)
        return failPrimitive(name, what, QStringLiteral("known-answer mismatch"),
                             mismatch(QStringLiteral("decryption of the fixed ciphertext"), expected, decrypted));
    const QByteArray fresh = oaep(key.get(), true, expected);
    if (fresh.isEmpty() || oaep(key.get(), false, fresh) != expected)
        return failPrimitive(name, what, QStringLiteral("round trip failed"),
                             QStringLiteral("a fresh RSA-OAEP ciphertext did not decrypt to its plaintext"));
    if (!oaep(key.get(), false, flipped(fresh, 7)).isEmpty())
        return failPrimitive(name, what, QStringLiteral("tampering not detected"),
                             QStringLiteral("a changed RSA-OAEP ciphertext decrypted without error"));
    return pass(name, what);
}

SelfTestResult checkEcdsaP256(bool corrupt)
{
    // RFC 6979, appendix A.2.5: the P-256 key, and the signature of "sample" with SHA-256.
    const QString name = QStringLiteral("ECDSA P-256");
    const QString what = QStringLiteral("RFC 6979 A.2.5 signature of \"sample\", and a sign/verify round trip");
    const QByteArray priv = fromHex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
    const QByteArray pub = fromHex("04"
                                   "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
                                   "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299");
    const QByteArray r = expectedValue("efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716", corrupt);
    const QByteArray s = fromHex("f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");

    ossl::ParamBldPtr builder(OSSL_PARAM_BLD_new());
    ossl::BigNumPtr privNum(BN_bin2bn(u8(priv), static_cast<int>(priv.size()), nullptr));
    ossl::PkeyCtxPtr fromData(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    if (!builder || !privNum || !fromData ||
        OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, pub.constData(),
                                         static_cast<std::size_t>(pub.size())) != 1 ||
        OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, privNum.get()) != 1)
        return noKey(name, what);
    ossl::ParamPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
    EVP_PKEY* raw = nullptr;
    if (!params || EVP_PKEY_fromdata_init(fromData.get()) != 1 ||
        EVP_PKEY_fromdata(fromData.get(), &raw, EVP_PKEY_KEYPAIR, params.get()) != 1)
        return noKey(name, what);
    ossl::PkeyPtr key(raw);

    // The RFC gives r and s; OpenSSL verifies the DER SEQUENCE of them.
    EcdsaSigPtr sig(ECDSA_SIG_new());
    BIGNUM* rNum = BN_bin2bn(u8(r), static_cast<int>(r.size()), nullptr);
    BIGNUM* sNum = BN_bin2bn(u8(s), static_cast<int>(s.size()), nullptr);
    if (!sig || !rNum || !sNum || ECDSA_SIG_set0(sig.get(), rNum, sNum) != 1) {
        BN_free(rNum);
        BN_free(sNum);
        return noKey(name, what);
    }
    unsigned char* der = nullptr;
    const int derLength = i2d_ECDSA_SIG(sig.get(), &der);
    const QByteArray known = derLength > 0 ? QByteArray(reinterpret_cast<const char*>(der), derLength) : QByteArray();
    OPENSSL_free(der);

    const QByteArray message("sample");
    if (signOrVerify(key.get(), false, false, message, known).isEmpty())
        return failPrimitive(
            name, what, QStringLiteral("known signature rejected"),
            QStringLiteral("the RFC 6979 A.2.5 signature (r = %1) did not verify").arg(QString::fromLatin1(r.toHex())));
    if (!signOrVerify(key.get(), false, false, "samplE", known).isEmpty())
        return failPrimitive(name, what, QStringLiteral("tampering not detected"),
                             QStringLiteral("the RFC 6979 signature verified over a different message"));
    const QByteArray fresh = signOrVerify(key.get(), true, false, message);
    if (fresh.isEmpty() || signOrVerify(key.get(), false, false, message, fresh).isEmpty())
        return failPrimitive(name, what, QStringLiteral("round trip failed"),
                             QStringLiteral("a fresh ECDSA P-256 signature did not verify"));
    if (!signOrVerify(key.get(), false, false, message + '!', fresh).isEmpty())
        return failPrimitive(name, what, QStringLiteral("tampering not detected"),
                             QStringLiteral("a fresh ECDSA signature verified over a different message"));
    return pass(name, what);
}

} // namespace custos::crypto::selftest::detail
