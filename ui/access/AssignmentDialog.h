#pragma once

#include <QDateTime>
#include <QDialog>
#include <QList>
#include <QString>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLineEdit;

namespace custos::ui {

class InlineMessage;

// One principal the assignment dialog offers.
struct AssignablePrincipal
{
    QString name;
    bool isGroup = false;
};

// What the assignment dialog asks for; RoleService::assign's arguments.
struct AssignmentRequest
{
    QString principal;
    QString role;
    QString scope;
    QDateTime expires; // UTC; invalid: never
};

// Asks for a role assignment: the principal (operators and groups offered; a name can be typed
// when the list could not be read), the role, the scope (validated as it is typed: "/",
// /vaults/V, /vaults/V/keys/K, /vaults/V/certificates/C) and an optional expiry, which is not
// offered for Administrator (ROLES.md: never time-bound). The caller runs the operation.
class AssignmentDialog : public QDialog
{
    Q_OBJECT
public:
    AssignmentDialog(const QList<AssignablePrincipal>& principals, const QStringList& roles, QWidget* parent = nullptr);

    AssignmentRequest request() const;
    bool isInputValid() const;

private:
    void updateState();
    QString principal() const;

    QComboBox* m_principalCombo = nullptr;
    QComboBox* m_roleCombo = nullptr;
    QLineEdit* m_scopeEdit = nullptr;
    QCheckBox* m_expiresCheck = nullptr;
    QDateTimeEdit* m_expiresEdit = nullptr;
    InlineMessage* m_hintLabel = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace custos::ui
