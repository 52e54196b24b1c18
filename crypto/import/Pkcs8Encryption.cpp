// Encrypted PKCS#8 (EncryptedPrivateKeyInfo): the encryption is named from its
// AlgorithmIdentifier before any decryption, so the preview can warn about legacy PBES1 and a
// hostile file cannot ask for unbounded key-derivation work.
#include "KeyFile_p.h"

#include "crypto/x509/LegacyProvider_p.h"
#include "crypto/x509/Pkcs12Handles_p.h"

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>

#include <cstring>

namespace custos::crypto::import::detail {

namespace {

using namespace x509::files;

constexpr long kMaxIterations = 2'000'000; // OWASP advises 600000 for PBKDF2-HMAC-SHA256

QString objectText(const ASN1_OBJECT* object)
{
    char text[128] = {};
    OBJ_obj2txt(text, sizeof text, object, 0);
    return QString::fromLatin1(text);
}

// "HMAC-SHA256" from hmacWithSHA256.
QString hmacName(int nid)
{
    const char* sn = OBJ_nid2sn(nid);
    const QString name = QString::fromLatin1(sn ? sn : "unknown");
    return name.startsWith(QStringLiteral("hmacWith")) ? QStringLiteral("HMAC-") + name.mid(8) : name;
}

Outcome<Pkcs8Encryption> describePbes2(const ASN1_TYPE* parameter, const QString& where)
{
    Pbe2ParamPtr pbe2(static_cast<PBE2PARAM*>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), parameter)));
    if (!pbe2 || !pbe2->keyfunc || !pbe2->encryption) {
        ERR_clear_error();
        return invalid(QStringLiteral("%1 has malformed PBES2 parameters").arg(where));
    }
    const int cipher = OBJ_obj2nid(pbe2->encryption->algorithm);
    const char* cipherName = cipher != NID_undef ? OBJ_nid2sn(cipher) : nullptr;
    if (!cipherName || !EVP_get_cipherbynid(cipher))
        return invalid(QStringLiteral("%1 is encrypted with cipher %2, which is not supported: expected AES-CBC")
                           .arg(where, objectText(pbe2->encryption->algorithm)));
    Pkcs8Encryption result;
    result.legacy = cipher != NID_aes_128_cbc && cipher != NID_aes_192_cbc && cipher != NID_aes_256_cbc;
    const QString cipherText = QString::fromLatin1(cipherName).toUpper();

    const int kdf = OBJ_obj2nid(pbe2->keyfunc->algorithm);
    if (kdf == NID_id_pbkdf2) {
        Pbkdf2ParamPtr params(static_cast<PBKDF2PARAM*>(
            ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM), pbe2->keyfunc->parameter)));
        if (!params) {
            ERR_clear_error();
            return invalid(QStringLiteral("%1 has malformed PBKDF2 parameters").arg(where));
        }
        const long iterations = params->iter ? ASN1_INTEGER_get(params->iter) : -1;
        if (iterations < 1 || iterations > kMaxIterations)
            return invalid(
                QStringLiteral("%1 asks for a PBKDF2 iteration count outside 1..%2").arg(where).arg(kMaxIterations));
        const int prf = params->prf ? OBJ_obj2nid(params->prf->algorithm) : NID_hmacWithSHA1;
        result.name = QStringLiteral("PBES2: PBKDF2-%1, %2").arg(hmacName(prf), cipherText);
    } else if (kdf == NID_id_scrypt) {
        ScryptParamsPtr params(static_cast<SCRYPT_PARAMS*>(
            ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(SCRYPT_PARAMS), pbe2->keyfunc->parameter)));
        if (!params) {
            ERR_clear_error();
            return invalid(QStringLiteral("%1 has malformed scrypt parameters").arg(where));
        }
        const long n = ASN1_INTEGER_get(params->costParameter);
        const long r = ASN1_INTEGER_get(params->blockSize);
        const long p = ASN1_INTEGER_get(params->parallelizationParameter);
        ERR_clear_error();
        // OpenSSL writes N = 2^14, r = 8, p = 1; the cap allows 4 times that work.
        if (n < 2 || r < 1 || p < 1 || n > (1L << 20) || r > 32 || p > 16 ||
            static_cast<long long>(n) * r * p > (1LL << 19))
            return invalid(QStringLiteral("%1 asks for scrypt parameters beyond N * r * p <= 2^19").arg(where));
        result.name = QStringLiteral("PBES2: scrypt, %1").arg(cipherText);
    } else {
        return invalid(QStringLiteral("%1 uses key derivation %2, which is not supported: expected PBKDF2 or scrypt")
                           .arg(where, objectText(pbe2->keyfunc->algorithm)));
    }
    return result;
}

