#pragma once

#include "model/services/VaultService.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLineEdit;
class QSpinBox;

namespace custos::ui {

class InlineMessage;

// Asks for a new vault's settings and returns them as a request; the caller runs the operation.
class VaultCreateDialog : public QDialog
{
    Q_OBJECT
public:
    explicit VaultCreateDialog(QWidget* parent = nullptr);

    model::VaultCreateRequest request() const;
    bool isInputValid() const;

private:
    void updateState();

    QLineEdit* m_nameEdit = nullptr;
    QComboBox* m_protectionCombo = nullptr;
    QSpinBox* m_retentionSpin = nullptr;
    QCheckBox* m_purgeProtectionCheck = nullptr;
    QLineEdit* m_tagsEdit = nullptr;
    InlineMessage* m_hintLabel = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace custos::ui
