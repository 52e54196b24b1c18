// Issue 10: verify, encrypt and decrypt through the engine, one caller, against the same operation
// done raw in the same run: HSM keys against raw PKCS#11 calls on the same token and key (and
// the public-key operations, which the engine does in OpenSSL, against plain EVP calls too);
// software keys against plain OpenSSL EVP calls on the same key. Target, as for sign: >= 0.95.
// Sign is engine_sign's.
#include "BenchRawOpenssl.h"
#include "BenchRawPkcs11.h"
#include "BenchRawSign.h"
#include "BenchRegistry.h"
#include "BenchResults.h"
#include "BenchTiming.h"
#include "SoftHsmTestToken.h"
#include "crypto/Digest.h"
#include "crypto/keys/HsmKeyOperations.h"
#include "crypto/keys/PublicKeyOperations.h"
#include "crypto/keys/software/SoftwareKey.h"

#include <functional>
#include <optional>

using namespace custos;
using crypto::JoseAlgorithm;

namespace {

const QByteArray kMessage = QByteArrayLiteral("benchmark message");
const QByteArray kDigest = crypto::sha256(kMessage);
const QByteArray kSecret = QByteArray(32, '\x5a');  // an RSA-encrypted content key
const QByteArray kBlock = QByteArray(1024, '\x42'); // AES-GCM: 1 KiB

QByteArray toBytes(const crypto::SecureBuffer& buffer)
{
    return QByteArray(reinterpret_cast<const char*>(buffer.data()), qsizetype(buffer.size()));
}

crypto::SecureBuffer toSecure(const QByteArray& bytes)
{
    return crypto::SecureBuffer(bytes.constData(), std::size_t(bytes.size()));
}

// One row: checks both sides once (a wrong answer is a failure, not a figure), then alternating rounds.
int compare(const QString& figure, const std::function<bool()>& engine, const QString& baselineName,
            const std::function<bool()>& raw)
{
    if (!engine() || !raw()) {
        bench::recordFailure(figure, QStringLiteral("the first call failed (engine %1, baseline %2)")
                                         .arg(engine() ? "ok" : "failed", raw() ? "ok" : "failed"));
        return 1;
    }
    const auto run = bench::compareThroughput(engine, raw, 1, 4, 0.4);
    bench::recordRate(figure, run.subject, baselineName, run.baseline, bench::Target::ratioAtLeast(0.95));
    return run.subject.ok && run.baseline.ok ? 0 : 1;
}

struct HsmKey
{
    QByteArray id;
    QByteArray publicKeyDer;
    CK_OBJECT_HANDLE publicHandle = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE privateHandle = CK_INVALID_HANDLE; // the secret key for AES
};

std::optional<HsmKey> generate(crypto::Token& token, crypto::KeyKind kind, const QByteArray& id)
{
    crypto::KeyGenSpec spec;
    spec.kind = kind;
    spec.id = id;
    spec.label = QStringLiteral("bench");
    spec.bits = kind == crypto::KeyKind::Rsa ? 2048 : 256;
    spec.curve = kind == crypto::KeyKind::Ec ? QStringLiteral("P-256") : QString();
    auto generated = token.generateKey(spec);
    if (!generated) {
        bench::log() << "key generation failed: " << generated.error().message << Qt::endl;
        return std::nullopt;
    }
    HsmKey key{id, generated->publicKeyDer};
    if (kind == crypto::KeyKind::Aes) {
        auto secret = token.findObject(CKO_SECRET_KEY, id);
        if (!secret)
            return std::nullopt;
        key.privateHandle = secret.value();
        return key;
    }
    auto publicHandle = token.findObject(CKO_PUBLIC_KEY, id);
    auto privateHandle = token.findObject(CKO_PRIVATE_KEY, id);
    if (!publicHandle || !privateHandle)
        return std::nullopt;
    key.publicHandle = publicHandle.value();
    key.privateHandle = privateHandle.value();
    return key;
}

int hsmRows()
{
    test::SoftHsmTestToken fixture;
    if (const QString failed = fixture.setUp(QStringLiteral("bench")); !failed.isEmpty()) {
        bench::recordFailure(QStringLiteral("engine crypto (HSM)"), QStringLiteral("no token: ") + failed);
        return 1;
    }
    crypto::Token& token = *fixture.token();
    const auto rsa = generate(token, crypto::KeyKind::Rsa, QByteArray::fromHex("b1"));
    const auto ec = generate(token, crypto::KeyKind::Ec, QByteArray::fromHex("b2"));
    const auto aes = generate(token, crypto::KeyKind::Aes, QByteArray::fromHex("b3"));
    if (!rsa || !ec || !aes) {
        bench::recordFailure(QStringLiteral("engine crypto (HSM)"), QStringLiteral("key generation failed"));
        return 1;
    }
    crypto::HsmKeyOperations rsaOps(token, rsa->id), ecOps(token, ec->id), aesOps(token, aes->id);
    const bench::PkeyPtr rsaPublic = bench::publicKeyFromSpki(rsa->publicKeyDer);
    const bench::PkeyPtr ecPublic = bench::publicKeyFromSpki(ec->publicKeyDer);
    const auto rsaSignature = rsaOps.sign(JoseAlgorithm::Rs256, kDigest, true);
    const auto ecSignature = ecOps.sign(JoseAlgorithm::Es256, kDigest, true);
    const auto ecDer = ecSignature ? crypto::ecdsaRawToDer(ecSignature.value()) : Outcome<QByteArray>(QByteArray());
    if (!rsaPublic || !ecPublic || !rsaSignature || !ecSignature || !ecDer) {
        bench::recordFailure(QStringLiteral("engine crypto (HSM)"), QStringLiteral("cannot prepare the inputs"));
        return 1;
    }
    int failures = 0;
    auto engineVerify = [](JoseAlgorithm algorithm, const QByteArray& spki, const QByteArray& signature) {
        return [=] {
            auto verified = crypto::verify(algorithm, spki, kDigest, true, signature);
            return verified && verified.value();
        };
    };
    const QString rsaVerify = QStringLiteral("verify RS256 RSA-2048, HSM key, 1 caller: engine");
    failures += compare(rsaVerify, engineVerify(JoseAlgorithm::Rs256, rsa->publicKeyDer, rsaSignature.value()),
                        QStringLiteral("raw C_Verify"), [&] {
                            return bench::rawVerify(token, rsa->publicHandle, CKM_RSA_PKCS,
                                                    bench::rs256DigestInfo(kDigest), rsaSignature.value());
                        });
    failures += compare(rsaVerify, engineVerify(JoseAlgorithm::Rs256, rsa->publicKeyDer, rsaSignature.value()),
                        QStringLiteral("EVP_PKEY_verify"),
                        [&] { return bench::evpVerifyDigest(rsaPublic.get(), true, kDigest, rsaSignature.value()); });
    const QString ecVerify = QStringLiteral("verify ES256 P-256, HSM key, 1 caller: engine");
    failures += compare(ecVerify, engineVerify(JoseAlgorithm::Es256, ec->publicKeyDer, ecSignature.value()),
                        QStringLiteral("raw C_Verify"), [&] {
                            return bench::rawVerify(token, ec->publicHandle, CKM_ECDSA, kDigest, ecSignature.value());
                        });
    failures += compare(ecVerify, engineVerify(JoseAlgorithm::Es256, ec->publicKeyDer, ecSignature.value()),
                        QStringLiteral("EVP_PKEY_verify"),
                        [&] { return bench::evpVerifyDigest(ecPublic.get(), false, kDigest, ecDer.value()); });

    const crypto::SecureBuffer secret = toSecure(kSecret);
    auto engineEncrypt = [&](JoseAlgorithm algorithm) {
        return [&, algorithm] { return bool(crypto::encrypt(algorithm, rsa->publicKeyDer, secret)); };
    };
    failures += compare(QStringLiteral("encrypt RSA-OAEP RSA-2048, HSM key, 1 caller: engine"),
                        engineEncrypt(JoseAlgorithm::RsaOaep), QStringLiteral("raw C_Encrypt CKM_RSA_PKCS_OAEP"),
                        [&] { return bench::rawRsaEncrypt(token, rsa->publicHandle, true, kSecret); });
    failures += compare(QStringLiteral("encrypt RSA-OAEP-256 RSA-2048, HSM key, 1 caller: engine"),
                        engineEncrypt(JoseAlgorithm::RsaOaep256), QStringLiteral("EVP_PKEY_encrypt"),
                        [&] { return bench::evpOaepEncrypt(rsaPublic.get(), true, kSecret); });

    const auto oaep = crypto::encrypt(JoseAlgorithm::RsaOaep, rsa->publicKeyDer, secret);
    const auto oaep256 = crypto::encrypt(JoseAlgorithm::RsaOaep256, rsa->publicKeyDer, secret);
    if (!oaep || !oaep256)
        return failures + 1;
    failures += compare(
        QStringLiteral("decrypt RSA-OAEP RSA-2048, HSM key, 1 caller: engine"),
        [&] { return bool(rsaOps.decrypt(JoseAlgorithm::RsaOaep, oaep.value())); },
        QStringLiteral("raw C_Decrypt CKM_RSA_PKCS_OAEP"),
        [&] { return bench::rawRsaDecrypt(token, rsa->privateHandle, true, oaep.value()); });
    failures += compare(
        QStringLiteral("decrypt RSA-OAEP-256 RSA-2048, HSM key, 1 caller: engine (raw RSA on the "
                       "token + OAEP decoding)"),
        [&] { return bool(rsaOps.decrypt(JoseAlgorithm::RsaOaep256, oaep256.value())); },
        QStringLiteral("raw C_Decrypt CKM_RSA_X_509"),
        [&] { return bench::rawRsaDecrypt(token, rsa->privateHandle, false, oaep256.value()); });

    const crypto::SecureBuffer block = toSecure(kBlock);
    failures += compare(
        QStringLiteral("encrypt A256GCM 1 KiB, HSM key, 1 caller: engine"),
        [&] { return bool(aesOps.encryptGcm(JoseAlgorithm::A256Gcm, block)); },
        QStringLiteral("raw C_Encrypt CKM_AES_GCM"),
        [&] { return bench::rawAesGcmEncrypt(token, aes->privateHandle, kBlock); });
    const auto sealed = aesOps.encryptGcm(JoseAlgorithm::A256Gcm, block);
    QByteArray rawSealed;
    if (!sealed || !bench::rawAesGcmEncrypt(token, aes->privateHandle, kBlock, &rawSealed))
        return failures + 1;
    failures += compare(
        QStringLiteral("decrypt A256GCM 1 KiB, HSM key, 1 caller: engine"),
        [&] { return bool(aesOps.decryptGcm(JoseAlgorithm::A256Gcm, sealed.value())); },
        QStringLiteral("raw C_Decrypt CKM_AES_GCM"),
        [&] { return bench::rawAesGcmDecrypt(token, aes->privateHandle, rawSealed); });
    return failures;
}

int softwareRows()
{
    auto rsa = crypto::SoftwareKey::generateRsa(2048);
    auto ec = crypto::SoftwareKey::generateEc(QStringLiteral("P-256"));
    auto aes = crypto::SoftwareKey::generateAes(256);
    if (!rsa || !ec || !aes) {
        bench::recordFailure(QStringLiteral("engine crypto (software)"), QStringLiteral("key generation failed"));
        return 1;
    }
    auto rsaDer = rsa->toPrivateDer();
    auto ecDer = ec->toPrivateDer();
    auto aesBytes = aes->toPrivateDer();
    if (!rsaDer || !ecDer || !aesBytes)
        return 1;
    const bench::PkeyPtr rsaKey = bench::privateKeyFromDer(toBytes(rsaDer.value()));
    const bench::PkeyPtr ecKey = bench::privateKeyFromDer(toBytes(ecDer.value()));
    const QByteArray aesKey = toBytes(aesBytes.value());
    const auto rsaSignature = rsa->sign(JoseAlgorithm::Rs256, kMessage);
    const auto ecSignature = ec->sign(JoseAlgorithm::Es256, kMessage);
    const auto ecSignatureDer =
        ecSignature ? crypto::ecdsaRawToDer(ecSignature.value()) : Outcome<QByteArray>(QByteArray());
    if (!rsaKey || !ecKey || !rsaSignature || !ecSignature || !ecSignatureDer) {
        bench::recordFailure(QStringLiteral("engine crypto (software)"), QStringLiteral("cannot prepare the inputs"));
        return 1;
    }
    int failures = 0;
    failures += compare(
        QStringLiteral("verify RS256 RSA-2048, software key, 1 caller: engine"),
        [&] {
            auto verified = rsa->verify(JoseAlgorithm::Rs256, kMessage, rsaSignature.value());
            return verified && verified.value();
        },
        QStringLiteral("EVP_DigestVerify"),
        [&] { return bench::evpVerifyMessage(rsaKey.get(), kMessage, rsaSignature.value()); });
    failures += compare(
        QStringLiteral("verify ES256 P-256, software key, 1 caller: engine"),
        [&] {
            auto verified = ec->verify(JoseAlgorithm::Es256, kMessage, ecSignature.value());
            return verified && verified.value();
        },
        QStringLiteral("EVP_DigestVerify"),
        [&] { return bench::evpVerifyMessage(ecKey.get(), kMessage, ecSignatureDer.value()); });

    const crypto::SecureBuffer secret = toSecure(kSecret);
    failures += compare(
        QStringLiteral("encrypt RSA-OAEP-256 RSA-2048, software key, 1 caller: engine"),
        [&] { return bool(rsa->encrypt(JoseAlgorithm::RsaOaep256, secret)); }, QStringLiteral("EVP_PKEY_encrypt"),
        [&] { return bench::evpOaepEncrypt(rsaKey.get(), true, kSecret); });
    const auto ciphertext = rsa->encrypt(JoseAlgorithm::RsaOaep256, secret);
    if (!ciphertext)
        return failures + 1;
    failures += compare(
        QStringLiteral("decrypt RSA-OAEP-256 RSA-2048, software key, 1 caller: engine"),
        [&] { return bool(rsa->decrypt(JoseAlgorithm::RsaOaep256, ciphertext.value())); },
        QStringLiteral("EVP_PKEY_decrypt"),
        [&] { return bench::evpOaepDecrypt(rsaKey.get(), true, ciphertext.value()); });

    const crypto::SecureBuffer block = toSecure(kBlock);
    failures += compare(
        QStringLiteral("encrypt A256GCM 1 KiB, software key, 1 caller: engine"),
        [&] { return bool(aes->encryptGcm(block, {})); }, QStringLiteral("EVP aes-256-gcm"),
        [&] { return bench::evpAesGcmEncrypt(aesKey, kBlock); });
    const auto sealed = aes->encryptGcm(block, {});
    if (!sealed)
        return failures + 1;
    failures += compare(
        QStringLiteral("decrypt A256GCM 1 KiB, software key, 1 caller: engine"),
        [&] { return bool(aes->decryptGcm(sealed.value(), {})); }, QStringLiteral("EVP aes-256-gcm"),
        [&] { return bench::evpAesGcmDecrypt(aesKey, sealed.value()); });
    return failures;
}

int engineCrypto()
{
    return hsmRows() + softwareRows();
}

} // namespace

CUSTOS_REGISTER_BENCH(engine_crypto, engineCrypto)
