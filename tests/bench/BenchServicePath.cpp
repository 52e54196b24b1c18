#include "BenchServicePath.h"

#include "BenchResults.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

namespace custos::bench {

namespace {

struct Counter
{
    long done = 0;
    bool failed = false;
    QString error;
    bool stop = false;
    int running = 0;
};

QCoro::Task<void> caller(ServiceCall call, Counter* counter)
{
    ++counter->running;
    while (!counter->stop) {
        auto task = call();
        const QString error = co_await task;
        if (!error.isEmpty()) {
            counter->failed = true;
            counter->error = error;
            break;
        }
        ++counter->done;
    }
    --counter->running;
}

} // namespace

Throughput measureServiceCalls(const ServiceCall& call, int callers, double seconds)
{
    Counter counter;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < callers; ++i)
        caller(call, &counter);
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
        log() << "service call failed: " << counter.error << Qt::endl;
    return Throughput{counter.done / (clock.elapsed() / 1000.0), counter.done, !counter.failed};
}

Comparison compareServiceCalls(const ServiceCall& call, const std::function<bool()>& raw, int callers, int rounds,
                               double secondsPerRound)
{
    RoundTotal service, baseline;
    for (int round = 0; round < rounds; ++round) {
        service.add(measureServiceCalls(call, callers, secondsPerRound));
        baseline.add(measureThroughput(raw, callers, secondsPerRound));
    }
    return Comparison{service.total(), baseline.total()};
}

} // namespace custos::bench
