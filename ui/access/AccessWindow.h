#pragma once

#include <QDialog>

class QLabel;
class QTabWidget;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

class AssignmentsView;
class EffectiveAccessView;
class OperatorsView;
class RoleOperations;
class RolesView;
class SodReportView;

// Access > Roles and access… (Ctrl+Alt+A): one non-modal window with the tabs Roles,
// Assignments, Separation of duties, Effective access and Operators & groups. Every tab loads
// through the host and follows role, assignment and group changes by itself.
class AccessWindow : public QDialog
{
    Q_OBJECT
public:
    explicit AccessWindow(model::ServiceHost& host, QWidget* parent = nullptr);

    QTabWidget* tabWidget() const { return m_tabs; }
    RolesView* rolesView() const { return m_roles; }
    AssignmentsView* assignmentsView() const { return m_assignments; }
    SodReportView* sodReportView() const { return m_sod; }
    EffectiveAccessView* effectiveAccessView() const { return m_effective; }
    OperatorsView* operatorsView() const { return m_operators; }
    RoleOperations* roleOperations() const { return m_operations; }

private:
    RoleOperations* m_operations = nullptr;
    QTabWidget* m_tabs = nullptr;
    RolesView* m_roles = nullptr;
    AssignmentsView* m_assignments = nullptr;
    SodReportView* m_sod = nullptr;
    EffectiveAccessView* m_effective = nullptr;
    OperatorsView* m_operators = nullptr;
    QLabel* m_statusLabel = nullptr;
};

} // namespace custos::ui
