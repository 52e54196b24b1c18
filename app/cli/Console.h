#pragma once

#include "crypto/Outcome.h"

#include <QJsonObject>
#include <QString>

namespace custos::app {

// Where custosctl writes: results on stdout, one-line reasons on stderr (CLI.md), UTF-8, English.
class Console
{
public:
    enum ExitCode { Success = 0, Refused = 1, Usage = 2 };

    void print(const QString& text);           // as is; a trailing newline is added when missing
    void printJson(const QJsonObject& object); // indented, for --json
    // "custosctl: MESSAGE" on stderr; returns Refused.
    int fail(const Error& error);
    int fail(const QString& message);
    // "custosctl: MESSAGE (see 'custosctl --help')" on stderr; returns Usage.
    int usage(const QString& message);

    static QString oneLine(QString text); // newlines of a message folded into spaces

    // Where the failing input came from, put before every message ("jobs.txt:12: "): batch lines.
    void setLocation(const QString& location) { m_location = location; }

private:
    QString m_location;
};

} // namespace custos::app
