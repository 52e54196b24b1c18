#include "IssueCertificatePages.h"

#include "IssueCertificatePageSupport_p.h"
#include "crypto/x509/CertificateProfile.h"
#include "crypto/x509/SubjectAltName.h"
#include "ui/widgets/InlineMessage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace custos::ui {

using namespace issuepage;

// ---- 4. Validity and lifetime actions -----------------------------------------------------

IssueValidityPage::IssueValidityPage(const IssueProfilePage* profilePage, QWidget* parent)
    : QWizardPage(parent), m_profilePage(profilePage)
{
    setObjectName(QStringLiteral("validityWizardPage"));
    setTitle(tr("Validity and lifetime actions"));
    setSubTitle(tr("How long the certificate is valid, and what happens before it expires."));

    m_monthsSpin = new QSpinBox(this);
    m_monthsSpin->setObjectName(QStringLiteral("monthsSpinBox"));
    m_monthsSpin->setRange(1, 120);
    m_monthsSpin->setValue(12);
    m_monthsSpin->setSuffix(tr(" months"));

    m_actionsBox = new QGroupBox(tr("Lifetime actions"), this);
    m_actionsBox->setObjectName(QStringLiteral("lifetimeActionsGroupBox"));
    m_renewCombo = new QComboBox(m_actionsBox);
    m_renewCombo->setObjectName(QStringLiteral("autoRenewComboBox"));
    m_renewCombo->addItem(tr("Never"), int(RenewMode::None));
    m_renewCombo->addItem(tr("At a percentage of the lifetime"), int(RenewMode::Percentage));
    m_renewCombo->addItem(tr("A number of days before expiry"), int(RenewMode::Days));
    m_renewSpin = new QSpinBox(m_actionsBox);
    m_renewSpin->setObjectName(QStringLiteral("autoRenewSpinBox"));

    m_notifyCheck = new QCheckBox(tr("E&mail contacts before expiry"), m_actionsBox);
    m_notifyCheck->setObjectName(QStringLiteral("emailContactsCheckBox"));
    m_notifyDaysSpin = new QSpinBox(m_actionsBox);
    m_notifyDaysSpin->setObjectName(QStringLiteral("notifyDaysSpinBox"));
    m_notifyDaysSpin->setSuffix(tr(" days before expiry"));
    m_notifyDaysSpin->setRange(1, 12 * 31);
    m_notifyDaysSpin->setValue(30);
    m_contactsEdit = new QLineEdit(m_actionsBox);
    m_contactsEdit->setObjectName(QStringLiteral("contactsLineEdit"));
    m_contactsEdit->setPlaceholderText(tr("e.g. ops@example.test, pki@example.test"));

    auto* actionsForm = new QFormLayout(m_actionsBox);
    addBuddyRow(actionsForm, m_actionsBox, tr("&Renew automatically:"), m_renewCombo);
    addBuddyRow(actionsForm, m_actionsBox, tr("Renew a&t:"), m_renewSpin);
    actionsForm->addRow(m_notifyCheck);
    addBuddyRow(actionsForm, m_actionsBox, tr("Notify &days before expiry:"), m_notifyDaysSpin);
    addBuddyRow(actionsForm, m_actionsBox, tr("&Contacts:"), m_contactsEdit);

    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("validityMessageLabel"));

    auto* form = new QFormLayout;
    addBuddyRow(form, this, tr("&Validity:"), m_monthsSpin);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_actionsBox);
    layout->addWidget(m_message);
    layout->addStretch();

    connect(m_monthsSpin, &QSpinBox::valueChanged, this, &IssueValidityPage::updateState);
    connect(m_renewCombo, &QComboBox::currentIndexChanged, this, &IssueValidityPage::onRenewModeChanged);
    connect(m_renewSpin, &QSpinBox::valueChanged, this, &IssueValidityPage::updateState);
    connect(m_notifyCheck, &QCheckBox::toggled, this, &IssueValidityPage::updateState);
    connect(m_notifyDaysSpin, &QSpinBox::valueChanged, this, &IssueValidityPage::updateState);
    connect(m_contactsEdit, &QLineEdit::textChanged, this, &IssueValidityPage::updateState);
    onRenewModeChanged();
}

