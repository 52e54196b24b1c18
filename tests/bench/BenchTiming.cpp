#include "BenchTiming.h"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace custos::bench {

Throughput measureThroughput(const std::function<bool()>& operation, int callers, double seconds)
{
    using Clock = std::chrono::steady_clock;
    std::atomic<bool> stop{false};
    std::atomic<bool> failed{false};
    std::atomic<long> counted{0};
    std::atomic<bool> counting{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < callers; ++i) {
        threads.emplace_back([&] {
            while (!stop.load(std::memory_order_relaxed)) {
                if (!operation()) {
                    failed = true;
                    stop = true;
                    return;
                }
                if (counting.load(std::memory_order_relaxed))
                    counted.fetch_add(1, std::memory_order_relaxed);
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100)); // warm-up: sessions, handle caches
    counting = true;
    const auto start = Clock::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    const long done = counted.load();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    stop = true;
    for (auto& t : threads)
        t.join();
    return Throughput{done / elapsed, done, !failed};
}

Comparison compareThroughput(const std::function<bool()>& subject, const std::function<bool()>& baseline, int callers,
                             int rounds, double secondsPerRound)
{
    Comparison total;
    double subjectSeconds = 0, baselineSeconds = 0;
    for (int round = 0; round < rounds; ++round) {
        const Throughput s = measureThroughput(subject, callers, secondsPerRound);
        const Throughput b = measureThroughput(baseline, callers, secondsPerRound);
        total.subject.ok = total.subject.ok && s.ok;
        total.baseline.ok = total.baseline.ok && b.ok;
        total.subject.operations += s.operations;
        total.baseline.operations += b.operations;
        if (s.perSecond > 0)
            subjectSeconds += s.operations / s.perSecond;
        if (b.perSecond > 0)
            baselineSeconds += b.operations / b.perSecond;
    }
    total.subject.perSecond = subjectSeconds > 0 ? total.subject.operations / subjectSeconds : 0;
    total.baseline.perSecond = baselineSeconds > 0 ? total.baseline.operations / baselineSeconds : 0;
    return total;
}

void RoundTotal::add(const Throughput& round)
{
    m_sum.ok = m_sum.ok && round.ok;
    m_sum.operations += round.operations;
    if (round.perSecond > 0)
        m_seconds += round.operations / round.perSecond;
}

Throughput RoundTotal::total() const
{
    Throughput result = m_sum;
    result.perSecond = m_seconds > 0 ? m_sum.operations / m_seconds : 0;
    return result;
}

} // namespace custos::bench
