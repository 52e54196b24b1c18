#include "HsmKeyOperations.h"

#include "PublicKeyOperations.h"

#include "crypto/Random.h"
#include "crypto/ossl/OsslError.h"
#include "crypto/ossl/OsslHandles.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <cstring>

namespace custos::crypto {

namespace {
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, ossl::Deleter<EVP_MD_CTX_free>>;

constexpr int kGcmIvBytes = 12;
constexpr int kGcmTagBytes = 16;

Error decryptionFailed()
{
    return makeError(ErrorKind::Invalid, QStringLiteral("decryption failed"));
}

// A C_Decrypt failure: vague for anything the input could cause, but the token's own condition
// (a device error, the token gone) is said as it is: it tells an attacker nothing about the input.
Error decryptFailure(CK_RV rv)
{
    return isTokenCondition(rv) ? pkcs11Error("C_Decrypt", rv) : decryptionFailed();
}

// DER DigestInfo prefixes (RFC 8017 9.2 note 1) for EMSA-PKCS1-v1_5 over a digest.
QByteArray digestInfoPrefix(DigestKind digest)
{
    switch (digest) {
    case DigestKind::Sha256:
        return QByteArray::fromHex("3031300d060960864801650304020105000420");
    case DigestKind::Sha384:
        return QByteArray::fromHex("3041300d060960864801650304020205000430");
    case DigestKind::Sha512:
        return QByteArray::fromHex("3051300d060960864801650304020305000440");
    default:
        return {};
    }
}

CK_MECHANISM_TYPE pkcs11Hash(DigestKind digest)
{
    switch (digest) {
    case DigestKind::Sha1:
        return CKM_SHA_1;
    case DigestKind::Sha256:
        return CKM_SHA256;
    case DigestKind::Sha384:
        return CKM_SHA384;
    case DigestKind::Sha512:
        return CKM_SHA512;
    case DigestKind::None:
        break;
    }
    return CKM_SHA256;
}

CK_RSA_PKCS_MGF_TYPE pkcs11Mgf(DigestKind digest)
{
    switch (digest) {
    case DigestKind::Sha1:
        return CKG_MGF1_SHA1;
    case DigestKind::Sha256:
        return CKG_MGF1_SHA256;
    case DigestKind::Sha384:
        return CKG_MGF1_SHA384;
    case DigestKind::Sha512:
        return CKG_MGF1_SHA512;
    case DigestKind::None:
        break;
    }
    return CKG_MGF1_SHA256;
}

struct CurveOid
{
    const char* name;
    QByteArray oid;
    int fieldBytes;
};

const CurveOid* curveByOid(const QByteArray& oid)
{
    static const CurveOid curves[] = {
        {"P-256", QByteArray::fromHex("06082a8648ce3d030107"), 32},
        {"P-384", QByteArray::fromHex("06052b81040022"), 48},
        {"P-521", QByteArray::fromHex("06052b81040023"), 66},
    };
    for (const CurveOid& curve : curves) {
        if (curve.oid == oid)
            return &curve;
    }
    return nullptr;
}

Outcome<QByteArray> readAttribute(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE object,
                                  CK_ATTRIBUTE_TYPE type)
{
    CK_ATTRIBUTE attribute{type, nullptr, 0};
    CK_RV rv = f->C_GetAttributeValue(s, object, &attribute, 1);
    if (rv != CKR_OK)
        return pkcs11Error("C_GetAttributeValue", rv);
    QByteArray value(static_cast<qsizetype>(attribute.ulValueLen), Qt::Uninitialized);
    attribute.pValue = value.data();
    rv = f->C_GetAttributeValue(s, object, &attribute, 1);
    if (rv != CKR_OK)
        return pkcs11Error("C_GetAttributeValue", rv);
    value.resize(static_cast<qsizetype>(attribute.ulValueLen));
    return value;
}

Outcome<CK_ULONG> readUlong(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type)
{
    CK_ULONG value = 0;
    CK_ATTRIBUTE attribute{type, &value, sizeof value};
    const CK_RV rv = f->C_GetAttributeValue(s, object, &attribute, 1);
    if (rv != CKR_OK)
        return pkcs11Error("C_GetAttributeValue", rv);
    return value;
}

// MGF1 (RFC 8017 B.2.1) into secure memory.
Outcome<SecureBuffer> mgf1(const EVP_MD* md, const unsigned char* seed, std::size_t seedSize, std::size_t maskSize)
{
    SecureBuffer mask(maskSize);
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx)
        return ossl::opensslError("EVP_MD_CTX_new");
    std::array<unsigned char, EVP_MAX_MD_SIZE> block{};
    std::size_t done = 0;
    for (std::uint32_t counter = 0; done < maskSize; ++counter) {
        const unsigned char c[4] = {static_cast<unsigned char>(counter >> 24),
                                    static_cast<unsigned char>(counter >> 16), static_cast<unsigned char>(counter >> 8),
                                    static_cast<unsigned char>(counter)};
        unsigned int size = 0;
        if (EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1 || EVP_DigestUpdate(ctx.get(), seed, seedSize) != 1 ||
            EVP_DigestUpdate(ctx.get(), c, sizeof c) != 1 || EVP_DigestFinal_ex(ctx.get(), block.data(), &size) != 1) {
            OPENSSL_cleanse(block.data(), block.size());
            return ossl::opensslError("EVP_Digest (MGF1)");
        }
        const std::size_t take = std::min<std::size_t>(size, maskSize - done);
        std::memcpy(mask.data() + done, block.data(), take);
        done += take;
    }
    OPENSSL_cleanse(block.data(), block.size());
    return mask;
}

// Constant-time helpers: all-ones when true, zero when false.
unsigned int ctIsZero(unsigned int x)
{
    return 0u - (((~x & (x - 1u)) >> 31) & 1u);
}

unsigned int ctEquals(unsigned int a, unsigned int b)
{
    return ctIsZero(a ^ b);
}

// A temporary session object the token can wrap: the caller's key bytes as a generic secret.
struct SessionObject
{
    CK_FUNCTION_LIST* f = nullptr;
    CK_SESSION_HANDLE session = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE handle = CK_INVALID_HANDLE;
    SessionObject() = default;
    SessionObject(const SessionObject&) = delete;
    SessionObject& operator=(const SessionObject&) = delete;
    ~SessionObject()
    {
        if (handle != CK_INVALID_HANDLE)
            f->C_DestroyObject(session, handle);
    }
};

Outcome<void> checkKeyWrapInput(JoseAlgorithm algorithm, std::size_t size)
{
    if (size < 16 || size % 8 != 0)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("%1 wraps keys of at least 16 bytes in multiples of 8, got %2 bytes")
                             .arg(joseAlgorithmName(algorithm))
                             .arg(size));
    return {};
}
} // namespace

