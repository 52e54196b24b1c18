#include "RestoreWizardPages.h"

#include "CustodianInputSupport.h"
#include "RestoreWizard.h"
#include "crypto/sd/ShareCollector.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"
#include "ui/actions/OperationsBase.h"
#include "ui/widgets/InlineMessage.h"

#include <QAbstractButton>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace custos::ui {

// completeRestore through the quorum: when the policy asks for approvals, the approval dialog
// collects them and the call runs again with them (as every protected operation does).
class RestoreCompletion : public OperationsBase
{
public:
    RestoreCompletion(model::ServiceHost& host, QWidget* dialogParent, QObject* parent)
        : OperationsBase(host, dialogParent, QStringLiteral("restoreErrorMessageBox"), parent)
    {
    }

    QCoro::Task<Outcome<model::SecurityDomainRestoreResult>>
    complete(std::shared_ptr<model::SecurityDomainRestore> ceremony)
    {
        model::ServiceHost* host = &m_host;
        auto running =
            withApprovals<model::SecurityDomainRestoreResult>([host, ceremony](model::OperationContext context) {
                return host->call([ceremony, context](model::Services& s) {
                    return s.securityDomain().completeRestore(ceremony, context);
                });
            });
        Outcome<model::SecurityDomainRestoreResult> result = co_await running;
        co_return result;
    }
};

namespace {

QLabel* makeValueLabel(QWidget* parent, const QString& name)
{
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

} // namespace

// ---- the file --------------------------------------------------------------------------------

RestoreFilePage::RestoreFilePage(RestoreWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setObjectName(QStringLiteral("restoreFilePage"));
    setTitle(tr("Security-Domain File"));
    setSubTitle(tr("The file downloaded from the workspace whose domain key is to be restored here. The "
                   "custodians then present their keys one at a time."));

    m_pathEdit = new QLineEdit(this);
    m_pathEdit->setObjectName(QStringLiteral("sdFileLineEdit"));
    m_pathEdit->setPlaceholderText(tr("SD.json"));
    auto* browse = new QPushButton(tr("&Browse…"), this);
    browse->setObjectName(QStringLiteral("browseSdFilePushButton"));
    attachBrowse(browse, m_pathEdit, tr("Security-Domain File"), BrowseMode::Open,
                 tr("Security-domain files (*.json);;All files (*)"));
    auto* row = new QHBoxLayout;
    row->addWidget(m_pathEdit, 1);
    row->addWidget(browse);
    auto* form = new QFormLayout;
    auto* label = new QLabel(tr("&File:"), this);
    label->setBuddy(m_pathEdit);
    form->addRow(label, row);

    m_summaryLabel = makeValueLabel(this, QStringLiteral("sdSummaryLabel"));
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("sdFileMessage"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_summaryLabel);
    layout->addWidget(m_message);
    layout->addStretch();

    // The summary follows the path as it is typed or chosen, without reading on every keystroke.
    m_summaryTimer = new QTimer(this);
    m_summaryTimer->setSingleShot(true);
    m_summaryTimer->setInterval(250);
    connect(m_summaryTimer, &QTimer::timeout, this, [this] { showSummary(); });
    connect(m_pathEdit, &QLineEdit::textChanged, this, [this] {
        m_summaryLabel->clear();
        m_message->clearMessage();
        m_summaryTimer->start();
        Q_EMIT completeChanged();
    });
}

QString RestoreFilePage::path() const
{
    return m_pathEdit->text().trimmed();
}

bool RestoreFilePage::isComplete() const
{
    return !path().isEmpty() && !m_beginning;
}

QCoro::Task<> RestoreFilePage::showSummary()
{
    const int run = ++m_summaryRun;
    const QString file = path();
    if (file.isEmpty())
        co_return;
    QPointer<RestoreFilePage> guard(this);
    auto loading = loadSecurityDomainFile(file);
    Outcome<LoadedSecurityDomain> loaded = co_await loading;
    if (!guard || run != m_summaryRun || m_beginning)
        co_return;
    if (!loaded) {
        m_summaryLabel->clear();
        m_message->showError(loaded.error().message);
        co_return;
    }
    m_message->clearMessage();
    m_summaryLabel->setText(describeSecurityDomain(*loaded->file));
}

bool RestoreFilePage::validatePage()
{
    if (m_wizard->ceremony() && m_wizard->ceremonyPath() == path())
        return true;
    if (!m_beginning)
        begin();
    return false;
}

QCoro::Task<> RestoreFilePage::begin()
{
    const QString file = path();
    QPointer<RestoreFilePage> guard(this);
    m_beginning = true;
    m_wizard->setBusy(true);
    Q_EMIT completeChanged();
    m_message->showHint(tr("Reading the security-domain file…"));
    auto reading = readSmallFile(file);
    Outcome<QByteArray> bytes = co_await reading;
    if (!guard)
        co_return;
    std::shared_ptr<model::SecurityDomainRestore> ceremony;
    QString error;
    if (bytes) {
        QByteArray fileBytes = bytes.take();
        auto starting = m_wizard->host().call(
            [fileBytes](model::Services& s) { return s.securityDomain().beginRestore(fileBytes); });
        Outcome<std::shared_ptr<model::SecurityDomainRestore>> started = co_await starting;
        if (!guard) {
            if (started && started.value())
                started.value()->wipe();
            co_return;
        }
        if (started)
            ceremony = started.take();
        else
            error = started.error().message;
    } else {
        error = bytes.error().message;
    }
    m_beginning = false;
    m_wizard->setBusy(false);
    Q_EMIT completeChanged();
    if (!ceremony) {
        m_message->showError(error.isEmpty() ? tr("The restore could not start.") : error);
        co_return;
    }
    m_message->clearMessage();
    m_summaryLabel->setText(describeSecurityDomain(ceremony->collector().file()));
    m_wizard->setCeremony(ceremony, file);
    m_wizard->next();
}

// ---- the custodians --------------------------------------------------------------------------

RestoreCustodiansPage::RestoreCustodiansPage(RestoreWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setObjectName(QStringLiteral("restoreCustodiansPage"));
    setTitle(tr("Custodians"));
    setSubTitle(tr("One custodian at a time: their key file and password, or their card and PIN. Each key is "
                   "wiped as soon as its share is decrypted; only the share stays, in secure memory."));

    m_fileLabel = makeValueLabel(this, QStringLiteral("ceremonyFileLabel"));
    m_input = new CustodianInputWidget(this);
    m_input->setCardsAvailable(true);
    m_input->setPresenter([this](CustodianCredentials credentials) { return presentKey(std::move(credentials)); });
    connect(m_input, &CustodianInputWidget::busyChanged, this, [this](bool busy) {
        m_wizard->setBusy(busy);
        Q_EMIT completeChanged();
    });
    connect(m_input, &CustodianInputWidget::presented, this, &RestoreCustodiansPage::onPresented);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_fileLabel);
    layout->addWidget(m_input);
    layout->addStretch();
}

