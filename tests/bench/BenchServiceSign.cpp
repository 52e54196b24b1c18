// Issue 3: the full service path (authorise, checks, engine on the token thread, durable audit event
// in WAL with synchronous=FULL) signing with HSM-protected RSA-2048 and EC P-256 keys, 8 callers at
// once, against 8 threads calling C_Sign directly on the same token and key. Target >= 0.5. One
// commit (and fsync) per operation bounds the service path; group commit is the audit issue's.
#include "BenchRawSign.h"
#include "BenchRegistry.h"
#include "BenchResults.h"
#include "BenchServicePath.h"
#include "BenchTiming.h"
#include "BenchWorkspace.h"
#include "crypto/Digest.h"
#include "model/services/KeyCryptoService.h"

#include <QCoro/QCoroTask>
#include <QTemporaryDir>
#include <QTextStream>

using namespace custos;

namespace {

constexpr int kCallers = 8;
const QByteArray kDigest = crypto::sha256(QByteArrayLiteral("benchmark message"));

QTextStream& out()
{
    return bench::log();
}

int benchKey(test::ReadyWorkspace& ready, crypto::KeyKind kind, const QString& name, const QString& algorithm)
{
    model::KeyCreateRequest request;
    request.vault = QStringLiteral("bench");
    request.name = name;
    request.kty = kind;
    request.protection = model::Protection::Hsm;
    auto created = test::await(ready.services->keys().create(request));
    if (!created) {
        out() << "key creation failed: " << created.error().message << Qt::endl;
        return 1;
    }
    crypto::Token& token = *ready.workspace->token();
    auto handle = token.findObject(CKO_PRIVATE_KEY, QByteArray::fromHex(created->currentVersion.id.toLatin1()));
    if (!handle)
        return 1;
    const bool rsa = kind == crypto::KeyKind::Rsa;
    const QByteArray rawInput = rsa ? bench::rs256DigestInfo(kDigest) : kDigest;
    const CK_MECHANISM_TYPE mechanism = rsa ? CKM_RSA_PKCS : CKM_ECDSA;
    const model::KeyTarget target{request.vault, name, {}};
    model::KeyCryptoService& service = ready.services->keyCrypto();

    const auto run = bench::compareServiceCalls(
        [&service, target, algorithm]() -> QCoro::Task<QString> {
            auto task = service.sign(target, algorithm, kDigest, true);
            auto signature = co_await task;
            co_return signature ? QString() : signature.error().message;
        },
        [&] { return bench::rawSign(token, handle.value(), mechanism, rawInput); }, kCallers);
    bench::recordRate(
        QStringLiteral("sign %1 %2, HSM, %3 callers: service path (durable audit)").arg(name, algorithm).arg(kCallers),
        run.subject, QStringLiteral("raw C_Sign, %1 threads").arg(kCallers), run.baseline,
        bench::Target::ratioAtLeast(0.5));
    return run.subject.ok && run.baseline.ok ? 0 : 1;
}

int serviceSign()
{
    QTemporaryDir dir;
    auto ready = bench::benchWorkspace(dir.path(), {QStringLiteral("bench")});
    if (!ready)
        return 1;
    int failures = benchKey(*ready, crypto::KeyKind::Rsa, QStringLiteral("rsa-2048"), QStringLiteral("RS256"));
    failures += benchKey(*ready, crypto::KeyKind::Ec, QStringLiteral("p-256"), QStringLiteral("ES256"));
    return failures;
}

} // namespace

CUSTOS_REGISTER_BENCH(service_sign, serviceSign)
