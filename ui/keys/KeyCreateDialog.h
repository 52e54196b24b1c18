#pragma once

#include "model/domain/Vault.h"
#include "model/services/KeyService.h"

#include <QDialog>
#include <QMap>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace custos::ui {

class InlineMessage;

// Asks for a new key's settings in `vault` and returns them as a request; the caller runs the
// operation. Size or curve and the operations follow the key type; software protection only where
// the vault allows it, exportable only for software keys.
class KeyCreateDialog : public QDialog
{
    Q_OBJECT
public:
    explicit KeyCreateDialog(const model::Vault& vault, QWidget* parent = nullptr);

    model::KeyCreateRequest request() const;
    bool isInputValid() const;

private:
    void onTypeChanged();
    void updateState();
    crypto::KeyKind kind() const;
    model::Protection protection() const;

    QString m_vault;
    QLineEdit* m_nameEdit = nullptr;
    QComboBox* m_typeCombo = nullptr;
    QLabel* m_sizeLabel = nullptr;
    QComboBox* m_sizeCombo = nullptr;
    QMap<QString, QCheckBox*> m_opChecks; // by key_ops name
    QComboBox* m_protectionCombo = nullptr;
    QCheckBox* m_exportableCheck = nullptr;
    QCheckBox* m_expiresCheck = nullptr;
    QDateTimeEdit* m_expiresEdit = nullptr;
    QLineEdit* m_tagsEdit = nullptr;
    InlineMessage* m_hintLabel = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace custos::ui