// PKCS#5 v1 and PKCS#12 password-based encryption: legacy, read with a warning.
constexpr int kPbes1[] = {NID_pbe_WithSHA1And3_Key_TripleDES_CBC,
                          NID_pbe_WithSHA1And2_Key_TripleDES_CBC,
                          NID_pbe_WithSHA1And128BitRC2_CBC,
                          NID_pbe_WithSHA1And40BitRC2_CBC,
                          NID_pbe_WithSHA1And128BitRC4,
                          NID_pbe_WithSHA1And40BitRC4,
                          NID_pbeWithMD5AndDES_CBC,
                          NID_pbeWithSHA1AndDES_CBC,
                          NID_pbeWithMD5AndRC2_CBC,
                          NID_pbeWithSHA1AndRC2_CBC};

} // namespace

Outcome<Pkcs8Encryption> describePkcs8Encryption(const X509_SIG* encrypted, const QString& where)
{
    const X509_ALGOR* algorithm = nullptr;
    X509_SIG_get0(encrypted, &algorithm, nullptr);
    if (!algorithm || !algorithm->algorithm)
        return invalid(QStringLiteral("%1 names no encryption algorithm").arg(where));
    const int nid = OBJ_obj2nid(algorithm->algorithm);
    if (nid == NID_pbes2)
        return describePbes2(algorithm->parameter, where);
    for (const int pbe : kPbes1) {
        if (pbe != nid)
            continue;
        PbeParamPtr params(
            static_cast<PBEPARAM*>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBEPARAM), algorithm->parameter)));
        const long iterations = params && params->iter ? ASN1_INTEGER_get(params->iter) : -1;
        ERR_clear_error();
        if (!params)
            return invalid(QStringLiteral("%1 has malformed PBES1 parameters").arg(where));
        if (iterations < 1 || iterations > kMaxIterations)
            return invalid(
                QStringLiteral("%1 asks for a PBES1 iteration count outside 1..%2").arg(where).arg(kMaxIterations));
        return Pkcs8Encryption{QStringLiteral("PBES1: %1 (legacy)").arg(QString::fromLatin1(OBJ_nid2ln(nid))), true};
    }
    return invalid(QStringLiteral("%1 is encrypted with %2, which is not supported: expected PBES2 (PBKDF2 or "
                                  "scrypt with AES) or PBES1")
                       .arg(where, objectText(algorithm->algorithm)));
}

QString legacyPbeWarning(const QString& name)
{
    return QStringLiteral("legacy PBE (%1): weak, re-export with AES-256 and PBKDF2").arg(name);
}

Outcome<ossl::PkeyPtr> decryptPkcs8(const X509_SIG* encrypted, const SecureBuffer* password, const QString& where)
{
    auto encryption = describePkcs8Encryption(encrypted, where);
    if (!encryption)
        return encryption.error();
    if (!password || password->isEmpty())
        return passwordNeeded(QStringLiteral("an encrypted PKCS#8 key"));
    if (std::memchr(password->data(), 0, password->size()))
        return invalid(QStringLiteral("the password must not contain a NUL character"));
    // Single DES, RC2 and RC4 live in OpenSSL's legacy provider; 3DES and AES do not need it.
    Outcome<void> legacyLoaded;
    if (encryption->legacy)
        legacyLoaded = x509::files::ensureLegacyProvider();
    ERR_clear_error();
    Pkcs8Ptr info(PKCS8_decrypt_ex(encrypted, password->chars(), static_cast<int>(password->size()), nullptr, nullptr));
    if (!info && !legacyLoaded)
        return legacyLoaded.error();
    if (!info)
        return wrongPassword(QStringLiteral("the encrypted PKCS#8 key (%1)").arg(where));
    ossl::PkeyPtr key(EVP_PKCS82PKEY(info.get()));
    ERR_clear_error();
    if (!key)
        return invalid(QStringLiteral("%1 decrypts to something that is not a readable private key").arg(where));
    return key;
}

} // namespace custos::crypto::import::detail
