#pragma once

#include "model/domain/RoleAssignment.h"

#include <QWidget>

#include <optional>

class QLineEdit;
class QPushButton;
class QTableView;

namespace custos::model {
class RoleAssignmentModel;
class ServiceHost;
} // namespace custos::model

namespace custos::ui {

class AssignmentFilterModel;
class InlineMessage;
class RoleOperations;

// The Assignments tab: principal, kind, role, scope, expiry and status of every role assignment
// ("expired" in text and with an icon), filtered by principal and scope; Add (AssignmentDialog,
// roleAssignments/write/action) and Remove (asks first; roleAssignments/delete/action at the
// assignment's scope).
class AssignmentsView : public QWidget
{
    Q_OBJECT
public:
    AssignmentsView(model::ServiceHost& host, RoleOperations& operations, QWidget* parent = nullptr);

    model::RoleAssignmentModel* assignmentModel() const { return m_model; }
    AssignmentFilterModel* filterModel() const { return m_filter; }
    QTableView* tableView() const { return m_table; }
    bool selectAssignment(const QString& principal, const QString& role, const QString& scope);
    std::optional<model::RoleAssignment> selectedAssignment() const;

private:
    void updateEnabled();

    model::ServiceHost& m_host;
    RoleOperations& m_operations;
    model::RoleAssignmentModel* m_model = nullptr;
    AssignmentFilterModel* m_filter = nullptr;
    QLineEdit* m_principalFilter = nullptr;
    QLineEdit* m_scopeFilter = nullptr;
    QTableView* m_table = nullptr;
    QPushButton* m_addButton = nullptr;
    QPushButton* m_removeButton = nullptr;
    InlineMessage* m_message = nullptr;
    QString m_selectedBeforeReset; // the id
};

} // namespace custos::ui
