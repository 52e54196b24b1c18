#include "OperatorDialogs.h"

#include "model/services/OperatorService.h"
#include "model/session/OperatorCredentials.h"
#include "ui/security/SecretLineEdit.h"
#include "ui/security/SecretText.h"
#include "ui/widgets/InlineMessage.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace custos::ui {

PassphrasePairDialog::PassphrasePairDialog(QWidget* parent) : QDialog(parent)
{
    m_passphraseEdit = new SecretLineEdit(this);
    m_passphraseEdit->setObjectName(QStringLiteral("passphraseLineEdit"));
    m_confirmEdit = new SecretLineEdit(this);
    m_confirmEdit->setObjectName(QStringLiteral("confirmLineEdit"));
    m_hintLabel = new InlineMessage(this);
    m_hintLabel->setObjectName(QStringLiteral("hintLabel"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("okPushButton"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelPushButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit* edit : {m_passphraseEdit, m_confirmEdit})
        connect(edit, &QLineEdit::textChanged, this, &PassphrasePairDialog::updateState);
    // Cancelled: no passphrase stays in a line edit (accepting takes it out, see takePassphrase).
    connect(this, &QDialog::rejected, this, [this] {
        m_passphraseEdit->clear();
        m_confirmEdit->clear();
    });
}

void PassphrasePairDialog::build(const QList<QPair<QString, QWidget*>>& fields, const QString& okText)
{
    auto* form = new QFormLayout;
    auto addRow = [this, form](const QString& label, QWidget* field) {
        auto* buddyLabel = new QLabel(label, this);
        buddyLabel->setBuddy(field);
        form->addRow(buddyLabel, field);
    };
    QWidget* previous = nullptr;
    auto chain = [this, &previous](QWidget* next) {
        if (previous)
            setTabOrder(previous, next);
        previous = next;
    };
    for (const auto& [label, field] : fields) {
        addRow(label, field);
        if (field->focusPolicy() != Qt::NoFocus)
            chain(field);
    }
    addRow(tr("&Passphrase:"), m_passphraseEdit);
    addRow(tr("Con&firm passphrase:"), m_confirmEdit);
    chain(m_passphraseEdit);
    chain(m_confirmEdit);
    chain(m_buttons);
    QPushButton* ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setText(okText);
    ok->setDefault(true);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hintLabel);
    layout->addStretch();
    layout->addWidget(m_buttons);
    updateState();
}

QString PassphrasePairDialog::problem() const
{
    if (std::size_t(m_passphraseEdit->text().size()) < model::kMinPassphraseLength)
        return tr("The passphrase needs at least %n characters.", nullptr, int(model::kMinPassphraseLength));
    if (m_passphraseEdit->text() != m_confirmEdit->text())
        return tr("The passphrases do not match.");
    return {};
}

void PassphrasePairDialog::updateState()
{
    const QString text = problem();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(text.isEmpty());
    if (text.isEmpty())
        m_hintLabel->clearMessage();
    else
        m_hintLabel->showHint(text);
}

crypto::SecureBuffer PassphrasePairDialog::takePassphrase()
{
    crypto::SecureBuffer secret = takeSecret(m_passphraseEdit);
    m_confirmEdit->clear();
    return secret;
}

OperatorAddDialog::OperatorAddDialog(QWidget* parent) : PassphrasePairDialog(parent)
{
    setObjectName(QStringLiteral("operatorAddDialog"));
    setWindowTitle(tr("Add Operator"));
    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("nameLineEdit"));
    m_nameEdit->setMaxLength(64);
    m_nameEdit->setPlaceholderText(tr("letters, digits, '.', '_', '-'"));
    m_displayNameEdit = new QLineEdit(this);
    m_displayNameEdit->setObjectName(QStringLiteral("displayNameLineEdit"));
    m_displayNameEdit->setPlaceholderText(tr("optional, e.g. Alice Example"));
    connect(m_nameEdit, &QLineEdit::textChanged, this, &OperatorAddDialog::updateState);
    build({{tr("&Name:"), m_nameEdit}, {tr("&Display name:"), m_displayNameEdit}}, tr("&Add"));
}

QString OperatorAddDialog::operatorName() const
{
    return m_nameEdit->text().trimmed();
}

QString OperatorAddDialog::displayName() const
{
    return m_displayNameEdit->text().trimmed();
}

QString OperatorAddDialog::problem() const
{
    if (operatorName().isEmpty())
        return tr("Enter the operator's name.");
    if (!model::OperatorService::isValidName(operatorName()))
        return tr("Invalid name: use 1-64 letters, digits, '.', '_' or '-'.");
    return PassphrasePairDialog::problem();
}

OperatorPassphraseDialog::OperatorPassphraseDialog(const QString& operatorName, QWidget* parent)
    : PassphrasePairDialog(parent), m_operatorName(operatorName)
{
    setObjectName(QStringLiteral("operatorPassphraseDialog"));
    setWindowTitle(tr("Reset Passphrase of '%1'").arg(operatorName));
    auto* note = new QLabel(tr("%1 logs in with the new passphrase from now on.").arg(operatorName), this);
    note->setWordWrap(true);
    build({{QString(), note}}, tr("&Reset"));
}

} // namespace custos::ui
