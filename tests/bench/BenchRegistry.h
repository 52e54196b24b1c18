#pragma once

#include <QString>

#include <functional>

// Benchmarks print ratios against a baseline measured in the same run, on the same machine; they
// are not part of the pass/fail suite (no timed assertions there). `bench_custos` runs them all,
// or the ones named on the command line.
namespace custos::bench {

void registerBench(const char* name, std::function<int()> run); // run returns 0, or 1 when it could not measure
int runRegisteredBenches(int argc, char** argv);

} // namespace custos::bench

#define CUSTOS_REGISTER_BENCH(Name, Function)                                                                          \
    static const bool custosBench##Name = (custos::bench::registerBench(#Name, Function), true);