Outcome<HsmKeyOperations::KeyFacts> HsmKeyOperations::facts()
{
    if (m_facts)
        return *m_facts;
    auto s = m_token.session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_token.module().functions();
    KeyFacts facts;
    auto handle = m_token.findObject(CKO_PRIVATE_KEY, m_id);
    if (!handle && handle.error().kind == ErrorKind::NotFound) {
        facts.objectClass = CKO_SECRET_KEY;
        handle = m_token.findObject(CKO_SECRET_KEY, m_id);
    } else {
        facts.objectClass = CKO_PRIVATE_KEY;
    }
    if (!handle)
        return handle.error();
    auto keyType = readUlong(f, s.value(), handle.value(), CKA_KEY_TYPE);
    if (!keyType)
        return keyType.error();
    switch (keyType.value()) {
    case CKK_RSA: {
        facts.kind = KeyKind::Rsa;
        auto modulus = readAttribute(f, s.value(), handle.value(), CKA_MODULUS);
        if (!modulus)
            return modulus.error();
        qsizetype start = 0;
        while (start < modulus->size() && modulus->at(start) == 0)
            ++start;
        facts.modulusBytes = static_cast<int>(modulus->size() - start);
        break;
    }
    case CKK_EC: {
        facts.kind = KeyKind::Ec;
        auto params = readAttribute(f, s.value(), handle.value(), CKA_EC_PARAMS);
        if (!params || params->isEmpty()) {
            auto publicKey = m_token.findObject(CKO_PUBLIC_KEY, m_id);
            if (!publicKey)
                return publicKey.error();
            params = readAttribute(f, s.value(), publicKey.value(), CKA_EC_PARAMS);
            if (!params)
                return params.error();
        }
        const CurveOid* curve = curveByOid(params.value());
        if (!curve)
            return makeError(ErrorKind::Invalid, QStringLiteral("the key's EC curve is not P-256, P-384 or P-521"));
        facts.curve = QLatin1String(curve->name);
        facts.fieldBytes = curve->fieldBytes;
        break;
    }
    case CKK_AES: {
        facts.kind = KeyKind::Aes;
        auto length = readUlong(f, s.value(), handle.value(), CKA_VALUE_LEN);
        if (!length)
            return length.error();
        facts.aesBits = static_cast<int>(length.value() * 8);
        if (facts.aesBits == 0)
            facts.aesBits = m_storedAesBits;
        break;
    }
    default:
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("key type 0x%1 is not RSA, EC or AES").arg(static_cast<qulonglong>(keyType.value()), 0, 16));
    }
    m_facts = facts;
    return facts;
}