int IssueValidityPage::months() const
{
    return m_monthsSpin->value();
}

IssueValidityPage::RenewMode IssueValidityPage::renewMode() const
{
    return RenewMode(m_renewCombo->currentData().toInt());
}

bool IssueValidityPage::actionsAllowed() const
{
    // Nothing in Custos could renew or watch a certificate an external CA signs.
    return !m_profilePage->isExternalIssuer();
}

QList<model::CertificateLifetimeAction> IssueValidityPage::actions() const
{
    QList<model::CertificateLifetimeAction> list;
    if (!actionsAllowed())
        return list;
    if (renewMode() != RenewMode::None) {
        model::CertificateLifetimeAction renew;
        renew.kind = model::CertificateLifetimeAction::Kind::AutoRenew;
        if (renewMode() == RenewMode::Percentage)
            renew.lifetimePercentage = m_renewSpin->value();
        else
            renew.daysBeforeExpiry = m_renewSpin->value();
        list << renew;
    }
    if (m_notifyCheck->isChecked()) {
        model::CertificateLifetimeAction notify;
        notify.kind = model::CertificateLifetimeAction::Kind::EmailContacts;
        notify.daysBeforeExpiry = m_notifyDaysSpin->value();
        list << notify;
    }
    return list;
}

QStringList IssueValidityPage::contacts() const
{
    QStringList list;
    if (!actionsAllowed() || !m_notifyCheck->isChecked())
        return list;
    for (const QString& part : m_contactsEdit->text().split(QLatin1Char(','))) {
        if (!part.trimmed().isEmpty())
            list << part.trimmed();
    }
    return list;
}

QString IssueValidityPage::contactsProblem() const
{
    if (!actionsAllowed() || !m_notifyCheck->isChecked())
        return {};
    const QStringList list = contacts();
    if (list.isEmpty())
        return tr("Notifying needs at least one contact: type e-mail addresses separated by commas.");
    for (const QString& contact : list) {
        // The model checks contacts as e-mail SANs: the same rule here.
        if (!crypto::x509::parseSubjectAltName(QStringLiteral("email:") + contact))
            return tr("'%1' is not an e-mail address: expected local@domain, e.g. ops@example.test.").arg(contact);
    }
    return {};
}

void IssueValidityPage::initializePage()
{
    updateState(); // the issuer may have changed since the page was last shown
}

bool IssueValidityPage::isComplete() const
{
    return contactsProblem().isEmpty();
}

void IssueValidityPage::onRenewModeChanged()
{
    const QSignalBlocker blocker(m_renewSpin);
    switch (renewMode()) {
    case RenewMode::None:
        m_renewSpin->setSuffix(QString());
        break;
    case RenewMode::Percentage:
        m_renewSpin->setRange(1, 99);
        m_renewSpin->setSuffix(tr("% of the lifetime"));
        m_renewSpin->setValue(80);
        break;
    case RenewMode::Days:
        m_renewSpin->setRange(1, months() * 31);
        m_renewSpin->setSuffix(tr(" days before expiry"));
        m_renewSpin->setValue(qMin(30, months() * 31));
        break;
    }
    updateState();
}

void IssueValidityPage::updateState()
{
    // Days before expiry cannot exceed the validity (the model's bound: months × 31).
    const int maxDays = months() * 31;
    m_notifyDaysSpin->setMaximum(maxDays);
    if (renewMode() == RenewMode::Days)
        m_renewSpin->setMaximum(maxDays);

    const bool allowed = actionsAllowed();
    m_actionsBox->setEnabled(allowed);
    m_renewSpin->setEnabled(allowed && renewMode() != RenewMode::None);
    m_notifyDaysSpin->setEnabled(allowed && m_notifyCheck->isChecked());
    m_contactsEdit->setEnabled(allowed && m_notifyCheck->isChecked());

    if (const QString problem = contactsProblem(); !problem.isEmpty())
        m_message->showError(problem);
    else if (!allowed)
        m_message->showHint(tr("Lifetime actions need a Custos issuer: an external CA's certificate is renewed "
                               "with a new CSR."));
    else
        m_message->clearMessage();
    Q_EMIT completeChanged();
}

} // namespace custos::ui
