#include "Pkcs12Support_p.h"

#include "Pkcs12Handles_p.h"

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>

#include <cstring>

namespace custos::crypto::x509::files {

namespace {

Error invalid(const QString& message)
{
    ERR_clear_error();
    return makeError(ErrorKind::Invalid, message);
}

QString objectText(const ASN1_OBJECT* object)
{
    char text[128];
    OBJ_obj2txt(text, sizeof text, object, 0);
    return QString::fromLatin1(text);
}

// "HMAC-SHA256" from hmacWithSHA256's short name.
QString hmacName(int nid)
{
    const char* sn = OBJ_nid2sn(nid);
    const QString name = QString::fromLatin1(sn ? sn : "unknown");
    if (name.startsWith(QStringLiteral("hmacWith")))
        return QStringLiteral("HMAC-") + name.mid(8);
    return name;
}

Outcome<long> iterationCount(const ASN1_INTEGER* iter, const QString& algorithm)
{
    const long count = iter ? ASN1_INTEGER_get(iter) : -1;
    if (count < 1 || count > kMaxPkcs12Iterations)
        return invalid(QStringLiteral("%1 with an iteration count outside 1..%2 in the PKCS#12 file")
                           .arg(algorithm)
                           .arg(kMaxPkcs12Iterations));
    return count;
}

Outcome<PbeAlgorithm> describePbes2(const ASN1_TYPE* parameter)
{
    Pbe2ParamPtr pbe2(static_cast<PBE2PARAM*>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), parameter)));
    if (!pbe2 || !pbe2->keyfunc || !pbe2->encryption)
        return invalid(QStringLiteral("malformed PBES2 parameters in the PKCS#12 file"));
    PbeAlgorithm result;
    const int cipher = OBJ_obj2nid(pbe2->encryption->algorithm);
    const char* cipherName = cipher != NID_undef ? OBJ_nid2sn(cipher) : nullptr;
    const QString cipherText =
        cipherName ? QString::fromLatin1(cipherName).toUpper() : objectText(pbe2->encryption->algorithm);
    result.legacy = cipher != NID_aes_128_cbc && cipher != NID_aes_192_cbc && cipher != NID_aes_256_cbc;

    QString kdfText;
    const int kdf = OBJ_obj2nid(pbe2->keyfunc->algorithm);
    if (kdf == NID_id_pbkdf2) {
        Pbkdf2ParamPtr params(static_cast<PBKDF2PARAM*>(
            ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM), pbe2->keyfunc->parameter)));
        if (!params)
            return invalid(QStringLiteral("malformed PBKDF2 parameters in the PKCS#12 file"));
        const int prf = params->prf ? OBJ_obj2nid(params->prf->algorithm) : NID_hmacWithSHA1;
        kdfText = QStringLiteral("PBKDF2-") + hmacName(prf);
        auto count = iterationCount(params->iter, kdfText);
        if (!count)
            return count.error();
        result.iterations = count.value();
    } else if (kdf == NID_id_scrypt) {
        ScryptParamsPtr params(static_cast<SCRYPT_PARAMS*>(
            ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(SCRYPT_PARAMS), pbe2->keyfunc->parameter)));
        if (!params)
            return invalid(QStringLiteral("malformed scrypt parameters in the PKCS#12 file"));
        const long n = ASN1_INTEGER_get(params->costParameter);
        const long r = ASN1_INTEGER_get(params->blockSize);
        const long p = ASN1_INTEGER_get(params->parallelizationParameter);
        if (n < 2 || n > (1L << 20) || r < 1 || r > 32 || p < 1 || p > 16)
            return invalid(QStringLiteral("scrypt parameters beyond N <= 2^20, r <= 32, p <= 16 in the PKCS#12 file"));
        kdfText = QStringLiteral("scrypt");
    } else {
        kdfText = QStringLiteral("key derivation %1").arg(objectText(pbe2->keyfunc->algorithm));
        result.supported = false;
    }
    if (!cipherName || EVP_get_cipherbynid(cipher) == nullptr)
        result.supported = false;
    result.name = cipherText + QStringLiteral(", ") + kdfText;
    return result;
}

struct PbeName
{
    int nid;
    const char* name;
};

// PKCS#12 (RFC 7292 appendix C) and PKCS#5 v1 password-based encryption: all legacy.
constexpr PbeName kLegacyPbes[] = {
    {NID_pbe_WithSHA1And3_Key_TripleDES_CBC, "3DES"},  {NID_pbe_WithSHA1And2_Key_TripleDES_CBC, "2-key 3DES"},
    {NID_pbe_WithSHA1And40BitRC2_CBC, "RC2-40"},       {NID_pbe_WithSHA1And128BitRC2_CBC, "RC2-128"},
    {NID_pbe_WithSHA1And40BitRC4, "RC4-40"},           {NID_pbe_WithSHA1And128BitRC4, "RC4-128"},
    {NID_pbeWithMD2AndDES_CBC, "DES (PBES1, MD2)"},    {NID_pbeWithMD5AndDES_CBC, "DES (PBES1, MD5)"},
    {NID_pbeWithSHA1AndDES_CBC, "DES (PBES1, SHA-1)"}, {NID_pbeWithMD2AndRC2_CBC, "RC2-64 (PBES1, MD2)"},
    {NID_pbeWithMD5AndRC2_CBC, "RC2-64 (PBES1, MD5)"}, {NID_pbeWithSHA1AndRC2_CBC, "RC2-64 (PBES1, SHA-1)"},
};

} // namespace

Outcome<SecureBuffer> terminatedPassword(const SecureBuffer& password)
{
    if (password.size() > 0 && std::memchr(password.data(), 0, password.size()))
        return invalid(QStringLiteral("the PKCS#12 password must not contain a NUL character"));
    SecureBuffer terminated(password.size() + 1); // zero-filled: the last byte is the terminator
    if (!password.isEmpty())
        std::memcpy(terminated.data(), password.data(), password.size());
    return terminated;
}

Outcome<PbeAlgorithm> describePbe(const X509_ALGOR* algorithm)
{
    if (!algorithm || !algorithm->algorithm)
        return invalid(QStringLiteral("an encryption algorithm is missing in the PKCS#12 file"));
    const int nid = OBJ_obj2nid(algorithm->algorithm);
    if (nid == NID_pbes2)
        return describePbes2(algorithm->parameter);
    for (const PbeName& pbe : kLegacyPbes) {
        if (pbe.nid != nid)
            continue;
        PbeAlgorithm result{QString::fromLatin1(pbe.name), true, 0};
        PbeParamPtr params(
            static_cast<PBEPARAM*>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBEPARAM), algorithm->parameter)));
        if (!params)
            return invalid(QStringLiteral("malformed %1 parameters in the PKCS#12 file").arg(result.name));
        auto count = iterationCount(params->iter, result.name);
        if (!count)
            return count.error();
        result.iterations = count.value();
        return result;
    }
    return PbeAlgorithm{QStringLiteral("encryption %1").arg(objectText(algorithm->algorithm)), false, 0, false};
}

} // namespace custos::crypto::x509::files
