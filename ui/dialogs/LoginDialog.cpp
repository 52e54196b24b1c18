#include "LoginDialog.h"

#include "model/session/ServiceHost.h"
#include "ui/security/SecretLineEdit.h"
#include "ui/security/SecretText.h"
#include "ui/widgets/InlineMessage.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace custos::ui {

LoginDialog::LoginDialog(model::ServiceHost& host, const QString& workspaceDirectory, QWidget* parent)
    : QDialog(parent), m_host(host)
{
    setObjectName(QStringLiteral("loginDialog"));
    setWindowTitle(tr("Log In to Custos"));

    auto* workspaceLabel = new QLabel(tr("Workspace: %1").arg(QDir::toNativeSeparators(workspaceDirectory)), this);
    workspaceLabel->setObjectName(QStringLiteral("workspaceLabel"));
    workspaceLabel->setTextFormat(Qt::PlainText);
    workspaceLabel->setWordWrap(true);
    workspaceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_operatorEdit = new QLineEdit(this);
    m_operatorEdit->setObjectName(QStringLiteral("operatorLineEdit"));
    m_operatorEdit->setText(QSettings().value(lastOperatorKey()).toString());
    m_passphraseEdit = new SecretLineEdit(this);
    m_passphraseEdit->setObjectName(QStringLiteral("passphraseLineEdit"));
    m_cardPinEdit = new SecretLineEdit(this);
    m_cardPinEdit->setObjectName(QStringLiteral("cardPinLineEdit"));
    m_cardPinEdit->setPlaceholderText(tr("only with an enrolled card"));

    auto* form = new QFormLayout;
    auto* operatorLabel = new QLabel(tr("&Operator:"), this);
    operatorLabel->setBuddy(m_operatorEdit);
    form->addRow(operatorLabel, m_operatorEdit);
    auto* passphraseLabel = new QLabel(tr("&Passphrase:"), this);
    passphraseLabel->setBuddy(m_passphraseEdit);
    form->addRow(passphraseLabel, m_passphraseEdit);
    auto* cardPinLabel = new QLabel(tr("&Card PIN:"), this);
    cardPinLabel->setBuddy(m_cardPinEdit);
    form->addRow(cardPinLabel, m_cardPinEdit);

    m_errorLabel = new InlineMessage(this);
    m_errorLabel->setObjectName(QStringLiteral("errorLabel"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("busyProgressBar"));
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(false);
    m_progress->setVisible(false);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    QPushButton* ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("okPushButton"));
    ok->setText(tr("&Log In"));
    ok->setDefault(true);
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelPushButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &LoginDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &LoginDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(workspaceLabel);
    layout->addLayout(form);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_progress);
    layout->addStretch();
    layout->addWidget(m_buttons);
    setMinimumWidth(380);

    connect(m_operatorEdit, &QLineEdit::textChanged, this, &LoginDialog::updateState);
    connect(m_passphraseEdit, &QLineEdit::textChanged, this, &LoginDialog::updateState);
    updateState();
    if (m_operatorEdit->text().isEmpty())
        m_operatorEdit->setFocus();
    else
        m_passphraseEdit->setFocus();
}

void LoginDialog::reject()
{
    if (m_busy)
        return;
    QDialog::reject();
}

void LoginDialog::updateState()
{
    const bool complete = !m_operatorEdit->text().trimmed().isEmpty() && !m_passphraseEdit->text().isEmpty();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(complete && !m_busy);
}

void LoginDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_progress->setVisible(busy);
    m_operatorEdit->setEnabled(!busy);
    m_passphraseEdit->setEnabled(!busy);
    m_cardPinEdit->setEnabled(!busy);
    m_buttons->button(QDialogButtonBox::Cancel)->setEnabled(!busy);
    updateState();
}

void LoginDialog::submit()
{
    if (m_busy || m_operatorEdit->text().trimmed().isEmpty() || m_passphraseEdit->text().isEmpty())
        return;
    crypto::SecureBuffer cardPin = m_cardPinEdit->text().isEmpty() ? crypto::SecureBuffer() : takeSecret(m_cardPinEdit);
    logIn(m_operatorEdit->text().trimmed(), takeSecret(m_passphraseEdit), std::move(cardPin));
}

QCoro::Task<> LoginDialog::logIn(QString operatorName, crypto::SecureBuffer passphrase, crypto::SecureBuffer cardPin)
{
    QPointer<LoginDialog> guard(this);
    m_errorLabel->clearMessage();
    setBusy(true);
    // A named task, never a temporary in the co_await operand (GCC 12, see ServicePath.h).
    auto loggingIn = m_host.login(operatorName, std::move(passphrase), true, std::move(cardPin));
    Outcome<void> result = co_await loggingIn;
    if (!guard)
        co_return;
    setBusy(false);
    if (!result) {
        m_errorLabel->showError(tr("Could not log in: %1").arg(result.error().message));
        m_passphraseEdit->clear();
        m_cardPinEdit->clear();
        m_passphraseEdit->setFocus();
        co_return;
    }
    QSettings().setValue(lastOperatorKey(), operatorName);
    accept();
}

} // namespace custos::ui
