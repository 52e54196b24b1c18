#include "Kdf.h"

#include "ossl/OsslError.h"
#include "ossl/OsslHandles.h"

#include <QRegularExpression>

#include <openssl/core_names.h>

#include <algorithm>
#include <array>
#include <cstdint>

namespace custos::crypto {

namespace {
constexpr quint64 kMiB = 1024 * 1024;
constexpr int kMaxMemoryMiB = 4096;
constexpr quint32 kMaxR = 64;
constexpr quint32 kMaxP = 64;

bool isPowerOfTwo(quint64 value)
{
    return value > 1 && (value & (value - 1)) == 0;
}

quint64 memoryBytes(const KdfParams& params)
{
    return 128ULL * params.r * params.n;
}

// Rejects parameters OpenSSL would reject anyway, and costs a stored file could use to exhaust
// memory (decode() reads parameters from the workspace).
Outcome<void> validate(const KdfParams& params)
{
    if (!isPowerOfTwo(params.n))
        return makeError(ErrorKind::Invalid, QStringLiteral("scrypt n=%1 is not a power of two above 1").arg(params.n));
    if (params.r < 1 || params.r > kMaxR)
        return makeError(ErrorKind::Invalid, QStringLiteral("scrypt r=%1 is outside 1..%2").arg(params.r).arg(kMaxR));
    if (params.p < 1 || params.p > kMaxP)
        return makeError(ErrorKind::Invalid, QStringLiteral("scrypt p=%1 is outside 1..%2").arg(params.p).arg(kMaxP));
    if (params.n > (quint64(kMaxMemoryMiB) * kMiB) / (128ULL * params.r))
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("scrypt n=%1, r=%2 needs more than %3 MiB").arg(params.n).arg(params.r).arg(kMaxMemoryMiB));
    return {};
}
} // namespace

KdfParams KdfParams::forMemoryMiB(int memoryMiB)
{
    KdfParams params;
    params.r = 8;
    params.p = 1;
    const quint64 budget = quint64(std::clamp(memoryMiB, 1, kMaxMemoryMiB)) * kMiB;
    quint64 n = 2;
    while (128ULL * params.r * n * 2 <= budget)
        n *= 2;
    params.n = n;
    return params;
}

int KdfParams::memoryMiB() const
{
    return static_cast<int>(memoryBytes(*this) / kMiB);
}

QString KdfParams::encode() const
{
    return QStringLiteral("scrypt:n=%1,r=%2,p=%3").arg(n).arg(r).arg(p);
}

Outcome<KdfParams> KdfParams::decode(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("^scrypt:n=([0-9]{1,12}),r=([0-9]{1,4}),p=([0-9]{1,4})$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return makeError(ErrorKind::Invalid, QStringLiteral("unrecognised KDF parameters \"%1\": expected "
                                                            "\"scrypt:n=<N>,r=<r>,p=<p>\"")
                                                 .arg(text.left(80)));
    KdfParams params;
    params.n = match.captured(1).toULongLong();
    params.r = match.captured(2).toUInt();
    params.p = match.captured(3).toUInt();
    if (auto valid = validate(params); !valid)
        return valid.error();
    return params;
}

Outcome<SecureBuffer> deriveKey(const SecureBuffer& passphrase, const QByteArray& salt, const KdfParams& params,
                                std::size_t outputLength)
{
    if (outputLength == 0)
        return makeError(ErrorKind::Invalid, QStringLiteral("scrypt output length must not be zero"));
    if (auto valid = validate(params); !valid)
        return valid.error();

    ossl::KdfPtr kdf(EVP_KDF_fetch(nullptr, OSSL_KDF_NAME_SCRYPT, nullptr));
    if (!kdf)
        return ossl::opensslError("EVP_KDF_fetch(SCRYPT)");
    ossl::KdfCtxPtr ctx(EVP_KDF_CTX_new(kdf.get()));
    if (!ctx)
        return ossl::opensslError("EVP_KDF_CTX_new");

    // OpenSSL's default limit (32 MiB) is below our default cost; allow twice the need plus slack.
    uint64_t maxMemory = 2 * (memoryBytes(params) + 128ULL * params.r * params.p) + 16 * kMiB;
    uint64_t n = params.n;
    uint32_t r = params.r;
    uint32_t p = params.p;
    // OpenSSL copies the octet strings; it never writes through these pointers.
    static unsigned char empty = 0;
    void* passphraseData = passphrase.isEmpty() ? &empty : const_cast<unsigned char*>(passphrase.data());
    void* saltData = salt.isEmpty() ? static_cast<void*>(&empty) : const_cast<char*>(salt.constData());
    const std::array<OSSL_PARAM, 7> kdfParams = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, passphraseData, passphrase.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, saltData, static_cast<std::size_t>(salt.size())),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxMemory),
        OSSL_PARAM_construct_end(),
    };

    SecureBuffer key(outputLength);
    if (EVP_KDF_derive(ctx.get(), key.data(), key.size(), kdfParams.data()) != 1)
        return ossl::opensslError("EVP_KDF_derive(SCRYPT)");
    return key;
}

} // namespace custos::crypto