Outcome<CK_OBJECT_HANDLE> HsmKeyOperations::keyHandle(JoseAlgorithm algorithm, KeyOperation operation,
                                                      KeyFacts* factsOut)
{
    auto known = facts();
    if (!known)
        return known.error();
    if (auto checked = checkAlgorithmForKey(algorithm, known->kind, operation); !checked)
        return checked.error();
    if (known->kind == KeyKind::Ec && !isOnRequiredCurve(algorithm, known->curve))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("algorithm %1 needs a %2 key, not %3")
                             .arg(joseAlgorithmName(algorithm), requiredCurve(algorithm), known->curve));
    if (known->kind == KeyKind::Aes && known->aesBits != requiredAesBits(algorithm))
        return makeError(ErrorKind::Invalid, QStringLiteral("algorithm %1 needs a %2-bit AES key, not %3-bit")
                                                 .arg(joseAlgorithmName(algorithm))
                                                 .arg(requiredAesBits(algorithm))
                                                 .arg(known->aesBits));
    *factsOut = known.value();
    // Reading any attribute of a private object costs SoftHSM2 a decryption: once found, the handle
    // is trusted until an operation reports it stale (then looked up once more, see retryIfStale).
    if (m_handle == CK_INVALID_HANDLE) {
        auto found = m_token.findObject(known->objectClass, m_id);
        if (!found)
            return found.error();
        m_handle = found.value();
    }
    return m_handle;
}

bool HsmKeyOperations::noteStaleHandle(CK_RV rv)
{
    // C_WrapKey/C_UnwrapKey name the key they were given as the wrapping/unwrapping key. A token
    // that lost its sessions (reset, removed, its last session closed) drops private objects'
    // handles: without these two a wrap or unwrap key stayed stale for good (issue 10).
    if (rv != CKR_KEY_HANDLE_INVALID && rv != CKR_OBJECT_HANDLE_INVALID && rv != CKR_WRAPPING_KEY_HANDLE_INVALID &&
        rv != CKR_UNWRAPPING_KEY_HANDLE_INVALID)
        return false;
    m_handle = CK_INVALID_HANDLE;
    m_facts.reset();
    m_staleHandle = true;
    return true;
}

Outcome<QByteArray> HsmKeyOperations::sign(JoseAlgorithm algorithm, const QByteArray& input, bool isDigest)
{
    return retryIfStale([&] { return signOnce(algorithm, input, isDigest); });
}

