#include "KeyImportBulkModel.h"
#include "KeyImportPages.h"
#include "KeyImportSupport_p.h"
#include "KeyImportWizard.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"
#include "ui/widgets/InlineMessage.h"

#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QTableView>
#include <QVBoxLayout>

namespace custos::ui {

ImportCommitPage::ImportCommitPage(KeyImportWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setObjectName(QStringLiteral("importCommitPage"));
    setTitle(tr("Import"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("importProgressBar"));
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("importResultLabel"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("bulkResultTableView"));
    m_table->setAccessibleName(tr("Import results"));
    m_table->setAccessibleDescription(tr("Each key of the import and whether it was imported"));
    m_table->setModel(wizard->bulkModel());
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setTabKeyNavigation(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("commitMessageLabel"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_progress);
    layout->addWidget(m_result);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);
}

void ImportCommitPage::initializePage()
{
    m_done = false;
    m_result->clear();
    m_message->clearMessage();
    const bool bulk = m_wizard->state().bulk;
    m_table->setVisible(bulk);
    if (bulk)
        importBulk(m_wizard->generation());
    else
        importOne(m_wizard->generation());
}

bool ImportCommitPage::isComplete() const
{
    return m_done;
}

int ImportCommitPage::nextId() const
{
    return -1;
}

void ImportCommitPage::finishWith(const QString& text, bool error)
{
    m_done = true;
    if (error)
        m_message->showError(text);
    else
        m_result->setText(text);
    // The password has done its job.
    m_wizard->wipePassword();
    Q_EMIT completeChanged();
}

QCoro::Task<> ImportCommitPage::importOne(int generation)
{
    QPointer<ImportCommitPage> guard(this);
    m_progress->setRange(0, 0);
    m_result->setText(tr("Importing…"));
    const model::KeyImportRequest request = m_wizard->request();
    auto task = m_wizard->host().call([request](model::Services& s) { return s.keyImports().importKey(request); });
    auto imported = co_await task;
    if (!guard || generation != m_wizard->generation())
        co_return;
    m_progress->setRange(0, 1);
    m_progress->setValue(1);
    if (!imported) {
        m_result->setText(tr("Nothing was imported."));
        finishWith(imported.error().message, true);
        co_return;
    }
    const model::KeyImportResult& r = imported.value();
    QString text = r.newVersion ? tr("Imported as version %1 of key '%2' in vault '%3'.")
                                      .arg(r.key.currentVersion.id, r.key.name, r.key.vault)
                                : tr("Imported as key '%1' in vault '%2'.").arg(r.key.name, r.key.vault);
    if (!r.fingerprint.isEmpty())
        text += QLatin1Char('\n') + tr("SHA-256 fingerprint: %1").arg(r.fingerprint);
    for (const QString& warning : r.warnings)
        text += QLatin1Char('\n') + tr("Warning: %1").arg(warning);
    finishWith(text, false);
    Q_EMIT m_wizard->imported(r.key.vault, r.key.name);
}

QCoro::Task<> ImportCommitPage::importBulk(int generation)
{
    QPointer<ImportCommitPage> guard(this);
    KeyImportBulkModel* model = m_wizard->bulkModel();
    model->setLocked(true);
    const int count = model->rowCount();
    m_progress->setRange(0, count);
    m_progress->setValue(0);
    int importedCount = 0;
    int failedCount = 0;
    for (int row = 0; row < count; ++row) {
        const KeyImportBulkItem item = model->items().at(row);
        if (item.status == KeyImportBulkItem::Status::Failed) { // refused in the preview
            ++failedCount;
            m_progress->setValue(row + 1);
            continue;
        }
        model::KeyImportRequest request;
        request.vault = model->vault();
        request.name = item.name;
        request.keyIndex = item.keyIndex;
        if (item.filePath.isEmpty()) {
            request.source = m_wizard->state().sourceWithPassword();
        } else {
            QString error;
            request.source.bytes = keyimport::readSourceFile(item.filePath, &error);
            request.source.fileName = item.label;
            if (!error.isEmpty()) {
                model->setStatus(row, KeyImportBulkItem::Status::Failed, error);
                ++failedCount;
                m_progress->setValue(row + 1);
                continue;
            }
        }
        model->setStatus(row, KeyImportBulkItem::Status::Running, QString());
        m_result->setText(tr("Importing %1 of %2…").arg(row + 1).arg(count));
        auto task = m_wizard->host().call([request](model::Services& s) { return s.keyImports().importKey(request); });
        auto imported = co_await task;
        if (!guard || generation != m_wizard->generation())
            co_return;
        if (imported) {
            ++importedCount;
            model->setStatus(row, KeyImportBulkItem::Status::Imported,
                             imported.value().fingerprint.isEmpty()
                                 ? tr("imported")
                                 : tr("imported (SHA-256 %1…)").arg(imported.value().fingerprint.left(16)));
            Q_EMIT m_wizard->imported(imported.value().key.vault, imported.value().key.name);
        } else {
            ++failedCount;
            model->setStatus(row, KeyImportBulkItem::Status::Failed, imported.error().message);
        }
        m_progress->setValue(row + 1);
    }
    m_table->resizeColumnsToContents();
    const QString text = tr("%n key(s) imported", nullptr, importedCount) + QStringLiteral(", ") +
                         tr("%n item(s) failed", nullptr, failedCount) + QLatin1Char('.');
    finishWith(text, false);
    if (failedCount > 0)
        m_message->showError(tr("The failed items are named in their rows; the others were imported."));
}

} // namespace custos::ui
