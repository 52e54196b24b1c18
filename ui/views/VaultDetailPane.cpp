#include "VaultDetailPane.h"

#include "ui/dialogs/TagText.h"

#include <QFont>
#include <QFormLayout>
#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace custos::ui {

namespace {

// Administrators compare times with the audit trail and other consoles: UTC, unambiguous.
QString utcText(const QDateTime& time)
{
    if (!time.isValid())
        return QString();
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

} // namespace

VaultDetailPane::VaultDetailPane(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("vaultDetailPane"));

    auto* emptyLabel = new QLabel(tr("Select a vault to see its details."), this);
    emptyLabel->setObjectName(QStringLiteral("emptyHintLabel"));
    emptyLabel->setAlignment(Qt::AlignCenter);
    emptyLabel->setEnabled(false);

    m_detailsPage = new QWidget(this);
    m_titleLabel = new QLabel(m_detailsPage);
    m_titleLabel->setObjectName(QStringLiteral("titleLabel"));
    QFont titleFont = m_titleLabel->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_titleLabel->setFont(titleFont);
    m_titleLabel->setTextFormat(Qt::PlainText);

    m_form = new QFormLayout;
    m_form->setLabelAlignment(Qt::AlignRight);
    m_nameLabel = addValueRow(tr("Name:"), "nameValueLabel");
    m_statusLabel = addValueRow(tr("Status:"), "statusValueLabel");
    m_scopeLabel = addValueRow(tr("Scope:"), "scopeValueLabel");
    m_protectionLabel = addValueRow(tr("Protection:"), "protectionValueLabel");
    m_retentionLabel = addValueRow(tr("Retention:"), "retentionValueLabel");
    m_purgeProtectionLabel = addValueRow(tr("Purge protection:"), "purgeProtectionValueLabel");
    m_tagsLabel = addValueRow(tr("Tags:"), "tagsValueLabel");
    m_createdLabel = addValueRow(tr("Created:"), "createdValueLabel");
    m_updatedLabel = addValueRow(tr("Updated:"), "updatedValueLabel");
    m_deletedLabel = addValueRow(tr("Deleted:"), "deletedValueLabel");
    m_scheduledPurgeLabel = addValueRow(tr("Scheduled purge:"), "scheduledPurgeValueLabel");

    auto* detailsLayout = new QVBoxLayout(m_detailsPage);
    detailsLayout->addWidget(m_titleLabel);
    detailsLayout->addSpacing(8);
    detailsLayout->addLayout(m_form);
    detailsLayout->addStretch();

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(emptyLabel);
    m_stack->addWidget(m_detailsPage);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_stack);

    setVault(std::nullopt);
}

QLabel* VaultDetailPane::addValueRow(const QString& label, const char* objectName)
{
    auto* value = new QLabel(m_detailsPage);
    value->setObjectName(QLatin1String(objectName));
    value->setTextFormat(Qt::PlainText);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    m_form->addRow(label, value);
    return value;
}

void VaultDetailPane::setVault(const std::optional<model::Vault>& vault)
{
    m_vault = vault;
    if (!vault) {
        m_stack->setCurrentIndex(0);
        return;
    }
    const model::Vault& v = *vault;
    m_titleLabel->setText(v.name);
    m_nameLabel->setText(v.name);
    m_statusLabel->setText(v.isDeleted() ? tr("Deleted (recoverable)") : tr("Active"));
    m_scopeLabel->setText(v.resourceId());
    m_protectionLabel->setText(v.protection == model::Protection::Hsm ? tr("HSM") : tr("Software"));
    m_retentionLabel->setText(tr("%n day(s) after deletion", nullptr, v.retentionDays));
    m_purgeProtectionLabel->setText(v.purgeProtection ? tr("On: cannot be purged before the retention period ends")
                                                      : tr("Off"));
    m_tagsLabel->setText(v.tags.isEmpty() ? tr("none") : formatTags(v.tags));
    m_createdLabel->setText(utcText(v.created));
    m_updatedLabel->setText(utcText(v.updated));
    m_deletedLabel->setText(utcText(v.deleted));
    m_scheduledPurgeLabel->setText(utcText(v.scheduledPurge));
    m_form->setRowVisible(m_deletedLabel, v.isDeleted());
    m_form->setRowVisible(m_scheduledPurgeLabel, v.isDeleted());
    m_stack->setCurrentIndex(1);
}

} // namespace custos::ui
