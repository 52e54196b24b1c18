#pragma once

#include <QString>

#include <functional>

// Benchmarks record their figures, each against a baseline measured in the same run on the same
// machine, in the one table (BenchResults.h); they are not part of the pass/fail suite (no timed
// assertions there). `bench_custos` runs them all, or the ones named on the command line, then
// prints the table (`--markdown`: as Markdown, for docs/BENCHMARKS.md).
namespace custos::bench {

void registerBench(const char* name, std::function<int()> run); // run returns 0, or 1 when it could not measure
int runRegisteredBenches(int argc, char** argv);

// Set by --quick: benches with large fixtures use smaller ones (the table says so in its figures).
bool quickRun();
// `full` (10,000 keys, certificates, assignments), or a tenth of it with --quick.
inline int fixtureCount(int full)
{
    return quickRun() ? full / 10 : full;
}

} // namespace custos::bench

#define CUSTOS_REGISTER_BENCH(Name, Function)                                                                          \
    static const bool custosBench##Name = (custos::bench::registerBench(#Name, Function), true);
