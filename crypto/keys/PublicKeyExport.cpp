#include "PublicKeyExport.h"

#include "crypto/ossl/OsslError.h"
#include "crypto/ossl/OsslHandles.h"

#include <QJsonArray>

#include <openssl/core_names.h>
#include <openssl/x509.h>

namespace custos::crypto {

namespace {
Outcome<ossl::PkeyPtr> parse(const QByteArray& der)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    ossl::PkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
    if (!key)
        return ossl::opensslError("d2i_PUBKEY", ErrorKind::Invalid);
    if (p != reinterpret_cast<const unsigned char*>(der.constData()) + der.size())
        return makeError(ErrorKind::Invalid, QStringLiteral("trailing bytes after the SubjectPublicKeyInfo"));
    return key;
}

QString base64Url(const QByteArray& bytes)
{
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Outcome<QByteArray> bigNumParam(EVP_PKEY* key, const char* name, int padTo)
{
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &raw) != 1)
        return ossl::opensslError("EVP_PKEY_get_bn_param");
    ossl::BigNumPtr bn(raw);
    const int size = padTo > 0 ? padTo : BN_num_bytes(bn.get());
    QByteArray out(size, Qt::Uninitialized);
    if (BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char*>(out.data()), size) != size)
        return ossl::opensslError("BN_bn2binpad");
    return out;
}
} // namespace

Outcome<QByteArray> publicKeyPem(const QByteArray& spkiDer)
{
    auto key = parse(spkiDer); // refuse what is not a public key
    if (!key)
        return key.error();
    QByteArray pem("-----BEGIN PUBLIC KEY-----\n");
    const QByteArray base64 = spkiDer.toBase64();
    for (qsizetype i = 0; i < base64.size(); i += 64)
        pem += base64.mid(i, 64) + '\n';
    pem += "-----END PUBLIC KEY-----\n";
    return pem;
}

Outcome<QByteArray> publicKeyDerFromPemOrDer(const QByteArray& bytes)
{
    QByteArray der = bytes;
    const QByteArray begin("-----BEGIN PUBLIC KEY-----");
    const QByteArray end("-----END PUBLIC KEY-----");
    if (const qsizetype from = bytes.indexOf(begin); from >= 0) {
        const qsizetype to = bytes.indexOf(end, from);
        if (to < 0)
            return makeError(ErrorKind::Invalid, QStringLiteral("PEM public key without its END line"));
        const QByteArray body = bytes.mid(from + begin.size(), to - from - begin.size()).simplified();
        auto decoded = QByteArray::fromBase64Encoding(QByteArray(body).replace(' ', QByteArray()),
                                                      QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return makeError(ErrorKind::Invalid, QStringLiteral("PEM public key with invalid base64"));
        der = *decoded;
    }
    auto key = parse(der);
    if (!key)
        return makeError(ErrorKind::Invalid, QStringLiteral("not a public key in PEM or DER (SubjectPublicKeyInfo)"));
    return der;
}

Outcome<QJsonObject> publicKeyJwk(const QByteArray& spkiDer, const QString& kid, const QList<KeyOperation>& keyOps)
{
    auto key = parse(spkiDer);
    if (!key)
        return key.error();
    QJsonObject jwk;
    if (EVP_PKEY_is_a(key->get(), "RSA")) {
        auto n = bigNumParam(key->get(), OSSL_PKEY_PARAM_RSA_N, 0);
        auto e = bigNumParam(key->get(), OSSL_PKEY_PARAM_RSA_E, 0);
        if (!n)
            return n.error();
        if (!e)
            return e.error();
        jwk.insert(QStringLiteral("kty"), QStringLiteral("RSA"));
        jwk.insert(QStringLiteral("n"), base64Url(n.value()));
        jwk.insert(QStringLiteral("e"), base64Url(e.value()));
    } else if (EVP_PKEY_is_a(key->get(), "EC")) {
        char group[64] = {};
        if (EVP_PKEY_get_utf8_string_param(key->get(), OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, nullptr) != 1)
            return ossl::opensslError("EVP_PKEY_get_utf8_string_param");
        const QByteArray groupName(group);
        QString crv;
        int fieldBytes = 0;
        if (groupName == "prime256v1" || groupName == "P-256") {
            crv = QStringLiteral("P-256");
            fieldBytes = 32;
        } else if (groupName == "secp384r1" || groupName == "P-384") {
            crv = QStringLiteral("P-384");
            fieldBytes = 48;
        } else if (groupName == "secp521r1" || groupName == "P-521") {
            crv = QStringLiteral("P-521");
            fieldBytes = 66;
        } else {
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("EC curve %1 has no JWK name").arg(QString::fromLatin1(groupName)));
        }
        auto x = bigNumParam(key->get(), OSSL_PKEY_PARAM_EC_PUB_X, fieldBytes);
        auto y = bigNumParam(key->get(), OSSL_PKEY_PARAM_EC_PUB_Y, fieldBytes);
        if (!x)
            return x.error();
        if (!y)
            return y.error();
        jwk.insert(QStringLiteral("kty"), QStringLiteral("EC"));
        jwk.insert(QStringLiteral("crv"), crv);
        jwk.insert(QStringLiteral("x"), base64Url(x.value()));
        jwk.insert(QStringLiteral("y"), base64Url(y.value()));
    } else {
        return makeError(ErrorKind::Invalid, QStringLiteral("only RSA and EC public keys have a JWK form here"));
    }
    if (!kid.isEmpty())
        jwk.insert(QStringLiteral("kid"), kid);
    QJsonArray ops;
    for (const KeyOperation operation : keyOps)
        ops.append(keyOperationName(operation));
    jwk.insert(QStringLiteral("key_ops"), ops);
    return jwk;
}

} // namespace custos::crypto
