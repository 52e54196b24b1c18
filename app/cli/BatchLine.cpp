#include "BatchLine.h"

namespace custos::app {

Outcome<QStringList> splitBatchLine(const QString& line)
{
    QStringList words;
    QString word;
    bool inWord = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\r')) {
            if (inWord)
                words << word;
            word.clear();
            inWord = false;
        } else if (c == QLatin1Char('#') && !inWord) {
            break;
        } else if (c == QLatin1Char('\'')) {
            const qsizetype end = line.indexOf(QLatin1Char('\''), i + 1);
            if (end < 0)
                return makeError(ErrorKind::Invalid,
                                 QStringLiteral("unterminated ' quote starting at column %1").arg(i + 1));
            word += line.mid(i + 1, end - i - 1);
            inWord = true;
            i = end;
        } else if (c == QLatin1Char('"')) {
            const qsizetype start = i;
            inWord = true;
            for (++i; i < line.size() && line.at(i) != QLatin1Char('"'); ++i) {
                if (line.at(i) == QLatin1Char('\\') && i + 1 < line.size() &&
                    (line.at(i + 1) == QLatin1Char('"') || line.at(i + 1) == QLatin1Char('\\')))
                    ++i;
                word += line.at(i);
            }
            if (i >= line.size())
                return makeError(ErrorKind::Invalid,
                                 QStringLiteral("unterminated \" quote starting at column %1").arg(start + 1));
        } else if (c == QLatin1Char('\\')) {
            if (i + 1 >= line.size())
                return makeError(ErrorKind::Invalid,
                                 QStringLiteral("a backslash ends the line at column %1").arg(i + 1));
            word += line.at(++i);
            inWord = true;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord)
        words << word;
    return words;
}

} // namespace custos::app
