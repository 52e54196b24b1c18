#include "IssueCertificatePages.h"

#include "IssueCertificatePageSupport_p.h"
#include "crypto/x509/CertificateProfile.h"
#include "model/services/KeyService.h"
#include "ui/widgets/InlineMessage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace custos::ui {

using namespace issuepage;

// ---- 1. Profile and issuer ----------------------------------------------------------------

IssueProfilePage::IssueProfilePage(const QStringList& issuers, QWidget* parent) : QWizardPage(parent)
{
    setObjectName(QStringLiteral("profileWizardPage"));
    setTitle(tr("Profile and issuer"));
    setSubTitle(tr("What the certificate is for, who signs it, and its name in the vault."));

    m_profileCombo = new QComboBox(this);
    m_profileCombo->setObjectName(QStringLiteral("profileComboBox"));
    for (const QString& name : crypto::x509::profileNames())
        m_profileCombo->addItem(name, name);

    m_profileDescription = new QLabel(this);
    m_profileDescription->setObjectName(QStringLiteral("profileDescriptionLabel"));
    m_profileDescription->setWordWrap(true);

    m_customBox = new QGroupBox(tr("Custom usages"), this);
    m_customBox->setObjectName(QStringLiteral("customUsagesGroupBox"));
    // The wizard takes its size from its pages when it opens: keep room for the box when hidden,
    // so choosing "custom" later does not squeeze it.
    QSizePolicy keepRoom = m_customBox->sizePolicy();
    keepRoom.setRetainSizeWhenHidden(true);
    m_customBox->setSizePolicy(keepRoom);
    auto* customGrid = new QGridLayout(m_customBox);
    customGrid->addWidget(new QLabel(tr("Key usages"), m_customBox), 0, 0);
    customGrid->addWidget(new QLabel(tr("Extended key usages"), m_customBox), 0, 1);
    int row = 1;
    for (const UsageText& usage : kKeyUsages) {
        auto* check = new QCheckBox(QLatin1String(usage.label), m_customBox);
        check->setObjectName(QLatin1String(usage.name) + QStringLiteral("CheckBox"));
        m_keyUsageChecks.insert(QLatin1String(usage.name), check);
        customGrid->addWidget(check, row++, 0);
        connect(check, &QCheckBox::toggled, this, &IssueProfilePage::updateState);
    }
    row = 1;
    for (const UsageText& usage : kExtendedKeyUsages) {
        auto* check = new QCheckBox(QLatin1String(usage.label), m_customBox);
        check->setObjectName(QLatin1String(usage.name) + QStringLiteral("CheckBox"));
        m_extendedKeyUsageChecks.insert(QLatin1String(usage.name), check);
        customGrid->addWidget(check, row++, 1);
        connect(check, &QCheckBox::toggled, this, &IssueProfilePage::updateState);
    }

    m_issuerCombo = new QComboBox(this);
    m_issuerCombo->setObjectName(QStringLiteral("issuerComboBox"));
    for (const QString& ca : issuers)
        m_issuerCombo->addItem(ca, ca);
    m_issuerCombo->addItem(tr("Self-signed"), kSelfIssuer);
    m_issuerCombo->addItem(tr("External CA (CSR)"), kExternalIssuer);
    m_issuerCombo->setToolTip(tr("An external CA gets a certificate signing request (CSR) to sign; the signed "
                                 "certificate is merged later."));

    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("nameLineEdit"));
    m_nameEdit->setMaxLength(127);
    m_nameEdit->setPlaceholderText(tr("e.g. web01"));

    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("profileMessageLabel"));

    auto* form = new QFormLayout;
    addBuddyRow(form, this, tr("&Profile:"), m_profileCombo);
    form->addRow(QString(), m_profileDescription);
    addBuddyRow(form, this, tr("&Issuer:"), m_issuerCombo);
    addBuddyRow(form, this, tr("Certificate na&me:"), m_nameEdit);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_customBox); // a box layout keeps its room while hidden (a form does not)
    layout->addStretch();

    QWidget* previous = m_profileCombo;
    auto chain = [this, &previous](QWidget* next) {
        setTabOrder(previous, next);
        previous = next;
    };
    chain(m_issuerCombo);
    chain(m_nameEdit);
    for (const UsageText& usage : kKeyUsages)
        chain(m_keyUsageChecks.value(QLatin1String(usage.name)));
    for (const UsageText& usage : kExtendedKeyUsages)
        chain(m_extendedKeyUsageChecks.value(QLatin1String(usage.name)));

    connect(m_profileCombo, &QComboBox::currentIndexChanged, this, &IssueProfilePage::updateState);
    connect(m_issuerCombo, &QComboBox::currentIndexChanged, this, &IssueProfilePage::updateState);
    connect(m_nameEdit, &QLineEdit::textChanged, this, &IssueProfilePage::updateState);
    updateState();
}

