#include "IssueCertificatePages.h"

#include "IssueCertificatePageSupport_p.h"
#include "crypto/x509/CertificateProfile.h"
#include "ui/widgets/InlineMessage.h"
#include "ui/widgets/ProtectionComboBox.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QVBoxLayout>

namespace custos::ui {

using namespace issuepage;

// ---- 3. Key -------------------------------------------------------------------------------

IssueKeyPage::IssueKeyPage(const model::Vault& vault, const IssueProfilePage* profilePage, QWidget* parent)
    : QWizardPage(parent), m_profilePage(profilePage)
{
    setObjectName(QStringLiteral("keyWizardPage"));
    setTitle(tr("Key"));
    setSubTitle(tr("The certificate's key pair: a new key in vault '%1' with the certificate's name.").arg(vault.name));

    m_typeCombo = new QComboBox(this);
    m_typeCombo->setObjectName(QStringLiteral("keyTypeComboBox"));
    m_typeCombo->addItem(tr("EC"), int(crypto::KeyKind::Ec));
    m_typeCombo->addItem(tr("RSA"), int(crypto::KeyKind::Rsa));

    m_sizeCombo = new QComboBox(this);
    m_sizeCombo->setObjectName(QStringLiteral("keySizeComboBox"));

    m_protectionCombo = makeProtectionComboBox(vault, this);

    m_exportableCheck = new QCheckBox(tr("E&xportable private key (cannot be changed later)"), this);
    m_exportableCheck->setObjectName(QStringLiteral("exportableCheckBox"));
    m_reuseKeyCheck = new QCheckBox(tr("&Reuse the key on renewal"), this);
    m_reuseKeyCheck->setObjectName(QStringLiteral("reuseKeyCheckBox"));

    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("keyMessageLabel"));

    auto* form = new QFormLayout;
    addBuddyRow(form, this, tr("Key &type:"), m_typeCombo);
    m_sizeLabel = addBuddyRow(form, this, tr("Cur&ve:"), m_sizeCombo);
    addBuddyRow(form, this, tr("&Protection:"), m_protectionCombo);
    form->addRow(QString(), m_exportableCheck);
    form->addRow(QString(), m_reuseKeyCheck);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addStretch();

    connect(m_typeCombo, &QComboBox::currentIndexChanged, this, &IssueKeyPage::onTypeChanged);
    connect(m_sizeCombo, &QComboBox::currentIndexChanged, this, &IssueKeyPage::updateState);
    connect(m_protectionCombo, &QComboBox::currentIndexChanged, this, &IssueKeyPage::updateState);
    onTypeChanged();
}

crypto::KeyKind IssueKeyPage::keyKind() const
{
    return crypto::KeyKind(m_typeCombo->currentData().toInt());
}

int IssueKeyPage::size() const
{
    return keyKind() == crypto::KeyKind::Rsa ? m_sizeCombo->currentData().toInt() : 0;
}

QString IssueKeyPage::curve() const
{
    return keyKind() == crypto::KeyKind::Ec ? m_sizeCombo->currentData().toString() : QString();
}

model::Protection IssueKeyPage::protection() const
{
    return selectedProtection(m_protectionCombo);
}

bool IssueKeyPage::isExportable() const
{
    return m_exportableCheck->isEnabled() && m_exportableCheck->isChecked();
}

bool IssueKeyPage::reusesKey() const
{
    return m_reuseKeyCheck->isEnabled() && m_reuseKeyCheck->isChecked();
}

void IssueKeyPage::initializePage()
{
    updateState(); // the issuer may have changed since the page was last shown
}

void IssueKeyPage::onTypeChanged()
{
    m_sizeCombo->clear();
    if (keyKind() == crypto::KeyKind::Rsa) {
        m_sizeLabel->setText(tr("Si&ze:"));
        for (int bits : {2048, 3072, 4096})
            m_sizeCombo->addItem(tr("%1 bits").arg(bits), bits);
        m_sizeCombo->setCurrentIndex(1); // 3072: the CLI's default for new RSA keys
    } else {
        m_sizeLabel->setText(tr("Cur&ve:"));
        for (const char* curve : {"P-256", "P-384", "P-521"})
            m_sizeCombo->addItem(QLatin1String(curve), QLatin1String(curve));
    }
    updateState();
}

void IssueKeyPage::updateState()
{
    const bool software = protection() == model::Protection::Software;
    m_exportableCheck->setEnabled(software);
    if (!software)
        m_exportableCheck->setChecked(false);
    // An external CA's certificate is renewed with a new CSR, so there is no key to reuse.
    const bool external = m_profilePage->isExternalIssuer();
    m_reuseKeyCheck->setEnabled(!external);
    if (external)
        m_reuseKeyCheck->setChecked(false);

    if (external)
        m_message->showHint(tr("Certificates from an external CA are renewed with a new CSR and a new key."));
    else if (keyKind() == crypto::KeyKind::Rsa && size() == 4096)
        m_message->showHint(tr("Generating an RSA-4096 key can take several seconds."));
    else if (!software)
        m_message->showHint(tr("HSM-protected keys never leave the token: they cannot be exported."));
    else
        m_message->clearMessage();
}

} // namespace custos::ui
