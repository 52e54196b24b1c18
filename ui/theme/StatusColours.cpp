#include "StatusColours.h"

#include "ui/theme/Theme.h"

namespace custos::ui {

QList<StatusTone> allStatusTones()
{
    return {StatusTone::Danger, StatusTone::Urgent,  StatusTone::Caution, StatusTone::Failed,
            StatusTone::Good,   StatusTone::Revoked, StatusTone::Neutral};
}

QColor statusToneColour(StatusTone tone, bool dark)
{
    // Light: deep tones on white; dark: pale tones on near-black (contrast >= 4.5 either way).
    switch (tone) {
    case StatusTone::Danger:
        return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e);
    case StatusTone::Urgent:
        return dark ? QColor(0xff, 0xab, 0x5e) : QColor(0xa8, 0x4b, 0x00);
    case StatusTone::Caution:
        return dark ? QColor(0xe6, 0xc1, 0x4d) : QColor(0x7a, 0x5c, 0x00);
    case StatusTone::Failed:
        return dark ? QColor(0xf0, 0xb4, 0x54) : QColor(0x95, 0x5f, 0x00);
    case StatusTone::Good:
        return dark ? QColor(0x6f, 0xcf, 0x8a) : QColor(0x1e, 0x7b, 0x34);
    case StatusTone::Revoked:
        return dark ? QColor(0xc9, 0xa7, 0xeb) : QColor(0x6a, 0x3d, 0x9a);
    case StatusTone::Neutral:
        return dark ? QColor(0xb0, 0xad, 0xb8) : QColor(0x5e, 0x5c, 0x64);
    }
    return dark ? Qt::lightGray : Qt::darkGray;
}

QColor statusToneColour(StatusTone tone)
{
    return statusToneColour(tone, isDarkTheme());
}

} // namespace custos::ui
