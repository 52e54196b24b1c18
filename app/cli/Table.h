#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace custos::app {

// A plain-text table for humans: a header row (none when `headers` is empty: "Field  value"
// listings), columns padded to their widest cell, two spaces apart, no trailing blanks. Scripts
// use --json; the column headings stay stable anyway.
class Table
{
public:
    explicit Table(QStringList headers) : m_headers(std::move(headers)) {}
    void addRow(QStringList cells);
    int rowCount() const { return int(m_rows.size()); }
    QString render() const;

private:
    QStringList m_headers;
    QList<QStringList> m_rows;
};

} // namespace custos::app
