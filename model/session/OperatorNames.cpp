#include "OperatorNames.h"

#include <QRegularExpression>

namespace custos::model {

bool isValidOperatorName(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    return pattern.match(name).hasMatch();
}

QString operatorNameRule()
{
    return QStringLiteral("1-64 characters: letters, digits, '.', '_' and '-', starting with a letter or digit");
}

} // namespace custos::model
