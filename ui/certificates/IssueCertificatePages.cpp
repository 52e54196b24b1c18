#include "IssueCertificatePages.h"

#include "IssueCertificateWizard.h"
#include "SubjectAltNameEditor.h"
#include "crypto/x509/CertificateProfile.h"
#include "crypto/x509/DistinguishedName.h"
#include "crypto/x509/SubjectAltName.h"
#include "model/services/KeyService.h"
#include "ui/widgets/InlineMessage.h"
#include "ui/widgets/ProtectionComboBox.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace custos::ui {

namespace {

const QString kCustomProfile = QStringLiteral("custom");
const QString kSelfIssuer = QStringLiteral("Self");
const QString kExternalIssuer = QStringLiteral("Unknown");

// The custom profile's check boxes carry the RFC 5280 names the model takes (no translation: they
// are the identifiers `cert issue --ku/--eku` uses too); mnemonics are unique on the page.
struct UsageText
{
    const char* name;
    const char* label;
};
const UsageText kKeyUsages[] = {
    {"digitalSignature", "&digitalSignature"},
    {"nonRepudiation", "non&Repudiation"},
    {"keyEncipherment", "&keyEncipherment"},
    {"dataEncipherment", "data&Encipherment"},
    {"keyAgreement", "key&Agreement"},
    {"keyCertSign", "keyCert&Sign"},
    {"cRLSign", "&cRLSign"},
};
const UsageText kExtendedKeyUsages[] = {
    {"serverAuth", "ser&verAuth"},           {"clientAuth", "clientA&uth"},     {"codeSigning", "codeSi&gning"},
    {"emailProtection", "emai&lProtection"}, {"timeStamping", "&timeStamping"}, {"OCSPSigning", "&OCSPSigning"},
};

// A label for `field` with a mnemonic, in `form`.
QLabel* addBuddyRow(QFormLayout* form, QWidget* parent, const QString& text, QWidget* field)
{
    auto* label = new QLabel(text, parent);
    label->setBuddy(field);
    form->addRow(label, field);
    return label;
}

QString nameRuleText()
{
    return IssueProfilePage::tr("Certificate names have 1-127 characters: letters, digits and dashes.");
}

// The attribute values of a distinguished name's text form, split at unescaped ',' and '+', with
// the escapes undone: what a CN actually says.
QList<QPair<QString, QString>> attributesOf(const QString& text)
{
    QList<QPair<QString, QString>> attributes;
    QString current;
    bool escaped = false;
    auto flush = [&] {
        const qsizetype equals = current.indexOf(QLatin1Char('='));
        if (equals > 0)
            attributes.append({current.left(equals).trimmed(), current.mid(equals + 1).trimmed()});
        current.clear();
    };
    for (const QChar c : text) {
        if (escaped) {
            current.append(c);
            escaped = false;
        } else if (c == QLatin1Char('\\')) {
            escaped = true;
        } else if (c == QLatin1Char(',') || c == QLatin1Char('+')) {
            flush();
        } else {
            current.append(c);
        }
    }
    flush();
    return attributes;
}

} // namespace

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

// ---- 2. Subject and SANs ------------------------------------------------------------------

