#include "Translations.h"

#include "ui/settings/AppSettings.h"
#include "ui/settings/Languages.h"

#include <QCoreApplication>

namespace custos::app {

void installTranslations(QCoreApplication& app, const QString& language)
{
    Q_UNUSED(app); // the translators belong to the application instance either way
    // --lang first, then the language chosen in the settings, then the system's.
    ui::installLanguage(language.isEmpty() ? ui::AppSettings().language() : language);
}

} // namespace custos::app
