#pragma once

#include <QString>

class QCoreApplication;

namespace custos::app {

// Installs Custos's translation (:/i18n/custos_<locale>.qm) and Qt's own (standard buttons) for
// `language` (--lang), else for the language chosen in the settings, else for the system locale.
// English needs no file. The settings dialog switches at run time (ui::installLanguage).
void installTranslations(QCoreApplication& app, const QString& language);

} // namespace custos::app
