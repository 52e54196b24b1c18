#pragma once

#include <QLineEdit>

namespace custos::ui {

// A field for a passphrase, password or PIN: never echoed (EchoMode Password), the input method
// told it is hidden and sensitive (no prediction, no learning, no auto-capitals), no copy, cut or
// drag of the text, and an accessible interface that is a password field with an empty value: a
// screen reader names the field but never reads the secret or its length. Its text is
// overwritten in place before it is cleared and when the field is destroyed (wipeSecret).
class SecretLineEdit : public QLineEdit
{
    Q_OBJECT
public:
    explicit SecretLineEdit(QWidget* parent = nullptr);
    ~SecretLineEdit() override;
};

// The same for a line edit made elsewhere (all but the wipe on destruction).
void makeSecret(QLineEdit* edit);
bool isSecret(const QLineEdit* edit);
// Overwrites the characters of the edit's text buffer in place, then clears it (its undo history
// goes with it). Qt's other transient copies (key events, buffers reallocated while typing) are
// beyond reach: this narrows the window, it cannot close it.
void wipeSecret(QLineEdit* edit);

} // namespace custos::ui
