#pragma once

#include <QString>

class QCoreApplication;

namespace custos::app {

// Installs Custos's translation (:/i18n/custos_<locale>.qm) and Qt's own (standard buttons) for
// `language`, or for the system locale when it is empty. English needs no file.
void installTranslations(QCoreApplication& app, const QString& language);

} // namespace custos::app
