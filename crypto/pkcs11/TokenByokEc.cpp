// The public point of an EC private key that arrived wrapped (BYOK). SoftHSM2 keeps no CKA_EC_POINT
// for an unwrapped EC key, and the private value never leaves the token, so the point is rebuilt
// from what the token will compute: ECDH with the base point G gives x of d·G, and of the two points
// with that x the one under which a token signature verifies is the key's.

#include "TokenByok_p.h"

#include "AttributeTemplate.h"
#include "Pkcs11Objects.h"
#include "crypto/Random.h"
#include "crypto/ossl/OsslHandles.h"
#include "crypto/ossl/PublicKeyInfo.h"

#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/x509.h>

namespace custos::crypto::byokdetail {

namespace {

using GroupPtr = std::unique_ptr<EC_GROUP, ossl::Deleter<EC_GROUP_free>>;
using PointPtr = std::unique_ptr<EC_POINT, ossl::Deleter<EC_POINT_free>>;
using BnCtxPtr = std::unique_ptr<BN_CTX, ossl::Deleter<BN_CTX_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, ossl::Deleter<ECDSA_SIG_free>>;

Error failed(const QString& what)
{
    return makeError(ErrorKind::Failed, QStringLiteral("cannot find the unwrapped EC key's public point: ") + what);
}

QByteArray encodePoint(const EC_GROUP* group, const EC_POINT* point, BN_CTX* ctx)
{
    const std::size_t size = EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, nullptr, 0, ctx);
    QByteArray out(static_cast<qsizetype>(size), Qt::Uninitialized);
    if (size == 0 || EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED,
                                        reinterpret_cast<unsigned char*>(out.data()), size, ctx) != size)
        return {};
    return out;
}

// x of d·G: ECDH1 (no KDF) against G into a non-sensitive, extractable session key, read, destroyed.
Outcome<QByteArray> deriveX(Token& token, CK_SESSION_HANDLE h, CK_OBJECT_HANDLE privateKey, const QByteArray& g,
                            const EcCurve& curve)
{
    CK_FUNCTION_LIST* f = token.module().functions();
    AttributeTemplate secret;
    secret.addUlong(CKA_CLASS, CKO_SECRET_KEY).addUlong(CKA_KEY_TYPE, CKK_GENERIC_SECRET);
    secret.addBool(CKA_TOKEN, false).addBool(CKA_PRIVATE, true);
    secret.addBool(CKA_SENSITIVE, false).addBool(CKA_EXTRACTABLE, true);
    secret.addUlong(CKA_VALUE_LEN, static_cast<CK_ULONG>(curve.fieldBytes));
    QByteArray publicData = g; // the module only reads it
    CK_RV rv = CKR_OK;
    CK_OBJECT_HANDLE derived = CK_INVALID_HANDLE;
    // PKCS#11 wants the raw point; some modules want it as a DER OCTET STRING.
    for (const QByteArray& candidate : {publicData, ecPointOctetString(publicData)}) {
        QByteArray data = candidate;
        CK_ECDH1_DERIVE_PARAMS params{CKD_NULL, 0, nullptr, static_cast<CK_ULONG>(data.size()),
                                      reinterpret_cast<CK_BYTE*>(data.data())};
        CK_MECHANISM mechanism{CKM_ECDH1_DERIVE, &params, sizeof params};
        rv = f->C_DeriveKey(h, &mechanism, privateKey, secret.data(), secret.count(), &derived);
        if (rv == CKR_OK)
            break;
    }
    if (rv != CKR_OK)
        return failed(pkcs11Error("C_DeriveKey(CKM_ECDH1_DERIVE)", rv).message);
    auto x = p11::readAttribute(f, h, derived, CKA_VALUE);
    f->C_DestroyObject(h, derived);
    if (!x)
        return failed(x.error().message);
    if (x->size() != curve.fieldBytes)
        return failed(QStringLiteral("the derived x is %1 bytes, expected %2").arg(x->size()).arg(curve.fieldBytes));
    return x.take();
}

