#pragma once

#include "crypto/SecureBuffer.h"

#include <QDialog>

class QDialogButtonBox;
class QLineEdit;

namespace custos::ui {

class InlineMessage;

// A new passphrase typed twice (echo Password). The dialogs below take it out as secret bytes,
// clearing both fields.
class PassphrasePairDialog : public QDialog
{
    Q_OBJECT
public:
    // Moves the passphrase out and clears both line edits.
    crypto::SecureBuffer takePassphrase();

protected:
    explicit PassphrasePairDialog(QWidget* parent);
    // Lays out `fields` rows above the passphrase rows, the hint and the buttons.
    void build(const QList<QPair<QString, QWidget*>>& fields, const QString& okText);
    // Why OK is disabled; empty when the form is complete.
    virtual QString problem() const;
    void updateState();

    QLineEdit* m_passphraseEdit = nullptr;
    QLineEdit* m_confirmEdit = nullptr;
    InlineMessage* m_hintLabel = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

// Add operator: name, display name and the first passphrase.
class OperatorAddDialog : public PassphrasePairDialog
{
    Q_OBJECT
public:
    explicit OperatorAddDialog(QWidget* parent = nullptr);

    QString operatorName() const;
    QString displayName() const;

protected:
    QString problem() const override;

private:
    QLineEdit* m_nameEdit = nullptr;
    QLineEdit* m_displayNameEdit = nullptr;
};

// Reset another operator's passphrase (an Administrator's task).
class OperatorPassphraseDialog : public PassphrasePairDialog
{
    Q_OBJECT
public:
    explicit OperatorPassphraseDialog(const QString& operatorName, QWidget* parent = nullptr);

    QString operatorName() const { return m_operatorName; }

private:
    QString m_operatorName;
};

} // namespace custos::ui
