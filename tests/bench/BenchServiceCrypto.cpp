// Issue 10: verify, encrypt and decrypt (and sign with software keys) through the full service
// path (authorise, checks, engine, durable audit event with group commit), 8 callers at once,
// against the same operation done raw on 8 threads in the same run: HSM keys against raw PKCS#11
// calls on the same token objects; software keys against plain OpenSSL EVP calls on a key of the
// same type and size (the service's own key is sealed and never leaves it). Target, as for
// service_sign: >= 0.5. HSM sign is service_sign's.
#include "BenchRawOpenssl.h"
#include "BenchRawPkcs11.h"
#include "BenchRawSign.h"
#include "BenchRegistry.h"
#include "BenchResults.h"
#include "BenchServicePath.h"
#include "BenchWorkspace.h"
#include "crypto/Digest.h"
#include "crypto/keys/PublicKeyOperations.h"
#include "model/services/KeyCryptoService.h"
#include "model/services/KeyService.h"

#include <QTemporaryDir>

#include <openssl/rand.h>

using namespace custos;

namespace {

constexpr int kCallers = 8;
const QByteArray kMessage = QByteArrayLiteral("benchmark message");
const QByteArray kDigest = crypto::sha256(kMessage);
const QByteArray kSecret = QByteArray(32, '\x5a');
const QByteArray kBlock = QByteArray(1024, '\x42');

std::shared_ptr<const crypto::SecureBuffer> secure(const QByteArray& bytes)
{
    return std::make_shared<const crypto::SecureBuffer>(bytes.constData(), std::size_t(bytes.size()));
}

QString failed(const Error& error)
{
    return error.message.isEmpty() ? QStringLiteral("failed") : error.message;
}

int row(const QString& figure, const bench::ServiceCall& call, const QString& baselineName,
        const std::function<bool()>& raw)
{
    const auto run = bench::compareServiceCalls(call, raw, kCallers, 3, 0.75);
    bench::recordRate(figure, run.subject, baselineName, run.baseline, bench::Target::ratioAtLeast(0.5));
    return run.subject.ok && run.baseline.ok ? 0 : 1;
}

std::optional<model::KeyRecord> createKey(model::Services& services, const QString& vault, const QString& name,
                                          crypto::KeyKind kind, int size)
{
    model::KeyCreateRequest request;
    request.vault = vault;
    request.name = name;
    request.kty = kind;
    request.size = size;
    auto created = test::await(services.keys().create(request));
    if (!created) {
        bench::log() << "key creation failed: " << created.error().message << Qt::endl;
        return std::nullopt;
    }
    return created.value();
}

int hsmRows(test::ReadyWorkspace& ready)
{
    model::Services& services = *ready.services;
    model::KeyCryptoService& keys = services.keyCrypto();
    crypto::Token& token = *ready.workspace->token();
    const auto rsa = createKey(services, QStringLiteral("hsm"), QStringLiteral("rsa"), crypto::KeyKind::Rsa, 2048);
    const auto ec = createKey(services, QStringLiteral("hsm"), QStringLiteral("ec"), crypto::KeyKind::Ec, 0);
    const auto aes = createKey(services, QStringLiteral("hsm"), QStringLiteral("aes"), crypto::KeyKind::Aes, 256);
    if (!rsa || !ec || !aes)
        return 1;
    auto handle = [&token](const model::KeyRecord& key, CK_OBJECT_CLASS objectClass) {
        auto found = token.findObject(objectClass, QByteArray::fromHex(key.currentVersion.id.toLatin1()));
        return found ? found.value() : CK_INVALID_HANDLE;
    };
    const CK_OBJECT_HANDLE rsaPublic = handle(*rsa, CKO_PUBLIC_KEY), rsaPrivate = handle(*rsa, CKO_PRIVATE_KEY);
    const CK_OBJECT_HANDLE ecPublic = handle(*ec, CKO_PUBLIC_KEY), aesKey = handle(*aes, CKO_SECRET_KEY);
    const model::KeyTarget rsaTarget{QStringLiteral("hsm"), QStringLiteral("rsa"), {}};
    const model::KeyTarget ecTarget{QStringLiteral("hsm"), QStringLiteral("ec"), {}};
    const model::KeyTarget aesTarget{QStringLiteral("hsm"), QStringLiteral("aes"), {}};
    const auto rsaSignature = test::await(keys.sign(rsaTarget, QStringLiteral("RS256"), kDigest, true));
    const auto ecSignature = test::await(keys.sign(ecTarget, QStringLiteral("ES256"), kDigest, true));
    const auto oaep = test::await(keys.encrypt(rsaTarget, QStringLiteral("RSA-OAEP"), secure(kSecret)));
    const auto sealed = test::await(keys.encrypt(aesTarget, QStringLiteral("A256GCM"), secure(kBlock)));
    QByteArray rawSealed;
    if (!rsaSignature || !ecSignature || !oaep || !sealed || rsaPublic == CK_INVALID_HANDLE ||
        rsaPrivate == CK_INVALID_HANDLE || ecPublic == CK_INVALID_HANDLE || aesKey == CK_INVALID_HANDLE ||
        !bench::rawAesGcmEncrypt(token, aesKey, kBlock, &rawSealed)) {
        bench::recordFailure(QStringLiteral("service crypto (HSM)"), QStringLiteral("cannot prepare the inputs"));
        return 1;
    }
    const QByteArray rsaSig = rsaSignature.value(), ecSig = ecSignature.value();
    const model::KeyCiphertext oaepCiphertext = oaep.value(), gcmCiphertext = sealed.value();
    const QString callers = QStringLiteral("%1 callers").arg(kCallers);
    const QString threads = QStringLiteral(", %1 threads").arg(kCallers);
    int failures = 0;
    failures += row(
        QStringLiteral("verify RS256 RSA-2048, HSM key, %1: service path").arg(callers),
        [&keys, rsaTarget, rsaSig]() -> QCoro::Task<QString> {
            auto task = keys.verify(rsaTarget, QStringLiteral("RS256"), kDigest, true, rsaSig);
            auto verified = co_await task;
            co_return !verified ? failed(verified.error()) : verified.value() ? QString() : QStringLiteral("false");
        },
        QStringLiteral("raw C_Verify") + threads,
        [&] { return bench::rawVerify(token, rsaPublic, CKM_RSA_PKCS, bench::rs256DigestInfo(kDigest), rsaSig); });
    failures += row(
        QStringLiteral("verify ES256 P-256, HSM key, %1: service path").arg(callers),
        [&keys, ecTarget, ecSig]() -> QCoro::Task<QString> {
            auto task = keys.verify(ecTarget, QStringLiteral("ES256"), kDigest, true, ecSig);
            auto verified = co_await task;
            co_return !verified ? failed(verified.error()) : verified.value() ? QString() : QStringLiteral("false");
        },
        QStringLiteral("raw C_Verify") + threads,
        [&] { return bench::rawVerify(token, ecPublic, CKM_ECDSA, kDigest, ecSig); });
    failures += row(
        QStringLiteral("encrypt RSA-OAEP RSA-2048, HSM key, %1: service path").arg(callers),
        [&keys, rsaTarget]() -> QCoro::Task<QString> {
            auto task = keys.encrypt(rsaTarget, QStringLiteral("RSA-OAEP"), secure(kSecret));
            auto encrypted = co_await task;
            co_return encrypted ? QString() : failed(encrypted.error());
        },
        QStringLiteral("raw C_Encrypt CKM_RSA_PKCS_OAEP") + threads,
        [&] { return bench::rawRsaEncrypt(token, rsaPublic, true, kSecret); });
    failures += row(
        QStringLiteral("decrypt RSA-OAEP RSA-2048, HSM key, %1: service path").arg(callers),
        [&keys, rsaTarget, oaepCiphertext]() -> QCoro::Task<QString> {
            auto task = keys.decrypt(rsaTarget, QStringLiteral("RSA-OAEP"), oaepCiphertext);
            auto decrypted = co_await task;
            co_return decrypted ? QString() : failed(decrypted.error());
        },
        QStringLiteral("raw C_Decrypt CKM_RSA_PKCS_OAEP") + threads,
        [&] { return bench::rawRsaDecrypt(token, rsaPrivate, true, oaepCiphertext.ciphertext); });
    failures += row(
        QStringLiteral("encrypt A256GCM 1 KiB, HSM key, %1: service path").arg(callers),
        [&keys, aesTarget]() -> QCoro::Task<QString> {
            auto task = keys.encrypt(aesTarget, QStringLiteral("A256GCM"), secure(kBlock));
            auto encrypted = co_await task;
            co_return encrypted ? QString() : failed(encrypted.error());
        },
        QStringLiteral("raw C_Encrypt CKM_AES_GCM") + threads,
        [&] { return bench::rawAesGcmEncrypt(token, aesKey, kBlock); });
    failures += row(
        QStringLiteral("decrypt A256GCM 1 KiB, HSM key, %1: service path").arg(callers),
        [&keys, aesTarget, gcmCiphertext]() -> QCoro::Task<QString> {
            auto task = keys.decrypt(aesTarget, QStringLiteral("A256GCM"), gcmCiphertext);
            auto decrypted = co_await task;
            co_return decrypted ? QString() : failed(decrypted.error());
        },
        QStringLiteral("raw C_Decrypt CKM_AES_GCM") + threads,
        [&] { return bench::rawAesGcmDecrypt(token, aesKey, rawSealed); });
    return failures;
}

int softwareRows(test::ReadyWorkspace& ready)
{
    model::Services& services = *ready.services;
    model::KeyCryptoService& keys = services.keyCrypto();
    const auto rsa = createKey(services, QStringLiteral("soft"), QStringLiteral("rsa"), crypto::KeyKind::Rsa, 2048);
    const auto ec = createKey(services, QStringLiteral("soft"), QStringLiteral("ec"), crypto::KeyKind::Ec, 0);
    if (!rsa || !ec)
        return 1;
    const model::KeyTarget rsaTarget{QStringLiteral("soft"), QStringLiteral("rsa"), {}};
    const model::KeyTarget ecTarget{QStringLiteral("soft"), QStringLiteral("ec"), {}};
    // The baselines' keys: the same types and sizes, in plain OpenSSL.
    auto generate = [](const char* type, int bits) {
        EVP_PKEY* key = bits ? EVP_PKEY_Q_keygen(nullptr, nullptr, type, size_t(bits))
                             : EVP_PKEY_Q_keygen(nullptr, nullptr, type, "P-256");
        return bench::PkeyPtr(key);
    };
    const bench::PkeyPtr rsaKey = generate("RSA", 2048);
    const bench::PkeyPtr ecKey = generate("EC", 0);
    QByteArray rawOaep;
    if (!rsaKey || !ecKey || !bench::evpOaepEncrypt(rsaKey.get(), true, kSecret, &rawOaep)) {
        bench::recordFailure(QStringLiteral("service crypto (software)"), QStringLiteral("OpenSSL keys failed"));
        return 1;
    }
    auto evpSign = [](EVP_PKEY* key) {
        bench::MdCtxPtr ctx(EVP_MD_CTX_new());
        unsigned char signature[512];
        size_t size = sizeof signature;
        return ctx && EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) > 0 &&
               EVP_DigestSign(ctx.get(), signature, &size, reinterpret_cast<const unsigned char*>(kMessage.constData()),
                              size_t(kMessage.size())) > 0;
    };
    const auto ecSignature = test::await(keys.sign(ecTarget, QStringLiteral("ES256"), kMessage, false));
    const auto oaep = test::await(keys.encrypt(rsaTarget, QStringLiteral("RSA-OAEP-256"), secure(kSecret)));
    QByteArray rawEcSignature(512, Qt::Uninitialized);
    {
        bench::MdCtxPtr ctx(EVP_MD_CTX_new());
        size_t size = size_t(rawEcSignature.size());
        if (!ecSignature || !oaep || !ctx ||
            EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, ecKey.get()) <= 0 ||
            EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(rawEcSignature.data()), &size,
                           reinterpret_cast<const unsigned char*>(kMessage.constData()),
                           size_t(kMessage.size())) <= 0) {
            bench::recordFailure(QStringLiteral("service crypto (software)"),
                                 QStringLiteral("cannot prepare the inputs"));
            return 1;
        }
        rawEcSignature.resize(qsizetype(size));
    }
    const QByteArray ecSig = ecSignature.value();
    const model::KeyCiphertext oaepCiphertext = oaep.value();
    const QString callers = QStringLiteral("%1 callers").arg(kCallers);
    const QString threads = QStringLiteral(", %1 threads").arg(kCallers);
    int failures = 0;
    failures += row(
        QStringLiteral("sign ES256 P-256, software key, %1: service path").arg(callers),
        [&keys, ecTarget]() -> QCoro::Task<QString> {
            auto task = keys.sign(ecTarget, QStringLiteral("ES256"), kMessage, false);
            auto signature = co_await task;
            co_return signature ? QString() : failed(signature.error());
        },
        QStringLiteral("EVP_DigestSign") + threads, [&] { return evpSign(ecKey.get()); });
    failures += row(
        QStringLiteral("sign RS256 RSA-2048, software key, %1: service path").arg(callers),
        [&keys, rsaTarget]() -> QCoro::Task<QString> {
            auto task = keys.sign(rsaTarget, QStringLiteral("RS256"), kMessage, false);
            auto signature = co_await task;
            co_return signature ? QString() : failed(signature.error());
        },
        QStringLiteral("EVP_DigestSign") + threads, [&] { return evpSign(rsaKey.get()); });
    failures += row(
        QStringLiteral("verify ES256 P-256, software key, %1: service path").arg(callers),
        [&keys, ecTarget, ecSig]() -> QCoro::Task<QString> {
            auto task = keys.verify(ecTarget, QStringLiteral("ES256"), kMessage, false, ecSig);
            auto verified = co_await task;
            co_return !verified ? failed(verified.error()) : verified.value() ? QString() : QStringLiteral("false");
        },
        QStringLiteral("EVP_DigestVerify") + threads,
        [&] { return bench::evpVerifyMessage(ecKey.get(), kMessage, rawEcSignature); });
    failures += row(
        QStringLiteral("encrypt RSA-OAEP-256 RSA-2048, software key, %1: service path").arg(callers),
        [&keys, rsaTarget]() -> QCoro::Task<QString> {
            auto task = keys.encrypt(rsaTarget, QStringLiteral("RSA-OAEP-256"), secure(kSecret));
            auto encrypted = co_await task;
            co_return encrypted ? QString() : failed(encrypted.error());
        },
        QStringLiteral("EVP_PKEY_encrypt") + threads,
        [&] { return bench::evpOaepEncrypt(rsaKey.get(), true, kSecret); });
    failures += row(
        QStringLiteral("decrypt RSA-OAEP-256 RSA-2048, software key, %1: service path").arg(callers),
        [&keys, rsaTarget, oaepCiphertext]() -> QCoro::Task<QString> {
            auto task = keys.decrypt(rsaTarget, QStringLiteral("RSA-OAEP-256"), oaepCiphertext);
            auto decrypted = co_await task;
            co_return decrypted ? QString() : failed(decrypted.error());
        },
        QStringLiteral("EVP_PKEY_decrypt") + threads,
        [&] { return bench::evpOaepDecrypt(rsaKey.get(), true, rawOaep); });
    return failures;
}

int serviceCrypto()
{
    QTemporaryDir dir;
    auto ready = bench::benchWorkspace(dir.path(), {QStringLiteral("hsm")});
    if (!ready) {
        bench::recordFailure(QStringLiteral("service crypto"), QStringLiteral("no workspace"));
        return 1;
    }
    model::VaultCreateRequest software(QStringLiteral("soft"));
    software.protection = model::Protection::Software;
    if (auto vault = test::await(ready->services->vaults().create(software)); !vault) {
        bench::recordFailure(QStringLiteral("service crypto"), vault.error().message);
        return 1;
    }
    return hsmRows(*ready) + softwareRows(*ready);
}

} // namespace

CUSTOS_REGISTER_BENCH(service_crypto, serviceCrypto)