Outcome<QByteArray> HsmKeyOperations::signOnce(JoseAlgorithm algorithm, const QByteArray& input, bool isDigest)
{
    KeyFacts facts;
    auto key = keyHandle(algorithm, KeyOperation::Sign, &facts);
    if (!key)
        return key.error();
    auto digest = signatureDigest(algorithm, input, isDigest);
    if (!digest)
        return digest.error();
    auto s = m_token.session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_token.module().functions();

    const DigestKind hash = digestOf(algorithm);
    QByteArray toSign = digest.value();
    CK_MECHANISM mechanism{CKM_ECDSA, nullptr, 0};
    CK_RSA_PKCS_PSS_PARAMS pss{pkcs11Hash(hash), pkcs11Mgf(hash), static_cast<CK_ULONG>(digestLength(hash))};
    std::size_t signatureSize = 2 * static_cast<std::size_t>(facts.fieldBytes);
    switch (algorithm) {
    case JoseAlgorithm::Rs256:
    case JoseAlgorithm::Rs384:
    case JoseAlgorithm::Rs512:
        toSign.prepend(digestInfoPrefix(hash));
        mechanism = {CKM_RSA_PKCS, nullptr, 0};
        signatureSize = static_cast<std::size_t>(facts.modulusBytes);
        break;
    case JoseAlgorithm::Ps256:
    case JoseAlgorithm::Ps384:
    case JoseAlgorithm::Ps512:
        mechanism = {CKM_RSA_PKCS_PSS, &pss, sizeof pss};
        signatureSize = static_cast<std::size_t>(facts.modulusBytes);
        break;
    default: // ES*: CKM_ECDSA over the digest gives raw r||s
        break;
    }
    CK_RV rv = f->C_SignInit(s.value(), &mechanism, key.value());
    noteStaleHandle(rv);
    if (rv != CKR_OK)
        return pkcs11Error("C_SignInit", rv);
    QByteArray signature(static_cast<qsizetype>(signatureSize), Qt::Uninitialized);
    CK_ULONG size = static_cast<CK_ULONG>(signature.size());
    rv = f->C_Sign(s.value(), reinterpret_cast<CK_BYTE_PTR>(toSign.data()), static_cast<CK_ULONG>(toSign.size()),
                   reinterpret_cast<CK_BYTE_PTR>(signature.data()), &size);
    if (rv != CKR_OK)
        return pkcs11Error("C_Sign", rv);
    signature.resize(static_cast<qsizetype>(size));
    return signature;
}

Outcome<SecureBuffer> HsmKeyOperations::decrypt(JoseAlgorithm algorithm, const QByteArray& ciphertext)
{
    return retryIfStale([&] { return decryptOnce(algorithm, ciphertext); });
}

Outcome<SecureBuffer> HsmKeyOperations::decryptOnce(JoseAlgorithm algorithm, const QByteArray& ciphertext)
{
    KeyFacts facts;
    auto key = keyHandle(algorithm, KeyOperation::Decrypt, &facts);
    if (!key)
        return key.error();
    auto s = m_token.session();
    if (!s)
        return s.error();
    if (algorithm == JoseAlgorithm::RsaOaep256)
        return decryptRsaOaep256(s.value(), key.value(), facts, ciphertext);
    CK_FUNCTION_LIST* f = m_token.module().functions();

    CK_RSA_PKCS_OAEP_PARAMS oaep{CKM_SHA_1, CKG_MGF1_SHA1, CKZ_DATA_SPECIFIED, nullptr, 0};
    CK_MECHANISM mechanism{CKM_RSA_PKCS, nullptr, 0};
    if (algorithm == JoseAlgorithm::RsaOaep)
        mechanism = {CKM_RSA_PKCS_OAEP, &oaep, sizeof oaep};
    if (ciphertext.size() != facts.modulusBytes)
        return decryptionFailed();
    const CK_RV rv = f->C_DecryptInit(s.value(), &mechanism, key.value());
    noteStaleHandle(rv);
    if (rv != CKR_OK)
        return pkcs11Error("C_DecryptInit", rv);
    SecureBuffer plaintext(static_cast<std::size_t>(facts.modulusBytes));
    CK_ULONG size = static_cast<CK_ULONG>(plaintext.size());
    QByteArray input = ciphertext;
    if (const CK_RV decrypted = f->C_Decrypt(s.value(), reinterpret_cast<CK_BYTE_PTR>(input.data()),
                                             static_cast<CK_ULONG>(input.size()), plaintext.data(), &size);
        decrypted != CKR_OK)
        return decryptFailure(decrypted); // which check failed is nobody's business (padding oracles)
    plaintext.resize(static_cast<std::size_t>(size));
    return plaintext;
}

