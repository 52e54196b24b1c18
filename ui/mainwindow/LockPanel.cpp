#include "LockPanel.h"

#include "model/session/ServiceHost.h"

#include "ui/security/SecretLineEdit.h"
#include "ui/security/SecretText.h"
#include "ui/widgets/InlineMessage.h"

#include <QFont>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

namespace custos::ui {

LockPanel::LockPanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("lockPanel"));
    auto* icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/lock.svg")).pixmap(48, 48));
    icon->setAlignment(Qt::AlignCenter);
    m_titleLabel = new QLabel(this);
    m_titleLabel->setObjectName(QStringLiteral("lockTitleLabel"));
    m_titleLabel->setTextFormat(Qt::PlainText);
    m_titleLabel->setAlignment(Qt::AlignCenter);
    QFont bold = m_titleLabel->font();
    bold.setBold(true);
    m_titleLabel->setFont(bold);

    m_passphraseEdit = new SecretLineEdit(this);
    m_passphraseEdit->setObjectName(QStringLiteral("unlockPassphraseLineEdit"));
    m_passphraseEdit->setPlaceholderText(tr("Passphrase"));
    m_passphraseEdit->setAccessibleName(tr("Passphrase to unlock"));
    m_unlockButton = new QPushButton(tr("&Unlock"), this);
    m_unlockButton->setObjectName(QStringLiteral("unlockPushButton"));
    m_unlockButton->setDefault(true);
    m_logoutButton = new QPushButton(tr("Log &Out"), this);
    m_logoutButton->setObjectName(QStringLiteral("lockLogoutPushButton"));
    m_logoutButton->setToolTip(tr("Another operator: log this one out"));
    m_errorLabel = new InlineMessage(this);
    m_errorLabel->setObjectName(QStringLiteral("lockErrorLabel"));

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_logoutButton);
    buttons->addWidget(m_unlockButton);
    auto* box = new QVBoxLayout;
    box->addWidget(icon);
    box->addWidget(m_titleLabel);
    box->addWidget(m_passphraseEdit);
    box->addWidget(m_errorLabel);
    box->addLayout(buttons);
    auto* centre = new QHBoxLayout;
    centre->addStretch();
    centre->addLayout(box);
    centre->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addStretch();
    layout->addLayout(centre);
    layout->addStretch();

    connect(m_passphraseEdit, &QLineEdit::textChanged, this, &LockPanel::updateState);
    connect(m_passphraseEdit, &QLineEdit::returnPressed, m_unlockButton, &QPushButton::click);
    connect(m_unlockButton, &QPushButton::clicked, this, [this] {
        if (!m_busy && !m_passphraseEdit->text().isEmpty())
            Q_EMIT unlockRequested();
    });
    connect(m_logoutButton, &QPushButton::clicked, this, &LockPanel::logoutRequested);
    updateState();
}

void LockPanel::reset(const QString& operatorName)
{
    m_titleLabel->setText(tr("Custos is locked by %1").arg(operatorName));
    m_passphraseEdit->clear();
    m_errorLabel->clearMessage();
    setBusy(false);
}

crypto::SecureBuffer LockPanel::takePassphrase()
{
    return takeSecret(m_passphraseEdit);
}

void LockPanel::setBusy(bool busy)
{
    m_busy = busy;
    m_passphraseEdit->setEnabled(!busy);
    m_logoutButton->setEnabled(!busy);
    updateState();
}

void LockPanel::showError(const QString& text)
{
    m_errorLabel->showError(text);
    focusPassphrase();
}

void LockPanel::focusPassphrase()
{
    m_passphraseEdit->setFocus(Qt::OtherFocusReason);
}

void LockPanel::updateState()
{
    m_unlockButton->setEnabled(!m_busy && !m_passphraseEdit->text().isEmpty());
}

QCoro::Task<bool> LockPanel::unlock(model::ServiceHost& host)
{
    QPointer<LockPanel> guard(this);
    setBusy(true);
    auto unlocking = host.unlock(takePassphrase());
    Outcome<void> unlocked = co_await unlocking;
    if (!guard)
        co_return false;
    setBusy(false);
    if (!unlocked) {
        showError(tr("Could not unlock: %1").arg(unlocked.error().message));
        co_return false;
    }
    co_return true;
}

} // namespace custos::ui
