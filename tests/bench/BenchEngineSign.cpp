// Issue 3: the engine's sign call against a raw PKCS#11 C_Sign loop on the same token and key (one
// caller), and a software key's sign against a plain OpenSSL EVP loop on the same key. Target for
// both: >= 0.95. Both sides sign the same SHA-256 digest with the same mechanism, so the ratio is
// the engine's own overhead (lookup, checks, encoding).
#include "BenchRawSign.h"
#include "BenchRegistry.h"
#include "BenchResults.h"
#include "BenchTiming.h"
#include "SoftHsmTestToken.h"
#include "crypto/Digest.h"
#include "crypto/keys/HsmKeyOperations.h"
#include "crypto/keys/software/SoftwareKey.h"
#include "crypto/ossl/OsslHandles.h"

#include <QTextStream>

#include <openssl/evp.h>
#include <openssl/x509.h>

using namespace custos;

namespace {

const QByteArray kDigest = crypto::sha256(QByteArrayLiteral("benchmark message"));

QTextStream& out()
{
    return bench::log();
}

int benchHsm(crypto::KeyKind kind, const QString& name, crypto::JoseAlgorithm algorithm)
{
    test::SoftHsmTestToken fixture;
    if (const QString failed = fixture.setUp(QStringLiteral("bench")); !failed.isEmpty()) {
        out() << "cannot set up a token: " << failed << Qt::endl;
        return 1;
    }
    crypto::Token& token = *fixture.token();
    crypto::KeyGenSpec spec;
    spec.kind = kind;
    spec.id = QByteArray::fromHex("b0b0b0b0");
    spec.label = name;
    spec.bits = kind == crypto::KeyKind::Rsa ? 2048 : 0;
    spec.curve = kind == crypto::KeyKind::Ec ? QStringLiteral("P-256") : QString();
    if (auto generated = token.generateKey(spec); !generated) {
        out() << "key generation failed: " << generated.error().message << Qt::endl;
        return 1;
    }
    auto handle = token.findObject(CKO_PRIVATE_KEY, spec.id);
    if (!handle)
        return 1;
    const bool rsa = kind == crypto::KeyKind::Rsa;
    const QByteArray rawInput = rsa ? bench::rs256DigestInfo(kDigest) : kDigest;
    const CK_MECHANISM_TYPE mechanism = rsa ? CKM_RSA_PKCS : CKM_ECDSA;

    crypto::HsmKeyOperations engine(token, spec.id);
    const auto run =
        bench::compareThroughput([&] { return bool(engine.sign(algorithm, kDigest, true)); },
                                 [&] { return bench::rawSign(token, handle.value(), mechanism, rawInput); });
    bench::recordRate(QStringLiteral("sign %1, HSM, 1 caller: engine").arg(name), run.subject,
                      QStringLiteral("raw C_Sign"), run.baseline, bench::Target::ratioAtLeast(0.95));
    return run.subject.ok && run.baseline.ok ? 0 : 1;
}

int benchSoftware(crypto::KeyKind kind, const QString& name, crypto::JoseAlgorithm algorithm)
{
    auto key = kind == crypto::KeyKind::Rsa ? crypto::SoftwareKey::generateRsa(2048)
                                            : crypto::SoftwareKey::generateEc(QStringLiteral("P-256"));
    if (!key)
        return 1;
    auto der = key->toPrivateDer();
    if (!der)
        return 1;
    const unsigned char* p = reinterpret_cast<const unsigned char*>(der->data());
    std::unique_ptr<EVP_PKEY, crypto::ossl::Deleter<EVP_PKEY_free>> pkey(
        d2i_AutoPrivateKey(nullptr, &p, long(der->size())));
    if (!pkey)
        return 1;
    const bool rsa = kind == crypto::KeyKind::Rsa;
    auto evpSign = [&] {
        std::unique_ptr<EVP_PKEY_CTX, crypto::ossl::Deleter<EVP_PKEY_CTX_free>> ctx(
            EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
        if (!ctx || EVP_PKEY_sign_init(ctx.get()) <= 0)
            return false;
        if (rsa && (EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) <= 0 ||
                    EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) <= 0))
            return false;
        unsigned char signature[1024];
        size_t size = sizeof signature;
        return EVP_PKEY_sign(ctx.get(), signature, &size, reinterpret_cast<const unsigned char*>(kDigest.data()),
                             size_t(kDigest.size())) > 0;
    };
    const auto run = bench::compareThroughput([&] { return bool(key->signDigest(algorithm, kDigest)); }, evpSign);
    bench::recordRate(QStringLiteral("sign %1, software, 1 caller: engine").arg(name), run.subject,
                      QStringLiteral("EVP_PKEY_sign"), run.baseline, bench::Target::ratioAtLeast(0.95));
    return run.subject.ok && run.baseline.ok ? 0 : 1;
}

int engineSign()
{
    int failures = 0;
    failures += benchHsm(crypto::KeyKind::Rsa, QStringLiteral("RSA-2048 RS256"), crypto::JoseAlgorithm::Rs256);
    failures += benchHsm(crypto::KeyKind::Ec, QStringLiteral("P-256 ES256"), crypto::JoseAlgorithm::Es256);
    failures += benchSoftware(crypto::KeyKind::Rsa, QStringLiteral("RSA-2048 RS256"), crypto::JoseAlgorithm::Rs256);
    failures += benchSoftware(crypto::KeyKind::Ec, QStringLiteral("P-256 ES256"), crypto::JoseAlgorithm::Es256);
    return failures;
}

} // namespace

CUSTOS_REGISTER_BENCH(engine_sign, engineSign)