void RestoreCustodiansPage::initializePage()
{
    m_input->reset();
    const auto ceremony = m_wizard->ceremony();
    m_required = ceremony ? ceremony->required() : 0;
    m_collected = ceremony ? ceremony->collected() : 0;
    m_input->setProgress(m_collected, m_required);
    m_input->setAcceptingKeys(m_collected < m_required);
    if (ceremony)
        m_fileLabel->setText(tr("%1 (SHA-256 %2): %3 of its %4 custodians are needed.")
                                 .arg(m_wizard->ceremonyPath(), ceremony->fileSha256())
                                 .arg(m_required)
                                 .arg(ceremony->custodians()));
}

void RestoreCustodiansPage::cleanupPage()
{
    m_input->reset();
    m_wizard->wipeCeremony();
    m_collected = 0;
    m_required = 0;
}

bool RestoreCustodiansPage::isComplete() const
{
    return m_required > 0 && m_collected >= m_required && !m_input->isBusy();
}

QCoro::Task<Outcome<CustodianPresentation>> RestoreCustodiansPage::presentKey(CustodianCredentials credentials)
{
    const std::shared_ptr<model::SecurityDomainRestore> ceremony = m_wizard->ceremony();
    model::ServiceHost& host = m_wizard->host();
    if (!ceremony)
        co_return makeError(ErrorKind::Conflict, tr("No restore ceremony is in progress."));
    Outcome<model::ShareProgress> progress;
    if (credentials.kind == CustodianCredentials::Kind::Card) {
        auto presenting = useCardCustodian<model::ShareProgress>(
            host, credentials.cardUri, credentials.secret,
            [ceremony](model::Services& s, std::shared_ptr<crypto::sd::CustodianKey> key) {
                return s.securityDomain().presentCustodian(ceremony, key);
            });
        progress = co_await presenting;
    } else {
        auto opening = openKeyFileOffThread(credentials.keyPath, credentials.secret);
        Outcome<std::shared_ptr<crypto::sd::CustodianKey>> key = co_await opening;
        if (!key)
            co_return key.error();
        std::shared_ptr<crypto::sd::CustodianKey> custodian = key.take();
        auto presenting = host.call([ceremony, custodian](model::Services& s) {
            return s.securityDomain().presentCustodian(ceremony, custodian);
        });
        progress = co_await presenting;
    }
    if (!progress)
        co_return progress.error();
    CustodianPresentation presentation;
    presentation.holder = progress->holder;
    presentation.sharesOpened = progress->sharesAdded;
    presentation.collected = progress->collected;
    presentation.required = progress->required;
    presentation.failedShares = progress->failedShares;
    co_return presentation;
}

void RestoreCustodiansPage::onPresented(const CustodianPresentation& presentation)
{
    m_collected = presentation.collected;
    m_required = presentation.required;
    if (m_collected >= m_required)
        m_input->setAcceptingKeys(false);
    Q_EMIT completeChanged();
}

// ---- restore ---------------------------------------------------------------------------------

