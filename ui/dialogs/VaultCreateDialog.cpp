#include "VaultCreateDialog.h"

#include "TagText.h"
#include "ui/widgets/InlineMessage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace custos::ui {

namespace {
constexpr int kMinRetentionDays = 7;
constexpr int kMaxRetentionDays = 90;
} // namespace

VaultCreateDialog::VaultCreateDialog(QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("vaultCreateDialog"));
    setWindowTitle(tr("New Vault"));

    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("nameLineEdit"));
    m_nameEdit->setMaxLength(24);
    m_nameEdit->setPlaceholderText(tr("e.g. payments-prod"));

    m_protectionCombo = new QComboBox(this);
    m_protectionCombo->setObjectName(QStringLiteral("protectionComboBox"));
    m_protectionCombo->addItem(tr("HSM"), QVariant::fromValue(int(model::Protection::Hsm)));
    m_protectionCombo->addItem(tr("Software"), QVariant::fromValue(int(model::Protection::Software)));
    m_protectionCombo->setToolTip(tr("HSM vaults hold only keys that never leave the token in clear; "
                                     "software vaults hold software-protected keys as well."));

    m_retentionSpin = new QSpinBox(this);
    m_retentionSpin->setObjectName(QStringLiteral("retentionSpinBox"));
    m_retentionSpin->setRange(kMinRetentionDays, kMaxRetentionDays);
    m_retentionSpin->setValue(kMaxRetentionDays);
    m_retentionSpin->setSuffix(tr(" days"));
    m_retentionSpin->setToolTip(tr("How long a deleted vault can be recovered before it is purged."));

    m_purgeProtectionCheck = new QCheckBox(tr("Pre&vent purging during the retention period"), this);
    m_purgeProtectionCheck->setObjectName(QStringLiteral("purgeProtectionCheckBox"));
    m_purgeProtectionCheck->setToolTip(tr("Purge protection cannot be turned off later."));

    m_tagsEdit = new QLineEdit(this);
    m_tagsEdit->setObjectName(QStringLiteral("tagsLineEdit"));
    m_tagsEdit->setPlaceholderText(tr("optional: owner=pki; env=prod"));

    auto* form = new QFormLayout;
    auto addRow = [this, form](const QString& label, QWidget* field) {
        auto* buddyLabel = new QLabel(label, this);
        buddyLabel->setBuddy(field);
        form->addRow(buddyLabel, field);
    };
    addRow(tr("&Name:"), m_nameEdit);
    addRow(tr("&Protection:"), m_protectionCombo);
    addRow(tr("&Retention:"), m_retentionSpin);
    form->addRow(QString(), m_purgeProtectionCheck);
    addRow(tr("&Tags:"), m_tagsEdit);

    m_hintLabel = new InlineMessage(this);
    m_hintLabel->setObjectName(QStringLiteral("hintLabel"));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    QPushButton* ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("okPushButton"));
    ok->setText(tr("&Create"));
    ok->setDefault(true);
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelPushButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hintLabel);
    layout->addStretch();
    layout->addWidget(m_buttons);

    setTabOrder(m_nameEdit, m_protectionCombo);
    setTabOrder(m_protectionCombo, m_retentionSpin);
    setTabOrder(m_retentionSpin, m_purgeProtectionCheck);
    setTabOrder(m_purgeProtectionCheck, m_tagsEdit);

    connect(m_nameEdit, &QLineEdit::textChanged, this, &VaultCreateDialog::updateState);
    connect(m_tagsEdit, &QLineEdit::textChanged, this, &VaultCreateDialog::updateState);
    updateState();
    m_nameEdit->setFocus();
}

model::VaultCreateRequest VaultCreateDialog::request() const
{
    model::VaultCreateRequest request;
    request.name = m_nameEdit->text().trimmed();
    request.protection = model::Protection(m_protectionCombo->currentData().toInt());
    request.retentionDays = m_retentionSpin->value();
    request.purgeProtection = m_purgeProtectionCheck->isChecked();
    request.tags = parseTags(m_tagsEdit->text()).tags;
    return request;
}

bool VaultCreateDialog::isInputValid() const
{
    return model::VaultService::isValidName(m_nameEdit->text().trimmed()) && parseTags(m_tagsEdit->text()).ok();
}

void VaultCreateDialog::updateState()
{
    const QString name = m_nameEdit->text().trimmed();
    const TagParseResult tags = parseTags(m_tagsEdit->text());
    if (!name.isEmpty() && !model::VaultService::isValidName(name))
        m_hintLabel->showError(tr("Vault names have 3-24 characters: letters, digits and dashes."));
    else if (!tags.ok())
        m_hintLabel->showError(tags.error);
    else if (name.isEmpty())
        m_hintLabel->showHint(tr("Vault names have 3-24 characters: letters, digits and dashes."));
    else
        m_hintLabel->clearMessage();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(isInputValid());
}

} // namespace custos::ui
