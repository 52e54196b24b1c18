#include "Table.h"

#include <algorithm>

namespace custos::app {

void Table::addRow(QStringList cells)
{
    for (QString& cell : cells) {
        cell.replace(QLatin1Char('\n'), QLatin1Char(' '));
        cell.replace(QLatin1Char('\t'), QLatin1Char(' '));
    }
    m_rows << cells;
}

QString Table::render() const
{
    QList<qsizetype> widths;
    for (const QString& h : m_headers)
        widths << h.size();
    for (const QStringList& row : m_rows) {
        while (widths.size() < row.size())
            widths << 0;
        for (int c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], row.at(c).size());
    }
    QString out;
    auto addLine = [&](const QStringList& cells) {
        QString line;
        for (int c = 0; c < widths.size(); ++c) {
            const QString cell = cells.value(c);
            line += c + 1 < widths.size() ? cell.leftJustified(widths[c]) + QStringLiteral("  ") : cell;
        }
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        out += line + QLatin1Char('\n');
    };
    if (!m_headers.isEmpty())
        addLine(m_headers);
    for (const QStringList& row : m_rows)
        addLine(row);
    return out;
}

} // namespace custos::app
