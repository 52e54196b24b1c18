// Issue 10: key generation, one caller. The engine (Token::generateKey: an id check, the key pair,
// the public key read back; SoftwareKey::generate*) against raw C_GenerateKeyPair with the same
// attributes and against EVP_PKEY_keygen; the full service path (KeyService::create: authorise,
// intent row, the token key or the sealed software key, the rows and the durable audit event)
// against the same baselines. Both sides in alternating rounds; the token fills up with both
// sides' objects alike. RSA key generation draws random primes: its rate varies from round to
// round far more than the engine's overhead, so its ratio is noisy.
#include "BenchRawOpenssl.h"
#include "BenchRawPkcs11.h"
#include "BenchRegistry.h"
#include "BenchResults.h"
#include "BenchServicePath.h"
#include "BenchTiming.h"
#include "BenchWorkspace.h"
#include "SoftHsmTestToken.h"
#include "crypto/keys/software/SoftwareKey.h"
#include "model/services/KeyService.h"
#include "model/services/Services.h"

#include <QTemporaryDir>
#include <QtEndian>

using namespace custos;

namespace {

// Unique CKA_IDs for both sides: the engine refuses an id that is taken.
QByteArray nextId()
{
    static quint32 n = 0;
    QByteArray id(4, Qt::Uninitialized);
    qToBigEndian(++n, id.data());
    return QByteArrayLiteral("kg") + id;
}

int engineRows()
{
    test::SoftHsmTestToken fixture;
    if (const QString failed = fixture.setUp(QStringLiteral("bench-keygen")); !failed.isEmpty()) {
        bench::recordFailure(QStringLiteral("key generation (engine)"), QStringLiteral("no token: ") + failed);
        return 1;
    }
    crypto::Token& token = *fixture.token();
    auto engine = [&token](crypto::KeyKind kind) {
        return [&token, kind] {
            crypto::KeyGenSpec spec;
            spec.kind = kind;
            spec.id = nextId();
            spec.label = QStringLiteral("bench");
            spec.bits = kind == crypto::KeyKind::Rsa ? 2048 : 256;
            spec.curve = kind == crypto::KeyKind::Ec ? QStringLiteral("P-256") : QString();
            return bool(token.generateKey(spec));
        };
    };
    int failures = 0;
    auto row = [&](const QString& figure, const bench::Comparison& run, const QString& baseline) {
        bench::recordRate(figure, run.subject, baseline, run.baseline, bench::Target::none(), QStringLiteral("keys/s"));
        failures += run.subject.ok && run.baseline.ok ? 0 : 1;
    };
    row(QStringLiteral("generate P-256, HSM, 1 caller: engine (Token::generateKey)"),
        bench::compareThroughput(
            engine(crypto::KeyKind::Ec), [&] { return bench::rawGenerateKeyPair(token, false, 0, nextId()); }, 1, 4,
            1.0),
        QStringLiteral("raw C_GenerateKeyPair"));
    row(QStringLiteral("generate RSA-2048, HSM, 1 caller: engine (Token::generateKey)"),
        bench::compareThroughput(
            engine(crypto::KeyKind::Rsa), [&] { return bench::rawGenerateKeyPair(token, true, 2048, nextId()); }, 1, 4,
            2.0),
        QStringLiteral("raw C_GenerateKeyPair"));
    row(QStringLiteral("generate P-256, software, 1 caller: engine (SoftwareKey)"),
        bench::compareThroughput([] { return bool(crypto::SoftwareKey::generateEc(QStringLiteral("P-256"))); },
                                 [] { return bench::evpGenerate(false, 0); }, 1, 4, 0.5),
        QStringLiteral("EVP_PKEY_keygen"));
    row(QStringLiteral("generate RSA-2048, software, 1 caller: engine (SoftwareKey)"),
        bench::compareThroughput([] { return bool(crypto::SoftwareKey::generateRsa(2048)); },
                                 [] { return bench::evpGenerate(true, 2048); }, 1, 4, 2.0),
        QStringLiteral("EVP_PKEY_keygen"));
    return failures;
}

int serviceRows()
{
    QTemporaryDir dir;
    auto ready = bench::benchWorkspace(dir.path(), {QStringLiteral("hsm")});
    if (!ready) {
        bench::recordFailure(QStringLiteral("key generation (service path)"), QStringLiteral("no workspace"));
        return 1;
    }
    model::VaultCreateRequest software(QStringLiteral("soft"));
    software.protection = model::Protection::Software;
    if (auto vault = test::await(ready->services->vaults().create(software)); !vault) {
        bench::recordFailure(QStringLiteral("key generation (service path)"), vault.error().message);
        return 1;
    }
    model::KeyService& keys = ready->services->keys();
    crypto::Token& token = *ready->workspace->token();
    auto create = [&keys](QString vault) -> bench::ServiceCall {
        return [&keys, vault]() -> QCoro::Task<QString> {
            static int n = 0;
            model::KeyCreateRequest request;
            request.vault = vault;
            request.name = QStringLiteral("key-%1").arg(++n);
            request.kty = crypto::KeyKind::Ec;
            auto task = keys.create(request);
            auto created = co_await task;
            co_return created ? QString() : created.error().message;
        };
    };
    int failures = 0;
    auto row = [&](const QString& figure, const bench::Comparison& run, const QString& baseline) {
        bench::recordRate(figure, run.subject, baseline, run.baseline, bench::Target::none(), QStringLiteral("keys/s"));
        failures += run.subject.ok && run.baseline.ok ? 0 : 1;
    };
    row(QStringLiteral("create P-256 key, HSM vault, 1 caller: service path (durable audit)"),
        bench::compareServiceCalls(
            create(QStringLiteral("hsm")), [&] { return bench::rawGenerateKeyPair(token, false, 0, nextId()); }, 1, 4,
            1.0),
        QStringLiteral("raw C_GenerateKeyPair"));
    row(QStringLiteral("create P-256 key, software vault, 1 caller: service path (durable audit)"),
        bench::compareServiceCalls(
            create(QStringLiteral("soft")), [] { return bench::evpGenerate(false, 0); }, 1, 4, 1.0),
        QStringLiteral("EVP_PKEY_keygen"));
    return failures;
}

int keyGeneration()
{
    return engineRows() + serviceRows();
}

} // namespace

CUSTOS_REGISTER_BENCH(key_generation, keyGeneration)