// RSA-OAEP-256 for tokens that only do OAEP with SHA-1 (SoftHSM2 2.6.1): raw RSA on the token,
// EME-OAEP decoding (RFC 8017 7.1.2 step 3) here in secure memory, one error for every failure.
Outcome<SecureBuffer> HsmKeyOperations::decryptRsaOaep256(CK_SESSION_HANDLE session, CK_OBJECT_HANDLE key,
                                                          const KeyFacts& facts, const QByteArray& ciphertext)
{
    const EVP_MD* md = EVP_sha256();
    const std::size_t hLen = 32;
    const auto k = static_cast<std::size_t>(facts.modulusBytes);
    if (static_cast<std::size_t>(ciphertext.size()) != k || k < 2 * hLen + 2)
        return decryptionFailed();
    CK_FUNCTION_LIST* f = m_token.module().functions();
    CK_MECHANISM mechanism{CKM_RSA_X_509, nullptr, 0};
    const CK_RV rv = f->C_DecryptInit(session, &mechanism, key);
    noteStaleHandle(rv);
    if (rv != CKR_OK)
        return pkcs11Error("C_DecryptInit", rv);
    SecureBuffer em(k);
    CK_ULONG size = static_cast<CK_ULONG>(k);
    QByteArray input = ciphertext;
    if (const CK_RV decrypted = f->C_Decrypt(session, reinterpret_cast<CK_BYTE_PTR>(input.data()),
                                             static_cast<CK_ULONG>(input.size()), em.data(), &size);
        decrypted != CKR_OK)
        return decryptFailure(decrypted);
    if (size > k)
        return decryptionFailed();
    if (size < k) { // a token may drop leading zero bytes of the integer
        std::memmove(em.data() + (k - size), em.data(), size);
        std::memset(em.data(), 0, k - size);
    }

    unsigned char lHash[32];
    unsigned int lHashSize = 0;
    if (EVP_Digest("", 0, lHash, &lHashSize, md, nullptr) != 1)
        return ossl::opensslError("EVP_Digest");

    unsigned char* maskedSeed = em.data() + 1;
    unsigned char* db = em.data() + 1 + hLen;
    const std::size_t dbLen = k - hLen - 1;
    auto seedMask = mgf1(md, db, dbLen, hLen);
    if (!seedMask)
        return seedMask.error();
    for (std::size_t i = 0; i < hLen; ++i)
        maskedSeed[i] ^= seedMask->data()[i]; // now the seed
    auto dbMask = mgf1(md, maskedSeed, hLen, dbLen);
    if (!dbMask)
        return dbMask.error();
    for (std::size_t i = 0; i < dbLen; ++i)
        db[i] ^= dbMask->data()[i];

    unsigned int good = ctIsZero(em.data()[0]);
    unsigned int hashDiff = 0;
    for (std::size_t i = 0; i < hLen; ++i)
        hashDiff |= static_cast<unsigned int>(db[i] ^ lHash[i]);
    good &= ctIsZero(hashDiff);
    unsigned int foundOne = 0;
    unsigned int badPadding = 0;
    std::size_t oneIndex = 0;
    for (std::size_t i = hLen; i < dbLen; ++i) {
        const unsigned int isOne = ctEquals(db[i], 1);
        const unsigned int isZero = ctIsZero(db[i]);
        const unsigned int firstOne = ~foundOne & isOne;
        oneIndex = (oneIndex & ~static_cast<std::size_t>(static_cast<int>(firstOne))) |
                   (i & static_cast<std::size_t>(static_cast<int>(firstOne)));
        badPadding |= ~foundOne & ~isOne & ~isZero;
        foundOne |= isOne;
    }
    good &= foundOne & ~badPadding;
    if (good != ~0u)
        return decryptionFailed();
    const std::size_t start = oneIndex + 1;
    return SecureBuffer(db + start, dbLen - start);
}

