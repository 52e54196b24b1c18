#include "KeyImportWizard.h"

#include "KeyImportBulkModel.h"
#include "KeyImportPages.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QAbstractButton>
#include <QPointer>

namespace custos::ui {

model::KeyImportSource KeyImportState::sourceWithPassword() const
{
    model::KeyImportSource s = source;
    s.password = password;
    return s;
}

const model::KeyImportCandidate* KeyImportState::selected() const
{
    if (!preview || candidate < 0 || candidate >= preview->keys.size())
        return nullptr;
    return &preview->keys.at(candidate);
}

KeyImportWizard::KeyImportWizard(model::ServiceHost& host, const model::Vault& vault, QWidget* parent)
    : QWizard(parent), m_host(host), m_vault(vault)
{
    setObjectName(QStringLiteral("keyImportWizard"));
    setWindowTitle(tr("Import Key into '%1'").arg(vault.name));
    setOption(QWizard::NoBackButtonOnStartPage);
    m_state.vaults = {vault};
    m_bulkModel = new KeyImportBulkModel(this);

    setPage(SourcePage, new ImportSourcePage(this));
    setPage(PasswordPage, new ImportPasswordPage(this));
    setPage(PreviewPage, new ImportPreviewPage(this));
    setPage(DestinationPage, new ImportDestinationPage(this));
    setPage(DuplicatesPage, new ImportDuplicatesPage(this));
    setPage(ReviewPage, new ImportReviewPage(this));
    setPage(BulkPage, new ImportBulkPage(this));
    setPage(CommitPage, new ImportCommitPage(this));
    setStartId(SourcePage);

    // Tests and the accessibility tree find the buttons by name.
    button(QWizard::BackButton)->setObjectName(QStringLiteral("backPushButton"));
    button(QWizard::NextButton)->setObjectName(QStringLiteral("nextPushButton"));
    button(QWizard::CommitButton)->setObjectName(QStringLiteral("commitPushButton"));
    button(QWizard::FinishButton)->setObjectName(QStringLiteral("finishPushButton"));
    button(QWizard::CancelButton)->setObjectName(QStringLiteral("cancelPushButton"));
    setButtonText(QWizard::CommitButton, tr("&Import"));
    loadVaults();
}

KeyImportWizard::~KeyImportWizard()
{
    ++m_generation;
}

model::KeyImportRequest KeyImportWizard::request() const
{
    model::KeyImportRequest r;
    r.source = m_state.sourceWithPassword();
    r.keyIndex = m_state.selected() ? m_state.selected()->index : 0;
    static_cast<const ImportDestinationPage*>(page(DestinationPage))->fill(r);
    const auto* duplicates = static_cast<const ImportDuplicatesPage*>(page(DuplicatesPage));
    if (hasVisitedPage(DuplicatesPage) && duplicates->asVersion()) {
        if (const auto target = duplicates->target()) {
            r.vault = target->vault;
            r.name = target->name;
            r.asVersion = true;
        }
    }
    return r;
}

void KeyImportWizard::invalidate()
{
    ++m_generation;
    m_state.preview.reset();
    m_state.candidate = 0;
}

void KeyImportWizard::wipePassword()
{
    // Dropping the last reference wipes the SecureBuffer; a call still using it on the service
    // thread holds its own and wipes it when it ends (clearing it here would race with that).
    m_state.password.reset();
    static_cast<ImportPasswordPage*>(page(PasswordPage))->wipe();
}

void KeyImportWizard::reject()
{
    // Answers still on their way are dropped; the password goes now, not with the wizard.
    invalidate();
    wipePassword();
    QWizard::reject();
}

QCoro::Task<> KeyImportWizard::loadVaults()
{
    QPointer<KeyImportWizard> guard(this);
    auto task = m_host.call([](model::Services& s) { return s.vaults().list(); });
    auto vaults = co_await task;
    if (!guard || !vaults)
        co_return;
    QList<model::Vault> active;
    for (const model::Vault& v : vaults.value()) {
        if (!v.isDeleted())
            active << v;
    }
    if (!active.isEmpty()) {
        m_state.vaults = active;
        Q_EMIT vaultsLoaded();
    }
}

} // namespace custos::ui
