// Issue 3: the full service path (authorise, checks, engine on the token thread, durable audit event
// in WAL with synchronous=FULL) signing with HSM-protected RSA-2048 and EC P-256 keys, 8 callers at
// once, against 8 threads calling C_Sign directly on the same token and key. Target >= 0.5. One
// commit (and fsync) per operation bounds the service path; group commit is the audit issue's.
#include "BenchRawSign.h"
#include "BenchRegistry.h"
#include "BenchTiming.h"
#include "BenchWorkspace.h"
#include "crypto/Digest.h"
#include "model/services/KeyCryptoService.h"

#include <QCoro/QCoroTask>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

using namespace custos;

namespace {

constexpr int kCallers = 8;
const QByteArray kDigest = crypto::sha256(QByteArrayLiteral("benchmark message"));

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

struct Counter
{
    long done = 0;
    bool failed = false;
    QString error;
    bool stop = false;
    int running = 0;
};

QCoro::Task<void> caller(model::KeyCryptoService& crypto, model::KeyTarget target, QString algorithm, Counter* counter)
{
    ++counter->running;
    while (!counter->stop) {
        auto task = crypto.sign(target, algorithm, kDigest, true);
        auto signature = co_await task;
        if (!signature) {
            counter->failed = true;
            counter->error = signature.error().message;
            break;
        }
        ++counter->done;
    }
    --counter->running;
}

// Operations per second of `callers` coroutines running the service call on this thread's event loop.
bench::Throughput servicePath(model::KeyCryptoService& crypto, const model::KeyTarget& target, const QString& algorithm,
                              int callers, double seconds)
{
    Counter counter;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < callers; ++i)
        caller(crypto, target, algorithm, &counter);
    QEventLoop loop;
    QTimer::singleShot(int(seconds * 1000), &loop, [&] { counter.stop = true; });
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (counter.stop && counter.running == 0)
            loop.quit();
    });
    poll.start(5);
    loop.exec();
    if (counter.failed)
        out() << "service call failed: " << counter.error << Qt::endl;
    return bench::Throughput{counter.done / (clock.elapsed() / 1000.0), counter.done, !counter.failed};
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

    bench::Comparison run;
    double serviceSeconds = 0, rawSeconds = 0;
    for (int round = 0; round < 4; ++round) {
        const auto s = servicePath(service, target, algorithm, kCallers, 1.0);
        const auto r = bench::measureThroughput(
            [&] { return bench::rawSign(token, handle.value(), mechanism, rawInput); }, kCallers, 1.0);
        run.subject.ok = run.subject.ok && s.ok;
        run.baseline.ok = run.baseline.ok && r.ok;
        run.subject.operations += s.operations;
        run.baseline.operations += r.operations;
        serviceSeconds += s.perSecond > 0 ? s.operations / s.perSecond : 0;
        rawSeconds += r.perSecond > 0 ? r.operations / r.perSecond : 0;
    }
    run.subject.perSecond = serviceSeconds > 0 ? run.subject.operations / serviceSeconds : 0;
    run.baseline.perSecond = rawSeconds > 0 ? run.baseline.operations / rawSeconds : 0;
    bench::printRatio(QStringLiteral("sign %1 %2 (HSM, %3 callers)").arg(name, algorithm).arg(kCallers),
                      QStringLiteral("service path with durable audit"), run.subject, QStringLiteral("raw C_Sign"),
                      run.baseline, 0.5);
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
