#include "KeyImportPages.h"
#include "KeyImportSupport_p.h"
#include "KeyImportWizard.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"
#include "ui/widgets/InlineMessage.h"

#include <QApplication>
#include <QLabel>
#include <QListWidget>
#include <QPointer>
#include <QProgressBar>
#include <QStyle>
#include <QVBoxLayout>

namespace custos::ui {

ImportPreviewPage::ImportPreviewPage(KeyImportWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setObjectName(QStringLiteral("importPreviewPage"));
    setTitle(tr("Preview"));
    setSubTitle(tr("What the source holds. Nothing is imported yet."));
    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("previewBusyProgressBar"));
    m_busy->setRange(0, 0);
    m_busy->setFormat(tr("Reading…"));
    m_busy->hide();
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("previewSummaryLabel"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_keysList = new QListWidget(this);
    m_keysList->setObjectName(QStringLiteral("keysListWidget"));
    m_keysList->setAccessibleName(tr("Keys in the source"));
    m_keysList->setMaximumHeight(110);
    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("keyDetailsLabel"));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::RichText);
    m_details->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("previewMessageLabel"));

    auto* warnings = new QListWidget(this);
    warnings->setObjectName(QStringLiteral("warningsListWidget"));
    warnings->setAccessibleName(tr("Warnings"));
    warnings->setMaximumHeight(90);
    warnings->setFocusPolicy(Qt::NoFocus);
    warnings->hide();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_busy);
    layout->addWidget(m_summary);
    layout->addWidget(m_keysList);
    layout->addWidget(m_details, 1);
    layout->addWidget(warnings);
    layout->addWidget(m_message);
    connect(m_keysList, &QListWidget::currentRowChanged, this, &ImportPreviewPage::showCandidate);
}

void ImportPreviewPage::initializePage()
{
    m_message->clearMessage();
    if (m_wizard->state().preview)
        showPreview();
    else
        load(m_wizard->generation());
}

void ImportPreviewPage::cleanupPage()
{
    // Back: the next Next reads the source again (with a password entered again).
    m_wizard->invalidate();
    m_wizard->wipePassword();
    m_loading = false;
    m_busy->hide();
}

QCoro::Task<> ImportPreviewPage::load(int generation)
{
    QPointer<ImportPreviewPage> guard(this);
    m_loading = true;
    m_busy->show();
    m_summary->clear();
    m_keysList->clear();
    m_details->clear();
    findChild<QListWidget*>(QStringLiteral("warningsListWidget"))->hide();
    Q_EMIT completeChanged();
    const model::KeyImportSource source = m_wizard->state().sourceWithPassword();
    const QString vault = m_wizard->initialVault().name;
    auto task =
        m_wizard->host().call([source, vault](model::Services& s) { return s.keyImports().preview(source, vault); });
    auto preview = co_await task;
    if (!guard || generation != m_wizard->generation())
        co_return;
    m_loading = false;
    m_busy->hide();
    if (!preview) {
        m_message->showError(preview.error().message);
        Q_EMIT completeChanged();
        co_return;
    }
    m_wizard->state().preview = preview.value();
    showPreview();
}

void ImportPreviewPage::showPreview()
{
    const model::KeyImportPreview& p = *m_wizard->state().preview;
    QString summary = tr("<b>Source:</b> %1<br><b>Format:</b> %2")
                          .arg(m_wizard->state().sourceLabel.toHtmlEscaped(), p.format.toHtmlEscaped());
    summary += QStringLiteral("<br><b>%1</b> %2")
                   .arg(tr("Encryption:"), p.encryption.isEmpty() ? tr("none") : p.encryption.toHtmlEscaped());
    if (p.isByok) {
        summary +=
            QStringLiteral("<br><b>%1</b> %2").arg(tr("BYOK key exchange key (kid):"), p.byokKid.toHtmlEscaped());
        if (!p.byokGenerator.isEmpty())
            summary += QStringLiteral("<br><b>%1</b> %2").arg(tr("Generator:"), p.byokGenerator.toHtmlEscaped());
        summary += QStringLiteral("<br>") +
                   tr("The key is unwrapped inside the token; its type is known once it is imported.").toHtmlEscaped();
    } else {
        summary += QStringLiteral("<br>") + tr("%n key(s) found.", nullptr, int(p.keys.size())).toHtmlEscaped();
        if (p.keys.size() > 1 && !m_wizard->state().bulk)
            summary += QStringLiteral(" ") + tr("Pick the one to import.").toHtmlEscaped();
    }
    m_summary->setText(summary);
    m_keysList->clear();
    for (const model::KeyImportCandidate& c : p.keys) {
        auto* item = new QListWidgetItem(QStringLiteral("%1 — %2").arg(c.label, keyimport::keyTypeText(c)), m_keysList);
        if (!c.refusal.isEmpty())
            item->setIcon(QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical));
        else if (!c.warnings.isEmpty())
            item->setIcon(QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning));
    }
    m_keysList->setVisible(p.keys.size() > 1 || m_wizard->state().bulk);
    if (!p.keys.isEmpty())
        m_keysList->setCurrentRow(std::clamp(m_wizard->state().candidate, 0, int(p.keys.size()) - 1));
    else
        showCandidate();
    Q_EMIT completeChanged();
}

void ImportPreviewPage::showCandidate()
{
    KeyImportState& state = m_wizard->state();
    if (!state.preview)
        return;
    const int row = m_keysList->currentRow();
    if (row >= 0)
        state.candidate = row;
    const model::KeyImportCandidate* c = row >= 0 ? state.selected() : nullptr;
    m_details->setText(c ? keyimport::candidateDetails(*c) : QString());

    // Warnings with an icon and text: the file's, then the key's; a refusal first.
    auto* warnings = findChild<QListWidget*>(QStringLiteral("warningsListWidget"));
    warnings->clear();
    const QIcon warningIcon = QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
    if (c && !c->refusal.isEmpty())
        new QListWidgetItem(QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical),
                            tr("Cannot be imported: %1").arg(c->refusal), warnings);
    QStringList texts = state.preview->warnings;
    if (c) {
        for (const QString& w : c->warnings) {
            if (!texts.contains(w))
                texts << w;
        }
    }
    for (const QString& w : std::as_const(texts))
        new QListWidgetItem(warningIcon, w, warnings);
    warnings->setVisible(warnings->count() > 0);
    if (c && !c->duplicates.isEmpty())
        m_message->showHint(tr("This public key is in a vault already; you can add it as a new version there."));
    else
        m_message->clearMessage();
    Q_EMIT completeChanged();
}

bool ImportPreviewPage::isComplete() const
{
    const KeyImportState& state = m_wizard->state();
    if (m_loading || !state.preview)
        return false;
    if (state.preview->isByok)
        return !state.bulk;
    if (state.bulk)
        return !state.preview->keys.isEmpty();
    const model::KeyImportCandidate* c = state.selected();
    return c && c->refusal.isEmpty();
}

bool ImportPreviewPage::validatePage()
{
    return isComplete();
}

int ImportPreviewPage::nextId() const
{
    return m_wizard->state().bulk ? KeyImportWizard::BulkPage : KeyImportWizard::DestinationPage;
}

} // namespace custos::ui
