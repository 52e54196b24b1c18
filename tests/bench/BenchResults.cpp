#include "BenchResults.h"

#include "BenchTiming.h"

#include <QLocale>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace custos::bench {

namespace {

struct Collector
{
    QList<Row> rows;
    QString current;
};

Collector& collector()
{
    static Collector instance;
    return instance;
}

QString ratioText(double ratio)
{
    if (ratio >= 100)
        return formatNumber(ratio) + QStringLiteral("×");
    return QString::number(ratio, 'f', ratio >= 10 ? 1 : 2) + QStringLiteral("×");
}

QString valueText(double value, const QString& unit)
{
    return unit.isEmpty() ? formatNumber(value) : formatNumber(value) + QLatin1Char(' ') + unit;
}

QString targetText(const Row& row)
{
    const Target& t = row.target;
    switch (t.kind) {
    case Target::Kind::None:
        return QString();
    case Target::Kind::RatioAtLeast:
        return QStringLiteral("≥ ") + QString::number(t.threshold, 'g', 3) + QStringLiteral("×");
    case Target::Kind::ValueBelow:
        return QStringLiteral("< ") + valueText(t.threshold, row.unit);
    case Target::Kind::ValueAtLeast:
        return QStringLiteral("≥ ") + valueText(t.threshold, row.unit);
    case Target::Kind::ExcessAtMost:
        return QStringLiteral("≤ baseline + ") + valueText(t.threshold, row.unit);
    }
    return QString();
}

QString statusText(const Row& row)
{
    if (row.error.startsWith(QLatin1String("skipped")))
        return row.error;
    if (!row.error.isEmpty())
        return QStringLiteral("FAILED: ") + row.error;
    const auto met = row.met();
    if (!met)
        return QStringLiteral("-");
    return *met ? QStringLiteral("met") : QStringLiteral("MISSED");
}

// bench, figure, measured, baseline, baseline figure, ratio, target, status
QStringList cells(const Row& row)
{
    const bool failed = !row.error.isEmpty();
    const auto ratio = row.ratio();
    return {row.bench,
            row.figure,
            failed ? QStringLiteral("-") : valueText(row.value, row.unit),
            row.baselineName.isEmpty() ? QStringLiteral("-") : row.baselineName,
            row.baselineName.isEmpty() || failed ? QStringLiteral("-") : valueText(row.baseline, row.unit),
            ratio && !failed ? ratioText(*ratio) : QStringLiteral("-"),
            targetText(row).isEmpty() ? QStringLiteral("-") : targetText(row),
            statusText(row)};
}

const QStringList kHeader = {QStringLiteral("bench"),    QStringLiteral("figure"),          QStringLiteral("measured"),
                             QStringLiteral("baseline"), QStringLiteral("baseline figure"), QStringLiteral("ratio"),
                             QStringLiteral("target"),   QStringLiteral("status")};

} // namespace

std::optional<double> Row::ratio() const
{
    if (baselineName.isEmpty() || !error.isEmpty() || baseline <= 0 || value <= 0)
        return std::nullopt;
    return better == Better::Higher ? value / baseline : baseline / value;
}

std::optional<bool> Row::met() const
{
    if (!error.isEmpty())
        return std::nullopt;
    switch (target.kind) {
    case Target::Kind::None:
        return std::nullopt;
    case Target::Kind::RatioAtLeast:
        if (const auto r = ratio())
            return *r >= target.threshold;
        return std::nullopt;
    case Target::Kind::ValueBelow:
        return value < target.threshold;
    case Target::Kind::ValueAtLeast:
        return value >= target.threshold;
    case Target::Kind::ExcessAtMost:
        return value - baseline <= target.threshold;
    }
    return std::nullopt;
}

void record(Row row)
{
    row.bench = collector().current;
    const QStringList c = cells(row);
    log() << "  -> " << c.at(1) << ": " << c.at(2);
    if (!row.baselineName.isEmpty())
        log() << " vs " << c.at(3) << ' ' << c.at(4) << ", ratio " << c.at(5);
    log() << " [" << c.at(6) << ", " << c.at(7) << ']' << Qt::endl;
    collector().rows.append(std::move(row));
}

