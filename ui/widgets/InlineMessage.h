#pragma once

#include <QLabel>

namespace custos::ui {

// A label under a form that shows a hint or an error in place, and hides itself when empty
// (errors stay in the dialog instead of popping up a message box).
class InlineMessage : public QLabel
{
    Q_OBJECT
public:
    explicit InlineMessage(QWidget* parent = nullptr);

    void showHint(const QString& text);
    void showError(const QString& text);
    void clearMessage();
    bool isError() const { return m_error; }

private:
    void showText(const QString& text, bool error);

    bool m_error = false;
};

} // namespace custos::ui