QString IssueProfilePage::profile() const
{
    return m_profileCombo->currentData().toString();
}

QString IssueProfilePage::issuer() const
{
    return m_issuerCombo->currentData().toString();
}

bool IssueProfilePage::isExternalIssuer() const
{
    return issuer() == kExternalIssuer;
}

QString IssueProfilePage::certificateName() const
{
    return m_nameEdit->text().trimmed();
}

QStringList IssueProfilePage::customKeyUsages() const
{
    QStringList names;
    if (profile() != kCustomProfile)
        return names;
    for (const UsageText& usage : kKeyUsages) {
        if (m_keyUsageChecks.value(QLatin1String(usage.name))->isChecked())
            names << QLatin1String(usage.name);
    }
    return names;
}

QStringList IssueProfilePage::customExtendedKeyUsages() const
{
    QStringList names;
    if (profile() != kCustomProfile)
        return names;
    for (const UsageText& usage : kExtendedKeyUsages) {
        if (m_extendedKeyUsageChecks.value(QLatin1String(usage.name))->isChecked())
            names << QLatin1String(usage.name);
    }
    return names;
}

QStringList IssueProfilePage::extendedKeyUsages() const
{
    // EKUs do not depend on the key type (only tls-server's RSA keyEncipherment does).
    auto derived =
        crypto::x509::certificateProfile(profile(), crypto::KeyKind::Ec, customKeyUsages(), customExtendedKeyUsages());
    return derived ? derived->extendedKeyUsages : QStringList();
}

bool IssueProfilePage::isComplete() const
{
    if (!model::KeyService::isValidName(certificateName()))
        return false;
    return profile() != kCustomProfile || !customKeyUsages().isEmpty() || !customExtendedKeyUsages().isEmpty();
}

void IssueProfilePage::updateState()
{
    const bool custom = profile() == kCustomProfile;
    m_customBox->setVisible(custom);
    if (custom) {
        m_profileDescription->setText(tr("Choose the key usages and extended key usages below."));
    } else {
        auto derived = crypto::x509::certificateProfile(profile(), crypto::KeyKind::Ec);
        QString text = derived ? tr("Key usages: %1. Extended key usages: %2.")
                                     .arg(derived->keyUsages.join(QStringLiteral(", ")),
                                          derived->extendedKeyUsages.join(QStringLiteral(", ")))
                               : derived.error().message;
        if (derived && derived->extendedKeyUsages.contains(QLatin1String("serverAuth")))
            text += QLatin1Char(' ') + tr("RSA keys also get keyEncipherment.");
        m_profileDescription->setText(text);
    }

    const QString name = certificateName();
    if (!name.isEmpty() && !model::KeyService::isValidName(name))
        m_message->showError(nameRuleText());
    else if (custom && customKeyUsages().isEmpty() && customExtendedKeyUsages().isEmpty())
        m_message->showError(tr("The custom profile needs at least one key usage or extended key usage."));
    else if (name.isEmpty())
        m_message->showHint(nameRuleText());
    else if (isExternalIssuer())
        m_message->showHint(tr("A certificate signing request is created: have the external CA sign it, then "
                               "merge the signed certificate."));
    else
        m_message->clearMessage();
    Q_EMIT completeChanged();
}

} // namespace custos::ui