IssueSubjectPage::IssueSubjectPage(const IssueProfilePage* profilePage, QWidget* parent)
    : QWizardPage(parent), m_profilePage(profilePage)
{
    setObjectName(QStringLiteral("subjectWizardPage"));
    setTitle(tr("Subject and alternative names"));
    setSubTitle(tr("Who the certificate names. TLS clients check host names against the alternative names."));

    m_subjectEdit = new QLineEdit(this);
    m_subjectEdit->setObjectName(QStringLiteral("subjectLineEdit"));
    m_subjectEdit->setPlaceholderText(QStringLiteral("CN=web01.example.test, O=Example Ltd, C=DE"));
    m_subjectMessage = new InlineMessage(this);
    m_subjectMessage->setObjectName(QStringLiteral("subjectMessageLabel"));

    m_sanEditor = new SubjectAltNameEditor(this);
    m_sanEditor->setObjectName(QStringLiteral("sanEditor"));
    m_useCnButton = new QPushButton(tr("&Use the CN as a DNS name"), this);
    m_useCnButton->setObjectName(QStringLiteral("useCnPushButton"));
    m_useCnButton->setAutoDefault(false);
    m_sanMessage = new InlineMessage(this);
    m_sanMessage->setObjectName(QStringLiteral("sanMessageLabel"));

    auto* form = new QFormLayout;
    addBuddyRow(form, this, tr("&Subject:"), m_subjectEdit);
    form->addRow(QString(), m_subjectMessage);
    // The label sits beside the whole editor (list and buttons) and leads to the list.
    auto* label = new QLabel(tr("&Alternative names:"), this);
    label->setBuddy(m_sanEditor->listWidget());
    form->addRow(label, m_sanEditor);
    form->addRow(QString(), m_useCnButton);
    form->addRow(QString(), m_sanMessage);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch();

    connect(m_subjectEdit, &QLineEdit::textChanged, this, &IssueSubjectPage::updateState);
    connect(m_sanEditor, &SubjectAltNameEditor::entriesChanged, this, &IssueSubjectPage::updateState);
    connect(m_useCnButton, &QPushButton::clicked, this, [this] {
        m_sanEditor->addEntry(QStringLiteral("dns:") + offerableCommonName());
        m_sanEditor->setFocus();
    });
    updateState();
}

QString IssueSubjectPage::subject() const
{
    return m_subjectEdit->text().trimmed();
}

QStringList IssueSubjectPage::subjectAltNames() const
{
    return m_sanEditor->entries();
}

void IssueSubjectPage::initializePage()
{
    updateState(); // the profile may have changed since the page was last shown
}

QString IssueSubjectPage::subjectProblem() const
{
    if (subject().isEmpty())
        return {};
    auto parsed = crypto::x509::parseDistinguishedName(subject());
    return parsed ? QString() : parsed.error().message;
}

QString IssueSubjectPage::offerableCommonName() const
{
    auto der = crypto::x509::parseDistinguishedName(subject());
    if (subject().isEmpty() || !der)
        return {};
    auto text = crypto::x509::distinguishedNameText(der.value());
    if (!text)
        return {};
    for (const auto& [type, value] : attributesOf(text.value())) {
        if (type.compare(QLatin1String("CN"), Qt::CaseInsensitive) != 0)
            continue;
        auto san = crypto::x509::parseSubjectAltName(QStringLiteral("dns:") + value);
        if (!san)
            return {};
        return san->value;
    }
    return {};
}

bool IssueSubjectPage::needsHostName() const
{
    return m_profilePage->extendedKeyUsages().contains(QLatin1String("serverAuth")) &&
           !m_sanEditor->hasKind(QStringLiteral("dns")) && !m_sanEditor->hasKind(QStringLiteral("ip"));
}

bool IssueSubjectPage::isComplete() const
{
    return !subject().isEmpty() && subjectProblem().isEmpty() && m_sanEditor->problem().isEmpty() && !needsHostName();
}

void IssueSubjectPage::updateState()
{
    if (subject().isEmpty())
        m_subjectMessage->showHint(tr("Type the subject as attribute=value pairs, e.g. CN=web01.example.test, "
                                      "O=Example Ltd, C=DE."));
    else if (const QString problem = subjectProblem(); !problem.isEmpty())
        m_subjectMessage->showError(problem);
    else
        m_subjectMessage->clearMessage();

    // Offer the CN as a dns: name for TLS profiles that have none yet.
    const QString cn = offerableCommonName();
    const bool tls = m_profilePage->profile().startsWith(QLatin1String("tls-"));
    const bool offer = tls && !cn.isEmpty() && !m_sanEditor->hasKind(QStringLiteral("dns"));
    m_useCnButton->setVisible(offer);
    if (offer)
        m_useCnButton->setText(tr("&Use the CN as DNS name '%1'").arg(cn));

    if (const QString problem = m_sanEditor->problem(); !problem.isEmpty())
        m_sanMessage->showError(problem);
    else if (needsHostName())
        m_sanMessage->showError(tr("A TLS server certificate needs a dns: or ip: alternative name: clients match "
                                   "the host name against these names only."));
    else if (m_sanEditor->entries().isEmpty())
        m_sanMessage->showHint(tr("Add rows such as dns:web01.example.test, ip:192.0.2.1, email:ops@example.test "
                                  "or uri:https://example.test/."));
    else
        m_sanMessage->clearMessage();
    Q_EMIT completeChanged();
}

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

