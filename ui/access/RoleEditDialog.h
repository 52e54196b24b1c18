#pragma once

#include "model/authz/Permissions.h"

#include <QDialog>

class QDialogButtonBox;
class QLineEdit;

namespace custos::ui {

class InlineMessage;
class RolePermissionTree;

// Asks for a custom role definition: name, description, permissions and not-permissions (checked
// in RolePermissionTree) and returns it; the caller runs the operation. Editing keeps the name
// (RoleService::updateRole replaces the other fields). Built-in names are refused here already.
class RoleEditDialog : public QDialog
{
    Q_OBJECT
public:
    explicit RoleEditDialog(QWidget* parent = nullptr);                                    // a new role
    explicit RoleEditDialog(const model::RoleDefinition& role, QWidget* parent = nullptr); // edit one

    model::RoleDefinition role() const;
    bool isEditing() const { return m_editing; }
    bool isInputValid() const;
    RolePermissionTree* permissionTree() const { return m_tree; }

private:
    void build();
    void updateState();

    bool m_editing = false;
    QLineEdit* m_nameEdit = nullptr;
    QLineEdit* m_descriptionEdit = nullptr;
    RolePermissionTree* m_tree = nullptr;
    InlineMessage* m_hintLabel = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace custos::ui
