#include "Database.h"

#include "SqlSupport_p.h"

#include <QSqlError>

namespace custos::model {

Error sqlError(const QString& what, const QSqlError& error)
{
    constexpr int kSqliteFull = 13;
    QString text = error.databaseText();
    if (text.isEmpty())
        text = error.text();
    if (sql::primaryCode(error) == kSqliteFull || text.contains(QLatin1String("database or disk is full")))
        return makeError(ErrorKind::Failed, QStringLiteral("%1: disk full (%2)").arg(what, text));
    return makeError(ErrorKind::Failed, QStringLiteral("%1: %2").arg(what, text));
}

} // namespace custos::model