// ---- 5. Review ----------------------------------------------------------------------------

IssueReviewPage::IssueReviewPage(const IssueCertificateWizard* wizard, QWidget* parent)
    : QWizardPage(parent), m_wizard(wizard)
{
    setObjectName(QStringLiteral("reviewWizardPage"));
    setTitle(tr("Review"));
    setSubTitle(tr("Check what will be asked for. Nothing is created before you confirm."));

    m_summary = new QPlainTextEdit(this);
    m_summary->setObjectName(QStringLiteral("summaryPlainTextEdit"));
    m_summary->setReadOnly(true);
    m_summary->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    // Read-only, but reachable with Tab so a screen reader can read it line by line.
    m_summary->setTextInteractionFlags(Qt::TextSelectableByKeyboard | Qt::TextSelectableByMouse);

    auto* label = new QLabel(tr("&Summary:"), this);
    label->setBuddy(m_summary);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(m_summary, 1);
}

void IssueReviewPage::initializePage()
{
    const model::CertificateIssueRequest r = m_wizard->request();
    const bool external = m_wizard->isExternalIssuer();
    setButtonText(QWizard::FinishButton, external ? tr("&Create CSR") : tr("&Issue"));

    QStringList lines;
    auto line = [&lines](const QString& label, const QString& value) { lines << label + QStringLiteral(": ") + value; };
    line(tr("Certificate"), QStringLiteral("%1/%2").arg(r.vault, r.name));
    if (external)
        line(tr("Issuer"), tr("an external CA: a certificate signing request (CSR) is created to be signed there"));
    else if (r.issuer == kSelfIssuer)
        line(tr("Issuer"), tr("self-signed"));
    else
        line(tr("Issuer"), tr("%1 (a Custos CA)").arg(r.issuer));
    line(tr("Subject"), r.subject);
    line(tr("Alternative names"),
         r.subjectAltNames.isEmpty() ? tr("none") : r.subjectAltNames.join(QStringLiteral(", ")));

    line(tr("Profile"), r.profile);
    auto usages = crypto::x509::certificateProfile(r.profile, r.kty, r.keyUsages, r.extendedKeyUsages);
    if (usages) {
        line(tr("Key usages"), usages->keyUsages.isEmpty() ? tr("none") : usages->keyUsages.join(QStringLiteral(", ")));
        line(tr("Extended key usages"),
             usages->extendedKeyUsages.isEmpty() ? tr("none") : usages->extendedKeyUsages.join(QStringLiteral(", ")));
    } else {
        line(tr("Key usages"), usages.error().message);
    }

    const QString shape = r.kty == crypto::KeyKind::Ec ? tr("EC %1").arg(r.curve) : tr("RSA %1 bits").arg(r.size);
    const bool hsm = r.protection.value_or(model::Protection::Hsm) == model::Protection::Hsm;
    line(tr("Key"), QStringLiteral("%1, %2, %3, %4")
                        .arg(shape, hsm ? tr("HSM-protected") : tr("software-protected"),
                             r.exportable ? tr("exportable") : tr("not exportable"),
                             r.reuseKey ? tr("reused on renewal") : tr("a new key on each renewal")));
    line(tr("Validity"), tr("%n month(s)", nullptr, r.months));

    QStringList actions;
    for (const model::CertificateLifetimeAction& action : r.actions) {
        if (action.kind == model::CertificateLifetimeAction::Kind::AutoRenew)
            actions << (action.lifetimePercentage != 0
                            ? tr("renew at %1% of the lifetime").arg(action.lifetimePercentage)
                            : tr("renew %n day(s) before expiry", nullptr, action.daysBeforeExpiry));
        else
            actions << tr("notify %1 %n day(s) before expiry", nullptr, action.daysBeforeExpiry)
                           .arg(r.contacts.join(QStringLiteral(", ")));
    }
    line(tr("Lifetime actions"), actions.isEmpty() ? tr("none") : actions.join(QStringLiteral("; ")));
    m_summary->setPlainText(lines.join(QLatin1Char('\n')));
}

} // namespace custos::ui