// Whether `signature` (raw r||s) over `digest` verifies under the point.
bool verifies(const EcCurve& curve, const QByteArray& point, const QByteArray& digest, const QByteArray& signature)
{
    auto spki = ossl::ecPublicKeyInfo(curve.name, point);
    if (!spki)
        return false;
    const auto* p = reinterpret_cast<const unsigned char*>(spki->constData());
    ossl::PkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(spki->size())));
    if (!key)
        return false;
    const int half = static_cast<int>(signature.size() / 2);
    EcdsaSigPtr sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(signature.constData()), half, nullptr);
    BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(signature.constData()) + half, half, nullptr);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return false;
    }
    unsigned char* der = nullptr;
    const int derSize = i2d_ECDSA_SIG(sig.get(), &der);
    if (derSize <= 0)
        return false;
    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
    const bool ok = ctx && EVP_PKEY_verify_init(ctx.get()) == 1 &&
                    EVP_PKEY_verify(ctx.get(), der, static_cast<std::size_t>(derSize),
                                    reinterpret_cast<const unsigned char*>(digest.constData()),
                                    static_cast<std::size_t>(digest.size())) == 1;
    OPENSSL_free(der);
    return ok;
}

} // namespace

const EcCurve* findEcCurveByOid(const QByteArray& oid)
{
    static const EcCurve curves[] = {
        {"P-256", NID_X9_62_prime256v1, QByteArray::fromHex("06082a8648ce3d030107"), 32},
        {"P-384", NID_secp384r1, QByteArray::fromHex("06052b81040022"), 48},
        {"P-521", NID_secp521r1, QByteArray::fromHex("06052b81040023"), 66},
    };
    for (const EcCurve& curve : curves) {
        if (oid == curve.oid)
            return &curve;
    }
    return nullptr;
}

QByteArray ecPointOctetString(const QByteArray& point)
{
    QByteArray der(1, char(0x04));
    if (point.size() >= 0x80)
        der.append(char(0x81));
    der.append(char(point.size()));
    return der + point;
}

Outcome<QByteArray> deriveEcPublicPoint(Token& token, CK_OBJECT_HANDLE privateKey, const EcCurve& curve)
{
    auto s = token.session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = token.module().functions();
    const CK_SESSION_HANDLE h = s.value();

    GroupPtr group(EC_GROUP_new_by_curve_name(curve.nid));
    BnCtxPtr bnCtx(BN_CTX_new());
    if (!group || !bnCtx)
        return failed(QStringLiteral("out of memory"));
    const QByteArray g = encodePoint(group.get(), EC_GROUP_get0_generator(group.get()), bnCtx.get());
    if (g.isEmpty())
        return failed(QStringLiteral("no base point"));
    auto xBytes = deriveX(token, h, privateKey, g, curve);
    if (!xBytes)
        return xBytes.error();

    // A signature by the token over a random digest tells the two candidates apart.
    QByteArray digest = randomBytes(32);
    CK_MECHANISM mechanism{CKM_ECDSA, nullptr, 0};
    CK_RV rv = f->C_SignInit(h, &mechanism, privateKey);
    if (rv != CKR_OK)
        return failed(pkcs11Error("C_SignInit(CKM_ECDSA)", rv).message);
    QByteArray signature(2 * curve.fieldBytes, Qt::Uninitialized);
    CK_ULONG signatureSize = static_cast<CK_ULONG>(signature.size());
    rv = f->C_Sign(h, reinterpret_cast<CK_BYTE*>(digest.data()), static_cast<CK_ULONG>(digest.size()),
                   reinterpret_cast<CK_BYTE*>(signature.data()), &signatureSize);
    if (rv != CKR_OK)
        return failed(pkcs11Error("C_Sign(CKM_ECDSA)", rv).message);
    signature.truncate(static_cast<qsizetype>(signatureSize));

    ossl::BigNumPtr x(BN_bin2bn(reinterpret_cast<const unsigned char*>(xBytes->constData()),
                                static_cast<int>(xBytes->size()), nullptr));
    PointPtr point(EC_POINT_new(group.get()));
    if (!x || !point)
        return failed(QStringLiteral("out of memory"));
    for (const int yBit : {0, 1}) {
        if (EC_POINT_set_compressed_coordinates(group.get(), point.get(), x.get(), yBit, bnCtx.get()) != 1)
            continue;
        const QByteArray candidate = encodePoint(group.get(), point.get(), bnCtx.get());
        if (!candidate.isEmpty() && verifies(curve, candidate, digest, signature))
            return candidate;
    }
    return failed(QStringLiteral("no point with the derived x verifies the token's signature"));
}

} // namespace custos::crypto::byokdetail
