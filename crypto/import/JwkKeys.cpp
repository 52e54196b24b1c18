// One JWK's key from its members with EVP_PKEY_fromdata. Private members are decoded into secure
// memory and handed to OpenSSL as secure BIGNUMs; importedKeyFrom then checks that an EC point
// lies on its curve and that the private parts match the public ones.
#include "Jwk_p.h"

#include "KeyFile_p.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <array>
#include <cstring>

namespace custos::crypto::import::jwk {

namespace {

using detail::invalid;

int base64UrlValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= 'A' && u <= 'Z')
        return u - 'A';
    if (u >= 'a' && u <= 'z')
        return u - 'a' + 26;
    if (u >= '0' && u <= '9')
        return u - '0' + 52;
    if (u == '-')
        return 62;
    if (u == '_')
        return 63;
    return -1;
}

bool present(const QJsonObject& jwk, const char* name)
{
    return jwk.contains(QLatin1String(name));
}

// BIGNUMs for the parameter builder; secure ones for private values.
struct Numbers
{
    ossl::ParamBldPtr builder{OSSL_PARAM_BLD_new()};
    std::vector<ossl::BigNumPtr> numbers;

    bool push(const char* key, const SecureBuffer& bytes, bool secret)
    {
        ossl::BigNumPtr number(secret ? BN_secure_new() : BN_new());
        if (!number || !BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), number.get()))
            return false;
        const bool ok = OSSL_PARAM_BLD_push_BN(builder.get(), key, number.get()) == 1;
        numbers.push_back(std::move(number));
        return ok;
    }
};

Outcome<ossl::PkeyPtr> fromData(const char* type, OSSL_PARAM_BLD* builder, bool withPrivate, const QString& where)
{
    ossl::ParamPtr params(OSSL_PARAM_BLD_to_param(builder));
    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* raw = nullptr;
    const bool ok =
        params && ctx && EVP_PKEY_fromdata_init(ctx.get()) == 1 &&
        EVP_PKEY_fromdata(ctx.get(), &raw, withPrivate ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get()) == 1;
    ossl::PkeyPtr key(raw);
    ERR_clear_error(); // may describe the values: not for messages
    if (!ok || !key)
        return invalid(QStringLiteral("%1: the members do not form a valid %2 key (for EC: the point is not on the "
                                      "curve)")
                           .arg(where, QString::fromLatin1(type)));
    return key;
}

Outcome<ImportedKey> finish(EVP_PKEY* key, bool withPrivate, const QString& where)
{
    return detail::importedKeyFrom(key, withPrivate, where);
}

struct Curve
{
    const char* jwk;
    const char* group;
    std::size_t bytes;
};
constexpr std::array<Curve, 3> kCurves{{{"P-256", "P-256", 32}, {"P-384", "P-384", 48}, {"P-521", "P-521", 66}}};

} // namespace

bool decodeBase64Url(const QString& text, SecureBuffer& out)
{
    const qsizetype size = text.size();
    if (size % 4 == 1)
        return false;
    SecureBuffer decoded(static_cast<std::size_t>(size * 3 / 4));
    std::size_t at = 0;
    unsigned int accumulator = 0;
    int bits = 0;
    for (const QChar c : text) {
        const int value = base64UrlValue(c);
        if (value < 0)
            return false;
        accumulator = (accumulator << 6) | static_cast<unsigned int>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            decoded.data()[at++] = static_cast<unsigned char>((accumulator >> bits) & 0xff);
        }
    }
    // The unused low bits of the last character must be zero (a canonical encoding).
    if (bits > 0 && (accumulator & ((1u << bits) - 1)) != 0)
        return false;
    accumulator = 0;
    decoded.resize(at);
    out = std::move(decoded);
    return true;
}

Outcome<SecureBuffer> member(const QJsonObject& jwk, const QString& name, const QString& where, const QString& expected)
{
    const QJsonValue value = jwk.value(name);
    if (value.isUndefined())
        return invalid(QStringLiteral("%1: member '%2' is missing: %3").arg(where, name, expected));
    if (!value.isString())
        return invalid(QStringLiteral("%1: member '%2' is not a string: expected base64url").arg(where, name));
    SecureBuffer bytes;
    if (!decodeBase64Url(value.toString(), bytes))
        return invalid(
            QStringLiteral("%1: member '%2' is not valid base64url (A-Z, a-z, 0-9, '-' and '_' without padding)")
                .arg(where, name));
    if (bytes.isEmpty())
        return invalid(QStringLiteral("%1: member '%2' is empty: %3").arg(where, name, expected));
    return bytes;
}

