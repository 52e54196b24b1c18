#pragma once

#include <QList>
#include <QString>

namespace custos::ui {

struct ShippedLanguage
{
    QString code; // "en", "de"
    QString name; // in its own language: "English", "Deutsch"
};

// The languages Custos ships a translation for (translations/custos_<code>.ts).
QList<ShippedLanguage> shippedLanguages();

// Replaces the installed translators (Custos's own from :/i18n, Qt's for standard buttons) with
// those for `language`; empty follows the system locale. Sets the default QLocale to match.
// Widgets built afterwards speak the new language (GuiController rebuilds the main window).
// Returns the language now in effect ("de"; "en" when there is no translation for it).
QString installLanguage(const QString& language);
// The language installLanguage last put in effect (empty before the first call).
QString installedLanguage();

} // namespace custos::ui
