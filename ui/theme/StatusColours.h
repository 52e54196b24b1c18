#pragma once

#include <QColor>
#include <QList>

namespace custos::ui {

// The colours of states (expired, expiring, denied, failed, fine, …), one set per theme, each with
// a contrast of at least 4.5 against that theme's Base and Window colours (TestThemes). A state is
// never told by colour alone: every use comes with a shape (icon) or a word.
enum class StatusTone {
    Danger,  // expired, denied, an error message
    Urgent,  // expiring within 7 days
    Caution, // expiring within 30 days
    Failed,  // an operation that failed
    Good,    // fine, succeeded
    Revoked,
    Neutral, // pending, never expires
};

QList<StatusTone> allStatusTones();
QColor statusToneColour(StatusTone tone, bool dark);
// For the application's palette as it is now (isDarkTheme()).
QColor statusToneColour(StatusTone tone);

} // namespace custos::ui