Outcome<ImportedKey> rsaKey(const QJsonObject& jwk, const QString& where)
{
    const QString expected = QStringLiteral("expected an RSA key with n and e");
    auto n = member(jwk, QStringLiteral("n"), where, expected);
    if (!n)
        return n.error();
    auto e = member(jwk, QStringLiteral("e"), where, expected);
    if (!e)
        return e.error();
    if (n->size() > 1024 || e->size() > 32)
        return invalid(QStringLiteral("%1: the RSA modulus or exponent is too long: expected at most 8192 and 256 "
                                      "bits")
                           .arg(where));
    Numbers numbers;
    if (!numbers.builder || !numbers.push(OSSL_PKEY_PARAM_RSA_N, n.value(), false) ||
        !numbers.push(OSSL_PKEY_PARAM_RSA_E, e.value(), false))
        return makeError(ErrorKind::Failed, QStringLiteral("%1: cannot build the RSA parameters").arg(where));
    const bool withPrivate = present(jwk, "d");
    if (withPrivate) {
        // d alone cannot be checked against n and e: the CRT members are required with it.
        const QString privateExpected =
            QStringLiteral("expected a private RSA key with d, p, q, dp, dq and qi (or a public key without d)");
        struct Part
        {
            const char* member;
            const char* param;
        };
        constexpr Part kParts[] = {{"d", OSSL_PKEY_PARAM_RSA_D},          {"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
                                   {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},    {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
                                   {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2}, {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1}};
        for (const Part& part : kParts) {
            auto value = member(jwk, QLatin1String(part.member), where, privateExpected);
            if (!value)
                return value.error();
            if (value->size() > 1024)
                return invalid(QStringLiteral("%1: member '%2' is longer than the modulus allows")
                                   .arg(where, QLatin1String(part.member)));
            if (!numbers.push(part.param, value.value(), true))
                return makeError(ErrorKind::Failed, QStringLiteral("%1: cannot build the RSA parameters").arg(where));
        }
        if (present(jwk, "oth"))
            return invalid(QStringLiteral("%1: member 'oth' (multi-prime RSA) is not supported: expected a two-prime "
                                          "RSA key")
                               .arg(where));
    }
    auto key = fromData("RSA", numbers.builder.get(), withPrivate, where);
    if (!key)
        return key.error();
    return finish(key->get(), withPrivate, where);
}

Outcome<ImportedKey> ecKey(const QJsonObject& jwk, const QString& where)
{
    const QJsonValue crv = jwk.value(QStringLiteral("crv"));
    if (crv.isUndefined())
        return invalid(QStringLiteral("%1: member 'crv' is missing: expected P-256, P-384 or P-521").arg(where));
    if (!crv.isString())
        return invalid(QStringLiteral("%1: member 'crv' is not a string: expected P-256, P-384 or P-521").arg(where));
    const Curve* curve = nullptr;
    for (const Curve& candidate : kCurves) {
        if (crv.toString() == QLatin1String(candidate.jwk))
            curve = &candidate;
    }
    if (!curve) {
        const QString shown = crv.toString().left(24);
        return invalid(
            QStringLiteral("%1: curve '%2' is not supported: expected P-256, P-384 or P-521").arg(where, shown));
    }
    const QString expected = QStringLiteral("expected an EC key with crv, x and y");
    auto x = member(jwk, QStringLiteral("x"), where, expected);
    if (!x)
        return x.error();
    auto y = member(jwk, QStringLiteral("y"), where, expected);
    if (!y)
        return y.error();
    for (const auto& [name, value] : {std::pair{"x", &x.value()}, std::pair{"y", &y.value()}}) {
        if (value->size() != curve->bytes)
            return invalid(QStringLiteral("%1: member '%2' holds %3 bytes: expected %4 for %5")
                               .arg(where, QLatin1String(name))
                               .arg(value->size())
                               .arg(curve->bytes)
                               .arg(QLatin1String(curve->jwk)));
    }
    // The uncompressed point 04 || x || y.
    SecureBuffer point(1 + 2 * curve->bytes);
    point.data()[0] = 0x04;
    std::memcpy(point.data() + 1, x->data(), curve->bytes);
    std::memcpy(point.data() + 1 + curve->bytes, y->data(), curve->bytes);

    Numbers numbers;
    if (!numbers.builder ||
        OSSL_PARAM_BLD_push_utf8_string(numbers.builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve->group, 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(numbers.builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) !=
            1)
        return makeError(ErrorKind::Failed, QStringLiteral("%1: cannot build the EC parameters").arg(where));
    const bool withPrivate = present(jwk, "d");
    if (withPrivate) {
        auto d = member(jwk, QStringLiteral("d"), where, expected);
        if (!d)
            return d.error();
        if (d->size() != curve->bytes)
            return invalid(QStringLiteral("%1: member 'd' holds %2 bytes: expected %3 for %4")
                               .arg(where)
                               .arg(d->size())
                               .arg(curve->bytes)
                               .arg(QLatin1String(curve->jwk)));
        if (!numbers.push(OSSL_PKEY_PARAM_PRIV_KEY, d.value(), true))
            return makeError(ErrorKind::Failed, QStringLiteral("%1: cannot build the EC parameters").arg(where));
    }
    auto key = fromData("EC", numbers.builder.get(), withPrivate, where);
    if (!key)
        return key.error();
    return finish(key->get(), withPrivate, where);
}

Outcome<ImportedKey> octKey(const QJsonObject& jwk, const QString& where)
{
    auto k = member(jwk, QStringLiteral("k"), where, QStringLiteral("expected an oct key with k"));
    if (!k)
        return k.error();
    if (k->size() != 16 && k->size() != 24 && k->size() != 32)
        return invalid(QStringLiteral("%1: member 'k' holds %2 bytes: expected 16, 24 or 32 (an AES key)")
                           .arg(where)
                           .arg(k->size()));
    ImportedKey key;
    key.label = where;
    key.kind = KeyKind::Aes;
    key.bits = static_cast<int>(k->size() * 8);
    key.privateKey = k.take();
    return key;
}

} // namespace custos::crypto::import::jwk