void recordRate(const QString& figure, const Throughput& subject, const QString& baselineName,
                const Throughput& baseline, Target target, const QString& unit)
{
    Row row;
    row.figure = figure;
    row.value = subject.perSecond;
    row.unit = unit;
    row.better = Better::Higher;
    row.baselineName = baselineName;
    row.baseline = baseline.perSecond;
    row.target = target;
    if (!subject.ok || subject.perSecond <= 0)
        row.error = QStringLiteral("an operation failed (see the log)");
    else if (!baselineName.isEmpty() && (!baseline.ok || baseline.perSecond <= 0))
        row.error = QStringLiteral("the baseline failed (see the log)");
    record(std::move(row));
}

void recordTime(const QString& figure, double value, const QString& baselineName, double baseline, Target target,
                const QString& unit)
{
    Row row;
    row.figure = figure;
    row.value = value;
    row.unit = unit;
    row.better = Better::Lower;
    row.baselineName = baselineName;
    row.baseline = baseline;
    row.target = target;
    if (value < 0)
        row.error = QStringLiteral("not measured (see the log)");
    record(std::move(row));
}

void recordFailure(const QString& figure, const QString& why)
{
    Row row;
    row.figure = figure;
    row.error = why.isEmpty() ? QStringLiteral("see the log") : why;
    record(std::move(row));
}

void setCurrentBench(const QString& name)
{
    collector().current = name;
}

const QList<Row>& rows()
{
    return collector().rows;
}

QString formatNumber(double value)
{
    const double magnitude = std::fabs(value);
    if (magnitude >= 100)
        return QLocale(QLocale::English).toString(qRound64(value));
    if (magnitude >= 10)
        return QString::number(value, 'f', 1);
    if (magnitude >= 0.1 || value == 0)
        return QString::number(value, 'f', 2);
    return QString::number(value, 'g', 2);
}

QString tableText()
{
    QList<QStringList> lines{kHeader};
    for (const Row& row : rows())
        lines.append(cells(row));
    QList<qsizetype> widths(kHeader.size(), 0);
    for (const QStringList& line : lines) {
        for (qsizetype i = 0; i < line.size(); ++i)
            widths[i] = std::max(widths[i], line.at(i).size());
    }
    QString text;
    auto add = [&](const QStringList& line) {
        QString out;
        for (qsizetype i = 0; i < line.size(); ++i) {
            const bool last = i + 1 == line.size();
            // Numbers right-aligned, text left-aligned.
            const bool numeric = i == 2 || i == 4 || i == 5;
            out += last      ? line.at(i)
                   : numeric ? line.at(i).rightJustified(widths[i])
                             : line.at(i).leftJustified(widths[i]);
            if (!last)
                out += QStringLiteral("  ");
        }
        text += out.trimmed() + QLatin1Char('\n');
    };
    add(lines.first());
    QStringList rule;
    for (qsizetype w : widths)
        rule << QString(w, QLatin1Char('-'));
    add(rule);
    for (qsizetype i = 1; i < lines.size(); ++i)
        add(lines.at(i));
    return text;
}

QString tableMarkdown()
{
    auto escape = [](QString cell) { return cell.replace(QLatin1Char('|'), QStringLiteral("\\|")); };
    QString text = QStringLiteral("| ") + kHeader.join(QStringLiteral(" | ")) + QStringLiteral(" |\n|");
    for (qsizetype i = 0; i < kHeader.size(); ++i)
        text += (i == 2 || i == 4 || i == 5) ? QStringLiteral("---:|") : QStringLiteral("---|");
    text += QLatin1Char('\n');
    for (const Row& row : rows()) {
        QStringList line = cells(row);
        line[0] = QStringLiteral("`") + line.at(0) + QStringLiteral("`");
        for (QString& cell : line)
            cell = escape(cell);
        text += QStringLiteral("| ") + line.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
    }
    return text;
}

QTextStream& log()
{
    static QTextStream stream(stderr);
    return stream;
}

} // namespace custos::bench
