#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace custos::model {

// ISO 8601 durations as Key Vault uses them: P[nY][nM][nW][nD][T[nH][nM][nS]] ("P90D", "P1Y",
// "PT12H"). Calendar arithmetic in UTC (P1M from 31 January is the end of February).
class IsoDuration
{
public:
    static bool isValid(const QString& text);
    // `from` plus (sign 1) or minus (sign -1) the duration; nullopt when `text` is not a duration.
    static std::optional<QDateTime> apply(const QString& text, const QDateTime& from, int sign = 1);
    static QString rule(); // "an ISO 8601 duration such as P90D, P1Y or PT12H"
};

} // namespace custos::model
