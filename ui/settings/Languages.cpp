#include "Languages.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QTranslator>

namespace custos::ui {

namespace {
struct Installed
{
    QPointer<QTranslator> custos;
    QPointer<QTranslator> qt;
    QString language;
};

Installed& installed()
{
    static Installed state;
    return state;
}

void drop(QPointer<QTranslator>& translator)
{
    if (!translator)
        return;
    QCoreApplication::removeTranslator(translator);
    delete translator;
}
} // namespace

QList<ShippedLanguage> shippedLanguages()
{
    // Names in their own language: whoever cannot read the current one still finds theirs.
    return {{QStringLiteral("en"), QStringLiteral("English")}, {QStringLiteral("de"), QStringLiteral("Deutsch")}};
}

QString installLanguage(const QString& language)
{
    Installed& state = installed();
    drop(state.custos);
    drop(state.qt);

    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QLocale::setDefault(locale);

    auto* app = QCoreApplication::instance();
    auto* custos = new QTranslator(app);
    if (custos->load(locale, QStringLiteral("custos"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(custos);
        state.custos = custos;
    } else {
        delete custos;
    }
    auto* qt = new QTranslator(app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        state.qt = qt;
    } else {
        delete qt;
    }
    state.language = QStringLiteral("en");
    const QString name = locale.name().section(QLatin1Char('_'), 0, 0);
    for (const ShippedLanguage& shipped : shippedLanguages()) {
        if (shipped.code == name && (name == QLatin1String("en") || state.custos))
            state.language = name;
    }
    return state.language;
}

QString installedLanguage()
{
    return installed().language;
}

} // namespace custos::ui