RestoreCompletePage::RestoreCompletePage(RestoreWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setObjectName(QStringLiteral("restoreCompletePage"));
    setTitle(tr("Restore"));
    setSubTitle(tr("The quorum is complete. Restoring reconstructs the master secret, checks it against the "
                   "file, and puts the restored domain key into this workspace's token."));
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("&Restore"));

    m_completion = new RestoreCompletion(wizard->host(), wizard, this);
    m_summaryLabel = makeValueLabel(this, QStringLiteral("restoreSummaryLabel"));
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("restoreMessage"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summaryLabel);
    layout->addWidget(m_message);
    layout->addStretch();
}

void RestoreCompletePage::initializePage()
{
    m_sharesLost = false;
    m_message->clearMessage();
    const auto ceremony = m_wizard->ceremony();
    if (!ceremony)
        return;
    QStringList lines;
    lines << tr("File: %1").arg(m_wizard->ceremonyPath());
    lines << tr("SHA-256: %1").arg(ceremony->fileSha256());
    lines << tr("Shares: %1 of %2 collected, from %3")
                 .arg(ceremony->collected())
                 .arg(ceremony->required())
                 .arg(ceremony->presentedHolders().join(QStringLiteral(", ")));
    lines << QString();
    lines << tr("The restored domain key becomes this workspace's active domain key; the workspace's own, "
                "unused domain key is retired. Afterwards, restore the latest workspace backup.");
    m_summaryLabel->setText(lines.join(QLatin1Char('\n')));
}

void RestoreCompletePage::cleanupPage()
{
    // Back after a failed restore that wiped the shares: the ceremony starts again from the file.
    if (m_sharesLost) {
        m_wizard->wipeCeremony();
        QPointer<RestoreWizard> wizard(m_wizard);
        QTimer::singleShot(0, m_wizard, [wizard] {
            if (wizard)
                wizard->restart();
        });
    }
}

bool RestoreCompletePage::isComplete() const
{
    return !m_running && !m_sharesLost && m_wizard->ceremony() != nullptr;
}

bool RestoreCompletePage::validatePage()
{
    if (m_wizard->restoreResult())
        return true;
    if (!m_running)
        complete();
    return false;
}

QCoro::Task<> RestoreCompletePage::complete()
{
    const auto ceremony = m_wizard->ceremony();
    if (!ceremony)
        co_return;
    QPointer<RestoreCompletePage> guard(this);
    m_running = true;
    m_wizard->setBusy(true);
    Q_EMIT completeChanged();
    m_message->showHint(tr("Restoring the domain key…"));
    auto completing = m_completion->complete(ceremony);
    Outcome<model::SecurityDomainRestoreResult> result = co_await completing;
    if (!guard)
        co_return;
    m_running = false;
    m_wizard->setBusy(false);
    if (!result) {
        // A refusal before the engine ran (no approvals) keeps the shares; anything else wiped them.
        m_sharesLost = ceremony->collected() < ceremony->required();
        QString text = result.isCancelled() ? tr("The restore was not approved.") : result.error().message;
        if (m_sharesLost)
            text += QLatin1Char('\n') +
                    tr("The collected shares were wiped. Go Back to start again with the file, or Cancel.");
        m_message->showError(text);
        Q_EMIT completeChanged();
        co_return;
    }
    m_message->clearMessage();
    m_wizard->setResult(result.take());
    Q_EMIT completeChanged();
    m_wizard->next();
}

// ---- the result ------------------------------------------------------------------------------

RestoreResultPage::RestoreResultPage(RestoreWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setObjectName(QStringLiteral("restoreResultPage"));
    setTitle(tr("Domain Key Restored"));
    setFinalPage(true);

    m_domainKeyLabel = makeValueLabel(this, QStringLiteral("domainKeyIdLabel"));
    m_sourceLabel = makeValueLabel(this, QStringLiteral("sourceWorkspaceLabel"));
    m_nextStepLabel = makeValueLabel(this, QStringLiteral("nextStepLabel"));
    auto* form = new QFormLayout;
    form->addRow(tr("Active domain key:"), m_domainKeyLabel);
    form->addRow(tr("Restored from:"), m_sourceLabel);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addSpacing(12);
    layout->addWidget(m_nextStepLabel);
    layout->addStretch();
}

void RestoreResultPage::initializePage()
{
    const auto& result = m_wizard->restoreResult();
    if (!result)
        return;
    m_domainKeyLabel->setText(result->domainKeyId);
    m_sourceLabel->setText(tr("workspace '%1' (%2), created %3")
                               .arg(result->sourceWorkspaceName, result->sourceWorkspaceId,
                                    result->sourceCreated.toUTC().toString(Qt::ISODate)));
    m_nextStepLabel->setText(
        tr("The workspace is activated with the restored domain key (%n domain key(s) restored). Next, restore "
           "the latest backup of the source workspace:\n    custosctl backup restore --in BACKUP",
           nullptr, result->domainKeys));
}

} // namespace custos::ui
