#pragma once

#include "ui/settings/AppSettings.h"

#include <QColor>
#include <QPalette>

namespace custos::ui {

// Qt 6.4 has no colour-scheme hint: a palette is dark when its text is lighter than its window.
bool isDarkPalette(const QPalette& palette);
// The application's palette as it is now (after applyTheme).
bool isDarkTheme();

// The palettes of the forced themes (with the Fusion style, which follows a palette faithfully).
QPalette lightPalette();
QPalette darkPalette();

// System: the style and palette the application started with (the desktop's); Light or Dark:
// Fusion with lightPalette() or darkPalette(). Widgets repaint at once; colours picked by
// isDarkTheme() are re-read when they are next painted.
void applyTheme(AppSettings::Theme theme);

// WCAG 2.x relative luminance and contrast ratio (1..21); text needs at least 4.5 to its background.
double relativeLuminance(const QColor& colour);
double contrastRatio(const QColor& a, const QColor& b);
constexpr double kMinimumTextContrast = 4.5;

} // namespace custos::ui
