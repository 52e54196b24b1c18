#pragma once

#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QTableView;
class QTreeView;

namespace custos::model {
class OperatorGroupModel;
class OperatorListModel;
class ServiceHost;
struct OperatorRow;
} // namespace custos::model

namespace custos::ui {

class InlineMessage;
class OperatorOperations;

// Operators and operator groups: the operators table (name, display name, enabled, locked until,
// last login, card) with Add, Disable, Enable (also lifts a lockout), Reset passphrase and Delete;
// the groups with their members, Add group, Add and Remove member. Changes need operators/write:
// without it the buttons are disabled and say so. A refused change (denied, the last
// Administrator, quorum approvals missing) is shown as the service words it.
class OperatorsView : public QWidget
{
    Q_OBJECT
public:
    explicit OperatorsView(model::ServiceHost& host, QWidget* parent = nullptr);

    model::OperatorListModel* operatorModel() const { return m_operatorModel; }
    model::OperatorGroupModel* groupModel() const { return m_groupModel; }
    QTableView* operatorView() const { return m_operatorView; }
    QTreeView* groupView() const { return m_groupView; }
    OperatorOperations* operations() const { return m_operations; }

    bool selectOperator(const QString& name);
    bool selectGroup(const QString& name);
    bool selectMember(const QString& group, const QString& member);
    std::optional<model::OperatorRow> selectedOperator() const;
    QString selectedGroup() const;  // the group of the selected group or member row
    QString selectedMember() const; // empty unless a member row is selected

private:
    void addOperator();
    void setSelectedEnabled(bool enabled);
    void resetPassphrase();
    void deleteOperator();
    void addGroup();
    void addMember();
    void removeMember();
    void updateActions();
    void showLoadErrors();

    model::ServiceHost& m_host;
    model::OperatorListModel* m_operatorModel = nullptr;
    model::OperatorGroupModel* m_groupModel = nullptr;
    OperatorOperations* m_operations = nullptr;
    QTableView* m_operatorView = nullptr;
    QTreeView* m_groupView = nullptr;
    QPushButton* m_addButton = nullptr;
    QPushButton* m_disableButton = nullptr;
    QPushButton* m_enableButton = nullptr;
    QPushButton* m_resetButton = nullptr;
    QPushButton* m_deleteButton = nullptr;
    QPushButton* m_addGroupButton = nullptr;
    QPushButton* m_addMemberButton = nullptr;
    QPushButton* m_removeMemberButton = nullptr;
    QLabel* m_permissionLabel = nullptr;
    InlineMessage* m_messageLabel = nullptr;
    QString m_operatorBeforeReset;
    QString m_groupBeforeReset;
    QString m_memberBeforeReset;
    bool m_showingLoadError = false; // the message label shows why a list failed to load
};

} // namespace custos::ui
