#include "AssignmentDialog.h"

#include "model/authz/Permissions.h"
#include "ui/widgets/InlineMessage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace custos::ui {

namespace {
const QString kAdministrator = QStringLiteral("Administrator");
}

AssignmentDialog::AssignmentDialog(const QList<AssignablePrincipal>& principals, const QStringList& roles,
                                   QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("assignmentDialog"));
    setWindowTitle(tr("Add Role Assignment"));

    m_principalCombo = new QComboBox(this);
    m_principalCombo->setObjectName(QStringLiteral("principalComboBox"));
    // Editable: without operators/read the lists are empty and the name is typed in.
    m_principalCombo->setEditable(true);
    m_principalCombo->setInsertPolicy(QComboBox::NoInsert);
    for (const AssignablePrincipal& p : principals)
        m_principalCombo->addItem(p.isGroup ? tr("%1 (group)").arg(p.name) : p.name, p.name);
    m_principalCombo->setCurrentIndex(-1);
    m_principalCombo->lineEdit()->setPlaceholderText(tr("operator or group"));

    m_roleCombo = new QComboBox(this);
    m_roleCombo->setObjectName(QStringLiteral("roleComboBox"));
    m_roleCombo->addItems(roles);

    m_scopeEdit = new QLineEdit(QStringLiteral("/"), this);
    m_scopeEdit->setObjectName(QStringLiteral("scopeLineEdit"));
    m_scopeEdit->setPlaceholderText(tr("/, /vaults/V, /vaults/V/keys/K or /vaults/V/certificates/C"));

    m_expiresCheck = new QCheckBox(tr("E&xpires (UTC):"), this);
    m_expiresCheck->setObjectName(QStringLiteral("expiresCheckBox"));
    m_expiresEdit = new QDateTimeEdit(QDateTime::currentDateTimeUtc().addDays(1), this);
    m_expiresEdit->setObjectName(QStringLiteral("expiresDateTimeEdit"));
    m_expiresEdit->setTimeSpec(Qt::UTC);
    m_expiresEdit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_expiresEdit->setCalendarPopup(true);
    m_expiresEdit->setEnabled(false);
    m_expiresEdit->setAccessibleName(tr("Expiry date and time (UTC)"));

    auto* form = new QFormLayout;
    auto* principalLabel = new QLabel(tr("&Principal:"), this);
    principalLabel->setBuddy(m_principalCombo);
    form->addRow(principalLabel, m_principalCombo);
    auto* roleLabel = new QLabel(tr("&Role:"), this);
    roleLabel->setBuddy(m_roleCombo);
    form->addRow(roleLabel, m_roleCombo);
    auto* scopeLabel = new QLabel(tr("&Scope:"), this);
    scopeLabel->setBuddy(m_scopeEdit);
    form->addRow(scopeLabel, m_scopeEdit);
    form->addRow(m_expiresCheck, m_expiresEdit);

    m_hintLabel = new InlineMessage(this);
    m_hintLabel->setObjectName(QStringLiteral("assignmentHintLabel"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("okPushButton"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Assign"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelPushButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (isInputValid())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hintLabel);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    resize(460, 260);

    connect(m_principalCombo, &QComboBox::editTextChanged, this, &AssignmentDialog::updateState);
    connect(m_roleCombo, &QComboBox::currentIndexChanged, this, &AssignmentDialog::updateState);
    connect(m_scopeEdit, &QLineEdit::textChanged, this, &AssignmentDialog::updateState);
    connect(m_expiresCheck, &QCheckBox::toggled, this, &AssignmentDialog::updateState);
    connect(m_expiresEdit, &QDateTimeEdit::dateTimeChanged, this, &AssignmentDialog::updateState);
    m_principalCombo->setFocus();
    updateState();
}

QString AssignmentDialog::principal() const
{
    // The item's data is the bare name ("ops", not "ops (group)"); typed text is taken as it is.
    const QString text = m_principalCombo->currentText().trimmed();
    const int found = m_principalCombo->findText(text);
    if (found >= 0)
        return m_principalCombo->itemData(found).toString();
    return text;
}

AssignmentRequest AssignmentDialog::request() const
{
    AssignmentRequest r;
    r.principal = principal();
    r.role = m_roleCombo->currentText();
    r.scope = m_scopeEdit->text().trimmed();
    if (m_expiresCheck->isChecked() && m_expiresCheck->isEnabled())
        r.expires = m_expiresEdit->dateTime().toUTC();
    return r;
}

bool AssignmentDialog::isInputValid() const
{
    const AssignmentRequest r = request();
    if (r.principal.isEmpty() || r.role.isEmpty() || !model::isValidScope(r.scope))
        return false;
    return !r.expires.isValid() || r.expires > QDateTime::currentDateTimeUtc();
}

void AssignmentDialog::updateState()
{
    const bool administrator = m_roleCombo->currentText() == kAdministrator;
    m_expiresCheck->setEnabled(!administrator);
    m_expiresCheck->setToolTip(administrator ? tr("Administrator assignments are never time-bound") : QString());
    m_expiresEdit->setEnabled(!administrator && m_expiresCheck->isChecked());

    const AssignmentRequest r = request();
    if (r.principal.isEmpty())
        m_hintLabel->showHint(tr("Choose the operator or group to assign the role to."));
    else if (!model::isValidScope(r.scope))
        m_hintLabel->showError(tr("Invalid scope '%1': expected /, /vaults/V, /vaults/V/keys/K or "
                                  "/vaults/V/certificates/C")
                                   .arg(r.scope));
    else if (r.expires.isValid() && r.expires <= QDateTime::currentDateTimeUtc())
        m_hintLabel->showError(tr("The expiry must lie in the future."));
    else if (administrator)
        m_hintLabel->showHint(tr("Administrator assignments are never time-bound."));
    else
        m_hintLabel->clearMessage();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(isInputValid());
}

} // namespace custos::ui