Outcome<AesGcmCiphertext> HsmKeyOperations::encryptGcm(JoseAlgorithm algorithm, const SecureBuffer& plaintext,
                                                       const QByteArray& aad)
{
    return retryIfStale([&] { return encryptGcmOnce(algorithm, plaintext, aad); });
}

Outcome<AesGcmCiphertext> HsmKeyOperations::encryptGcmOnce(JoseAlgorithm algorithm, const SecureBuffer& plaintext,
                                                           const QByteArray& aad)
{
    KeyFacts facts;
    auto key = keyHandle(algorithm, KeyOperation::Encrypt, &facts);
    if (!key)
        return key.error();
    auto s = m_token.session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_token.module().functions();
    AesGcmCiphertext sealed;
    sealed.iv = randomBytes(kGcmIvBytes);
    QByteArray aadCopy = aad;
    CK_GCM_PARAMS params{reinterpret_cast<CK_BYTE_PTR>(sealed.iv.data()), static_cast<CK_ULONG>(sealed.iv.size()),
                         static_cast<CK_ULONG>(sealed.iv.size() * 8),     reinterpret_cast<CK_BYTE_PTR>(aadCopy.data()),
                         static_cast<CK_ULONG>(aadCopy.size()),           kGcmTagBytes * 8};
    CK_MECHANISM mechanism{CKM_AES_GCM, &params, sizeof params};
    CK_RV rv = f->C_EncryptInit(s.value(), &mechanism, key.value());
    noteStaleHandle(rv);
    if (rv != CKR_OK)
        return pkcs11Error("C_EncryptInit", rv);
    SecureBuffer input = plaintext.clone(); // C_Encrypt takes a non-const pointer
    CK_ULONG size = 0;
    rv = f->C_Encrypt(s.value(), input.data(), static_cast<CK_ULONG>(input.size()), nullptr, &size);
    if (rv != CKR_OK)
        return pkcs11Error("C_Encrypt", rv);
    QByteArray out(static_cast<qsizetype>(size), Qt::Uninitialized);
    rv = f->C_Encrypt(s.value(), input.data(), static_cast<CK_ULONG>(input.size()),
                      reinterpret_cast<CK_BYTE_PTR>(out.data()), &size);
    if (rv != CKR_OK)
        return pkcs11Error("C_Encrypt", rv);
    out.resize(static_cast<qsizetype>(size));
    if (out.size() < kGcmTagBytes)
        return makeError(ErrorKind::Failed, QStringLiteral("C_Encrypt returned no GCM tag"));
    sealed.tag = out.right(kGcmTagBytes);
    sealed.ciphertext = out.left(out.size() - kGcmTagBytes);
    return sealed;
}

Outcome<SecureBuffer> HsmKeyOperations::decryptGcm(JoseAlgorithm algorithm, const AesGcmCiphertext& sealed,
                                                   const QByteArray& aad)
{
    return retryIfStale([&] { return decryptGcmOnce(algorithm, sealed, aad); });
}

