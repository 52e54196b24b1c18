#pragma once

#include "model/authz/Permissions.h"

#include <QWidget>

#include <optional>

class QLabel;
class QListWidget;
class QPushButton;
class QTableView;

namespace custos::model {
class RoleDefinitionModel;
class ServiceHost;
} // namespace custos::model

namespace custos::ui {

class InlineMessage;
class RoleOperations;

// The Roles tab: every role definition (built-in first, marked read-only) with its description;
// the selected role's permissions and not-permissions beside the list. New, Edit and Delete work on
// custom roles and are enabled only with roleDefinitions/write/action (Delete:
// roleDefinitions/delete/action); when not, the view says which permission is missing.
class RolesView : public QWidget
{
    Q_OBJECT
public:
    RolesView(model::ServiceHost& host, RoleOperations& operations, QWidget* parent = nullptr);

    model::RoleDefinitionModel* roleModel() const { return m_model; }
    QTableView* tableView() const { return m_table; }
    bool selectRole(const QString& name);
    std::optional<model::RoleDefinition> selectedRole() const;

private:
    void onSelectionChanged();
    void updateEnabled();
    void showDetail(const std::optional<model::RoleDefinition>& role);

    model::ServiceHost& m_host;
    RoleOperations& m_operations;
    model::RoleDefinitionModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    QPushButton* m_newButton = nullptr;
    QPushButton* m_editButton = nullptr;
    QPushButton* m_deleteButton = nullptr;
    InlineMessage* m_message = nullptr;
    QLabel* m_titleLabel = nullptr;
    QLabel* m_descriptionLabel = nullptr;
    QLabel* m_summaryLabel = nullptr;
    QListWidget* m_permissionsList = nullptr;
    QListWidget* m_notPermissionsList = nullptr;
    QString m_selectedBeforeReset;
    QString m_pendingSelection; // touched by an operation, not loaded yet
};

} // namespace custos::ui
