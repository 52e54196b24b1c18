#pragma once

#include <QString>

namespace custos::model {

// Operator names: 1-64 characters, letters, digits, '.', '_' and '-', starting with a letter or digit.
bool isValidOperatorName(const QString& name);
QString operatorNameRule();

} // namespace custos::model