Outcome<SecureBuffer> HsmKeyOperations::decryptGcmOnce(JoseAlgorithm algorithm, const AesGcmCiphertext& sealed,
                                                       const QByteArray& aad)
{
    KeyFacts facts;
    auto key = keyHandle(algorithm, KeyOperation::Decrypt, &facts);
    if (!key)
        return key.error();
    if (sealed.iv.size() != kGcmIvBytes || sealed.tag.size() != kGcmTagBytes)
        return makeError(ErrorKind::Invalid, QStringLiteral("%1 needs a %2-byte IV and a %3-byte tag")
                                                 .arg(joseAlgorithmName(algorithm))
                                                 .arg(kGcmIvBytes)
                                                 .arg(kGcmTagBytes));
    auto s = m_token.session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_token.module().functions();
    QByteArray iv = sealed.iv;
    QByteArray aadCopy = aad;
    CK_GCM_PARAMS params{reinterpret_cast<CK_BYTE_PTR>(iv.data()), static_cast<CK_ULONG>(iv.size()),
                         static_cast<CK_ULONG>(iv.size() * 8),     reinterpret_cast<CK_BYTE_PTR>(aadCopy.data()),
                         static_cast<CK_ULONG>(aadCopy.size()),    kGcmTagBytes * 8};
    CK_MECHANISM mechanism{CKM_AES_GCM, &params, sizeof params};
    const CK_RV rv = f->C_DecryptInit(s.value(), &mechanism, key.value());
    noteStaleHandle(rv);
    if (rv != CKR_OK)
        return pkcs11Error("C_DecryptInit", rv);
    QByteArray input = sealed.ciphertext + sealed.tag;
    SecureBuffer plaintext(static_cast<std::size_t>(input.size()));
    CK_ULONG size = static_cast<CK_ULONG>(plaintext.size());
    if (const CK_RV decrypted = f->C_Decrypt(s.value(), reinterpret_cast<CK_BYTE_PTR>(input.data()),
                                             static_cast<CK_ULONG>(input.size()), plaintext.data(), &size);
        decrypted != CKR_OK)
        return decryptFailure(decrypted);
    plaintext.resize(static_cast<std::size_t>(size));
    return plaintext;
}

// The caller's key bytes become a temporary session object that the token then wraps with
// C_WrapKey. C_Encrypt with CKM_AES_KEY_WRAP would be simpler, but SoftHSM2 2.6.1's mechanism info
// for CKM_AES_KEY_WRAP has only CKF_WRAP and CKF_UNWRAP (no CKF_ENCRYPT/CKF_DECRYPT; the test checks
// this), and wrapping is what every token listing the mechanism offers. The object is sensitive,
// a session object (never on the token), and destroyed before returning.
Outcome<QByteArray> HsmKeyOperations::wrapKey(JoseAlgorithm algorithm, const SecureBuffer& keyBytes)
{
    return retryIfStale([&] { return wrapKeyOnce(algorithm, keyBytes); });
}

Outcome<QByteArray> HsmKeyOperations::wrapKeyOnce(JoseAlgorithm algorithm, const SecureBuffer& keyBytes)
{
    KeyFacts facts;
    auto key = keyHandle(algorithm, KeyOperation::WrapKey, &facts);
    if (!key)
        return key.error();
    if (!isKeyWrapAlgorithm(algorithm))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("wrapKey with %1 is a public-key operation").arg(joseAlgorithmName(algorithm)));
    if (auto valid = checkKeyWrapInput(algorithm, keyBytes.size()); !valid)
        return valid.error();
    auto s = m_token.session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_token.module().functions();

    CK_OBJECT_CLASS objectClass = CKO_SECRET_KEY;
    CK_KEY_TYPE keyType = CKK_GENERIC_SECRET;
    CK_BBOOL no = CK_FALSE;
    CK_BBOOL yes = CK_TRUE;
    CK_ATTRIBUTE attributes[] = {
        {CKA_CLASS, &objectClass, sizeof objectClass},
        {CKA_KEY_TYPE, &keyType, sizeof keyType},
        {CKA_TOKEN, &no, sizeof no},
        {CKA_PRIVATE, &yes, sizeof yes},
        {CKA_SENSITIVE, &yes, sizeof yes},
        {CKA_EXTRACTABLE, &yes, sizeof yes},
        {CKA_VALUE, const_cast<unsigned char*>(keyBytes.data()), static_cast<CK_ULONG>(keyBytes.size())},
    };
    SessionObject temporary;
    temporary.f = f;
    temporary.session = s.value();
    CK_RV rv =
        f->C_CreateObject(s.value(), attributes, static_cast<CK_ULONG>(std::size(attributes)), &temporary.handle);
    if (rv != CKR_OK) {
        temporary.handle = CK_INVALID_HANDLE;
        return pkcs11Error("C_CreateObject", rv);
    }
    CK_MECHANISM mechanism{CKM_AES_KEY_WRAP, nullptr, 0};
    CK_ULONG size = static_cast<CK_ULONG>(keyBytes.size() + 8);
    QByteArray wrapped(static_cast<qsizetype>(size), Qt::Uninitialized);
    rv = f->C_WrapKey(s.value(), &mechanism, key.value(), temporary.handle,
                      reinterpret_cast<CK_BYTE_PTR>(wrapped.data()), &size);
    if (rv != CKR_OK) {
        noteStaleHandle(rv);
        return pkcs11Error("C_WrapKey", rv);
    }
    wrapped.resize(static_cast<qsizetype>(size));
    return wrapped;
}

