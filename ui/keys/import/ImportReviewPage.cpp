#include "KeyImportPages.h"
#include "KeyImportSupport_p.h"
#include "KeyImportWizard.h"
#include "ui/dialogs/TagText.h"

#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace custos::ui {

ImportReviewPage::ImportReviewPage(KeyImportWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setObjectName(QStringLiteral("importReviewPage"));
    setTitle(tr("Review"));
    setSubTitle(tr("Import commits the key; the import is audited."));
    setCommitPage(true);
    m_summary = new QPlainTextEdit(this);
    m_summary->setObjectName(QStringLiteral("reviewSummaryTextEdit"));
    m_summary->setReadOnly(true);
    m_summary->setTabChangesFocus(true);
    m_summary->setAccessibleName(tr("Summary"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
}

void ImportReviewPage::initializePage()
{
    const model::KeyImportRequest r = m_wizard->request();
    const KeyImportState& state = m_wizard->state();
    const model::KeyImportCandidate* c = state.selected();
    QStringList lines;
    lines << tr("Source: %1").arg(state.sourceLabel);
    if (state.preview)
        lines << tr("Format: %1").arg(state.preview->format);
    if (c) {
        lines << tr("Key: %1 (%2)").arg(c->label, keyimport::keyTypeText(*c));
        if (!c->fingerprint.isEmpty())
            lines << tr("SHA-256 fingerprint: %1").arg(c->fingerprint);
    }
    if (r.asVersion)
        lines << tr("Destination: a new version of key '%1' in vault '%2'").arg(r.name, r.vault);
    else
        lines << tr("Destination: new key '%1' in vault '%2'").arg(r.name, r.vault);
    if (!r.kek.isEmpty())
        lines << tr("Key exchange key: %1").arg(r.kek);
    if (r.protection)
        lines << tr("Protection: %1").arg(*r.protection == model::Protection::Hsm ? tr("HSM") : tr("Software"));
    lines << tr("Exportable: %1").arg(r.exportable ? tr("yes") : tr("no"));
    if (!r.keyOps.isEmpty())
        lines << tr("Operations: %1").arg(r.keyOps.join(QStringLiteral(", ")));
    if (r.notBefore.isValid())
        lines << tr("Active from: %1").arg(r.notBefore.toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")));
    if (r.expires.isValid())
        lines << tr("Expires: %1").arg(r.expires.toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")));
    if (!r.tags.isEmpty())
        lines << tr("Tags: %1").arg(formatTags(r.tags));
    m_summary->setPlainText(lines.join(QLatin1Char('\n')));
}

int ImportReviewPage::nextId() const
{
    return KeyImportWizard::CommitPage;
}

} // namespace custos::ui
