#include "BenchRegistry.h"

#include <QTextStream>

#include <map>
#include <string>

namespace custos::bench {

namespace {
std::map<std::string, std::function<int()>>& benches()
{
    static std::map<std::string, std::function<int()>> all;
    return all;
}
} // namespace

void registerBench(const char* name, std::function<int()> run)
{
    benches()[name] = std::move(run);
}

int runRegisteredBenches(int argc, char** argv)
{
    QTextStream err(stderr);
    std::map<std::string, std::function<int()>> chosen;
    for (int i = 1; i < argc; ++i) {
        const std::string name = argv[i];
        if (name.rfind("-", 0) == 0)
            continue; // Qt's own options (-platform offscreen)
        auto it = benches().find(name);
        if (it == benches().end()) {
            err << "unknown benchmark " << argv[i] << "; known:";
            for (const auto& [known, run] : benches())
                err << ' ' << known.c_str();
            err << '\n';
            return 2;
        }
        chosen.insert(*it);
    }
    if (chosen.empty())
        chosen = benches();
    int failures = 0;
    for (const auto& [name, run] : chosen) {
        QTextStream(stdout) << "== " << name.c_str() << Qt::endl;
        failures += run();
    }
    return failures == 0 ? 0 : 1;
}

} // namespace custos::bench
