#include "Theme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

#include <cmath>

namespace custos::ui {

namespace {

// What the application started with, so "System" can return to it after a forced theme.
struct StartupLook
{
    bool saved = false;
    QString styleName;
    QPalette palette;
};

StartupLook& startupLook()
{
    static StartupLook look;
    if (!look.saved && qApp) {
        look.saved = true;
        look.styleName = QApplication::style()->name();
        look.palette = QApplication::palette();
    }
    return look;
}

double channel(double value)
{
    return value <= 0.03928 ? value / 12.92 : std::pow((value + 0.055) / 1.055, 2.4);
}

void setBoth(QPalette& palette, QPalette::ColorRole role, const QColor& colour)
{
    palette.setColor(QPalette::Active, role, colour);
    palette.setColor(QPalette::Inactive, role, colour);
}

} // namespace

bool isDarkPalette(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightnessF() < palette.color(QPalette::WindowText).lightnessF();
}

bool isDarkTheme()
{
    return isDarkPalette(QGuiApplication::palette());
}

QPalette lightPalette()
{
    QPalette p(QColor(0xef, 0xef, 0xef)); // Fusion's own light window colour
    setBoth(p, QPalette::Window, QColor(0xef, 0xef, 0xef));
    setBoth(p, QPalette::WindowText, QColor(0x1a, 0x1a, 0x1a));
    setBoth(p, QPalette::Base, Qt::white);
    setBoth(p, QPalette::AlternateBase, QColor(0xf5, 0xf5, 0xf5));
    setBoth(p, QPalette::Text, QColor(0x1a, 0x1a, 0x1a));
    setBoth(p, QPalette::Button, QColor(0xef, 0xef, 0xef));
    setBoth(p, QPalette::ButtonText, QColor(0x1a, 0x1a, 0x1a));
    setBoth(p, QPalette::ToolTipBase, QColor(0xff, 0xff, 0xdc));
    setBoth(p, QPalette::ToolTipText, Qt::black);
    setBoth(p, QPalette::PlaceholderText, QColor(0x6e, 0x6e, 0x6e));
    setBoth(p, QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    setBoth(p, QPalette::HighlightedText, Qt::white);
    setBoth(p, QPalette::Link, QColor(0x00, 0x55, 0xaa));
    setBoth(p, QPalette::LinkVisited, QColor(0x6a, 0x3d, 0x9a));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    return p;
}

QPalette darkPalette()
{
    QPalette p(QColor(0x2b, 0x2d, 0x30));
    setBoth(p, QPalette::Window, QColor(0x2b, 0x2d, 0x30));
    setBoth(p, QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
    setBoth(p, QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    setBoth(p, QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    setBoth(p, QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
    setBoth(p, QPalette::Button, QColor(0x35, 0x37, 0x3b));
    setBoth(p, QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
    setBoth(p, QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x41));
    setBoth(p, QPalette::ToolTipText, QColor(0xe8, 0xe8, 0xe8));
    setBoth(p, QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    setBoth(p, QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
    setBoth(p, QPalette::HighlightedText, Qt::white);
    setBoth(p, QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
    setBoth(p, QPalette::LinkVisited, QColor(0xc9, 0xa7, 0xeb));
    setBoth(p, QPalette::Light, QColor(0x4a, 0x4d, 0x51));
    setBoth(p, QPalette::Midlight, QColor(0x3c, 0x3f, 0x42));
    setBoth(p, QPalette::Mid, QColor(0x25, 0x27, 0x2a));
    setBoth(p, QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    setBoth(p, QPalette::Shadow, QColor(0x0a, 0x0a, 0x0a));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::Base, QColor(0x2b, 0x2d, 0x30));
    return p;
}

void applyTheme(AppSettings::Theme theme)
{
    const StartupLook& startup = startupLook();
    if (!qApp)
        return;
    if (theme == AppSettings::Theme::System) {
        if (QApplication::style()->name() != startup.styleName)
            QApplication::setStyle(QStyleFactory::create(startup.styleName));
        QApplication::setPalette(startup.palette);
        return;
    }
    if (QApplication::style()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) != 0)
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(theme == AppSettings::Theme::Dark ? darkPalette() : lightPalette());
}

double relativeLuminance(const QColor& colour)
{
    const QColor c = colour.toRgb();
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double contrastRatio(const QColor& a, const QColor& b)
{
    const double la = relativeLuminance(a);
    const double lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace custos::ui
