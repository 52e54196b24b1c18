#pragma once

#include "model/domain/Key.h"
#include "model/services/KeyService.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;

namespace custos::ui {

class InlineMessage;

// Edits one key version's attributes (enabled, not before, expires, tags) and emits the change as
// a KeyUpdateRequest with only the fields that differ; the caller runs KeyService::update.
class VersionAttributesEditor : public QWidget
{
    Q_OBJECT
public:
    explicit VersionAttributesEditor(QWidget* parent = nullptr);

    void setVersion(const QString& vault, const QString& name, const std::optional<model::KeyVersion>& version);
    void setEditable(bool editable);
    model::KeyUpdateRequest request() const; // the differences from the loaded version

Q_SIGNALS:
    void applyRequested(const model::KeyUpdateRequest& request);

private:
    void updateState();
    bool hasChanges() const;

    QString m_vault;
    QString m_name;
    std::optional<model::KeyVersion> m_version;
    bool m_editable = true;
    QLabel* m_titleLabel = nullptr;
    QCheckBox* m_enabledCheck = nullptr;
    QCheckBox* m_notBeforeCheck = nullptr;
    QDateTimeEdit* m_notBeforeEdit = nullptr;
    QCheckBox* m_expiresCheck = nullptr;
    QDateTimeEdit* m_expiresEdit = nullptr;
    QLineEdit* m_tagsEdit = nullptr;
    InlineMessage* m_hintLabel = nullptr;
    QPushButton* m_applyButton = nullptr;
};

} // namespace custos::ui
