#include "BenchRegistry.h"

#include "BenchResults.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QStringList>
#include <QSysInfo>
#include <QTextStream>
#include <QThread>

#include <exception>
#include <map>
#include <string>

#ifndef CUSTOS_BENCH_BUILD_TYPE
#define CUSTOS_BENCH_BUILD_TYPE "unknown"
#endif

namespace custos::bench {

namespace {

std::map<std::string, std::function<int()>>& benches()
{
    static std::map<std::string, std::function<int()>> all;
    return all;
}

bool g_quick = false;

void usage(QTextStream& err)
{
    err << "usage: bench_custos [--markdown] [--quick] [--list] [NAME...]\n"
           "  runs the named benchmarks (default: all), then prints one table: each figure, its\n"
           "  baseline measured in the same run, the ratio (the subject's speed / the baseline's)\n"
           "  and the target. Progress goes to stderr, the table to stdout.\n"
           "  --markdown  the table as Markdown (docs/BENCHMARKS.md)\n"
           "  --quick     smaller fixtures (100,000 audit events, 1,000 keys/certificates/assignments)\n"
           "  --list      the benchmarks' names\n";
}

} // namespace

void registerBench(const char* name, std::function<int()> run)
{
    benches()[name] = std::move(run);
}

bool quickRun()
{
    return g_quick;
}

int runRegisteredBenches(int argc, char** argv)
{
    QTextStream err(stderr);
    std::map<std::string, std::function<int()>> chosen;
    bool markdown = false;
    for (int i = 1; i < argc; ++i) {
        const std::string name = argv[i];
        if (name == "--markdown") {
            markdown = true;
            continue;
        }
        if (name == "--quick") {
            g_quick = true;
            continue;
        }
        if (name == "--list") {
            for (const auto& [known, run] : benches())
                QTextStream(stdout) << known.c_str() << '\n';
            return 0;
        }
        if (name == "--help" || name == "-h") {
            usage(err);
            return 0;
        }
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
    QElapsedTimer total;
    total.start();
    QStringList durations;
    const QDateTime started = QDateTime::currentDateTimeUtc();
    for (const auto& [name, run] : chosen) {
        const QString benchName = QString::fromStdString(name);
        log() << "== " << benchName << Qt::endl;
        setCurrentBench(benchName);
        const qsizetype rowsBefore = rows().size();
        QElapsedTimer clock;
        clock.start();
        int failed = 0;
        try {
            failed = run();
        } catch (const std::exception& e) {
            failed = 1;
            recordFailure(QStringLiteral("(the bench)"), QStringLiteral("threw: %1").arg(QString::fromUtf8(e.what())));
        } catch (...) {
            failed = 1;
            recordFailure(QStringLiteral("(the bench)"), QStringLiteral("threw an exception"));
        }
        if (failed && rows().size() == rowsBefore)
            recordFailure(QStringLiteral("(the bench)"), QStringLiteral("could not measure (see the log)"));
        failures += failed ? 1 : 0;
        durations << QStringLiteral("%1 %2 s").arg(benchName).arg(qRound(clock.elapsed() / 1000.0));
        log() << "   (" << benchName << ": " << qRound(clock.elapsed() / 1000.0) << " s)" << Qt::endl;
    }
    const QString summary = QStringLiteral("%1 benches in %2 min %3 s, started %4 UTC; build type %5; %6 cores (%7)%8")
                                .arg(chosen.size())
                                .arg(total.elapsed() / 60000)
                                .arg((total.elapsed() / 1000) % 60)
                                .arg(started.toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                                .arg(QStringLiteral(CUSTOS_BENCH_BUILD_TYPE))
                                .arg(QThread::idealThreadCount())
                                .arg(QSysInfo::prettyProductName())
                                .arg(g_quick ? QStringLiteral("; --quick (smaller fixtures)") : QString());
    const QString note = QStringLiteral(
        "ratio: the subject's speed relative to the baseline's (rates: subject / baseline; times: baseline / "
        "subject); above 1 the subject is faster.");
    QTextStream out(stdout);
    if (markdown) {
        out << tableMarkdown() << '\n'
            << note << "\n\n"
            << summary << ".\n\nTime per bench: " << durations.join(QStringLiteral(", ")) << ".\n";
    } else {
        out << '\n'
            << tableText() << '\n'
            << note << '\n'
            << summary << '\n'
            << "time per bench: " << durations.join(QStringLiteral(", ")) << '\n';
    }
    out.flush();
    return failures == 0 ? 0 : 1;
}

} // namespace custos::bench
