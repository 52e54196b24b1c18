#include "InlineMessage.h"

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
    // A dark red that reads on light and dark themes alike; hints keep the theme's text colour.
    pal.setColor(QPalette::WindowText, error ? QColor(0xc0, 0x1c, 0x28) : QPalette().color(QPalette::WindowText));
    setPalette(pal);
    setText(text);
    setVisible(!text.isEmpty());
}

} // namespace custos::ui