Outcome<SecureBuffer> HsmKeyOperations::unwrapKey(JoseAlgorithm algorithm, const QByteArray& wrapped)
{
    return retryIfStale([&] { return unwrapKeyOnce(algorithm, wrapped); });
}

Outcome<SecureBuffer> HsmKeyOperations::unwrapKeyOnce(JoseAlgorithm algorithm, const QByteArray& wrapped)
{
    if (!isKeyWrapAlgorithm(algorithm)) {
        KeyFacts facts;
        auto key = keyHandle(algorithm, KeyOperation::UnwrapKey, &facts);
        if (!key)
            return key.error();
        return decrypt(algorithm, wrapped);
    }
    KeyFacts facts;
    auto key = keyHandle(algorithm, KeyOperation::UnwrapKey, &facts);
    if (!key)
        return key.error();
    if (wrapped.size() < 24 || wrapped.size() % 8 != 0)
        return makeError(ErrorKind::Invalid, QStringLiteral("unwrapping failed"));
    auto s = m_token.session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_token.module().functions();

    // Unwrapped into a temporary, non-sensitive session object whose value is read into secure
    // memory and which is destroyed before returning (the same route as wrapKey, see there).
    CK_OBJECT_CLASS objectClass = CKO_SECRET_KEY;
    CK_KEY_TYPE keyType = CKK_GENERIC_SECRET;
    CK_BBOOL no = CK_FALSE;
    CK_BBOOL yes = CK_TRUE;
    CK_ATTRIBUTE attributes[] = {
        {CKA_CLASS, &objectClass, sizeof objectClass},
        {CKA_KEY_TYPE, &keyType, sizeof keyType},
        {CKA_TOKEN, &no, sizeof no},
        {CKA_PRIVATE, &yes, sizeof yes},
        {CKA_SENSITIVE, &no, sizeof no},
        {CKA_EXTRACTABLE, &yes, sizeof yes},
    };
    SessionObject temporary;
    temporary.f = f;
    temporary.session = s.value();
    CK_MECHANISM mechanism{CKM_AES_KEY_WRAP, nullptr, 0};
    QByteArray input = wrapped;
    CK_RV rv = f->C_UnwrapKey(s.value(), &mechanism, key.value(), reinterpret_cast<CK_BYTE_PTR>(input.data()),
                              static_cast<CK_ULONG>(input.size()), attributes,
                              static_cast<CK_ULONG>(std::size(attributes)), &temporary.handle);
    if (rv != CKR_OK) {
        temporary.handle = CK_INVALID_HANDLE;
        noteStaleHandle(rv);
        if (rv == CKR_WRAPPED_KEY_INVALID || rv == CKR_WRAPPED_KEY_LEN_RANGE || rv == CKR_ENCRYPTED_DATA_INVALID ||
            rv == CKR_GENERAL_ERROR)
            return makeError(ErrorKind::Invalid, QStringLiteral("unwrapping failed"));
        return pkcs11Error("C_UnwrapKey", rv);
    }
    SecureBuffer value(static_cast<std::size_t>(wrapped.size() - 8));
    CK_ATTRIBUTE read{CKA_VALUE, value.data(), static_cast<CK_ULONG>(value.size())};
    rv = f->C_GetAttributeValue(s.value(), temporary.handle, &read, 1);
    if (rv != CKR_OK)
        return pkcs11Error("C_GetAttributeValue", rv);
    value.resize(static_cast<std::size_t>(read.ulValueLen));
    return value;
}

} // namespace custos::crypto
