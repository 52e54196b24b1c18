#include "InlineMessage.h"

#include "ui/theme/StatusColours.h"
#include "ui/theme/Theme.h"

#include <QPalette>

namespace custos::ui {

InlineMessage::InlineMessage(QWidget* parent) : QLabel(parent)
{
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    hide();
}

void InlineMessage::showHint(const QString& text)
{
    showText(text, false);
}

void InlineMessage::showError(const QString& text)
{
    showText(text, true);
}

void InlineMessage::clearMessage()
{
    showText({}, false);
}

void InlineMessage::showText(const QString& text, bool error)
{
    m_error = error;
    QPalette pal = palette();
    // The theme's danger red (readable on its window colour); hints keep the theme's text colour.
    pal.setColor(QPalette::WindowText, error ? statusToneColour(StatusTone::Danger, isDarkPalette(QPalette()))
                                             : QPalette().color(QPalette::WindowText));
    setPalette(pal);
    setText(text);
    setVisible(!text.isEmpty());
}

} // namespace custos::ui
