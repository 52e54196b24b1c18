#pragma once

#include "BenchTiming.h"

#include <QCoro/QCoroTask>
#include <QString>

#include <functional>

namespace custos::bench {

// One call through the service path; returns an empty string, or why it failed. It may be a
// capturing lambda coroutine: each caller holds its own copy of it while its calls run.
using ServiceCall = std::function<QCoro::Task<QString>()>;

// Calls per second of `callers` coroutines each running `call` in a loop on this thread's event
// loop for about `seconds` (the services run on this thread, their token work on the token thread).
Throughput measureServiceCalls(const ServiceCall& call, int callers, double seconds);

// Alternating rounds of the service calls and of `raw` on `callers` threads, so that load changes
// on a shared machine hit both alike.
Comparison compareServiceCalls(const ServiceCall& call, const std::function<bool()>& raw, int callers, int rounds = 4,
                               double secondsPerRound = 1.0);

} // namespace custos::bench
