#include "KeyDetailPane.h"

#include "KeyOperations.h"
#include "KeyPolicyEditor.h"
#include "TryOperationPanel.h"
#include "VersionAttributesEditor.h"
#include "model/itemmodels/KeyListModel.h"
#include "model/itemmodels/KeyVersionModel.h"
#include "model/session/ServiceHost.h"
#include "ui/dialogs/TagText.h"
#include "ui/security/CopyAction.h"

#include <QFont>
#include <QFormLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace custos::ui {

namespace {
const QString kWrite = QStringLiteral("keys/write/action");
}

KeyDetailPane::KeyDetailPane(model::ServiceHost& host, KeyOperations& operations, QWidget* parent)
    : QWidget(parent), m_host(host)
{
    setObjectName(QStringLiteral("keyDetailPane"));

    auto* emptyLabel = new QLabel(tr("Select a key to see its details."), this);
    emptyLabel->setObjectName(QStringLiteral("keyEmptyHintLabel"));
    emptyLabel->setAlignment(Qt::AlignCenter);
    emptyLabel->setEnabled(false);

    m_detailsPage = new QWidget(this);
    m_titleLabel = new QLabel(m_detailsPage);
    m_titleLabel->setObjectName(QStringLiteral("keyTitleLabel"));
    QFont titleFont = m_titleLabel->font();
    titleFont.setBold(true);
    m_titleLabel->setFont(titleFont);
    m_titleLabel->setTextFormat(Qt::PlainText);

    m_attributesPage = new QWidget(m_detailsPage);
    m_form = new QFormLayout(m_attributesPage);
    m_form->setLabelAlignment(Qt::AlignRight);
    m_kidLabel = addValueRow(tr("Identifier:"), "kidValueLabel");
    addCopyAction(m_kidLabel, tr("Copy Key Identifier"), "copyKeyIdentifierAction"); // right-click; not secret
    m_typeLabel = addValueRow(tr("Type:"), "typeValueLabel");
    m_sizeLabel = addValueRow(tr("Size/curve:"), "sizeValueLabel");
    m_protectionLabel = addValueRow(tr("Protection:"), "protectionValueLabel");
    m_exportableLabel = addValueRow(tr("Exportable:"), "exportableValueLabel");
    m_opsLabel = addValueRow(tr("Operations:"), "operationsValueLabel");
    m_tagsLabel = addValueRow(tr("Tags:"), "tagsValueLabel");
    m_statusLabel = addValueRow(tr("Status:"), "statusValueLabel");
    m_createdLabel = addValueRow(tr("Created:"), "createdValueLabel");
    m_updatedLabel = addValueRow(tr("Updated:"), "updatedValueLabel");
    m_deletedLabel = addValueRow(tr("Deleted:"), "deletedValueLabel");
    m_scheduledPurgeLabel = addValueRow(tr("Scheduled purge:"), "scheduledPurgeValueLabel");

    m_versionModel = new model::KeyVersionModel(host, this);
    m_policyEditor = new KeyPolicyEditor(m_detailsPage);
    m_tryPanel = new TryOperationPanel(host, m_detailsPage);

    m_tabs = new QTabWidget(m_detailsPage);
    m_tabs->setObjectName(QStringLiteral("keyDetailTabWidget"));
    m_tabs->addTab(m_attributesPage, tr("Attri&butes"));
    m_tabs->addTab(createVersionsTab(), tr("Versio&ns"));
    m_tabs->addTab(m_policyEditor, tr("Rotation &Policy"));
    m_tabs->addTab(m_tryPanel, tr("&Try an Operation"));

    auto* detailsLayout = new QVBoxLayout(m_detailsPage);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_titleLabel);
    detailsLayout->addWidget(m_tabs);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(emptyLabel);
    m_stack->addWidget(m_detailsPage);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    connect(m_policyEditor, &KeyPolicyEditor::saveRequested, &operations,
            [this, &operations](const model::KeyRotationPolicy& policy) {
                if (m_key)
                    operations.setPolicy(m_key->vault, m_key->name, policy);
            });
    connect(m_versionEditor, &VersionAttributesEditor::applyRequested, &operations, &KeyOperations::update);
    // After a reload (a rotation adds a version) the current version is selected.
    connect(m_versionModel, &QAbstractItemModel::modelReset, this, &KeyDetailPane::selectCurrentVersion);
    connect(&m_host, &model::ServiceHost::accessChanged, this, &KeyDetailPane::updateEditable);
    setKey(std::nullopt);
}

