#include "KeyImportBulkModel.h"
#include "KeyImportPages.h"
#include "KeyImportSupport_p.h"
#include "KeyImportWizard.h"
#include "ui/widgets/InlineMessage.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QTableView>
#include <QVBoxLayout>

namespace custos::ui {

ImportBulkPage::ImportBulkPage(KeyImportWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setObjectName(QStringLiteral("importBulkPage"));
    setTitle(tr("Bulk Import"));
    setSubTitle(tr("Each item becomes one key. An item that fails is reported in its row; the others stand."));
    setCommitPage(true);
    m_vaultCombo = new QComboBox(this);
    m_vaultCombo->setObjectName(QStringLiteral("bulkVaultComboBox"));
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("bulkTableView"));
    m_table->setAccessibleName(tr("Keys to import"));
    m_table->setAccessibleDescription(tr("Each key found, its name in the vault and whether it is imported"));
    m_table->setModel(wizard->bulkModel());
    m_table->setTabKeyNavigation(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                             QAbstractItemView::AnyKeyPressed);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("bulkMessageLabel"));
    auto* form = new QFormLayout;
    keyimport::addBuddyRow(form, this, tr("&Vault:"), m_vaultCombo);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);
    setTabOrder(m_vaultCombo, m_table);

    connect(m_vaultCombo, &QComboBox::currentIndexChanged, this,
            [this] { m_wizard->bulkModel()->setVault(m_vaultCombo->currentData().toString()); });
    connect(wizard->bulkModel(), &KeyImportBulkModel::namesChanged, this, &ImportBulkPage::updateState);
}

void ImportBulkPage::initializePage()
{
    const KeyImportState& state = m_wizard->state();
    KeyImportBulkModel* model = m_wizard->bulkModel();
    // Several keys of one source: one row each (a folder's rows were made on the source page).
    if (state.bulkFiles.isEmpty() && state.preview) {
        QList<KeyImportBulkItem> items;
        for (const model::KeyImportCandidate& c : state.preview->keys) {
            KeyImportBulkItem item;
            item.label = c.label;
            item.keyIndex = c.index;
            item.name = keyimport::defaultKeyName(
                state.preview->keys.size() > 1 || state.source.fileName.isEmpty() ? c.label : state.source.fileName);
            if (!c.refusal.isEmpty()) {
                item.status = KeyImportBulkItem::Status::Failed;
                item.result = c.refusal;
            }
            items << item;
        }
        model->setItems(items);
    }
    const QString previous =
        m_vaultCombo->count() ? m_vaultCombo->currentData().toString() : m_wizard->initialVault().name;
    {
        const QSignalBlocker blocker(m_vaultCombo);
        m_vaultCombo->clear();
        for (const model::Vault& v : state.vaults)
            m_vaultCombo->addItem(v.name, v.name);
        m_vaultCombo->setCurrentIndex(std::max(0, m_vaultCombo->findData(previous)));
    }
    model->setVault(m_vaultCombo->currentData().toString());
    m_table->resizeColumnsToContents();
    updateState();
}

void ImportBulkPage::updateState()
{
    const QString problem = m_wizard->bulkModel()->firstProblem();
    if (problem.isEmpty())
        m_message->showHint(
            tr("%n item(s) to import. Edit a name with F2.", nullptr, m_wizard->bulkModel()->rowCount()));
    else
        m_message->showError(problem);
    Q_EMIT completeChanged();
}

bool ImportBulkPage::isComplete() const
{
    return m_wizard->bulkModel()->rowCount() > 0 && m_wizard->bulkModel()->firstProblem().isEmpty() &&
           !m_vaultCombo->currentData().toString().isEmpty();
}

int ImportBulkPage::nextId() const
{
    return KeyImportWizard::CommitPage;
}

} // namespace custos::ui
