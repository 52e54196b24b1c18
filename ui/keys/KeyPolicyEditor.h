#pragma once

#include "model/domain/KeyRotationPolicy.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPushButton;

namespace custos::ui {

class InlineMessage;

// Edits a key's rotation policy: the expiry given to new versions, one rotate action (after
// creation or before expiry) and one notify-before-expiry action, all as ISO 8601 durations.
// Emits saveRequested; the caller runs KeyService::setPolicy.
class KeyPolicyEditor : public QWidget
{
    Q_OBJECT
public:
    enum class RotateTrigger { Never, AfterCreate, BeforeExpiry };

    explicit KeyPolicyEditor(QWidget* parent = nullptr);

    void setPolicy(const model::KeyRotationPolicy& policy); // also what Revert goes back to
    model::KeyRotationPolicy policy() const;
    bool isInputValid() const;
    void setEditable(bool editable, const QString& reason = {});

Q_SIGNALS:
    void saveRequested(const model::KeyRotationPolicy& policy);

private:
    void updateState();
    QString fieldError() const;

    model::KeyRotationPolicy m_loaded;
    bool m_editable = true;
    QLineEdit* m_expiryEdit = nullptr;
    QComboBox* m_rotateCombo = nullptr;
    QLineEdit* m_rotateEdit = nullptr;
    QCheckBox* m_notifyCheck = nullptr;
    QLineEdit* m_notifyEdit = nullptr;
    InlineMessage* m_hintLabel = nullptr;
    QPushButton* m_saveButton = nullptr;
    QPushButton* m_revertButton = nullptr;
};

} // namespace custos::ui