QWidget* KeyDetailPane::createVersionsTab()
{
    auto* page = new QWidget(m_detailsPage);
    m_versionView = new QTableView(page);
    m_versionView->setObjectName(QStringLiteral("keyVersionTableView"));
    m_versionView->setAccessibleName(tr("Key versions"));
    m_versionView->setAccessibleDescription(tr("Every version of the selected key, the current one first"));
    m_versionView->setModel(m_versionModel);
    m_versionView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_versionView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_versionView->setWordWrap(false);
    m_versionView->verticalHeader()->hide();
    m_versionView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_versionView->verticalHeader()->setDefaultSectionSize(24);
    // A key has a handful of versions: sizing to contents is cheap here.
    m_versionView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_versionView->horizontalHeader()->setStretchLastSection(true);
    m_versionView->setColumnHidden(model::KeyVersionModel::UpdatedColumn, true);
    m_versionView->setMinimumHeight(80);
    m_versionEditor = new VersionAttributesEditor(page);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(m_versionView, 1);
    layout->addWidget(m_versionEditor);
    connect(m_versionView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &KeyDetailPane::onVersionSelected);
    return page;
}

QLabel* KeyDetailPane::addValueRow(const QString& label, const char* objectName)
{
    auto* value = new QLabel(m_attributesPage);
    value->setObjectName(QLatin1String(objectName));
    value->setTextFormat(Qt::PlainText);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    m_form->addRow(label, value);
    return value;
}

void KeyDetailPane::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(tab);
}

void KeyDetailPane::setKey(const std::optional<model::KeyRecord>& key)
{
    m_key = key;
    m_tryPanel->setKey(key);
    if (!key) {
        m_versionModel->setKey({}, {});
        m_stack->setCurrentIndex(0);
        return;
    }
    const model::KeyRecord& k = *key;
    m_titleLabel->setText(k.isDeleted() ? tr("Key '%1' (deleted)").arg(k.name) : tr("Key '%1'").arg(k.name));
    m_kidLabel->setText(k.kid());
    m_typeLabel->setText(model::keyTypeName(k.kty));
    m_sizeLabel->setText(k.kty == crypto::KeyKind::Ec ? k.curve : tr("%1 bits").arg(k.size));
    m_protectionLabel->setText(k.protection == model::Protection::Hsm ? tr("HSM") : tr("Software"));
    m_exportableLabel->setText(k.exportable ? tr("Yes") : tr("No"));
    m_opsLabel->setText(k.keyOps.join(QStringLiteral(", ")));
    m_tagsLabel->setText(k.tags.isEmpty() ? tr("none") : formatTags(k.tags));
    if (k.isDeleted())
        m_statusLabel->setText(tr("Deleted (recoverable)"));
    else
        m_statusLabel->setText(k.currentVersion.enabled ? tr("Enabled (version %1)").arg(k.currentVersion.seq)
                                                        : tr("Disabled (version %1)").arg(k.currentVersion.seq));
    m_createdLabel->setText(model::keyTimeText(k.created));
    m_updatedLabel->setText(model::keyTimeText(k.updated));
    m_deletedLabel->setText(model::keyTimeText(k.deleted));
    m_scheduledPurgeLabel->setText(model::keyTimeText(k.scheduledPurge));
    m_form->setRowVisible(m_deletedLabel, k.isDeleted());
    m_form->setRowVisible(m_scheduledPurgeLabel, k.isDeleted());

    m_policyEditor->setPolicy(k.policy);
    updateEditable();
    // A deleted key's versions are not readable until it is recovered.
    if (k.isDeleted())
        m_versionModel->setKey({}, {});
    else
        m_versionModel->setKey(k.vault, k.name);
    onVersionSelected();
    m_stack->setCurrentIndex(1);
}

void KeyDetailPane::updateEditable()
{
    if (!m_key)
        return;
    const bool writable = !m_key->isDeleted() && m_host.access().isAllowed(kWrite, m_key->resourceId());
    m_policyEditor->setEditable(
        writable, writable ? QString() : tr("You lack the permission %1 at %2").arg(kWrite, m_key->resourceId()));
    m_versionEditor->setEditable(writable);
}

void KeyDetailPane::selectCurrentVersion()
{
    const int rows = m_versionModel->rowCount();
    if (rows > 0) {
        const QModelIndex current = m_versionModel->index(rows - 1, 0);
        m_versionView->selectionModel()->setCurrentIndex(current, QItemSelectionModel::ClearAndSelect |
                                                                      QItemSelectionModel::Rows);
    }
    onVersionSelected();
}

void KeyDetailPane::onVersionSelected()
{
    const QModelIndexList rows = m_versionView->selectionModel()->selectedRows();
    std::optional<model::KeyVersion> version;
    if (!rows.isEmpty())
        version = m_versionModel->version(rows.first());
    m_versionEditor->setVersion(m_key ? m_key->vault : QString(), m_key ? m_key->name : QString(), version);
}

} // namespace custos::ui
