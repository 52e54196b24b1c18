#pragma once

#include <QList>
#include <QString>
#include <QTextStream>

#include <optional>

// The one table bench_custos prints at the end: every bench records its figures here (what was
// measured, the baseline measured in the same run, the target) instead of printing them.
// Progress and diagnostics go to log() (stderr), so stdout holds only the table.
namespace custos::bench {

struct Throughput;

enum class Better { Higher, Lower }; // rates: higher; times and sizes: lower

struct Target
{
    enum class Kind { None, RatioAtLeast, ValueBelow, ValueAtLeast, ExcessAtMost };
    Kind kind = Kind::None;
    double threshold = 0;

    static Target none() { return {}; }
    static Target ratioAtLeast(double r) { return {Kind::RatioAtLeast, r}; } // ratio (relative speed) >= r
    static Target below(double v) { return {Kind::ValueBelow, v}; }          // value < v, in the row's unit
    static Target atLeast(double v) { return {Kind::ValueAtLeast, v}; }      // value >= v
    static Target excessAtMost(double v) { return {Kind::ExcessAtMost, v}; } // value - baseline <= v
};

struct Row
{
    QString bench; // filled in by the registry: the bench that is running
    QString figure;
    double value = 0;
    QString unit; // "op/s", "ms", "µs", "events/s", "MB"
    Better better = Better::Higher;
    QString baselineName; // empty: no baseline
    double baseline = 0;
    Target target;
    QString error; // not empty: the figure could not be measured, and why

    // The subject's speed relative to the baseline's: value / baseline for rates, baseline / value
    // for times; above 1 the subject is faster. nullopt without a baseline.
    std::optional<double> ratio() const;
    // nullopt without a target or a value.
    std::optional<bool> met() const;
};

void record(Row row);
// A rate (higher is better) against a baseline rate; a failed side becomes an error row.
void recordRate(const QString& figure, const Throughput& subject, const QString& baselineName,
                const Throughput& baseline, Target target = {}, const QString& unit = QStringLiteral("op/s"));
// A duration (lower is better) against a baseline duration (baselineName empty: none).
void recordTime(const QString& figure, double value, const QString& baselineName, double baseline, Target target = {},
                const QString& unit = QStringLiteral("ms"));
void recordFailure(const QString& figure, const QString& why);

void setCurrentBench(const QString& name);
const QList<Row>& rows();

QString formatNumber(double value);
// Aligned plain-text columns, or a Markdown table (for docs/BENCHMARKS.md).
QString tableText();
QString tableMarkdown();

// Progress and diagnostics: stderr.
QTextStream& log();

} // namespace custos::bench
