#pragma once

#include <QString>

#include <functional>

namespace custos::bench {

// Operations per second of `operation` called in a loop by `callers` threads at once for about
// `seconds` (after a short warm-up). `operation` returns false to stop the run (an error).
struct Throughput
{
    double perSecond = 0;
    long operations = 0;
    bool ok = true;
};
Throughput measureThroughput(const std::function<bool()>& operation, int callers = 1, double seconds = 2.0);

// Subject and baseline measured in alternating rounds, so that load changes on a shared machine hit
// both alike; the totals of all rounds.
struct Comparison
{
    Throughput subject;
    Throughput baseline;
};
Comparison compareThroughput(const std::function<bool()>& subject, const std::function<bool()>& baseline,
                             int callers = 1, int rounds = 6, double secondsPerRound = 0.5);

// Rounds of a measurement summed: operations added, rates combined over the total time.
class RoundTotal
{
public:
    void add(const Throughput& round);
    Throughput total() const;

private:
    Throughput m_sum;
    double m_seconds = 0;
};

} // namespace custos::bench
